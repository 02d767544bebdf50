"""The calendar as the ``chinesecalendar`` package knows it, without the database.

The database is seeded from the same data (migration
``0002_seed_from_chinesecalendar``, which keeps its own frozen copy of this
logic, as data migrations must). Benchmarks and pure tests use this module to
get the seeded calendar without a database.
"""

from __future__ import annotations

from datetime import date

from chinese_calendar import constants

from xiaoneng.workdays.calendar import WorkCalendar


def chinese_name(english: str) -> str:
    """The notice's Chinese name for a holiday (``春节`` for ``Spring Festival``)."""
    return constants.Holiday(english).chinese


def package_days() -> dict[date, tuple[bool, str]]:
    """Every day the package's notices set: holidays and adjusted working days."""
    days = {day: (False, chinese_name(name)) for day, name in constants.holidays.items()}
    days.update({day: (True, chinese_name(name)) for day, name in constants.workdays.items()})
    return days


def package_years() -> set[int]:
    """The years whose notice the package carries."""
    return {day.year for day in constants.holidays}


def package_calendar() -> WorkCalendar:
    return WorkCalendar(package_days(), package_years(), version="chinesecalendar")
