"""The official working-day calendar as pure arithmetic.

Limits in administrative licensing are counted in working days
(行政许可法 Art. 82: "本法规定的行政机关实施行政许可的期限以工作日计算，
不含法定节假日"). A working day is Monday to Friday, minus the statutory
holidays the State Council announces each year, plus the weekend days it
turns into working days (调休). :class:`WorkCalendar` is built from those
exceptions, as the ORM layer (``services.get_calendar``) or the
``chinesecalendar`` package (``package.package_calendar``) supplies them; it
imports neither.

Counting convention: every count is over a half-open interval ``(a, b]``:
the first day is not counted, the last day is. That is the statute's rule
that a period starts the day after the event (受理次日起算), so
``add_workdays`` and ``workdays_between`` are inverses::

    workdays_between(d, add_workdays(d, n)) == n          for every n >= 0

A year whose official notice is not loaded is *unconfirmed*: it is counted as
plain Monday–Friday (plus any rows an admin already entered for it), and every
result that depends on one of its days can say so (``unconfirmed_between``).

Internally the calendar is three numpy tables over a fixed span of days
(``SPAN_START`` … ``SPAN_END``), indexed by the day's offset from
``SPAN_START``:

``cum[i]``
    working days in ``[SPAN_START, day i]``; the count in ``(a, b]`` is
    ``cum[b] - cum[a]``.
``nth[k]``
    the offset of the ``(k + 1)``-th working day of the span; the n-th
    working day after ``a`` is ``nth[cum[a] + n - 1]``.
``unconfirmed_cum[i]``
    days in unconfirmed years in ``[SPAN_START, day i]``.

``vector.py`` gathers from the same tables, so the scalar and the vectorized
clocks agree by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import numpy as np

SPAN_START = date(2000, 1, 1)
SPAN_END = date(2100, 12, 31)

# Days from the numpy/Unix epoch (1970-01-01) to SPAN_START: datetime64[D]
# values become table offsets by subtracting it.
EPOCH_OFFSET = int(np.datetime64(SPAN_START, "D").astype(np.int64))

SPAN_DAYS = (SPAN_END - SPAN_START).days + 1


class OutsideSpanError(ValueError):
    """A date, or a result, outside the span the calendar covers."""


class WorkCalendar:
    """Working-day arithmetic over the official calendar.

    ``days`` maps a date to ``(is_workday, name)`` for every day whose status
    the official notices set (holidays, and weekends turned into working days);
    other days are working days when they fall on Monday–Friday.
    ``confirmed_years`` are the years whose official notice is loaded.
    ``version`` identifies the data the calendar was built from (the ORM layer
    uses it to tell a stale calendar from a current one).

    Instances are immutable; build a new one when the data changes.
    """

    def __init__(
        self,
        days: Mapping[date, tuple[bool, str]] | None = None,
        confirmed_years: Iterable[int] = (),
        *,
        version: str = "",
    ):
        days = dict(days or {})
        self.version = version
        self.confirmed_years = frozenset(int(year) for year in confirmed_years)
        self._names = {day: name for day, (_is_workday, name) in days.items() if name}

        offsets = np.arange(SPAN_DAYS, dtype=np.int32)
        workday = (offsets + SPAN_START.weekday()) % 7 < 5
        for day, (is_workday, _name) in days.items():
            workday[self.offset(day)] = bool(is_workday)

        years = (offsets + EPOCH_OFFSET).astype("datetime64[D]").astype("datetime64[Y]")
        years = years.astype(np.int32) + 1970
        unconfirmed = ~np.isin(years, sorted(self.confirmed_years))

        self.workday = _frozen(workday)
        self.cum = _frozen(np.cumsum(workday, dtype=np.int32))
        self.nth = _frozen(np.flatnonzero(workday).astype(np.int32))
        self.unconfirmed_cum = _frozen(np.cumsum(unconfirmed, dtype=np.int32))

    def __repr__(self):
        years = sorted(self.confirmed_years)
        confirmed = f"{years[0]}–{years[-1]}" if years else "none"
        return f"<WorkCalendar confirmed={confirmed} version={self.version!r}>"

    # -- offsets ---------------------------------------------------------

    @staticmethod
    def offset(day: date) -> int:
        """The table offset of ``day``; OutsideSpanError outside the span."""
        if not SPAN_START <= day <= SPAN_END:
            raise OutsideSpanError(
                f"{day.isoformat()} is outside the calendar span "
                f"{SPAN_START.isoformat()}..{SPAN_END.isoformat()}"
            )
        return (day - SPAN_START).days

    @staticmethod
    def day_at(offset: int) -> date:
        return SPAN_START + timedelta(days=int(offset))

    # -- queries ---------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        return bool(self.workday[self.offset(day)])

    def name(self, day: date) -> str:
        """The holiday (or adjusted working day) name the notice gives ``day``."""
        return self._names.get(day, "")

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def add_workdays(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``.

        ``n == 0`` returns ``day`` itself, whatever it is: nothing is counted,
        so nothing has passed (an immediate matter is due the day it is
        accepted). Negative ``n`` is an error.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return day
        position = int(self.cum[self.offset(day)]) + n - 1
        if position >= len(self.nth):
            raise OutsideSpanError(
                f"{n} working days after {day.isoformat()} is beyond {SPAN_END.isoformat()}"
            )
        return self.day_at(self.nth[position])

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end < start``."""
        return int(self.cum[self.offset(end)]) - int(self.cum[self.offset(start)])

    def unconfirmed_between(self, start: date, end: date) -> bool:
        """Whether a day in ``(start, end]`` lies in a year whose notice is not loaded."""
        low, high = sorted((start, end))
        counts = self.unconfirmed_cum
        return bool(counts[self.offset(high)] != counts[self.offset(low)])


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
