"""Read queries of the staff workbench: the to-do queue, the case list, one case.

Every list is one SQL query over the case table (plus one COUNT for the
paginator), scoped by ``Case.objects.visible_to`` and filtered on indexed
columns: status, authority, handler, the denormalised ``stage_role`` and
``stage_name``, light. Nothing is filtered in Python, so a page costs the
same at 100 cases as at 100,000.
"""

from django.db.models import Q

from xiaoneng.cases.actions import OPEN_UNDECIDED
from xiaoneng.cases.choices import PENALTY_DECIDED, ExtensionStatus, Status
from xiaoneng.cases.models import Case
from xiaoneng.cases.scope import user_roles
from xiaoneng.catalog.choices import Category
from xiaoneng.catalog.models import Stage
from xiaoneng.org.choices import Role, UnitKind

# A case under review waits on whoever holds its current stage.
UNDER_REVIEW = [Status.IN_REVIEW, Status.PAUSED]
# What the window clerk alone moves on: acceptance and issuing the licence.
CLERK_STATUSES = [Status.RECEIVED, Status.SUPPLEMENT, Status.APPROVED]
NOTHING = Q(pk__in=[])


def waiting_on(user) -> Q:
    """The cases that wait on ``user`` now, as one SQL condition.

    It mirrors the guards of ``actions``: every case it selects offers the
    user at least one action (or is his, as handler, and not yet decided).
    It leaves out what a user merely *may* do on any open case — a clerk may
    record a withdrawal on every one of them — so the queue holds real work.
    """
    roles = user_roles(user)
    condition = NOTHING
    if Role.HANDLER in roles:
        # His own cases until they are decided, whatever stage they are at
        # (once approved, issuing the licence is the clerk's) …
        condition |= Q(handler=user, status__in=OPEN_UNDECIDED)
    if roles & {Role.CLERK, Role.HANDLER}:
        # … and a handler stage nobody holds yet: any handler may take it up,
        # the clerk should assign it.
        condition |= Q(status__in=UNDER_REVIEW, stage_role=Role.HANDLER, handler__isnull=True)
    if Role.CLERK in roles:
        condition |= Q(status__in=CLERK_STATUSES)
    stage_roles = roles - {Role.HANDLER}
    if stage_roles:
        condition |= Q(status__in=UNDER_REVIEW, stage_role__in=sorted(stage_roles))
    if Role.APPROVER in roles:
        condition |= Q(status__in=UNDER_REVIEW, extension_status=ExtensionStatus.REQUESTED)
    return condition


def _listing(queryset):
    return queryset.select_related("service_item", "handler", "key_project", "authority")


def todo_cases(user):
    """The user's queue, most urgent first (green channel, then fewest days left)."""
    cases = Case.objects.visible_to(user).filter(waiting_on(user))
    return _listing(cases).by_urgency()


def all_cases(user):
    """Every case the user may see (supervisors and leaders: their whole region), newest first.

    Newest by primary key, which follows registration: the primary key's index
    serves ``LIMIT 30`` directly, where sorting on ``received_at`` (not indexed)
    would sort every visible row — 0.4 ms against 200 ms at 100,000 cases on
    PostgreSQL.
    """
    return _listing(Case.objects.visible_to(user)).order_by("-pk")


def filter_cases(cases, data: dict):
    """Apply the workbench filters (cleaned data of ``CaseFilterForm``)."""
    if data.get("item"):
        cases = cases.filter(service_item=data["item"])
    if data.get("stage"):
        cases = cases.filter(stage_name=data["stage"])
    if data.get("light"):
        cases = cases.filter(light=data["light"])
    if data.get("status") == PENALTY_DECIDED:
        cases = cases.filter(status=Status.APPROVED, service_item__category=Category.PENALTY)
    elif data.get("status") == Status.APPROVED:
        # A licence awaiting issue: a decided penalty has its own choice.
        cases = cases.filter(status=Status.APPROVED).exclude(
            service_item__category=Category.PENALTY
        )
    elif data.get("status"):
        cases = cases.filter(status=data["status"])
    if data.get("green"):
        cases = cases.filter(key_project__isnull=False)
    query = (data.get("q") or "").strip()
    if query:
        # Case numbers are upper case; a prefix or a sequence number both match.
        cases = cases.filter(Q(number__contains=query.upper()) | Q(applicant_name__icontains=query))
    return cases


def stage_names() -> list[str]:
    """The stage names of the catalogue, for the stage filter (a small table)."""
    return list(Stage.objects.order_by("name").values_list("name", flat=True).distinct())


def case_for(user, number: str) -> Case:
    """One visible case with what its header needs, or ``Case.DoesNotExist``."""
    return (
        Case.objects.visible_to(user)
        .select_related("service_item", "authority", "unit", "handler", "key_project", "rule_set")
        .get(number=number)
    )


def handlers_of(authority):
    """Active handlers whose unit belongs to ``authority``, in the order of their units."""
    return staff_of(authority, Role.HANDLER)


def staff_of(authority, role: str):
    """Active users with ``role`` whose unit belongs to ``authority`` (its offices, two
    levels deep).

    The same rule as ``org.scope.authority_of``, written as SQL: a unit belongs
    to the nearest department or bureau above it.
    """
    from django.contrib.auth import get_user_model

    own = [UnitKind.OFFICE, UnitKind.INSTITUTION]
    in_authority = (
        Q(profile__unit=authority)
        | Q(profile__unit__parent=authority, profile__unit__kind__in=own)
        | Q(
            profile__unit__parent__parent=authority,
            profile__unit__parent__kind__in=own,
            profile__unit__kind__in=own,
        )
    )
    return (
        get_user_model()
        .objects.filter(in_authority, is_active=True, groups__name=role)
        .select_related("profile__unit")
        .order_by("profile__unit__sort_order", "profile__staff_no")
    )
