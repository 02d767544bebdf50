"""Assessment at scale: computing a quarter for every unit and staff member over N cases.

Prints one JSON line. It builds its own database like bench/supervise.py: a
throwaway SQLite file, or with DATABASE_URL an EMPTY PostgreSQL database (the
numbers that matter are PostgreSQL's). A thousand cases are made through the
real actions (the demo seed, a year of them); every case is then copied with
a new number until there are N (bench/copies.py), so the decided cases of the
last quarter are about a quarter of N. On top, the records the other sources
read, in bulk and in proportion: a rating for 30 % of the quarter's decided
cases (5 % of them bad), a yellow card for 3 %, a red card for 1 % (a tenth of
the red ones revoked on appeal), a legal-breach alert for 1 % of the late ones.

The computation runs as ``manage.py assess --period <last quarter>`` in a
child process (the default schemes of the demo: units and staff, every
source), so its time is end to end and its peak memory its own. ``--reuse``
skips the build and computes again on a database built before (a
recomputation: version + 1).

    .venv/bin/python bench/assess.py --cases 100000
    psql -h 127.0.0.1 -U postgres -c "create database xn_assess_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xn_assess_bench \\
        .venv/bin/python bench/assess.py --cases 1000000
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("XIAONENG_VAR_DIR", tempfile.mkdtemp(prefix="xn-bench-"))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.copies import build  # noqa: E402
from xiaoneng.assessment import scoring  # noqa: E402
from xiaoneng.assessment.demo import last_quarters, seed_schemes  # noqa: E402
from xiaoneng.assessment.models import IndicatorScore, Score  # noqa: E402
from xiaoneng.cases.models import Case  # noqa: E402
from xiaoneng.core.bulk import insert  # noqa: E402
from xiaoneng.core.clock import today  # noqa: E402
from xiaoneng.feedback.models import Rating  # noqa: E402
from xiaoneng.supervision.choices import RuleCode  # noqa: E402
from xiaoneng.supervision.models import Alert, AnomalyRule, Card  # noqa: E402

CHILD = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("assess", "--period", sys.argv[1])
with open("/proc/self/status") as status:
    kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"peak_rss_mb": kb / 1024}))
"""


def add_records(label: str, seed: int = 7) -> dict:
    """Ratings, cards and breach alerts for the quarter's decided cases, in bulk."""
    _kind, start, end = scoring.period_bounds(label)
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    breach = AnomalyRule.objects.get(code=RuleCode.STATUTORY_PASSED)
    rows = (
        Case.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .values_list(
            "id",
            "unit_id",
            "handler_id",
            "service_item_id",
            "decided_on",
            "statutory_due_date",
            "authority_id",
        )
        .order_by("id")
    )
    ratings, cards, alerts = [], [], []
    counts = {"ratings": 0, "cards": 0, "alerts": 0}

    def flush(final=False):
        for model, batch, key in ((Rating, ratings, "ratings"), (Card, cards, "cards")):
            if batch and (final or len(batch) >= 20000):
                insert(model, batch)
                counts[key] += len(batch)
                batch.clear()
        if alerts and (final or len(alerts) >= 20000):
            insert(Alert, alerts)
            counts["alerts"] += len(alerts)
            alerts.clear()

    for pk, unit_id, handler_id, item_id, decided, statutory_due, authority_id in rows.iterator(
        chunk_size=20000
    ):
        moment = datetime.combine(decided, datetime.min.time(), tzinfo=tz) + timedelta(hours=15)
        draw = rng.random()
        if draw < 0.30:
            ratings.append(
                Rating(
                    case_id=pk,
                    moment="completion",
                    level=rng.choice([4, 5]) if rng.random() < 0.05 else rng.choice([1, 2, 3]),
                    rated_at=moment,
                    rated_on=decided,
                    unit_id=unit_id,
                    service_item_id=item_id,
                )
            )
        card = rng.random()
        if card < 0.04 and handler_id is not None:
            red = card < 0.01
            cards.append(
                Card(
                    case_id=pk,
                    authority_id=authority_id,
                    service_item_id=item_id,
                    color="red" if red else "yellow",
                    carded_user_id=handler_id,
                    carded_unit_id=unit_id,
                    issued_at=moment,
                    reason="bench",
                    status="revoked" if red and rng.random() < 0.1 else "valid",
                )
            )
        if statutory_due is not None and decided > statutory_due and rng.random() < 0.01:
            alerts.append(
                Alert(
                    rule=breach,
                    case_id=pk,
                    authority_id=authority_id,
                    service_item_id=item_id,
                    rung="",
                    level="breach",
                    unit_id=unit_id,
                    handler_id=handler_id,
                    opened_at=moment,
                    opened_on=decided,
                )
            )
        flush()
    flush(final=True)
    return counts


def assess(label: str) -> tuple[float, dict, float]:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603  (our own code)
        [sys.executable, "-c", CHILD, label],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
        cwd=ROOT,
    )
    lines = result.stdout.strip().splitlines()
    return (
        time.perf_counter() - started,
        json.loads(lines[-2]),
        json.loads(lines[-1])["peak_rss_mb"],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="compute again on a built database")
    args = parser.parse_args()
    label = last_quarters(today(), 1)[0]
    started = time.perf_counter()
    records = {}
    if not args.reuse:
        build(args.cases, real=1000)
        with transaction.atomic():
            seed_schemes()
            records = add_records(label)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    build_s = time.perf_counter() - started
    _kind, start, end = scoring.period_bounds(label)
    decided = Case.objects.filter(decided_on__gte=start, decided_on__lte=end).count()
    total = Case.objects.count()
    connection.close()
    seconds, command, peak = assess(label)
    scores = Score.objects.filter(period__label=label)
    version = scores.order_by("-version").values_list("version", flat=True).first()
    current = scores.filter(version=version)
    print(
        json.dumps(
            {
                "cases": total,
                "decided_in_period": decided,
                "database": connection.vendor,
                "period": label,
                "build_s": round(build_s, 1),
                "records": records,
                "assess_s": round(seconds, 2),
                "command": command,
                "peak_rss_mb": round(peak, 1),
                "scores": current.count(),
                "indicator_scores": IndicatorScore.objects.filter(score__in=current).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
