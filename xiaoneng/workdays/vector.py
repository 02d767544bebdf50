"""The clock of ``clock.py`` over numpy arrays, for sweeps over every open case.

The supervision sweep re-reads the clock of each open case of the province
whenever the day turns or the calendar changes; case by case that is about a
million reads. Here each figure is a gather from the calendar's cumulative
tables (``WorkCalendar.cum``, ``nth``, ``unconfirmed_cum``) — the same tables
the scalar clock uses — followed by elementwise arithmetic, so the results are
those of :func:`~xiaoneng.workdays.clock.compute_clock` row by row (the tests
check it on random cases).

Dates travel as ``datetime64[D]``: an ORM ``values_list`` of dates converts
with ``np.array(values, dtype="datetime64[D]")``. Pauses are two arrays of
shape ``(n,)`` (at most one pause a case) or ``(n, k)``, with NaT for a
missing pause (``pause_start``) or a pause still running (``pause_end``).

How the due date is found without a loop over days: a pause's working days
push the due date back exactly when the pause starts before the count is
reached. With pauses in date order, the count reached before pause ``j`` is
``cum[low_j] - cum[accepted] - (paused working days of pauses before j)``, so
the due date is the working day on which the calendar's count reaches::

    cum[accepted] + limit + sum(paused_j for each pause j starting before the limit is reached)

that is ``nth[target - 1]``: one gather.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xiaoneng.workdays.calendar import EPOCH_OFFSET, SPAN_DAYS, OutsideSpanError, WorkCalendar
from xiaoneng.workdays.clock import LIGHTS, STATES, ClockReading

# Codes in the result arrays: STATES[code] and LIGHTS[code] give the value.
RUNNING_CODE, PAUSED_CODE, OVERDUE_CODE, STOPPED_CODE = range(4)
GREEN_CODE, YELLOW_CODE, RED_CODE = range(3)


@dataclass(frozen=True, slots=True)
class ClockArrays:
    """The clocks of many limits, one row per limit (see ``ClockReading``)."""

    due_date: np.ndarray  # datetime64[D]
    elapsed: np.ndarray  # int32
    remaining: np.ndarray  # int32
    paused_days: np.ndarray  # int32
    state: np.ndarray  # int8 code into clock.STATES
    light: np.ndarray  # int8 code into clock.LIGHTS
    unconfirmed: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.due_date)

    def reading(self, row: int) -> ClockReading:
        """Row ``row`` as the scalar clock's result."""
        return ClockReading(
            due_date=self.due_date[row].item(),
            elapsed=int(self.elapsed[row]),
            remaining=int(self.remaining[row]),
            paused_days=int(self.paused_days[row]),
            state=STATES[self.state[row]],
            light=LIGHTS[self.light[row]],
            unconfirmed=bool(self.unconfirmed[row]),
        )


