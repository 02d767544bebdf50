"""The vectorized clock's interface: shapes, missing values, validation."""

from datetime import date

import numpy as np
import pytest

from xiaoneng.workdays import clock, vector
from xiaoneng.workdays.calendar import OutsideSpanError
from xiaoneng.workdays.clock import compute_clock
from xiaoneng.workdays.vector import compute_clocks

NAT = np.datetime64("NaT")


def days(*values):
    return np.array(values, dtype="datetime64[D]")


def test_one_as_of_for_all_rows_and_default_warning(calendar):
    arrays = compute_clocks(
        calendar,
        days("2026-02-09", "2026-09-28", "2026-10-20"),
        np.array([20, 20, 60]),
        as_of=np.datetime64("2026-10-29"),
    )
    assert arrays.due_date.tolist() == [date(2026, 3, 13), date(2026, 10, 30), date(2027, 1, 12)]
    assert arrays.remaining.tolist() == [-156, 1, 53]
    assert [clock.STATES[code] for code in arrays.state] == [
        clock.OVERDUE,
        clock.RUNNING,
        clock.RUNNING,
    ]
    assert [clock.LIGHTS[code] for code in arrays.light] == [clock.RED, clock.YELLOW, clock.GREEN]
    assert arrays.unconfirmed.tolist() == [False, False, True]


def test_rows_without_pause_or_stop_use_nat(calendar):
    arrays = compute_clocks(
        calendar,
        days("2026-02-09", "2026-02-09", "2026-02-09"),
        20,
        pause_start=days("2026-03-03", "NaT", "2026-03-03"),
        pause_end=days("2026-03-05", "NaT", "NaT"),
        stopped_on=days("NaT", "2026-03-13", "NaT"),
        as_of=np.datetime64("2026-03-10"),
    )
    assert arrays.due_date.tolist() == [date(2026, 3, 18), date(2026, 3, 13), date(2026, 3, 23)]
    assert arrays.state.tolist() == [vector.RUNNING_CODE, vector.RUNNING_CODE, vector.PAUSED_CODE]
    assert arrays.paused_days.tolist() == [3, 0, 6]


def test_stopped_rows(calendar):
    arrays = compute_clocks(
        calendar,
        days("2026-02-09", "2026-02-09"),
        20,
        stopped_on=days("2026-03-13", "2026-03-16"),
        as_of=np.datetime64("2026-06-01"),
    )
    assert arrays.state.tolist() == [vector.STOPPED_CODE, vector.STOPPED_CODE]
    assert arrays.light.tolist() == [vector.GREEN_CODE, vector.RED_CODE]
    assert arrays.elapsed.tolist() == [20, 21]


def test_several_pauses_per_row_match_the_scalar_clock(calendar):
    arrays = compute_clocks(
        calendar,
        days("2026-02-09"),
        20,
        pause_start=days("2026-03-03", "2026-03-10")[None, :],
        pause_end=days("2026-03-05", "2026-03-10")[None, :],
        as_of=np.datetime64("2026-03-11"),
    )
    pauses = [(date(2026, 3, 3), date(2026, 3, 5)), (date(2026, 3, 10), date(2026, 3, 10))]
    scalar = compute_clock(calendar, date(2026, 2, 9), 20, pauses=pauses, as_of=date(2026, 3, 11))
    assert arrays.reading(0) == scalar
    assert scalar.due_date == date(2026, 3, 19)


def test_zero_limit_rows(calendar):
    arrays = compute_clocks(calendar, days("2026-02-14", "2026-02-15"), 0, as_of="2026-02-15")
    assert arrays.due_date.tolist() == [date(2026, 2, 14), date(2026, 2, 15)]
    assert arrays.state.tolist() == [vector.OVERDUE_CODE, vector.RUNNING_CODE]


def test_empty_input(calendar):
    arrays = compute_clocks(calendar, days(), np.array([], dtype=int), as_of="2026-01-01")
    assert len(arrays) == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"accepted_on": days("NaT")}, ValueError, "missing"),
        ({"as_of": "2026-02-01"}, ValueError, "before the acceptance"),
        ({"limit_days": -1}, ValueError, ">= 0"),
        ({"accepted_on": days("1999-12-31")}, OutsideSpanError, "span"),
        ({"limit_days": 30_000}, OutsideSpanError, "beyond"),
        (
            {"pause_start": days("2026-02-01"), "pause_end": days("2026-02-20")},
            ValueError,
            "before its case",
        ),
        (
            {"pause_start": days("2026-02-20"), "pause_end": days("2026-02-19")},
            ValueError,
            "ends before",
        ),
        ({"pause_start": days("NaT"), "pause_end": days("2026-02-19")}, ValueError, "no start"),
        (
            {
                "pause_start": days("2026-02-20", "2026-02-25")[None, :],
                "pause_end": days("2026-02-26", "2026-02-27")[None, :],
            },
            ValueError,
            "overlap",
        ),
        (
            {
                "pause_start": days("NaT", "2026-02-25")[None, :],
                "pause_end": days("NaT", "2026-02-27")[None, :],
            },
            ValueError,
            "packed",
        ),
    ],
)
def test_invalid_input_is_refused(calendar, kwargs, error, message):
    arguments = {"accepted_on": days("2026-02-09"), "limit_days": 20, "as_of": "2026-03-01"}
    with pytest.raises(error, match=message):
        compute_clocks(calendar, **{**arguments, **kwargs})


def test_reading_in_a_year_without_notice_is_unconfirmed(calendar):
    # Due in 2026, read in 2027: the elapsed and remaining days depend on 2027.
    arrays = compute_clocks(
        calendar, days("2026-11-02", "2026-11-02"), 5, as_of=days("2026-11-03", "2027-01-05")
    )
    assert arrays.due_date.tolist() == [date(2026, 11, 9), date(2026, 11, 9)]
    assert arrays.unconfirmed.tolist() == [False, True]
