"""The statutory clock: one engine for every limit in Xiaoneng.

Case limits, stage budgets, extensions, complaint and rectification limits
and supervision orders are all read from this one function (DESIGN.md §2),
so they agree to the day. It is pure: dates and ints in, a frozen
:class:`ClockReading` out; the ORM layer supplies the calendar.

The law
-------
- 行政许可法 Art. 82: limits are counted in working days, statutory holidays
  excluded — hence :class:`~xiaoneng.workdays.calendar.WorkCalendar`.
- Art. 42: a decision within 20 working days of acceptance; with the
  approver's consent, extended once by at most 10 working days. The extension
  is ``extension_days``, added to ``limit_days``.
- Art. 45: time needed for hearings, tendering, auctions, inspection,
  testing, quarantine, appraisal and expert review is not counted. Those are
  ``pauses``.

Semantics
---------
- Counting starts the day after acceptance (受理次日起算): day 1 is the first
  working day after ``accepted_on``. The due date is the working day on which
  the count reaches ``limit_days + extension_days``. A limit of 0 is due on
  the acceptance day itself.
- A pause ``(start, end)`` stops the clock from ``start`` to ``end``, both
  days included (自……之日起至……之日止): working days in ``[start, end]`` are
  not counted, and counting resumes on the first working day after ``end``.
  A one-day site survey is therefore ``(d, d)``, and the due date never falls
  inside a pause. Pauses may not overlap and may not start before acceptance.
- The clock only knows the past: it reads the record as of ``as_of``. A pause
  still running on ``as_of`` (``end`` is None, or ``end > as_of``) is counted
  as if it ended on ``as_of``, so a paused case's due date is provisional and
  moves one working day later for each further paused working day. A pause
  that starts after ``as_of`` has not happened yet and is ignored.
- ``stopped_on`` (completion, withdrawal) freezes the clock on that day; a
  ``stopped_on`` after ``as_of`` has not happened yet and is ignored.
- ``elapsed`` is the counted working days in ``(accepted_on, as_of]``;
  ``remaining = limit + extension - elapsed``, negative once overdue.
- State, first match wins: ``stopped``; ``overdue`` when ``as_of`` is after
  the due date (a case due on Friday and open on Saturday is overdue, though
  no working day has passed since); ``paused`` when ``as_of`` lies in a pause;
  otherwise ``running``.
- Light: red when overdue, or stopped after the due date; yellow when the
  clock runs and the remaining days are at or below the warning threshold
  (default: 20% of the limit including any extension, rounded down, at least
  1 day — "remaining ≤ 20%" for whole days); green otherwise.
- ``unconfirmed`` is True when any day in ``(accepted_on, max(due, as_of)]``
  lies in a year whose official notice is not loaded: the figures assume
  Monday–Friday there and may move when the notice is published.

Worked example: the 2026 Spring Festival (国务院办公厅关于2026年部分节假日
安排的通知: 15–23 February off, Saturdays 14 and 28 February worked).
Accepted Monday 2026-02-09, limit 20 working days, expert review (Art. 45)
from 3 to 5 March::

    02-09 Mon         accepted; not counted
    02-10 … 02-13     days 1–4
    02-14 Sat         day 5    adjusted working Saturday (调休上班)
    02-15 … 02-23     Spring Festival holiday, not counted
    02-24 … 02-27     days 6–9
    02-28 Sat         day 10   adjusted working Saturday
    03-02 Mon         day 11
    03-03 … 03-05     expert review: paused, not counted
    03-06 Fri         day 12
    03-09 … 03-13     days 13–17
    03-16 … 03-18     days 18–20   → due Wednesday 2026-03-18

Without the pause the case is due 2026-03-13; a plain Monday–Friday count
would wrongly say 2026-03-09. Read on 2026-03-04, in the middle of the
review, the clock is ``paused`` with 11 days elapsed, 9 remaining and a
provisional due date of 2026-03-17 (the review assumed to end that day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from xiaoneng.workdays.calendar import WorkCalendar

# The vocabulary of states and lights. choices.py gives them translated
# labels and colours; the pure code only needs the values.
RUNNING = "running"
PAUSED = "paused"
OVERDUE = "overdue"
STOPPED = "stopped"
STATES = (RUNNING, PAUSED, OVERDUE, STOPPED)

GREEN = "green"
YELLOW = "yellow"
RED = "red"
LIGHTS = (GREEN, YELLOW, RED)

Pause = tuple[date, date | None]


@dataclass(frozen=True, slots=True)
class ClockReading:
    """The clock of one limit as of one day."""

    due_date: date
    elapsed: int
    remaining: int
    paused_days: int
    state: str
    light: str
    unconfirmed: bool


def default_warning_days(limit_days: int) -> int:
    """The default warning threshold: 20% of the limit, at least 1 day."""
    return max(1, limit_days // 5)


def compute_clock(
    calendar: WorkCalendar,
    accepted_on: date,
    limit_days: int,
    *,
    extension_days: int = 0,
    pauses: Iterable[Pause] = (),
    as_of: date,
    warning_days: int | None = None,
    stopped_on: date | None = None,
) -> ClockReading:
    """Read the clock of a limit on ``as_of``; see the module docstring."""
    if limit_days < 0 or extension_days < 0:
        raise ValueError("limit and extension must be >= 0")
    if as_of < accepted_on:
        raise ValueError("as_of is before the acceptance date")
    stopped = stopped_on is not None and stopped_on <= as_of
    at = stopped_on if stopped else as_of
    if at < accepted_on:
        raise ValueError("stopped_on is before the acceptance date")
    limit = limit_days + extension_days
    if warning_days is None:
        warning_days = default_warning_days(limit)

    intervals = paused_intervals(pauses, accepted_on, at)
    due = _due_date(calendar, accepted_on, limit, intervals)
    paused_days = sum(calendar.workdays_between(low, high) for low, high in intervals)
    elapsed = calendar.workdays_between(accepted_on, at) - paused_days
    remaining = limit - elapsed

    if stopped:
        state = STOPPED
    elif at > due:
        state = OVERDUE
    elif intervals and intervals[-1][1] == at:  # only the last pause can contain ``at``
        state = PAUSED
    else:
        state = RUNNING

    if state == OVERDUE or (state == STOPPED and at > due):
        light = RED
    elif state != STOPPED and remaining <= warning_days:
        light = YELLOW
    else:
        light = GREEN

    return ClockReading(
        due_date=due,
        elapsed=elapsed,
        remaining=remaining,
        paused_days=paused_days,
        state=state,
        light=light,
        unconfirmed=calendar.unconfirmed_between(accepted_on, max(due, at)),
    )


def paused_intervals(
    pauses: Iterable[Pause], accepted_on: date, at: date
) -> list[tuple[date, date]]:
    """The pauses as known on ``at``, as half-open ``(low, high]`` intervals.

    ``[start, end]`` becomes ``(start - 1 day, end]`` so that the calendar's
    ``(a, b]`` counts apply unchanged. Each interval is cut at ``at`` (the
    clock only knows the past) and at the acceptance date (which is never
    counted anyway); pauses that have not started by ``at`` are dropped.
    """
    intervals = []
    previous_end = None
    for start, end in sorted(pauses, key=lambda pause: pause[0]):
        if start < accepted_on:
            raise ValueError(f"pause starting {start} precedes acceptance on {accepted_on}")
        if end is not None and end < start:
            raise ValueError(f"pause {start}..{end} ends before it starts")
        if previous_end is not None and start <= previous_end:
            raise ValueError(f"pause starting {start} overlaps the previous pause")
        previous_end = end if end is not None else date.max
        if start > at:
            continue
        low = max(accepted_on, date.fromordinal(start.toordinal() - 1))
        high = at if end is None else min(end, at)
        intervals.append((low, high))
    return intervals


def _due_date(
    calendar: WorkCalendar, accepted_on: date, limit: int, intervals: list[tuple[date, date]]
) -> date:
    """Walk the counted stretches between pauses until ``limit`` days are counted."""
    cursor, needed = accepted_on, limit
    for low, high in intervals:
        available = calendar.workdays_between(cursor, low)
        if needed <= available:
            break
        needed -= available
        cursor = high
    return calendar.add_workdays(cursor, needed)
