"""The public progress lookup under load: POST /portal/progress/ over N cases, served by gunicorn.

Prints one JSON line: lookups per second, server time p50/p99 (from the
Server-Timing header that bench/portal_settings.py adds: the Django stack
and the view), client latency, errors, and whether PostgreSQL's plan for the
lookup uses the unique index on the case number and the query-code index.

It builds its own database like bench/workbench.py: a throwaway SQLite file,
or with DATABASE_URL an EMPTY PostgreSQL database (the numbers that matter
are PostgreSQL's). A few hundred cases come from the real actions, the rest
are copies (bench/copies.py); every case gets a query code (HMAC stored, as
the portal's service does), 10% of the sampled lookups with a wrong code.
The server is gunicorn with 2 gthread workers x 2 threads (keep-alive: a
sync worker's new connection per request cost ~40% of the throughput) and
DEBUG off. The load generator is wrk on loopback when it is installed
(apt-get install wrk), else a Python asyncio client (slower: it competes with
the server for the two cores). --reuse loads a database built before again.

    .venv/bin/python bench/portal.py --cases 20000
    createdb -h 127.0.0.1 -U postgres xn_portal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xn_portal_bench \
        .venv/bin/python bench/portal.py --cases 1000000
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.settings")
# The bench and the server must hash query codes with the same key, and a
# --reuse run with the key of the run that built the database: a fixed,
# public key (bench data only).
os.environ.setdefault("SECRET_KEY", "xiaoneng-portal-bench-only-not-a-secret-" + "k" * 24)
if not os.environ.get("DATABASE_URL"):
    os.environ["XIAONENG_VAR_DIR"] = tempfile.mkdtemp(prefix="xn-bench-")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.copies import build  # noqa: E402
from xiaoneng.applicants.codes import code_hash  # noqa: E402
from xiaoneng.applicants.models import QueryCode  # noqa: E402
from xiaoneng.applicants.selectors import LOOKUP_SQL  # noqa: E402
from xiaoneng.cases.models import Case  # noqa: E402

PATH = "/portal/progress/"
SAMPLE = 5000  # distinct (number, code) pairs the load cycles through
WRONG_SHARE = 0.1  # lookups with a wrong code (the same work, the "no match" page)


def give_codes(seed: int, *, insert: bool = True) -> list[tuple[str, str]]:
    """A query code for every case (bulk, as fast as the database takes it); returns a sample.

    The codes follow from the seed and the cases' order: with ``insert`` False
    (``--reuse``) the same sample is drawn again without writing.
    """
    rng = random.Random(seed)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    total = Case.objects.count()
    chosen = set(rng.sample(range(total), min(SAMPLE, total)))
    sample, batch = [], []
    rows = Case.objects.order_by("pk").values_list("pk", "number").iterator(chunk_size=20000)
    for index, (pk, number) in enumerate(rows):
        code = "".join(rng.choice(alphabet) for _ in range(10))
        if insert:
            batch.append(QueryCode(case_id=pk, code_hash=code_hash(code)))
        if index in chosen:
            wrong = rng.random() < WRONG_SHARE
            sample.append((number, "WRONG23456" if wrong else code))
        if len(batch) == 10000:
            QueryCode.objects.bulk_create(batch)
            batch = []
    QueryCode.objects.bulk_create(batch)
    if insert and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE applicants_querycode")
    rng.shuffle(sample)
    return sample


def lookup_plan(number: str) -> dict:
    """PostgreSQL's plan for the lookup query: index scans only, one join."""
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + LOOKUP_SQL, [number])
        plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
    if connection.vendor != "postgresql":
        return {"plan": plan}
    return {
        # Django indexes a unique CharField twice (the constraint and a
        # pattern-ops "_like" index); either serves the equality.
        "plan_uses_number_index": bool(re.search(r"Index Scan using cases_case_number_\w+", plan)),
        "plan_uses_query_code_index": "applicants_querycode_case_id" in plan,
        "plan_joins": sum(plan.count(join) for join in ("Nested Loop", "Hash Join", "Merge Join")),
        "plan_has_seq_scan": "Seq Scan" in plan,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.portal_settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "xiaoneng.wsgi:application",
        "--chdir",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        # More than one thread: gthread workers, which also keep connections alive.
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def csrf(port: int) -> tuple[str, str]:
    """A CSRF cookie and form token, reused by every request (as a browser would)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=10) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, token


def bodies(sample, token) -> list[str]:
    return [
        urlencode({"csrfmiddlewaretoken": token, "number": number, "code": code})
        for number, code in sample
    ]


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# -- load generators --------------------------------------------------------------------

WRK_SCRIPT = """
local bodies = {%(bodies)s}
local cookie = "%(cookie)s"
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 997)
  table.insert(threads, thread)
