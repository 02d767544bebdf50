"""The calendar's ORM layer: the current calendar, notice imports, admin edits, sweeps.

The arithmetic lives in the pure modules (``calendar``, ``clock``,
``vector``); this module feeds them from the database and is the only place
that changes calendar data. Each change is one transaction that writes the
rows (which bumps ``CalendarVersion``) and one audit event.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from xiaoneng.core import audit
from xiaoneng.core.clock import now
from xiaoneng.workdays.calendar import WorkCalendar
from xiaoneng.workdays.choices import Source
from xiaoneng.workdays.models import CalendarDay, CalendarVersion, CalendarYear
from xiaoneng.workdays.notice import NoticeRow, validate_notice
from xiaoneng.workdays.vector import ClockArrays, compute_clocks

IMPORT_PERMISSIONS = (
    "workdays.add_calendarday",
    "workdays.delete_calendarday",
    "workdays.change_calendaryear",
)

_cached: WorkCalendar | None = None
# When the version was last read, and how many local writes had been made then.
_checked_at, _checked_writes = float("-inf"), 0
_rebuild_lock = threading.Lock()


# -- reading ---------------------------------------------------------------


def get_calendar() -> WorkCalendar:
    """The official calendar as the database holds it now.

    Each process builds it once and keeps it while ``CalendarVersion`` still
    holds the token it was built from; every write to the calendar changes the
    token, so an admin edit or an import reaches every worker on its next call,
    without a restart. The check costs one primary-key read; a caller that
    computes many deadlines takes the calendar once and passes it on.
    """
    global _cached, _checked_at, _checked_writes
    writes = CalendarVersion.local_writes
    version = CalendarVersion.current()
    _checked_at, _checked_writes = time.monotonic(), writes
    calendar = _cached
    if calendar is not None and calendar.version == version:
        return calendar
    with _rebuild_lock:
        if _cached is None or _cached.version != version:
            _cached = _load_calendar(version)
        return _cached


def recent_calendar() -> WorkCalendar:
    """The calendar, its version checked at most ``WORKDAYS_CALENDAR_RECHECK_SECONDS`` ago.

    For code that reads the calendar once per row of a list (a case's stored
    clock carried forward to today, ``cases.clock.bring_forward``): without
    it a page of fifty cases would read the version fifty times. An edit of
    the calendar made by another process reaches such readers within that
    many seconds, one made by this process at once; everything that computes
    and stores a deadline uses ``get_calendar``.
    """
    max_age = getattr(settings, "WORKDAYS_CALENDAR_RECHECK_SECONDS", 30)
    calendar = _cached
    if (
        calendar is not None
        and _checked_writes == CalendarVersion.local_writes
        and time.monotonic() - _checked_at < max_age
    ):
        return calendar
    return get_calendar()


def forget_calendar_check() -> None:
    """Make the next ``recent_calendar`` read the version (a test's rollback is a write)."""
    global _checked_at
    _checked_at = float("-inf")


def _load_calendar(version: str) -> WorkCalendar:
    # The version is read before the rows: a write committed in between makes
    # the rows newer than the token, which costs one extra rebuild on the next
    # call; the other order could keep old rows under a new token for good.
    days = {
        day: (is_workday, name)
        for day, is_workday, name in CalendarDay.objects.values_list("date", "is_workday", "name")
    }
    years = CalendarYear.objects.filter(notice_loaded=True).values_list("year", flat=True)
    return WorkCalendar(days, years, version=version)


def reevaluate_clocks(**clock_fields) -> ClockArrays:
    """Re-read many clocks with the current calendar (the supervision sweep's entry).

    Takes the keyword arguments of ``vector.compute_clocks`` after the
    calendar: ``accepted_on``, ``limit_days``, ``extension_days``,
    ``pause_start``, ``pause_end``, ``as_of``, ``warning_days``,
    ``stopped_on``. The sweep keeps ``get_calendar().version`` with its
    stored figures and re-evaluates every open case when the version moves.
    """
    return compute_clocks(get_calendar(), **clock_fields)


# -- importing a notice ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    year: int
    holidays: int
    workdays: int
    changed: bool


@transaction.atomic
def import_notice(
    rows: Sequence[NoticeRow], *, acting_user, source: str = Source.NOTICE, note: str = ""
) -> ImportResult:
    """Load one year's holiday notice, replacing that year's days, all or nothing.

    ``rows`` are validated again here (``notice.validate_notice``), so a
    caller cannot skip the checks. The year is marked as having its notice
    loaded, which clears the ``unconfirmed`` flag of every deadline in it.
    ``acting_user`` is None for the command line, which only the server's
    operators can run. Nothing is written when the year already holds exactly
    these days.
    """
    _check_permission(acting_user, IMPORT_PERMISSIONS)
    year = validate_notice(rows)
    year_row, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    existing = CalendarDay.objects.filter(date__year=year)
    old = _year_snapshot(year_row, existing)
    wanted = sorted((row.date, row.is_workday, row.name) for row in rows)
    result = ImportResult(
        year=year,
        holidays=sum(not row.is_workday for row in rows),
        workdays=sum(row.is_workday for row in rows),
        changed=True,
    )
    if year_row.notice_loaded and _day_tuples(existing) == wanted:
        return replace(result, changed=False)

    existing.delete()
    bulk_create_with_history(
        [
            CalendarDay(date=day, is_workday=is_workday, name=name, source=source)
            for day, is_workday, name in wanted
        ],
        CalendarDay,
        default_user=acting_user,
        default_change_reason=_("Notice import"),
    )
    year_row.notice_loaded = True
    year_row.source = source
    year_row.loaded_at = now()
    if note:
        year_row.note = note
    year_row.save()
    audit.record(
        "workdays.notice_imported",
        actor=acting_user,
        target=year_row,
        old=old,
        new=_year_snapshot(year_row, CalendarDay.objects.filter(date__year=year)),
    )
    return result


def _year_snapshot(year_row: CalendarYear, days) -> dict:
    return {
        "year": year_row.year,
        "notice_loaded": year_row.notice_loaded,
        "source": year_row.source,
        "days": [
            [day.isoformat(), "workday" if is_workday else "holiday", name]
            for day, is_workday, name in _day_tuples(days)
        ],
    }


def _day_tuples(days) -> list[tuple]:
    return list(days.order_by("date").values_list("date", "is_workday", "name"))


# -- admin edits -----------------------------------------------------------


@transaction.atomic
def save_calendar_day(day: CalendarDay, *, acting_user) -> CalendarDay:
    """Create or change one day from the admin; the day's source becomes "admin"."""
    _check_permission(acting_user, [_model_permission(day, "change" if day.pk else "add")])
    old = _field_values(CalendarDay, day.pk)
    day.source = Source.ADMIN
    day.full_clean()
    day.save()
    audit.record(
        "workdays.day_saved",
        actor=acting_user,
        target=day,
        old=old,
        new=_field_values(CalendarDay, day.pk),
    )
    return day


@transaction.atomic
def delete_calendar_days(days, *, acting_user) -> int:
    """Delete days from the admin (one audit event per day)."""
    _check_permission(acting_user, ["workdays.delete_calendarday"])
    deleted = 0
    for day in list(days):
        old = _field_values(CalendarDay, day.pk)
        audit.record("workdays.day_deleted", actor=acting_user, target=day, old=old)
        day.delete()
        deleted += 1
    return deleted


@transaction.atomic
def save_calendar_year(year: CalendarYear, *, acting_user) -> CalendarYear:
    """Create or change a year's record from the admin (e.g. confirm a hand-entered notice)."""
    _check_permission(acting_user, [_model_permission(year, "change" if year.pk else "add")])
    old = _field_values(CalendarYear, year.pk)
    if year.notice_loaded and not old.get("notice_loaded"):
        year.loaded_at = now()
    year.source = Source.ADMIN
    year.full_clean()
    year.save()
    audit.record(
        "workdays.year_saved",
        actor=acting_user,
        target=year,
        old=old,
        new=_field_values(CalendarYear, year.pk),
    )
    return year


@transaction.atomic
def delete_calendar_years(years, *, acting_user) -> int:
    """Delete year records from the admin: their days count as unconfirmed again."""
    _check_permission(acting_user, ["workdays.delete_calendaryear"])
    deleted = 0
    for year in list(years):
        old = _field_values(CalendarYear, year.pk)
        audit.record("workdays.year_deleted", actor=acting_user, target=year, old=old)
        year.delete()
        deleted += 1
    return deleted


def _field_values(model, pk) -> dict:
    if pk is None:
        return {}
    values = model.objects.filter(pk=pk).values().first() or {}
    values.pop("id", None)
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))  # audit rows hold JSON


def _model_permission(obj, action: str) -> str:
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


def _check_permission(acting_user, permissions) -> None:
    if acting_user is not None and not acting_user.has_perms(permissions):
        raise PermissionDenied(_("You may not change the working-day calendar."))
