"""Read queries on the calendar data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from xiaoneng.workdays.models import CalendarDay, CalendarYear


@dataclass(frozen=True, slots=True)
class YearSummary:
    """What the database holds about one year of the calendar."""

    year: int
    confirmed: bool
    holidays: int
    workdays: int
    source: str
    loaded_at: datetime | None


def year_summaries() -> list[YearSummary]:
    """Every year with a year record or calendar days, in order (two queries)."""
    counts = {
        row["year"]: row
        for row in CalendarDay.objects.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            holidays=Count("pk", filter=Q(is_workday=False)),
            workdays=Count("pk", filter=Q(is_workday=True)),
        )
        .order_by()
    }
    records = {record.year: record for record in CalendarYear.objects.all()}
    summaries = []
    for year in sorted(counts.keys() | records.keys()):
        record, count = records.get(year), counts.get(year, {})
        summaries.append(
            YearSummary(
                year=year,
                confirmed=bool(record and record.notice_loaded),
                holidays=count.get("holidays", 0),
                workdays=count.get("workdays", 0),
                source=record.get_source_display() if record else "",
                loaded_at=record.loaded_at if record else None,
            )
        )
    return summaries
