"""Seed the calendar from the chinesecalendar package (2004 to its last year).

Every day the package's notices set (holidays, with the notice's Chinese
name, and adjusted working weekends) becomes a CalendarDay, and each year it
covers is marked as having its notice loaded. Later years come from
``manage.py workdays import`` when the State Council publishes them.

Frozen here on purpose (data migrations never import app code): the rows
are what the package said when the database was created, with a "+" history
record each so the admin's history shows where they came from.
"""

import uuid

from chinese_calendar import constants
from django.db import migrations
from django.utils import timezone

SOURCE = "package"
REASON = "Seeded from the chinesecalendar package"


def package_days():
    def chinese(english):
        return constants.Holiday(english).chinese

    days = {day: (False, chinese(name)) for day, name in constants.holidays.items()}
    days.update({day: (True, chinese(name)) for day, name in constants.workdays.items()})
    return days


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarVersion = apps.get_model("workdays", "CalendarVersion")
    HistoricalCalendarDay = apps.get_model("workdays", "HistoricalCalendarDay")
    HistoricalCalendarYear = apps.get_model("workdays", "HistoricalCalendarYear")
    now = timezone.now()

    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_workday=is_workday, name=name, source=SOURCE)
        for day, (is_workday, name) in sorted(package_days().items())
    )
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, notice_loaded=True, source=SOURCE, loaded_at=now)
        for year in sorted({day.year for day in constants.holidays})
    )
    HistoricalCalendarDay.objects.bulk_create(
        HistoricalCalendarDay(
            id=day.pk,
            date=day.date,
            is_workday=day.is_workday,
            name=day.name,
            source=day.source,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for day in CalendarDay.objects.all()
    )
    HistoricalCalendarYear.objects.bulk_create(
        HistoricalCalendarYear(
            id=year.pk,
            year=year.year,
            notice_loaded=year.notice_loaded,
            source=year.source,
            loaded_at=year.loaded_at,
            note=year.note,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for year in CalendarYear.objects.all()
    )
    CalendarVersion.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4(), "changed_at": now}
    )


def unseed(apps, schema_editor):
    for model in ("CalendarDay", "CalendarYear"):
        apps.get_model("workdays", model).objects.filter(source=SOURCE).delete()
        history = apps.get_model("workdays", f"Historical{model}").objects
        history.filter(history_change_reason=REASON).delete()
    apps.get_model("workdays", "CalendarVersion").objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4(), "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
