"""The clock's semantics (clock.py's docstring), on hand-worked 2026 dates."""

from datetime import date

import pytest

from xiaoneng.workdays import choices, clock
from xiaoneng.workdays.clock import compute_clock, default_warning_days

D = date.fromisoformat

# The module docstring's example: accepted Mon 2026-02-09 across the Spring
# Festival, limit 20, expert review 03-03..03-05.
ACCEPTED = D("2026-02-09")
REVIEW = (D("2026-03-03"), D("2026-03-05"))


def read(calendar, as_of, *, limit=20, pauses=(), **kwargs):
    return compute_clock(calendar, ACCEPTED, limit, pauses=pauses, as_of=D(as_of), **kwargs)


def test_worked_example_without_pause(calendar):
    reading = read(calendar, "2026-02-24")
    assert reading.due_date == D("2026-03-13")
    assert (reading.elapsed, reading.remaining) == (6, 14)
    assert (reading.state, reading.light) == (clock.RUNNING, clock.GREEN)
    assert not reading.unconfirmed


def test_worked_example_read_during_the_review_is_paused_and_provisional(calendar):
    reading = read(calendar, "2026-03-04", pauses=[REVIEW])
    # 03-03 and 03-04 paused so far: due 03-13 + 2 working days, for now.
    assert reading.due_date == D("2026-03-17")
    assert (reading.elapsed, reading.remaining, reading.paused_days) == (11, 9, 2)
    assert reading.state == clock.PAUSED


def test_worked_example_after_the_review(calendar):
    reading = read(calendar, "2026-03-06", pauses=[REVIEW])
    assert reading.due_date == D("2026-03-18")
    assert (reading.elapsed, reading.remaining, reading.paused_days) == (12, 8, 3)
    assert (reading.state, reading.light) == (clock.RUNNING, clock.GREEN)


@pytest.mark.parametrize(
    ("as_of", "remaining", "state", "light"),
    [
        ("2026-03-11", 5, clock.RUNNING, clock.GREEN),  # day 15
        ("2026-03-12", 4, clock.RUNNING, clock.YELLOW),  # day 16: 4 left, 20% of 20
        ("2026-03-18", 0, clock.RUNNING, clock.YELLOW),  # due today
        ("2026-03-19", -1, clock.OVERDUE, clock.RED),
    ],
)
def test_lights_follow_the_remaining_days(calendar, as_of, remaining, state, light):
    reading = read(calendar, as_of, pauses=[REVIEW])
    assert (reading.remaining, reading.state, reading.light) == (remaining, state, light)


def test_extension_adds_working_days(calendar):
    # Art. 42: 20 + 10 working days; 03-13 + 10 = 03-27 (no holiday in March).
    assert read(calendar, "2026-02-10", extension_days=10).due_date == D("2026-03-27")


def test_one_day_pause_on_a_working_day_costs_that_day(calendar):
    site_survey = (D("2026-03-10"), D("2026-03-10"))
    assert read(calendar, "2026-03-20", pauses=[site_survey]).due_date == D("2026-03-16")


def test_pause_on_a_weekend_costs_nothing(calendar):
    weekend = (D("2026-03-07"), D("2026-03-08"))
    reading = read(calendar, "2026-03-20", pauses=[weekend])
    assert (reading.due_date, reading.paused_days) == (D("2026-03-13"), 0)


def test_pause_from_the_acceptance_day(calendar):
    # Acceptance day is never counted; 02-10..02-13 paused → day 1 is Sat 02-14.
    reading = read(calendar, "2026-03-20", pauses=[(ACCEPTED, D("2026-02-13"))])
    assert (reading.due_date, reading.paused_days) == (D("2026-03-19"), 4)


def test_counting_resumes_the_working_day_after_the_pause_ends(calendar):
    # Paused through Fri 02-13: day 1 is the adjusted working Saturday 02-14.
    reading = read(calendar, "2026-02-14", pauses=[(D("2026-02-10"), D("2026-02-13"))])
    assert (reading.elapsed, reading.state) == (1, clock.RUNNING)


def test_pause_end_day_is_still_paused(calendar):
    assert read(calendar, "2026-03-05", pauses=[REVIEW]).state == clock.PAUSED


def test_pause_not_yet_started_is_ignored(calendar):
    reading = read(calendar, "2026-03-02", pauses=[REVIEW])
    assert (reading.due_date, reading.paused_days) == (D("2026-03-13"), 0)
    assert reading.state == clock.RUNNING


