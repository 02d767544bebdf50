"""Workbench pages at scale: the to-do list, the case list and a case page over N cases.

Prints one JSON line. It builds its own database: a throwaway SQLite file, or
with DATABASE_URL pointing at an empty PostgreSQL database, that one (the
numbers that matter are PostgreSQL's). A few hundred cases are made through
the real actions; the rest are copies of them with new numbers, enough to
load the queues like a province's year.

    .venv/bin/python bench/workbench.py [--cases 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xn_bench .venv/bin/python bench/workbench.py
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["XIAONENG_VAR_DIR"] = tempfile.mkdtemp(prefix="xn-bench-")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.copies import build  # noqa: E402
from xiaoneng.cases.models import Case  # noqa: E402

PAGES = ["/cases/", "/cases/all/", "/cases/all/?light=red", "/cases/all/?status=paused"]
USERS = ["clerk", "handler", "approver", "supervisor"]


def timed(client, url, repeat=5) -> tuple[float, int]:
    client.get(url)  # warm caches (calendar, templates)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.cases, real=min(args.cases, 400))
    build_s = time.perf_counter() - started
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    users = get_user_model().objects
    pages, worst_ms, most_queries = {}, 0.0, 0
    for username in USERS:
        client = Client()
        client.force_login(users.get(username=username))
        for url in PAGES:
            ms, count = timed(client, url)
            pages[f"{username} {url}"] = round(ms, 1)
            worst_ms, most_queries = max(worst_ms, ms), max(most_queries, count)
    client = Client()
    client.force_login(users.get(username="handler"))
    number = Case.objects.filter(handler__username="handler").values_list("number", flat=True)[0]
    detail_ms, detail_queries = timed(client, f"/cases/{number}/")
    print(
        json.dumps(
            {
                "cases": Case.objects.count(),
                "database": connection.vendor,
                "build_s": round(build_s, 1),
                "list_worst_ms": round(worst_ms, 1),
                "list_median_ms": round(statistics.median(pages.values()), 1),
                "list_max_queries": most_queries,
                "detail_ms": round(detail_ms, 1),
                "detail_queries": detail_queries,
                "pages_ms": pages,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
