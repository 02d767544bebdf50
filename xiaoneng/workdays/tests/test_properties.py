"""Properties of the arithmetic and the clock on random inputs (hypothesis)."""

from datetime import timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.workdays.clock import compute_clock
from xiaoneng.workdays.tests.strategies import Case, cases, dates, oracle_clock
from xiaoneng.workdays.vector import compute_clocks

examples = settings(max_examples=200, deadline=None)
counts = st.integers(0, 300)


@examples
@given(day=dates, n=counts)
def test_between_inverts_add(calendar, day, n):
    assert calendar.workdays_between(day, calendar.add_workdays(day, n)) == n


@examples
@given(start=dates, days=st.integers(0, 400))
def test_add_inverts_between_up_to_the_last_working_day(calendar, start, days):
    end = start + timedelta(days=days)
    back = calendar.add_workdays(start, calendar.workdays_between(start, end))
    assert start <= back <= end
    assert calendar.workdays_between(back, end) == 0  # no working day in (back, end]
    if back > start:
        assert calendar.is_workday(back)


@examples
@given(day=dates, n=st.integers(1, 300))
def test_add_lands_on_a_working_day_and_grows_with_n(calendar, day, n):
    due = calendar.add_workdays(day, n)
    assert calendar.is_workday(due)
    assert calendar.add_workdays(day, n - 1) < due


@examples
@given(case=cases(), more=st.integers(1, 40))
def test_due_date_is_monotone_in_the_limit(calendar, case, more):
    kwargs = case.kwargs()
    shorter = compute_clock(calendar, case.accepted_on, case.limit_days, **kwargs)
    longer = compute_clock(calendar, case.accepted_on, case.limit_days + more, **kwargs)
    assert longer.due_date > shorter.due_date


@examples
@given(case=cases())
def test_a_pause_never_makes_the_due_date_earlier(calendar, case):
    with_pauses = compute_clock(calendar, case.accepted_on, case.limit_days, **case.kwargs())
    without = compute_clock(
        calendar, case.accepted_on, case.limit_days, **{**case.kwargs(), "pauses": []}
    )
    assert with_pauses.due_date >= without.due_date
    assert with_pauses.elapsed <= without.elapsed


@examples
@given(case=cases())
def test_scalar_clock_matches_a_day_by_day_count(calendar, case):
    reading = compute_clock(calendar, case.accepted_on, case.limit_days, **case.kwargs())
    assert reading == oracle_clock(case)


@examples
@given(batch=st.lists(cases(), min_size=1, max_size=25))
def test_vectorized_clock_equals_scalar_clock(calendar, batch):
    arrays = compute_clocks(calendar, **columns(batch))
    for row, case in enumerate(batch):
        scalar = compute_clock(calendar, case.accepted_on, case.limit_days, **case.kwargs())
        assert arrays.reading(row) == scalar


def columns(batch: list[Case]) -> dict:
    """The batch as vector.compute_clocks arguments: NaT pads missing pauses."""
    width = max(1, max(len(case.pauses) for case in batch))

    def dates(values):
        return np.array(values, dtype="datetime64[D]")

    def pause_column(index, part):
        return [case.pauses[index][part] if index < len(case.pauses) else None for case in batch]

    return {
        "accepted_on": dates([case.accepted_on for case in batch]),
        "limit_days": np.array([case.limit_days for case in batch]),
        "extension_days": np.array([case.extension_days for case in batch]),
        "pause_start": np.stack([dates(pause_column(i, 0)) for i in range(width)], axis=1),
        "pause_end": np.stack([dates(pause_column(i, 1)) for i in range(width)], axis=1),
        "as_of": dates([case.as_of for case in batch]),
        "warning_days": np.array(
            [
                case.warning_days
                if case.warning_days is not None
                else max(1, (case.limit_days + case.extension_days) // 5)
                for case in batch
            ]
        ),
        "stopped_on": dates([case.stopped_on for case in batch]),
    }
