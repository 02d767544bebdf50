"""Read queries of the public portal.

Nothing here is scoped by a user: the portal is public. What keeps it safe
is what each query selects — published rows only, public staff only, and
for cases only the columns a results list may show (the applicant's name is
masked by the view; ID numbers, phones and addresses are never selected).

Case figures are aggregate queries over the cases table (one query per
table of figures, ``GROUP BY`` for the breakdowns), never a loop over cases,
so a page costs the same number of queries at 1,000 cases as at 1,000,000.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Sum

from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case
from xiaoneng.catalog.choices import Category
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.org.choices import Role
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.portal.models import Announcement, PolicyDocument

# -- service guides ---------------------------------------------------------------


def guides(query: str = "", category: str = ""):
    """Active service items matching a name, code or category."""
    items = ServiceItem.objects.active().select_related("unit")
    query = (query or "").strip()
    if query:
        items = items.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if category:
        items = items.filter(category=category)
    return items.order_by("category", "code")


def guide(code: str) -> ServiceItem | None:
    return (
        ServiceItem.objects.active()
        .select_related("unit__region")
        .prefetch_related("materials", "stages")
        .filter(code=code)
        .first()
    )


# -- published results (办结公示) ----------------------------------------------------

# Completed (granted and issued), denied and refused cases are published; penalty
# decisions are not results of an application: they have their own publication
# (处罚决定公开, ``enforcement.portal_views``), withdrawn when a decision is revoked.
RESULT_STATUSES = [Status.COMPLETED, Status.DENIED, Status.REFUSED]
UNPUBLISHED_STATUSES = [status for status in Status.values if status not in RESULT_STATUSES]
RESULT_FIELDS = [
    "pk",
    "number",
    "status",
    "applicant_kind",
    "applicant_name",
    "received_on",
    "decided_on",
    "closed_on",
    "decision_number",
    "service_item__name",
    "service_item__code",
    "service_item__category",
]


def results(*, item: ServiceItem | None = None, start: date | None = None, end: date | None = None):
    """Published results, newest registration first.

    Only indexed columns filter and order: ``status`` (its own index),
    ``service_item`` + ``received_on`` (``case_item_idx``) and the primary key,
    whose order is the order of registration. Ordering by the key lets the
    database walk its index backwards and stop after one page, where an
    ORDER BY on an unindexed date would sort every published case.
    """
    # Written as "not any other status" on purpose: an IN on the status index
    # makes SQLite fetch every published case and sort them all, where the
    # negation leaves it (and PostgreSQL) walking the primary key backwards
    # and stopping after one page. Same rows: the other statuses are derived
    # from the choices, so a status added later stays unpublished.
    cases = Case.objects.exclude(status__in=UNPUBLISHED_STATUSES).exclude(
        service_item__in=ServiceItem.objects.filter(category=Category.PENALTY).values("pk")
    )
    if item is not None:
        cases = cases.filter(service_item=item)
    if start is not None:
        cases = cases.filter(received_on__gte=start)
    if end is not None:
        cases = cases.filter(received_on__lte=end)
    return cases.order_by("-pk").values(*RESULT_FIELDS)


# -- staff badges (挂牌上岗) ----------------------------------------------------------

# Only what a badge shows: never the phone, the ID or the username.
STAFF_FIELDS = ["staff_no", "title", "duties", "photo", "unit", "user"]
ADMIN_DUTIES = [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN]


def public_staff(unit: Unit | None = None):
    """Active staff who wear a public badge (the three administrators work behind the scenes)."""
    staff = (
        StaffProfile.objects.filter(shown_in_public=True, user__is_active=True)
        .exclude(user__groups__name__in=ADMIN_DUTIES)
        .select_related("unit", "user")
        .only(
            "staff_no",
            "title",
            "duties",
            "photo",
            "unit__name",
            "unit__short_name",
            "unit__phone",
            "unit__address",
            "user__first_name",
            "user__last_name",
        )
    )
    if unit is not None:
        staff = staff.filter(unit=unit)
    return staff.order_by("unit__region__code", "unit__sort_order", "unit__code", "staff_no")


def staff_units():
    """Units with at least one public staff member (the directory's filter)."""
    return (
        Unit.objects.filter(is_active=True, staff__in=public_staff().values("pk"))
        .distinct()
        .order_by("region__code", "sort_order", "code")
    )


def staff_member(staff_no: str) -> StaffProfile | None:
    return public_staff().filter(staff_no=staff_no).first()


# -- announcements and policies -----------------------------------------------------


def announcements(category: str = ""):
    rows = Announcement.objects.published().select_related("issuing_unit")
    if category:
        rows = rows.filter(category=category)
    return rows


def policies(query: str = "", level: str = ""):
    rows = PolicyDocument.objects.published().select_related("issuing_unit")
    query = (query or "").strip()
    if query:
        rows = rows.filter(
            Q(title__icontains=query)
            | Q(document_number__icontains=query)
            | Q(issuer__icontains=query)
        )
    if level:
        rows = rows.filter(legal_level=level)
    return rows


# -- statistics (效能公开) ------------------------------------------------------------

# A case is "decided" when the approver granted or denied it: the limit of
# Art. 42 is a limit on the decision, and the clock stops on that day. Cases
# refused at acceptance or withdrawn never ran a decision clock.
DECIDED_STATUSES = [Status.APPROVED, Status.COMPLETED, Status.DENIED]

# On time: decided no later than the due date the clock computed, which
# already includes an approved extension (Art. 42) and paused time (Art. 45),
# both lawful. Both due dates are the case row's clock caches, frozen on the
# decision day.
ON_TIME_PROMISED = Q(decided_on__lte=F("due_date"))
ON_TIME_STATUTORY = Q(decided_on__lte=F("statutory_due_date"))
# The promised limit the case ran under (its rules, or a key project's shorter
# one), read from the frozen clock: remaining = limit + extension - elapsed.
# Column arithmetic, where reading the rules JSON would parse it on every row.
PROMISED_LIMIT = F("elapsed_workdays") + F("remaining_workdays") - F("extension_days")

PERIODS = ("month", "year")
COUNTS = ("decided", "on_time", "on_time_statutory", "days", "limit")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), day)


