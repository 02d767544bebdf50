"""The supervision sweep at scale: a full sweep over N open cases, then a second one.

Prints one JSON line. It builds its own database: a throwaway SQLite file, or
with DATABASE_URL pointing at an empty PostgreSQL database, that one. A few
hundred cases are made through the real actions (the demo seed); the open
ones are copied with new numbers until there are N open cases. Each sweep
runs as ``manage.py supervise`` in a child process, so its time is end to
end (start-up included) and its peak memory is its own (with the processes
it forks to sweep ranges of cases side by side, theirs added).

    .venv/bin/python bench/supervise.py [--cases 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xn_sweep .venv/bin/python bench/supervise.py

With ``--load realistic`` (the default) the copies are re-dated so that
most cases keep their limits (bench/copies.py ``redate``), and a priming
sweep on the working day before computes every clock and opens that day's
alerts, as yesterday's sweeps would have. The first timed sweep is then the
first full sweep of a working day: every clock a day further on, the cases
that crossed a threshold overnight written and alerted. ``--load demo``
keeps the demo's dates (every other open case overdue) and no priming: its
first sweep opens every alert of a province at once.

The second sweep, on the same day with nothing changed, is a delta (it reads
the cases with an event since the first began: none); a third, ``--full``,
re-reads every case anyway. Last, the centre's monthly tallies are rebuilt as
the periodic work does after each sweep (``trend_tallies_s``), and the
province supervisor's centre page is requested six times
(``centre_cold_ms``: the first, in a new process with nothing cached;
``centre_warm_ms``: the median of the rest), then once more with the cache
cleared (``centre_uncached_ms``: a supervisor's first visit to a running
server).

``--no-cards`` sets every rule's card to none first: the sweep then measures
the clock, the alerts and the notices without the per-card case-chain write.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("XIAONENG_VAR_DIR", tempfile.mkdtemp(prefix="xn-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.copies import build  # noqa: E402
from xiaoneng.core.clock import today  # noqa: E402
from xiaoneng.supervision.models import Alert, AnomalyRule  # noqa: E402
from xiaoneng.supervision.trend import refresh_trend_tallies  # noqa: E402
from xiaoneng.workdays.services import get_calendar  # noqa: E402

# The child's own peak (VmHWM of its address space): getrusage's ru_maxrss
# would count the pages the fork shared with this large process before exec.
CHILD = """
import json, sys
from django.core.management import call_command
call_command("supervise", "--as-of", sys.argv[1], *sys.argv[2:])
with open("/proc/self/status") as status:
    kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"peak_rss_mb": kb / 1024}))
"""


def sweep(as_of: str, *options: str) -> tuple[float, dict, float]:
    started = time.perf_counter()
    code = f"import django; django.setup()\n{CHILD}"
    result = subprocess.run(  # noqa: S603  (our own code)
        [sys.executable, "-c", code, as_of, *options],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
        cwd=ROOT,
    )
    lines = result.stdout.strip().splitlines()
    counts = json.loads(lines[-2])
    # With its ranges swept in forked processes, theirs too (each one's own peak, summed:
    # an upper bound, the pages a child still shares with its parent counted twice).
    peak = json.loads(lines[-1])["peak_rss_mb"] + counts.get("processes_peak_rss_mb", 0)
    return time.perf_counter() - started, counts, peak


CENTRE = """
import json, statistics, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
client = Client(SERVER_NAME="localhost")
client.force_login(get_user_model().objects.get(username="supervisor"))
url = reverse("supervision:centre")
times = []
for _ in range(6):
    started = time.perf_counter()
    response = client.get(url)
    times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
warm = statistics.median(times[1:])
# A supervisor's first visit in a warm server process: nothing of the page cached.
from django.core.cache import cache
cache.clear()
started = time.perf_counter()
assert client.get(url).status_code == 200
uncached = (time.perf_counter() - started) * 1000
print(json.dumps({"cold_ms": round(times[0], 1), "warm_ms": round(warm, 1),
                  "uncached_ms": round(uncached, 1)}))
"""


def vacuum() -> None:
    """What autovacuum does after a bulk write: visibility map and planner statistics;
    then a checkpoint, as the server's own (every few minutes) would have made by the
    next day's sweep: without, the timed sweep starts while the server still writes the
    build's and the vacuum's pages and checkpoints again and again under the default
    1 GB of WAL, each time writing whole pages to the log anew (measured here: 15.1 and
    16.0 s for sweeps of 12.3–13.3 s on checkpointed copies of one database)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        connection.close()


def centre() -> dict:
    """The province supervisor's first centre page: the first request, then the median of five."""
    code = f"import django; django.setup()\n{CENTRE}"
    result = subprocess.run(  # noqa: S603  (our own code)
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "ALLOWED_HOSTS": "localhost"},
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--no-cards", action="store_true")
    parser.add_argument(
        "--load",
        choices=["realistic", "demo"],
        default="realistic",
        help="realistic: copies re-dated so that most cases keep their limits, the clocks and "
        "alerts primed by a sweep on the working day before; demo: the demo's dates "
        "(every other open case overdue), no priming — the first sweep opens them all",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)  # the calendar is data
    calendar = get_calendar()
    as_of = today()
    while not calendar.is_workday(as_of):  # a day off would skip the clock rules
        as_of = calendar.add_workdays(as_of, 1)
    # The working day before: the day of the last sweep that primed the caches.
    day_before = as_of - timedelta(days=1)
    while not calendar.is_workday(day_before):
        day_before -= timedelta(days=1)
    started = time.perf_counter()
    realistic = args.load == "realistic"
    build(args.cases, real=1000, open_only=True, as_of=day_before if realistic else None)
    build_s = time.perf_counter() - started
    if args.no_cards:
        AnomalyRule.objects.update(card="none")
    connection.close()
    prime_s, prime = None, None
    if realistic:
        prime_s, prime, _peak = sweep(day_before.isoformat())
        vacuum()
    first_s, first, first_peak = sweep(as_of.isoformat())
    second_s, second, second_peak = sweep(as_of.isoformat())
    full_s, full, full_peak = sweep(as_of.isoformat(), "--full")
    peak = max(first_peak, second_peak, full_peak)
    vacuum()
    # What the periodic work does after each sweep: the centre's monthly tallies.
    started = time.perf_counter()
    refresh_trend_tallies()
    tallies_s = time.perf_counter() - started
    connection.close()
    page = centre()
    print(
        json.dumps(
            {
                "cases": first["open_cases"],
                "database": connection.vendor,
                "load": args.load,
                "as_of": as_of.isoformat(),
                "cards": not args.no_cards,
                "build_s": round(build_s, 1),
                "priming_sweep_s": prime_s and round(prime_s, 2),
                "priming": prime,
                "first_sweep_s": round(first_s, 2),
                "second_sweep_s": round(second_s, 2),
                "second_full_sweep_s": round(full_s, 2),
                "peak_rss_mb": round(peak, 1),
                "trend_tallies_s": round(tallies_s, 2),
                "centre_cold_ms": page["cold_ms"],
                "centre_warm_ms": page["warm_ms"],
                "centre_uncached_ms": page["uncached_ms"],
                "alerts": Alert.objects.count(),
                "first": first,
                "second": second,
                "second_full": full,
            }
        )
    )


if __name__ == "__main__":
    main()
