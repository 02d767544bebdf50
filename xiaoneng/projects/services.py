"""Every change the key-project board makes: one function per action (STYLE.md).

Each runs in one transaction, checks the acting user's scope (a project or
case outside it is a 404) and role (403), validates its input (400) and the
state (409), and writes one audit event. Linking a case also appends an
event to the case's own chain (``cases.actions.do_link_key_project``).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case, CaseEvent, KeyProject
from xiaoneng.cases.scope import user_roles
from xiaoneng.core import audit
from xiaoneng.core import clock as core_clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.projects.choices import ServiceKind
from xiaoneng.projects.models import ApprovedLand, NoticeCursor, ProjectService
from xiaoneng.projects.procedure import AREA_ITEM_CODES

# Who besides the coordinator works for a project: the staff who decide its
# approvals and their leaders. Clerks register cases; supervisors watch.
SERVICE_ROLES = {Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.LEADER}
LINK_ROLES = {Role.APPROVER, Role.LEADER}
LAND_ROLES = {Role.APPROVER, Role.LEADER}
DONE_STATUSES = [Status.APPROVED, Status.COMPLETED]

NOTICE_CURSOR = "project-events"
NOTICE_BATCH = 500


def _visible_project(project: KeyProject, user) -> KeyProject:
    try:
        return (
            KeyProject.objects.visible_to(user)
            # Lock the project row only: PostgreSQL refuses FOR UPDATE on the
            # nullable side of the outer joins (region, coordinator).
            .select_for_update(of=("self",))
            .select_related("region", "coordinator")
            .get(pk=project.pk)
        )
    except KeyProject.DoesNotExist:
        raise Http404(_("No such key project.")) from None


def _visible_case(case: Case, user) -> Case:
    try:
        return (
            Case.objects.visible_to(user)
            .select_related("authority__region", "service_item", "key_project")
            .get(pk=case.pk)
        )
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def works_for(project: KeyProject, user, roles) -> bool:
    """The coordinator, or a holder of one of ``roles``, may act for the project."""
    if project.coordinator_id is not None and project.coordinator_id == user.pk:
        return True
    return bool(user_roles(user) & {str(role) for role in roles})


def covers(project: KeyProject, case: Case) -> bool:
    """The case's deciding authority is in charge of the project's location.

    The department decides for the whole region, a city bureau for its city
    and counties, a county bureau for its county only.
    """
    if project.region_id is None:
        return True
    return project.region.code.startswith(case.authority.region.scope_prefix)


@transaction.atomic
def link_case(project: KeyProject, case: Case, *, acting_user, now=None) -> bool:
    """Put one of the project's approvals (a case) on its board; False when already there."""
    project = _visible_project(project, acting_user)
    if not works_for(project, acting_user, LINK_ROLES):
        raise PermissionDenied(
            _("Only the project's coordinator, an approver or a leader links cases.")
        )
    case = _visible_case(case, acting_user)
    if not project.is_active:
        raise TransitionError(_("The key project is closed."))
    if not covers(project, case):
        raise ValidationError(
            {
                "case": _(
                    "The case is decided by {authority}, which is not in charge of the "
                    "project's location ({region})."
                ).format(authority=case.authority, region=project.region)
            }
        )
    event = case_actions.do_link_key_project(
        case, project=project, acting_user=acting_user, now=now
    )
    if event is None:
        return False
    audit.record(
        "projects.link_case",
        actor=acting_user,
        target=project,
        old={},
        new={"case": case.number, "item": case.service_item.code},
    )
    return True


