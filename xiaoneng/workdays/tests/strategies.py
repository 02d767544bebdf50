"""Random clock inputs for the property tests, and an independent oracle.

The oracle counts day by day with chinesecalendar's own ``is_workday`` (and
Monday–Friday outside the years it knows): it shares no code and no table
with the calendar it checks.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from hypothesis import strategies as st

from xiaoneng.workdays import clock
from xiaoneng.workdays.clock import ClockReading

KNOWN_YEARS = range(2004, 2027)
DAY = timedelta(days=1)

# Straddles the first and the last year with a notice.
dates = st.dates(min_value=date(2003, 10, 1), max_value=date(2027, 3, 31))


@dataclass(frozen=True)
class Case:
    accepted_on: date
    limit_days: int
    as_of: date
    extension_days: int = 0
    pauses: list = field(default_factory=list)
    warning_days: int | None = None
    stopped_on: date | None = None

    def kwargs(self) -> dict:
        return {
            "extension_days": self.extension_days,
            "pauses": self.pauses,
            "as_of": self.as_of,
            "warning_days": self.warning_days,
            "stopped_on": self.stopped_on,
        }


def days_after(start: date, low: int, high: int):
    return st.integers(low, high).map(lambda days: start + timedelta(days=days))


@st.composite
def pause_lists(draw, accepted_on: date, max_pauses: int = 3):
    """Pauses in date order, not overlapping; the last may still be running."""
    pauses, earliest = [], accepted_on
    for _ in range(draw(st.integers(0, max_pauses))):
        start = draw(days_after(earliest, 0, 40))
        end = draw(days_after(start, 0, 20))
        pauses.append((start, end))
        earliest = end + DAY
    if pauses and draw(st.booleans()):
        pauses[-1] = (pauses[-1][0], None)
    return pauses


@st.composite
def cases(draw, max_pauses: int = 3):
    accepted_on = draw(dates)
    return Case(
        accepted_on=accepted_on,
        limit_days=draw(st.integers(0, 80)),
        extension_days=draw(st.sampled_from([0, 0, 0, 5, 10])),
        pauses=draw(pause_lists(accepted_on, max_pauses)),
        as_of=draw(days_after(accepted_on, 0, 250)),
        warning_days=draw(st.none() | st.integers(0, 20)),
        stopped_on=draw(st.none() | days_after(accepted_on, 0, 250)),
    )


def days_in(start: date, end: date):
    """The days of ``(start, end]``."""
    return [start + DAY * k for k in range(1, (end - start).days + 1)]


def oracle_is_workday(day: date) -> bool:
    if day.year in KNOWN_YEARS:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def oracle_clock(case: Case) -> ClockReading:
    """The clock's rules (clock.py docstring), one day at a time."""
    stopped = case.stopped_on is not None and case.stopped_on <= case.as_of
    at = case.stopped_on if stopped else case.as_of
    paused = set()
    for start, end in case.pauses:
        day = start
        while day <= at and (end is None or day <= end):
            paused.add(day)
            day += DAY

    def counted(day):
        return oracle_is_workday(day) and day not in paused

    limit = case.limit_days + case.extension_days
    due, count = case.accepted_on, 0
    while count < limit:
        due += DAY
        count += counted(due)
    elapsed = sum(counted(day) for day in days_in(case.accepted_on, at))
    remaining = limit - elapsed
    warning = case.warning_days if case.warning_days is not None else max(1, limit // 5)
    if stopped:
        state = clock.STOPPED
    elif at > due:
        state = clock.OVERDUE
    elif at in paused:
        state = clock.PAUSED
    else:
        state = clock.RUNNING
    if at > due:
        light = clock.RED
    elif not stopped and remaining <= warning:
        light = clock.YELLOW
    else:
        light = clock.GREEN
    unconfirmed = any(
        day.year not in KNOWN_YEARS for day in days_in(case.accepted_on, max(due, at))
    )
    return ClockReading(
        due_date=due,
        elapsed=elapsed,
        remaining=remaining,
        paused_days=sum(oracle_is_workday(day) for day in paused if day > case.accepted_on),
        state=state,
        light=light,
        unconfirmed=unconfirmed,
    )
