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
from xiaoneng.workdays.clock import (
    LIGHTS,
    STATES,
    ClockReading,
)

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
    ``stopped_on`` may hold NaT for cases still open.
    """
    accepted = _offsets(accepted_on)
    rows = accepted.shape[0]
    as_of_offsets = np.broadcast_to(_offsets(as_of), (rows,))
    at, stopped = _stop(as_of_offsets, stopped_on, rows)
    _check_span(accepted, at)
    if np.any(at < accepted):
        raise ValueError("as_of or stopped_on is before the acceptance date")

    limit = np.asarray(limit_days, dtype=np.int32) + np.asarray(extension_days, dtype=np.int32)
    limit = np.broadcast_to(limit, (rows,))
    if limit.size and limit.min() < 0:
        raise ValueError("limit and extension must be >= 0")
    warning = (
        np.maximum(limit // 5, 1) if warning_days is None else np.asarray(warning_days, np.int32)
    )

    cum = calendar.cum
    cum_accepted = cum[accepted]
    lows, highs, paused_now = _pause_offsets(pause_start, pause_end, accepted, at)

    target = cum_accepted + limit
    paused_days = np.zeros(rows, dtype=np.int32)
    for low, high in zip(lows, highs, strict=True):
        paused = cum[high] - cum[low]
        counted_before = cum[low] - cum_accepted - paused_days
        target += np.where(limit > counted_before, paused, 0)
        paused_days += paused
    due = _nth_day(calendar, target, limit, accepted)

    elapsed = cum[at] - cum_accepted - paused_days
    remaining = limit - elapsed
    overdue = at > due
    if stopped is not None:
        overdue &= ~stopped

    state = np.where(paused_now, PAUSED_CODE, RUNNING_CODE).astype(np.int8)
    state[overdue] = OVERDUE_CODE
    light = np.where(remaining <= warning, YELLOW_CODE, GREEN_CODE).astype(np.int8)
    light[overdue] = RED_CODE
    if stopped is not None:
        state[stopped] = STOPPED_CODE
        light[stopped] = np.where(at[stopped] > due[stopped], RED_CODE, GREEN_CODE)

    unconfirmed_cum = calendar.unconfirmed_cum
    unconfirmed = unconfirmed_cum[np.maximum(due, at)] != unconfirmed_cum[accepted]

    return ClockArrays(
        due_date=(due + EPOCH_OFFSET).astype("datetime64[D]"),
        elapsed=elapsed.astype(np.int32, copy=False),
        remaining=remaining.astype(np.int32, copy=False),
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


def _stop(as_of: np.ndarray, stopped_on, rows: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The day each clock is read on, and which clocks have stopped by ``as_of``."""
    if stopped_on is None:
        return as_of, None
    stop_days = np.broadcast_to(np.asarray(stopped_on, dtype="datetime64[D]"), (rows,))
    stop = stop_days.view(np.int64) - EPOCH_OFFSET
    stopped = ~np.isnat(stop_days) & (stop <= as_of)
    return np.where(stopped, stop, as_of), stopped


def _check_span(accepted: np.ndarray, at: np.ndarray) -> None:
    if accepted.size == 0:
        return
    if min(accepted.min(), at.min()) < 0 or max(accepted.max(), at.max()) >= SPAN_DAYS:
        raise OutsideSpanError("a date is outside the calendar span")


def _pause_offsets(pause_start, pause_end, accepted: np.ndarray, at: np.ndarray):
    """Pauses as half-open ``(low, high]`` offset columns, cut as ``clock.paused_intervals``.

    Returns the ``low`` and ``high`` columns (absent pauses are the empty
    interval ``(accepted, accepted]``) and a mask of the clocks paused on
    their reading day.
    """
    rows = accepted.shape[0]
    if pause_start is None:
        return [], [], np.zeros(rows, dtype=bool)
    start_days = np.asarray(pause_start, dtype="datetime64[D]")
    end_days = np.asarray(pause_end, dtype="datetime64[D]")
    if start_days.ndim == 1:
        start_days, end_days = start_days[:, None], end_days[:, None]
    if start_days.shape != end_days.shape or start_days.shape[0] != rows:
        raise ValueError("pause_start and pause_end must have one row per clock")

    present = ~np.isnat(start_days)
    running = np.isnat(end_days)
    if np.any(~running & ~present):
        raise ValueError("a pause has an end but no start")
    start = np.where(present, start_days.view(np.int64) - EPOCH_OFFSET, accepted[:, None])
    end = np.where(running, at[:, None], end_days.view(np.int64) - EPOCH_OFFSET)
    _check_pauses(present, running, start, end, accepted)

    begun = present & (start <= at[:, None])
    low = np.where(begun, np.maximum(start - 1, accepted[:, None]), accepted[:, None])
    high = np.where(begun, np.minimum(end, at[:, None]), accepted[:, None])
    paused_now = np.any(begun & (high == at[:, None]), axis=1)
    return list(low.T), list(high.T), paused_now


def _check_pauses(present, running, start, end, accepted) -> None:
    if np.any(present & (start < accepted[:, None])):
        raise ValueError("a pause starts before its case was accepted")
    if np.any(present & ~running & (end < start)):
        raise ValueError("a pause ends before it starts")
    if start.shape[1] > 1:
        # Columns must be in date order, packed left, and must not overlap;
        # the due-date formula relies on the order.
        later = present[:, 1:]
        if np.any(later & ~present[:, :-1]):
            raise ValueError("pauses must be packed into the first columns")
        if np.any(later & (running[:, :-1] | (start[:, 1:] <= end[:, :-1]))):
            raise ValueError("pauses must be in date order and must not overlap")


def _nth_day(calendar: WorkCalendar, target, limit, accepted) -> np.ndarray:
    """The day on which the calendar's count reaches ``target`` (offsets)."""
    nth = calendar.nth
    if target.size and target.max() > len(nth):
        raise OutsideSpanError("a due date is beyond the calendar span")
    due = nth[np.maximum(target - 1, 0)].astype(np.int64)
    # A limit of 0 is due on the acceptance day itself (clock.add_workdays(d, 0) == d).
    return np.where(limit == 0, accepted, due)

