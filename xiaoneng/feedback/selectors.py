"""Reads of complaints and ratings for views, API and reports.

Satisfaction rate (满意率): the share of ratings at levels 1–3 (非常满意,
满意, 基本满意) among all ratings given in the period, acceptance and
completion ratings alike. GB/T 39735-2020 sets the five levels and treats
the bottom two (不满意, 非常不满意) as bad ratings (差评); everything above
them counts as satisfied. A rating belongs to the period of its date
(``rated_on``, Asia/Shanghai) and to the case's handling unit and item.
"""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from xiaoneng.core import clock
from xiaoneng.feedback.choices import (
    OPEN_COMPLAINT_STATUSES,
    SATISFIED_LEVELS,
    RectificationStatus,
)
from xiaoneng.feedback.models import Complaint, Rating, RatingRectification
from xiaoneng.workdays.choices import Light
from xiaoneng.workdays.limits import Limit, read_limit
from xiaoneng.workdays.services import get_calendar

_GROUPS = {
    "unit": ("unit__code", "unit__name"),
    "item": ("service_item__code", "service_item__name"),
}


def satisfaction_rates(start: date, end: date, by: str) -> list[dict]:
    """Ratings and satisfied ratings per unit or item, rated in ``[start, end]`` (both included).

    Returns ``[{"key", "name", "ratings", "satisfied", "rate"}]`` sorted by key;
    ``rate`` is satisfied / ratings as a float in [0, 1], None without ratings.
    """
    if by not in _GROUPS:
        raise ValueError("by must be 'unit' or 'item'")
    key, name = _GROUPS[by]
    rows = (
        Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
        .values(key, name)
        .annotate(ratings=Count("pk"), satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS)))
        .order_by(key)
    )
    return [
        {
            "key": row[key],
            "name": row[name],
            "ratings": row["ratings"],
            "satisfied": row["satisfied"],
            "rate": row["satisfied"] / row["ratings"] if row["ratings"] else None,
        }
        for row in rows
    ]


# -- clocks and lists --------------------------------------------------------------


def _read(calendar, label, start, limit_days, as_of, stopped_on) -> Limit:
    return read_limit(calendar, start, limit_days, as_of=as_of, stopped_on=stopped_on, label=label)


def complaint_limits(complaint: Complaint, as_of: date | None = None, calendar=None) -> list:
    """The accept-or-decline limit and the reply limit, on the working-day clock."""
    calendar = calendar or get_calendar()
    as_of = as_of or clock.today()
    decided = complaint.accepted_on or complaint.declined_on
    answered = complaint.replied_on or complaint.declined_on
    return [
        _read(
            calendar,
            _("Accept or decline"),
            complaint.received_on,
            complaint.accept_days,
            as_of,
            decided,
        ),
        _read(calendar, _("Reply"), complaint.received_on, complaint.reply_days, as_of, answered),
    ]


def rectification_limit(rectification: RatingRectification, as_of=None, calendar=None) -> Limit:
    """The 15-working-day limit to rectify and answer a bad rating."""
    calendar = calendar or get_calendar()
    as_of = as_of or clock.today()
    stopped = rectification.answered_on or rectification.closed_on
    if rectification.status == RectificationStatus.FIXING:
        stopped = None  # reopened after an appeal: the fresh limit runs
    if stopped is not None and stopped < rectification.opened_on:
        stopped = rectification.opened_on
    return _read(
        calendar,
        _("Rectify and answer"),
        rectification.opened_on,
        rectification.limit_days,
        as_of,
        stopped,
    )


def complaints_for(user, *, status: str = "", area: str = "", unit: str = ""):
    queryset = Complaint.objects.visible_to(user).select_related(
        "subject_unit", "subject_staff__user", "case"
    )
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    if area:
        queryset = queryset.filter(area=area)
    if unit:
        queryset = queryset.filter(subject_unit__code=unit)
    return queryset.order_by("-received_at", "-pk")


def rectifications_for(user, *, status: str = ""):
    queryset = RatingRectification.objects.visible_to(user).select_related("rating__case", "unit")
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-opened_on", "-pk")


def ratings_for(user, *, level: str = "", moment: str = ""):
    queryset = Rating.objects.visible_to(user).select_related("case", "unit", "service_item")
    if level:
        queryset = queryset.filter(level=level)
    if moment:
        queryset = queryset.filter(moment=moment)
    return queryset.order_by("-rated_at", "-pk")


# -- for the applicant's pages (the applicants app calls these) -----------------------


def case_ratings(case) -> dict:
    """The case's ratings by moment, e.g. ``{"acceptance": <Rating>}``."""
    return {rating.moment: rating for rating in Rating.objects.filter(case=case)}


def rateable_moments(case) -> list[str]:
    """The moments at which the applicant may rate the case now (not rated yet, state allows)."""
    from xiaoneng.feedback.services import ACCEPTED_STATUSES, FINISHED_STATUSES

    rated = set(case_ratings(case))
    moments = []
    if case.accepted_on is not None and case.status in ACCEPTED_STATUSES:
        moments.append("acceptance")
    if case.status in FINISHED_STATUSES:
        moments.append("completion")
    return [moment for moment in moments if moment not in rated]


def centre_panel(user, as_of: date):
    """The supervision centre's panel of complaints past a limit (accept or reply)."""
    from django.urls import reverse

    from xiaoneng.supervision.panels import PANEL_ROWS, Panel, PanelRow

    calendar = get_calendar()
    late = []
    # Open complaints are few (tens a month in a province): read on the clock one by one.
    for complaint in complaints_for(user).filter(status__in=OPEN_COMPLAINT_STATUSES):
        overdue = [
            limit
            for limit in complaint_limits(complaint, as_of, calendar)
            if limit.light == Light.RED and not limit.stopped
        ]
        if overdue:
            late.append((complaint, overdue[0]))
    late.sort(key=lambda pair: pair[1].due_date)
    return Panel(
        title=_("Complaints past their limit"),
        count=len(late),
        url=reverse("feedback:complaint_list"),
        rows=[
            PanelRow(
                label=f"{complaint.number} · {limit.label}",
                url=reverse("feedback:complaint_detail", args=[complaint.number]),
                due_date=limit.due_date,
                overdue_days=limit.overdue_days,
            )
            for complaint, limit in late[:PANEL_ROWS]
        ],
    )
