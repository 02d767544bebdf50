"""The calendar in the database: the cached calendar, notice imports, sweeps."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection

from xiaoneng.core.models import AuditEvent
from xiaoneng.workdays import services
from xiaoneng.workdays.models import CalendarDay, CalendarVersion, CalendarYear
from xiaoneng.workdays.notice import NoticeError, NoticeRow
from xiaoneng.workdays.services import get_calendar, import_notice

pytestmark = pytest.mark.django_db

D = date.fromisoformat
SHANGHAI = ZoneInfo("Asia/Shanghai")

# A 2027 notice for the tests (made up; not the State Council's).
NOTICE_2027 = [
    NoticeRow(D("2027-01-01"), False, "元旦", 1),
    NoticeRow(D("2027-02-06"), False, "春节", 2),
    NoticeRow(D("2027-02-08"), False, "春节", 3),
    NoticeRow(D("2027-02-20"), True, "春节", 4),
]


def calendar_state():
    """Everything an import may change."""
    return (
        list(CalendarDay.objects.order_by("date").values_list("date", "is_workday", "name")),
        list(CalendarYear.objects.order_by("year").values_list("year", "notice_loaded")),
        CalendarVersion.current(),
        AuditEvent.objects.count(),
    )


def test_seeded_calendar_is_the_package_calendar(calendar):
    seeded = get_calendar()
    assert np.array_equal(seeded.cum, calendar.cum)
    assert seeded.confirmed_years == calendar.confirmed_years == frozenset(range(2004, 2027))
    assert seeded.name(D("2026-02-17")) == "春节"


def test_calendar_is_kept_while_the_version_holds(django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(1):  # the version check only
        assert get_calendar() is first


def test_a_saved_day_takes_effect_on_the_next_computation():
    assert get_calendar().add_workdays(D("2026-09-28"), 20) == D("2026-10-30")
    CalendarDay.objects.create(date=D("2026-10-08"), is_workday=False, name="国庆节")
    assert get_calendar().add_workdays(D("2026-09-28"), 20) == D("2026-11-02")


def test_a_write_by_another_process_is_seen_without_restart():
    # Raw SQL, as another worker's commit looks from here: no Python hook runs.
    assert get_calendar().is_workday(D("2026-10-08"))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO workdays_calendarday (date, is_workday, name, source) "
            "VALUES (%s, %s, %s, %s)",
            [D("2026-10-08"), False, "国庆节", "admin"],
        )
        cursor.execute("UPDATE workdays_calendarversion SET token = %s WHERE id = 1", ["0" * 32])
    assert not get_calendar().is_workday(D("2026-10-08"))


@pytest.mark.parametrize(
    "write",
    [
        lambda: CalendarDay.objects.filter(date=D("2026-10-10")).update(is_workday=False),
        lambda: CalendarDay.objects.filter(date=D("2026-10-10")).delete(),
        lambda: CalendarDay.objects.get(date=D("2026-10-10")).delete(),
        lambda: CalendarYear.objects.filter(year=2026).update(notice_loaded=False),
        lambda: CalendarDay.objects.bulk_create(
            [CalendarDay(date=D("2026-10-08"), is_workday=False, name="x")]
        ),
    ],
    ids=["update", "queryset delete", "delete", "year update", "bulk create"],
)
def test_every_kind_of_write_changes_the_version(write):
    before = get_calendar()
    write()
    assert get_calendar() is not before
    assert get_calendar().version != before.version


@time_machine.travel(datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI), tick=False)
def test_import_loads_the_year_and_confirms_it(users):
    assert get_calendar().add_workdays(D("2026-12-15"), 20) == D("2027-01-12")  # 01-01 counted
    result = import_notice(NOTICE_2027, acting_user=users.sysadmin, note="test notice")

    assert (result.year, result.holidays, result.workdays, result.changed) == (2027, 3, 1, True)
    calendar = get_calendar()
    assert calendar.add_workdays(D("2026-12-15"), 20) == D("2027-01-13")
    assert not calendar.unconfirmed_between(D("2026-12-15"), D("2027-01-13"))
    year = CalendarYear.objects.get(year=2027)
    assert (year.notice_loaded, year.source, year.note) == (True, "notice", "test notice")
    assert year.loaded_at == datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)
    event = AuditEvent.objects.get(action="workdays.notice_imported")
    assert event.actor == users.sysadmin
    assert event.old["days"] == []
    assert event.new["days"][-1] == ["2027-02-20", "workday", "春节"]
    assert CalendarDay.history.filter(date__year=2027, history_type="+").count() == 4


def test_import_replaces_the_days_of_its_year():
    days_2025 = list(CalendarDay.objects.filter(date__year=2025).values_list("date", "name"))
    import_notice(
        [NoticeRow(D("2026-10-01"), False, "国庆节"), NoticeRow(D("2026-10-08"), False, "国庆节")],
        acting_user=None,
    )
    assert list(CalendarDay.objects.filter(date__year=2026).values_list("date", flat=True)) == [
        D("2026-10-01"),
        D("2026-10-08"),
    ]
    assert list(CalendarDay.objects.filter(date__year=2025).values_list("date", "name")) == (
        days_2025
    )
    assert get_calendar().is_workday(D("2026-02-16"))  # no longer a holiday


def test_reimporting_the_same_notice_writes_nothing():
    import_notice(NOTICE_2027, acting_user=None)
    before = calendar_state()
    assert import_notice(NOTICE_2027, acting_user=None).changed is False
    assert calendar_state() == before


@pytest.mark.usefixtures("english")
def test_bad_notice_changes_nothing():
    before = calendar_state()
    contradictory = [*NOTICE_2027, NoticeRow(D("2027-02-20"), False, "春节", 5)]
    with pytest.raises(NoticeError, match="contradicts line 4"):
        import_notice(contradictory, acting_user=None)
    assert calendar_state() == before


def test_import_failing_midway_is_rolled_back(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    before = calendar_state()
    monkeypatch.setattr(services.audit, "record", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_notice(NOTICE_2027[:1], acting_user=None)
    assert calendar_state() == before


def test_import_needs_the_calendar_permissions(users):
    with pytest.raises(PermissionDenied):
        import_notice(NOTICE_2027, acting_user=users.clerk)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_sweep_reevaluates_with_the_current_calendar():
    fields = {
        "accepted_on": np.array(["2026-09-28"], dtype="datetime64[D]"),
        "limit_days": np.array([20]),
        "as_of": np.datetime64("2026-10-09"),
    }
    assert services.reevaluate_clocks(**fields).due_date[0] == np.datetime64("2026-10-30")
    CalendarDay.objects.create(date=D("2026-10-08"), is_workday=False, name="国庆节")
    assert services.reevaluate_clocks(**fields).due_date[0] == np.datetime64("2026-11-02")
