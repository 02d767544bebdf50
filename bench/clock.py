"""Benchmark of the vectorized clock on a province's worth of open cases (issue 3).

One million synthetic cases: accepted between 2024-01-01 and 2026-10-31,
limits of 5 to 60 working days, a fifth with one pause of 1 to 15 calendar
days starting within 30 days of acceptance. Each case is read on a day up to
90 days after its acceptance, so that running, paused, yellow, red and
unconfirmed (read or due in 2027) clocks all occur.

- ``vector_s``: median wall time of ``vector.compute_clocks`` over all
  cases (due date, remaining days, light, state, unconfirmed; pauses
  included), after one warm-up run.
- ``scalar_us_per_case``: ``clock.compute_clock`` case by case, on a sample.
- ``chinesecalendar_us_per_case``: the natural loop over the
  ``chinesecalendar`` package's own functions (``find_workday`` for the due
  date, ``is_workday`` day by day for pauses and remaining days), on a
  smaller sample.
- ``agree``: vectorized == scalar on the scalar sample (every field), and
  == chinesecalendar (due date, remaining days, light) on its sample, where a
  case chinesecalendar refuses (NotImplementedError: a year it does not
  know) must be one our clock flags ``unconfirmed``.

The calendar is built from the chinesecalendar package, as the database is
seeded, so no database is needed. Run from the repository root:
``.venv/bin/python bench/clock.py``. Prints one JSON line.
"""

import json
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xiaoneng.workdays.clock import GREEN, RED, YELLOW, compute_clock
from xiaoneng.workdays.package import package_calendar
from xiaoneng.workdays.vector import compute_clocks

CASES = 1_000_000
SEED = 20260928
VECTOR_RUNS = 7
SCALAR_SAMPLE = 20_000
CHINESECALENDAR_SAMPLE = 300
DAY = timedelta(days=1)


def synthetic_cases(rng: np.random.Generator, count: int) -> dict:
    first, last = np.datetime64("2024-01-01"), np.datetime64("2026-10-31")
    accepted = first + rng.integers(0, (last - first).astype(int) + 1, count).astype(
        "timedelta64[D]"
    )
    paused = rng.random(count) < 0.2
    pause_start = accepted + rng.integers(0, 31, count).astype("timedelta64[D]")
    pause_end = pause_start + (rng.integers(1, 16, count) - 1).astype("timedelta64[D]")
    return {
        "accepted_on": accepted,
        "limit_days": rng.integers(5, 61, count).astype(np.int32),
        "pause_start": np.where(paused, pause_start, np.datetime64("NaT")),
        "pause_end": np.where(paused, pause_end, np.datetime64("NaT")),
        "as_of": accepted + rng.integers(0, 91, count).astype("timedelta64[D]"),
    }


def case_at(cases: dict, row: int) -> tuple:
    """Row ``row`` as Python values: (accepted, limit, pause or None, as_of)."""
    start = cases["pause_start"][row]
    pause = None if np.isnat(start) else (start.item(), cases["pause_end"][row].item())
    return (
        cases["accepted_on"][row].item(),
        int(cases["limit_days"][row]),
        pause,
        cases["as_of"][row].item(),
    )


def chinesecalendar_clock(accepted: date, limit: int, pause, as_of: date):
    """Due date, remaining days and light with chinesecalendar's functions only."""
    if pause is None:
        due = chinese_calendar.find_workday(limit - 1, accepted + DAY)

        def counted(day):
            return chinese_calendar.is_workday(day)
    else:
        start, end = pause[0], min(pause[1], as_of)

        def counted(day):
            return chinese_calendar.is_workday(day) and not start <= day <= end

        due, count = accepted, 0
        while count < limit:
            due += DAY
            count += counted(due)
    elapsed = sum(counted(accepted + DAY * k) for k in range(1, (as_of - accepted).days + 1))
    remaining = limit - elapsed
    if as_of > due:
        light = RED
    elif remaining <= max(1, limit // 5):
        light = YELLOW
    else:
        light = GREEN
    return due, remaining, light


def time_vector(calendar, cases: dict) -> tuple[float, object]:
    compute_clocks(calendar, **cases)  # warm-up: page in the tables and the allocator
    timings = []
    for _ in range(VECTOR_RUNS):
        began = time.perf_counter()
        result = compute_clocks(calendar, **cases)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), result


def time_scalar(calendar, samples: list) -> tuple[float, list]:
    began = time.perf_counter()
    readings = [
        compute_clock(calendar, accepted, limit, pauses=[pause] if pause else [], as_of=as_of)
        for accepted, limit, pause, as_of in samples
    ]
    return (time.perf_counter() - began) / len(samples), readings


def time_chinesecalendar(samples: list) -> tuple[float, list]:
    answers = []
    began = time.perf_counter()
    for accepted, limit, pause, as_of in samples:
        try:
            answers.append(chinesecalendar_clock(accepted, limit, pause, as_of))
        except NotImplementedError:
            answers.append(None)  # a year the package does not know
    return (time.perf_counter() - began) / len(samples), answers


def agrees_with_chinesecalendar(vector, rows, answers) -> bool:
    for row, answer in zip(rows, answers, strict=True):
        reading = vector.reading(row)
        if answer is None:
            if not reading.unconfirmed:
                return False
        elif reading.unconfirmed or (reading.due_date, reading.remaining, reading.light) != answer:
            return False
    return True


def main() -> None:
    rng = np.random.default_rng(SEED)
    calendar = package_calendar()
    cases = synthetic_cases(rng, CASES)

    vector_s, vector = time_vector(calendar, cases)

    scalar_rows = rng.choice(CASES, SCALAR_SAMPLE, replace=False)
    scalar_s, readings = time_scalar(calendar, [case_at(cases, row) for row in scalar_rows])
    scalar_agree = all(
        vector.reading(row) == reading for row, reading in zip(scalar_rows, readings, strict=True)
    )

    cc_rows = scalar_rows[:CHINESECALENDAR_SAMPLE]
    cc_s, answers = time_chinesecalendar([case_at(cases, row) for row in cc_rows])
    cc_agree = agrees_with_chinesecalendar(vector, cc_rows, answers)

    vector_s_per_case = vector_s / CASES
    print(
        json.dumps(
            {
                "cases": CASES,
                "vector_s": round(vector_s, 4),
                "scalar_us_per_case": round(scalar_s * 1e6, 2),
                "chinesecalendar_us_per_case": round(cc_s * 1e6, 1),
                "speedup_vs_chinesecalendar": round(cc_s / vector_s_per_case),
                "agree": bool(scalar_agree and cc_agree),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