def test_running_pause_moves_the_due_date_each_day(calendar):
    hearing = [(D("2026-03-03"), None)]
    assert read(calendar, "2026-03-03", pauses=hearing).due_date == D("2026-03-16")
    assert read(calendar, "2026-03-10", pauses=hearing).due_date == D("2026-03-23")
    assert read(calendar, "2026-03-10", pauses=hearing).state == clock.PAUSED


def test_pause_started_after_the_due_date_does_not_rescue_the_case(calendar):
    late_pause = [(D("2026-03-16"), None)]
    reading = read(calendar, "2026-03-17", pauses=late_pause)
    assert (reading.due_date, reading.state, reading.light) == (
        D("2026-03-13"),
        clock.OVERDUE,
        clock.RED,
    )


def test_open_on_the_saturday_after_a_friday_due_date_is_overdue(calendar):
    reading = read(calendar, "2026-03-14")
    assert (reading.due_date, reading.remaining) == (D("2026-03-13"), 0)
    assert (reading.state, reading.light) == (clock.OVERDUE, clock.RED)


def test_stopped_in_time_is_green(calendar):
    reading = read(calendar, "2026-04-30", stopped_on=D("2026-03-13"))
    assert (reading.state, reading.light, reading.elapsed) == (clock.STOPPED, clock.GREEN, 20)


def test_stopped_late_is_red(calendar):
    reading = read(calendar, "2026-04-30", stopped_on=D("2026-03-16"))
    assert (reading.state, reading.light, reading.remaining) == (clock.STOPPED, clock.RED, -1)


def test_stop_after_as_of_has_not_happened_yet(calendar):
    reading = read(calendar, "2026-03-02", stopped_on=D("2026-03-13"))
    assert reading.state == clock.RUNNING


def test_zero_limit_is_due_on_the_acceptance_day(calendar):
    same_day = read(calendar, ACCEPTED.isoformat(), limit=0)
    assert (same_day.due_date, same_day.light) == (ACCEPTED, clock.YELLOW)
    assert read(calendar, "2026-02-10", limit=0).state == clock.OVERDUE


@pytest.mark.parametrize(("limit", "warning"), [(0, 1), (3, 1), (5, 1), (9, 1), (10, 2), (20, 4)])
def test_default_warning_is_a_fifth_of_the_limit_at_least_one(limit, warning):
    assert default_warning_days(limit) == warning


def test_configured_warning_threshold(calendar):
    assert read(calendar, "2026-03-06", warning_days=10).light == clock.YELLOW


def test_depending_on_a_year_without_notice_is_unconfirmed(calendar):
    late_2026 = compute_clock(calendar, D("2026-12-15"), 20, as_of=D("2026-12-16"))
    assert (late_2026.due_date, late_2026.unconfirmed) == (D("2027-01-12"), True)
    # Due in 2026 but read in 2027: the elapsed count depends on 2027.
    read_in_2027 = compute_clock(calendar, D("2026-11-02"), 5, as_of=D("2027-01-05"))
    assert (read_in_2027.state, read_in_2027.unconfirmed) == (clock.OVERDUE, True)
    in_2026 = compute_clock(calendar, D("2026-11-02"), 5, as_of=D("2026-11-03"))
    assert not in_2026.unconfirmed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pauses": [(D("2026-02-01"), D("2026-02-03"))]}, "precedes acceptance"),
        ({"pauses": [(D("2026-03-05"), D("2026-03-03"))]}, "ends before it starts"),
        ({"pauses": [REVIEW, (D("2026-03-05"), None)]}, "overlaps"),
        ({"pauses": [(D("2026-03-01"), None), REVIEW]}, "overlaps"),
        ({"limit": -1}, ">= 0"),
        ({"extension_days": -1}, ">= 0"),
    ],
)
def test_invalid_input_is_refused(calendar, kwargs, message):
    with pytest.raises(ValueError, match=message):
        read(calendar, "2026-03-20", **kwargs)


def test_as_of_before_acceptance_is_refused(calendar):
    with pytest.raises(ValueError, match="before the acceptance"):
        read(calendar, "2026-02-08")


def test_choices_carry_the_clock_values():
    assert set(choices.State.values) == set(clock.STATES)
    assert set(choices.Light.values) == set(clock.LIGHTS)
    assert choices.Light(clock.RED).color == "danger"