def _hectares(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter an area in hectares.")}) from None
    if number < 0 or not number.is_finite():
        raise ValidationError({field: _("The area cannot be negative.")})
    return number


@transaction.atomic
def record_approved_land(
    case: Case, *, hectares, farmland_hectares=0, acting_user, now=None
) -> ApprovedLand:
    """Record the land an approved conversion (农用地转用) of a key project granted."""
    case = _visible_case(case, acting_user)
    project = case.key_project
    if project is None:
        raise TransitionError(_("The case does not belong to a key project."))
    project = _visible_project(project, acting_user)
    if not works_for(project, acting_user, LAND_ROLES):
        raise PermissionDenied(
            _("Only the project's coordinator, an approver or a leader records approved land.")
        )
    if case.service_item.code not in AREA_ITEM_CODES:
        raise ValidationError(
            {"case": _("Approved land is recorded on the farmland conversion approvals only.")}
        )
    if case.status not in DONE_STATUSES:
        raise TransitionError(_("The case has not been approved."))
    hectares = _hectares(hectares, "hectares")
    farmland = _hectares(farmland_hectares or 0, "farmland_hectares")
    if hectares <= 0:
        raise ValidationError({"hectares": _("The approved area must be more than zero.")})
    if farmland > hectares:
        raise ValidationError(
            {"farmland_hectares": _("The farmland cannot exceed the approved land.")}
        )
    record = ApprovedLand.objects.select_for_update().filter(case=case).first()
    old = {}
    if record is not None:
        if record.hectares == hectares and record.farmland_hectares == farmland:
            return record
        old = {"hectares": str(record.hectares), "farmland_hectares": str(record.farmland_hectares)}
        record.hectares = hectares
        record.farmland_hectares = farmland
        record.recorded_by = acting_user
        record.save(update_fields=["hectares", "farmland_hectares", "recorded_by"])
    else:
        record = ApprovedLand.objects.create(
            case=case, hectares=hectares, farmland_hectares=farmland, recorded_by=acting_user
        )
    audit.record(
        "projects.record_approved_land",
        actor=acting_user,
        target=project,
        old=old,
        new={
            "case": case.number,
            "hectares": str(hectares),
            "farmland_hectares": str(farmland),
        },
    )
    return record


@transaction.atomic
def record_service(
    project: KeyProject,
    *,
    kind: str,
    held_on: date | None,
    participants: str,
    notes: str,
    place: str = "",
    acting_user,
) -> ProjectService:
    """Record a pre-application consultation (提前介入) or an on-site service (上门服务)."""
    project = _visible_project(project, acting_user)
    if not works_for(project, acting_user, SERVICE_ROLES):
        raise PermissionDenied(
            _("Only the project's coordinator and the staff deciding its approvals record this.")
        )
    errors = {}
    if kind not in ServiceKind.values:
        errors["kind"] = _("Choose a consultation or an on-site service.")
    if held_on is None:
        errors["held_on"] = _("Enter the date.")
    elif held_on > core_clock.today():
        errors["held_on"] = _("The date cannot be in the future.")
    participants = (participants or "").strip()
    notes = (notes or "").strip()
    if not participants:
        errors["participants"] = _("Name the participants.")
    if not notes:
        errors["notes"] = _("Write down what was discussed and settled.")
    if errors:
        raise ValidationError(errors)
    service = ProjectService.objects.create(
        project=project,
        kind=kind,
        held_on=held_on,
        place=(place or "").strip(),
        participants=participants,
        notes=notes,
        recorded_by=acting_user,
    )
    audit.record(
        "projects.record_service",
        actor=acting_user,
        target=project,
        new={"service": service.pk, "kind": kind, "held_on": held_on.isoformat()},
    )
    return service


def coordinator_since(project: KeyProject):
    """When the project's current coordinator took it on: the time of the
    earliest history row of the latest unbroken run with this coordinator (the
    project's registration when it was registered with him). None: no history.
    """
    since = None
    rows = project.history.order_by("-history_date", "-history_id").values_list(
        "coordinator_id", "history_date"
    )
    for coordinator_id, history_date in rows.iterator():
        if coordinator_id != project.coordinator_id:
            break
        since = history_date
    return since


@transaction.atomic
def notify_project_events(since_event_id: int | None = None, now=None) -> int:
    """Notify each key project's coordinator of every new event of its cases.

    Reads the case events after the cursor (or after ``since_event_id``),
    sends one notice per event to the coordinator (the notice key makes a
    repeated run harmless) and moves the cursor on. Returns the number of
    notices created.

    A coordinator is told of what happens from the moment he took the project
    on (``coordinator_since``): events of its cases that happened before —
    a case's history before the project had a coordinator, or before it was
    registered — are read past without a notice. A project with no history
    row starts at the first run that sees it (``now``).
    """
    from xiaoneng.supervision.choices import NotificationKind
    from xiaoneng.supervision.notifications import notify

    cursor, _created = NoticeCursor.objects.select_for_update().get_or_create(name=NOTICE_CURSOR)
    after = cursor.last_event_id if since_event_id is None else since_event_id
    sent = 0
    last = after
    now = now or timezone.now()
    starts: dict[int, object] = {}
    while True:
        events = list(
            CaseEvent.objects.filter(
                pk__gt=last,
                case__key_project__isnull=False,
                case__key_project__coordinator__isnull=False,
            )
            .select_related("case__key_project__coordinator", "case__service_item")
            .order_by("pk")[:NOTICE_BATCH]
        )
        if not events:
            break
        for event in events:
            project = event.case.key_project
            if project.pk not in starts:
                starts[project.pk] = coordinator_since(project) or now
            if event.at < starts[project.pk]:
                continue
            sent += len(
                notify(
                    [project.coordinator],
                    kind=NotificationKind.PROJECT,
                    key=f"project-event-{event.pk}",
                    title=_("Key project {project}: {event} ({case})").format(
                        project=project.name,
                        event=event.get_kind_display(),
                        case=event.case.number,
                    ),
                    body=_("{item}, stage {stage}.").format(
                        item=event.case.service_item.name, stage=event.stage_name or "—"
                    ),
                    url=reverse("projects:detail", args=[project.code]),
                )
            )
        last = events[-1].pk
    if last > cursor.last_event_id:
        cursor.last_event_id = last
        cursor.save(update_fields=["last_event_id", "updated_at"])
    return sent