def compute_clocks(
    calendar: WorkCalendar,
    accepted_on,
    limit_days,
    *,
    extension_days=0,
    pause_start=None,
    pause_end=None,
    as_of,
    warning_days=None,
    stopped_on=None,
) -> ClockArrays:
    """Read many clocks at once; the arguments are those of ``compute_clock`` as arrays.

    ``accepted_on`` sets the number of rows; every other argument is an array
    of that length or a scalar (``as_of`` is usually one day for all rows).
    ``stopped_on`` may hold NaT for clocks still running. Pauses must be in
    date order along their row, packed into the first columns.
    """
    accepted = _offsets(accepted_on)
    rows = accepted.shape[0]
    at, stopped = _reading_days(as_of, stopped_on, rows)
    _check_span(accepted, at)
    limit = np.broadcast_to(
        np.asarray(limit_days, dtype=np.int32) + np.asarray(extension_days, dtype=np.int32),
        (rows,),
    )
    if rows and limit.min() < 0:
        raise ValueError("limit and extension must be >= 0")
    if warning_days is None:
        warning_days = np.maximum(limit // 5, 1)  # clock.default_warning_days

    cum = calendar.cum
    cum_accepted = cum[accepted]
    push, paused_days, paused_now = _pauses(cum, pause_start, pause_end, accepted, at, limit)
    due = _nth_day(calendar, cum_accepted + limit + push, limit, accepted)
    elapsed = cum[at] - cum_accepted - paused_days
    remaining = limit - elapsed
    state, light = _state_and_light(at > due, remaining <= warning_days, paused_now, stopped)

    unconfirmed_cum = calendar.unconfirmed_cum
    unconfirmed = unconfirmed_cum[np.maximum(due, at)] != unconfirmed_cum[accepted]
    return ClockArrays(
        due_date=(due.astype(np.int64) + EPOCH_OFFSET).view("datetime64[D]"),
        elapsed=elapsed,
        remaining=remaining,
        paused_days=paused_days,
        state=state,
        light=light,
        unconfirmed=unconfirmed,
    )


def _offsets(values) -> np.ndarray:
    """Table offsets (int64) of dates given as datetime64[D]-compatible values."""
    days = np.asarray(values, dtype="datetime64[D]")
    if np.any(np.isnat(days)):
        raise ValueError("a required date is missing (NaT)")
    return days.view(np.int64) - EPOCH_OFFSET


def _reading_days(as_of, stopped_on, rows: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The day each clock is read on, and which clocks have stopped by ``as_of``."""
    as_of = np.broadcast_to(_offsets(as_of), (rows,))
    if stopped_on is None:
        return as_of, None
    stop_days = np.broadcast_to(np.asarray(stopped_on, dtype="datetime64[D]"), (rows,))
    stopped = ~np.isnat(stop_days) & (stop_days.view(np.int64) - EPOCH_OFFSET <= as_of)
    return np.where(stopped, stop_days.view(np.int64) - EPOCH_OFFSET, as_of), stopped


def _check_span(accepted: np.ndarray, at: np.ndarray) -> None:
    if accepted.size == 0:
        return
    if accepted.min() < 0 or at.max() >= SPAN_DAYS:
        raise OutsideSpanError("a date is outside the calendar span")
    if np.any(at < accepted):
        raise ValueError("as_of or stopped_on is before the acceptance date")


def _pauses(cum, pause_start, pause_end, accepted, at, limit):
    """How far pauses push each due date, the paused working days, who is paused now.

    Only the rows that have a pause are worked on (a fifth of the cases in a
    typical sweep). Each pause becomes the half-open interval ``(low, high]``
    of ``clock.paused_intervals``: ``(start - 1, end]``, cut at the reading
    day and at acceptance, empty if it has not started.
    """
    rows = accepted.shape[0]
    push = np.zeros(rows, dtype=np.int32)
    paused_days = np.zeros(rows, dtype=np.int32)
    paused_now = np.zeros(rows, dtype=bool)
    if pause_start is None:
        return push, paused_days, paused_now

    start_days, end_days = _pause_columns(pause_start, pause_end, rows)
    present = ~np.isnat(start_days)
    running = np.isnat(end_days)
    if np.any(~running & ~present):
        raise ValueError("a pause has an end but no start")
    if np.any(present[:, 1:] & ~present[:, :-1]):
        raise ValueError("pauses must be packed into the first columns")
    with_pause = np.flatnonzero(present[:, 0])
    present, running = present[with_pause], running[with_pause]
    first, now = accepted[with_pause, None], at[with_pause, None]
    start = np.where(present, start_days[with_pause].view(np.int64) - EPOCH_OFFSET, first)
    end = np.where(running, now, end_days[with_pause].view(np.int64) - EPOCH_OFFSET)
    _check_pauses(present, running, start, end, first)

    begun = present & (start <= now)
    low = np.where(begun, np.maximum(start - 1, first), first)
    high = np.where(begun, np.minimum(end, now), first)

    cum_first, needed = cum[first[:, 0]], limit[with_pause]
    pushed, paused_sum = np.zeros_like(cum_first), np.zeros_like(cum_first)
    for column in range(low.shape[1]):
        cum_low = cum[low[:, column]]
        paused = cum[high[:, column]] - cum_low
        counted_before = cum_low - cum_first - paused_sum
        pushed += (needed > counted_before) * paused
        paused_sum += paused
    push[with_pause] = pushed
    paused_days[with_pause] = paused_sum
    paused_now[with_pause] = np.any(begun & (high == now), axis=1)
    return push, paused_days, paused_now


def _pause_columns(pause_start, pause_end, rows: int) -> tuple[np.ndarray, np.ndarray]:
    start_days = np.asarray(pause_start, dtype="datetime64[D]")
    end_days = np.asarray(pause_end, dtype="datetime64[D]")
    if start_days.ndim == 1:
        start_days, end_days = start_days[:, None], end_days[:, None]
    if start_days.shape != end_days.shape or start_days.shape[0] != rows:
        raise ValueError("pause_start and pause_end must have one row per clock")
    return start_days, end_days


def _check_pauses(present, running, start, end, accepted) -> None:
    if np.any(present & (start < accepted)):
        raise ValueError("a pause starts before its case was accepted")
    if np.any(present & ~running & (end < start)):
        raise ValueError("a pause ends before it starts")
    if start.shape[1] > 1:
        # The due-date formula relies on date order (module docstring).
        later = present[:, 1:]
        if np.any(later & (running[:, :-1] | (start[:, 1:] <= end[:, :-1]))):
            raise ValueError("pauses must be in date order and must not overlap")


def _nth_day(calendar: WorkCalendar, target, limit, accepted) -> np.ndarray:
    """The offset of the day on which the calendar's count reaches ``target``."""
    nth = calendar.nth
    if target.size and target.max() > len(nth):
        raise OutsideSpanError("a due date is beyond the calendar span")
    due = nth[np.maximum(target - 1, 0)]
    # A limit of 0 is due on the acceptance day itself, as add_workdays(d, 0) == d.
    immediate = np.flatnonzero(limit == 0)
    due[immediate] = accepted[immediate]
    return due


def _state_and_light(late, within_warning, paused_now, stopped):
    """State and light codes.

    The codes are numbered in order of precedence (stopped > overdue > paused
    > running; red > yellow > green), so the winner is an elementwise maximum
    — much faster than masked assignment on a million rows.
    """
    as_code = np.int8
    if stopped is None:
        state = np.maximum(paused_now.view(as_code), late.view(as_code) * as_code(OVERDUE_CODE))
    else:
        within_warning = within_warning & ~stopped
        state = np.maximum(paused_now.view(as_code), late.view(as_code) * as_code(OVERDUE_CODE))
        state = np.maximum(state, stopped.view(as_code) * as_code(STOPPED_CODE))
    # A stopped clock is red when it stopped after its due date, as ``late`` says.
    light = np.maximum(within_warning.view(as_code), late.view(as_code) * as_code(RED_CODE))
    return state, light
