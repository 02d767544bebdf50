"""A limit read on a day, as the pages show it: the one clock's reading with a label.

Complaint and rectification limits (feedback) and supervision orders read
their terms here; cases keep their clock on the case row (``cases.clock``).
"""

from dataclasses import dataclass
from datetime import date

from xiaoneng.workdays.choices import Light
from xiaoneng.workdays.clock import STOPPED, compute_clock


@dataclass(frozen=True)
class Limit:
    """One limit as read on a day."""

    label: str
    due_date: date
    remaining: int
    light: str
    state: str
    unconfirmed: bool

    @property
    def light_color(self) -> str:
        return Light(self.light).color

    @property
    def light_label(self) -> str:
        return Light(self.light).label

    @property
    def overdue_days(self) -> int:
        return overdue_days(self.remaining)

    @property
    def stopped(self) -> bool:
        return self.state == STOPPED


def overdue_days(remaining: int | None) -> int:
    """Working days past a limit, from the working days left (negative once passed; None:
    no clock yet): 0 while the limit holds."""
    return max(0, -remaining) if remaining is not None else 0


def read_limit(
    calendar, start: date, limit_days: int, *, as_of: date, stopped_on=None, label=""
) -> Limit:
    """The limit of ``limit_days`` working days from the day after ``start``, on ``as_of``;
    ``stopped_on`` freezes it (a reply, a decision)."""
    reading = compute_clock(
        calendar, start, limit_days, as_of=max(as_of, start), stopped_on=stopped_on
    )
    return Limit(
        label=str(label),
        due_date=reading.due_date,
        remaining=reading.remaining,
        light=reading.light,
        state=reading.state,
        unconfirmed=reading.unconfirmed,
    )