def year_of(day: date) -> Period:
    return Period(day.replace(month=1, day=1), day)


def decided_cases(period: Period):
    return Case.objects.filter(
        status__in=DECIDED_STATUSES,
        decided_on__gte=period.start,
        decided_on__lte=period.end,
    )


def _counts(prefix: str, condition: Q) -> dict:
    return {
        f"{prefix}decided": Count("pk", filter=condition),
        f"{prefix}on_time": Count("pk", filter=condition & ON_TIME_PROMISED),
        f"{prefix}on_time_statutory": Count("pk", filter=condition & ON_TIME_STATUTORY),
        f"{prefix}days": Sum("elapsed_workdays", filter=condition),
        f"{prefix}limit": Sum(PROMISED_LIMIT, filter=condition),
    }


def _figures(counts: dict) -> dict:
    """Rates (0..1) and averages (one decimal) from summed counts; None without cases."""
    decided = counts["decided"]
    row = {key: counts[key] for key in ("decided", "on_time", "on_time_statutory")}
    row["rate"] = counts["on_time"] / decided if decided else None
    row["rate_statutory"] = counts["on_time_statutory"] / decided if decided else None
    row["avg_days"] = round(counts["days"] / decided, 1) if decided else None
    row["avg_limit"] = round(counts["limit"] / decided, 1) if decided else None
    return row


@dataclass
class Efficiency:
    """This month's and this year's figures: in total, per handling unit, per item."""

    month: Period
    year: Period
    totals: dict  # period → figures
    units: dict  # period → [figures with key and name], by name
    items: dict


def efficiency(today: date) -> Efficiency:
    """Every figure of the statistics page from ONE aggregate query.

    The year's decided cases are grouped by (handling unit, item), with this
    month's counts beside the year's (a month never leaves its year); totals
    and the two breakdowns are sums of those few hundred groups in Python.
    At a million cases a year this is one pass over the year's rows instead
    of six.
    """
    month, year = month_of(today), year_of(today)
    in_month = Q(decided_on__gte=month.start)
    groups = (
        decided_cases(year)
        .values("unit_id", "service_item_id")
        .annotate(**_counts("year_", Q()), **_counts("month_", in_month))
        .order_by()
    )
    zero = dict.fromkeys(COUNTS, 0)
    totals = {period: dict(zero) for period in PERIODS}
    units, items = {}, {}
    for group in groups:
        unit = units.setdefault(group["unit_id"], {p: dict(zero) for p in PERIODS})
        item = items.setdefault(group["service_item_id"], {p: dict(zero) for p in PERIODS})
        for period in PERIODS:
            targets = (totals[period], unit[period], item[period])
            for key in COUNTS:
                value = group[f"{period}_{key}"] or 0
                for target in targets:
                    target[key] += value
    unit_names = dict(Unit.objects.filter(pk__in=units).values_list("pk", "name"))
    item_names = dict(ServiceItem.objects.filter(pk__in=items).values_list("pk", "name"))

    def breakdown(groups: dict, names: dict, period: str) -> list[dict]:
        rows = [
            {"key": key, "name": names.get(key, ""), **_figures(counts[period])}
            for key, counts in groups.items()
            if counts[period]["decided"]
        ]
        return sorted(rows, key=lambda row: (row["name"], row["key"]))

    return Efficiency(
        month=month,
        year=year,
        totals={period: _figures(totals[period]) for period in PERIODS},
        units={period: breakdown(units, unit_names, period) for period in PERIODS},
        items={period: breakdown(items, item_names, period) for period in PERIODS},
    )


def satisfaction(period: Period, by: str) -> list[dict] | None:
    """Satisfaction rates from the feedback app, or None while it does not provide them."""
    try:
        from xiaoneng.feedback.selectors import satisfaction_rates
    except ImportError:
        return None
    return satisfaction_rates(period.start, period.end, by)