end
local i = 0
samples = {}  -- globals: done() reads them from each thread
errors = 0
hits = 0
request = function()
  i = i + 1
  local body = bodies[((i + offset) %% #bodies) + 1]
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie,
  }, body)
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
  if body:find("xn-timeline", 1, true) then hits = hits + 1 end
  local timing = headers["Server-Timing"]
  if timing then
    local ms = timing:match("dur=([%%d%%.]+)")
    if ms then samples[#samples + 1] = ms end
  end
end
done = function(summary, latency, requests)
  local out = io.open("%(out)s", "w")
  local errs = 0
  local found = 0
  for _, thread in ipairs(threads) do
    errs = errs + thread:get("errors")
    found = found + thread:get("hits")
    out:write(table.concat(thread:get("samples"), "\\n"), "\\n")
  end
  out:close()
  local info = io.open("%(out)s.json", "w")
  info:write(string.format('{"requests": %%d, "seconds": %%f, "client_p50_ms": %%f, ' ..
    '"client_p99_ms": %%f, "errors": %%d, "hits": %%d, "socket_errors": %%d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errs, found,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
  info:close()
end
"""


def run_wrk(port, sample, cookie, token, *, seconds, connections) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="xn-wrk-"))
    out = folder / "samples.txt"
    lua = json.dumps(bodies(sample, token))[1:-1]  # JSON strings are Lua strings here
    script = WRK_SCRIPT % {"bodies": lua, "cookie": cookie, "path": PATH, "out": out}
    (folder / "portal.lua").write_text(script)
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(folder / "portal.lua"),
        f"http://127.0.0.1:{port}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"wrk failed: {done.stdout}\n{done.stderr}")
    info = json.loads((folder / "samples.txt.json").read_text())
    server = [float(line) for line in out.read_text().split() if line]
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "lookups": info["requests"],
        "lookups_per_s": info["requests"] / info["seconds"],
        "server": server,
        "client_p50_ms": info["client_p50_ms"],
        "client_p99_ms": info["client_p99_ms"],
        "errors": info["errors"] + info["socket_errors"],
        "hits": info["hits"],
    }


async def _python_load(port, payloads, cookie, *, seconds, connections):
    server, client, errors, hits = [], [], 0, 0
    stop = time.monotonic() + seconds

    async def worker(offset):
        nonlocal errors, hits
        index = offset
        while time.monotonic() < stop:
            body = payloads[index % len(payloads)].encode()
            index += 1
            request = (
                f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Cookie: csrftoken={cookie}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode() + body
            started = time.perf_counter()
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                raw = await reader.read(-1)
                writer.close()
            except OSError:
                errors += 1
                continue
            client.append((time.perf_counter() - started) * 1000)
            head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            if not head.startswith("HTTP/1.1 200"):
                errors += 1
            hits += b"xn-timeline" in raw
            match = re.search(r"Server-Timing: app;dur=([\d.]+)", head)
            if match:
                server.append(float(match.group(1)))

    started = time.monotonic()
    await asyncio.gather(*(worker(i * 997) for i in range(connections)))
    elapsed = time.monotonic() - started
    return {
        "lookups": len(client),
        "lookups_per_s": len(client) / elapsed,
        "server": server,
        "client_p50_ms": percentile(client, 0.50),
        "client_p99_ms": percentile(client, 0.99),
        "errors": errors,
        "hits": hits,
    }


def run_python(port, sample, cookie, token, *, seconds, connections) -> dict:
    payloads = bodies(sample, token)
    return asyncio.run(
        _python_load(port, payloads, cookie, seconds=seconds, connections=connections)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (one per core)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="gunicorn threads per worker (gthread: keep-alive)"
    )
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="load an existing bench database again (DATABASE_URL) instead of building it",
    )
    args = parser.parse_args()
    # A timeout's SIGTERM must still run the finally that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    if not args.reuse:
        build(args.cases, real=min(args.cases, 400))
    sample = give_codes(seed=1, insert=not args.reuse)
    build_s = time.perf_counter() - started
    plan = lookup_plan(sample[0][0])
    connection.close()  # the server's workers take the database from here
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        cookie, token = csrf(port)
        run = run_wrk if client == "wrk" else run_python
        run(port, sample, cookie, token, seconds=2, connections=args.connections)  # warm up
        result = run(
            port, sample, cookie, token, seconds=args.seconds, connections=args.connections
        )
    finally:
        stop_server(server)
    server_ms = result.pop("server")
    print(
        json.dumps(
            {
                "bench": "portal_progress_lookup",
                "database": connection.vendor,
                "cases": Case.objects.count(),
                "build_s": round(build_s, 1),
                "client": client,
                "gunicorn_workers": args.workers,
                "gunicorn_threads": args.threads,
                "connections": args.connections,
                "seconds": args.seconds,
                "lookups": result["lookups"],
                "lookups_per_s": round(result["lookups_per_s"], 1),
                "server_p50_ms": round(statistics.median(server_ms), 2) if server_ms else None,
                "server_p99_ms": round(percentile(server_ms, 0.99), 2),
                "client_p50_ms": round(result["client_p50_ms"], 2),
                "client_p99_ms": round(result["client_p99_ms"], 2),
                "errors": result["errors"],
                # Lookups that found their case (the sample has ~10% wrong codes).
                "hit_share": round(result["hits"] / max(1, result["lookups"]), 3),
                # The machine is shared: other work on it shows here and in the figures.
                "load_average_1m": round(os.getloadavg()[0], 2),
                "targets": {"server_p99_ms_max": 20, "lookups_per_s_min": 300},
                "ok": bool(
                    server_ms
                    and percentile(server_ms, 0.99) <= 20
                    and result["lookups_per_s"] >= 300
                    and result["errors"] == 0
                ),
                **plan,
            }
        )
    )


if __name__ == "__main__":
    main()
