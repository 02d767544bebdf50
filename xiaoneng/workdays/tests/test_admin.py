"""The system administrator edits the calendar in the admin; the clock follows at once."""

from datetime import date

import pytest
from django.urls import reverse

from xiaoneng.core.models import AuditEvent
from xiaoneng.workdays.models import CalendarDay, CalendarYear
from xiaoneng.workdays.services import get_calendar

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture(params=["superuser", "sysadmin"])
def editor(request, admin_user, users):
    return admin_user if request.param == "superuser" else users.sysadmin


def test_day_added_in_the_admin_moves_the_next_due_date(client_for, editor):
    assert get_calendar().add_workdays(D("2026-09-28"), 20) == D("2026-10-30")
    response = client_for(editor).post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-10-08", "name": "国庆节"},  # is_workday unticked: a holiday
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert get_calendar().add_workdays(D("2026-09-28"), 20) == D("2026-11-02")
    day = CalendarDay.objects.get(date=D("2026-10-08"))
    assert (day.source, day.history.get().history_user) == ("admin", editor)
    assert AuditEvent.objects.get(action="workdays.day_saved").actor == editor


def test_day_changed_in_the_admin_moves_the_next_due_date(client_for, editor):
    saturday = CalendarDay.objects.get(date=D("2026-10-10"))  # adjusted working Saturday
    calendar = get_calendar()
    response = client_for(editor).post(
        reverse("admin:workdays_calendarday_change", args=[saturday.pk]),
        {"date": "2026-10-10", "name": "国庆节"},
    )
    assert response.status_code == 302
    assert get_calendar() is not calendar
    assert get_calendar().add_workdays(D("2026-09-28"), 20) == D("2026-11-02")
    event = AuditEvent.objects.get(action="workdays.day_saved")
    assert (event.old["is_workday"], event.new["is_workday"]) == (True, False)
    assert saturday.history.count() == 2  # seeded, then changed


def test_weekday_cannot_be_made_a_working_day(client_for, editor):
    response = client_for(editor).post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-10-08", "is_workday": "on", "name": "国庆节"},
    )
    assert response.status_code == 200
    assert "is_workday" in response.context["adminform"].form.errors
    assert not CalendarDay.objects.filter(date=D("2026-10-08")).exists()


def test_unconfirming_a_year_in_the_admin_flags_its_deadlines(client_for, editor):
    year = CalendarYear.objects.get(year=2026)
    response = client_for(editor).post(
        reverse("admin:workdays_calendaryear_change", args=[year.pk]),
        {"year": "2026", "note": ""},  # notice_loaded unticked
    )
    assert response.status_code == 302
    assert get_calendar().unconfirmed_between(D("2026-09-28"), D("2026-10-30"))


def test_bulk_delete_in_the_admin_goes_through_the_service(client_for, editor):
    days = CalendarDay.objects.filter(date__in=[D("2026-02-14"), D("2026-02-28")])
    response = client_for(editor).post(
        reverse("admin:workdays_calendarday_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [day.pk for day in days],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not get_calendar().is_workday(D("2026-02-14"))
    assert AuditEvent.objects.filter(action="workdays.day_deleted").count() == 2


def test_outsider_cannot_edit_the_calendar(client_for, users):
    response = client_for(users.clerk).post(
        reverse("admin:workdays_calendarday_add"), {"date": "2026-10-08", "name": "国庆节"}
    )
    assert response.status_code == 302  # to the admin login
    assert not CalendarDay.objects.filter(date=D("2026-10-08")).exists()


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:workdays_calendarday_changelist", "?year=2026&is_workday__exact=1"),
        ("admin:workdays_calendarday_changelist", "?q=春节"),
        ("admin:workdays_calendaryear_changelist", "?q=2026&notice_loaded__exact=1"),
    ],
)
def test_admin_lists_render(client_for, admin_user, name, query):
    response = client_for(admin_user).get(reverse(name) + query)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 0


def test_admin_shows_a_days_history(client_for, admin_user):
    day = CalendarDay.objects.get(date=D("2026-02-14"))
    response = client_for(admin_user).get(
        reverse("admin:workdays_calendarday_history", args=[day.pk])
    )
    assert response.status_code == 200
    assert "Seeded from the chinesecalendar package" in response.content.decode()
