"""Every change of a case: one function per action (STYLE.md "Actions").

Each action runs in one transaction, locks the case row, checks that the
acting user may act on this case now, checks the transition, writes the new
state with ``save(update_fields=…)``, appends one hash-chained event and
re-reads the clock. A refusal raises before anything is written:

- the case is outside the user's scope → ``Http404`` (as if it did not exist);
- the user's role may not take this action here → ``PermissionDenied`` (403);
- the case's state does not allow it → ``TransitionError`` (409);
- the input is incomplete or wrong → ``ValidationError`` (400).

Law: 行政许可法 Art. 32 (acceptance, one-time notice within 5 days, else
deemed accepted), Art. 38 (a denial gives reasons), Art. 42 (limit and one
extension), Art. 45 (paused time), Art. 44 (issue after the decision).
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import numbering
from xiaoneng.cases.choices import (
    PUBLIC_EVENTS,
    SUPERVISION_EVENTS,
    ApplicantKind,
    Channel,
    DecisionResult,
    DocumentKind,
    EventKind,
    ExtensionStatus,
    PauseKind,
    Status,
)
from xiaoneng.cases.clock import CLOCK_FIELDS, acceptance_deadline, read_clock
from xiaoneng.cases.files import inspect_upload
from xiaoneng.cases.models import (
    Case,
    CaseEvent,
    CaseMaterial,
    Document,
    KeyProject,
    Pause,
    RuleSet,
)
from xiaoneng.cases.scope import user_roles
from xiaoneng.catalog.choices import Category, StageKind
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core import bulk
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.hashchain import link_hash
from xiaoneng.core.validators import validate_credit_code, validate_id_number
from xiaoneng.org.choices import Role
from xiaoneng.org.scope import authority_of
from xiaoneng.workdays.services import get_calendar

User = get_user_model()

SUPERVISING_ROLES = {Role.REVIEWER, Role.APPROVER}


# -- helpers -------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _day(now: datetime) -> date:
    return timezone.localdate(now)


def _lock(case: Case, acting_user) -> Case:
    """Re-read and lock the case, or 404 when the user may not see it."""
    try:
        return (
            Case.objects.visible_to(acting_user)
            .select_for_update()
            .select_related("service_item", "authority__region")
            .get(pk=case.pk)
        )
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _require_role(acting_user, roles, message: str) -> None:
    _require(bool(user_roles(acting_user) & {str(role) for role in roles}), message)


def _require_status(case: Case, statuses, message: str) -> None:
    if case.status not in statuses:
        raise TransitionError(
            _("{message} (the case is “{status}”).").format(
                message=message, status=case.get_status_display()
            )
        )


def _require_text(value: str | None, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _require_stage_actor(case: Case, acting_user, kinds) -> dict:
    """The current stage must be of ``kinds`` and the user must hold its role."""
    stage = case.stage
    if stage is None or stage["kind"] not in kinds:
        raise TransitionError(
            _("The case is not at a stage where this can be done (now: {stage}).").format(
                stage=stage["name"] if stage else "—"
            )
        )
    _require_role(
        acting_user,
        [stage["role"]],
        _("Only the {role} of the stage “{stage}” may do this.").format(
            role=Role(stage["role"]).label, stage=stage["name"]
        ),
    )
    if stage["role"] == Role.HANDLER and case.handler_id not in (None, acting_user.pk):
        raise PermissionDenied(_("Only the assigned handler may act at this stage."))
    return stage


def _append_event(case, kind, *, acting_user, now, from_status, data=None) -> CaseEvent:
    stage = case.stage
    event = CaseEvent(
        case=case,
        seq=case.event_count + 1,
        kind=kind,
        at=now,
        actor=acting_user if acting_user is not None and acting_user.pk else None,
        actor_name=(acting_user.get_full_name() or acting_user.get_username())
        if acting_user is not None
        else "",
        from_status=from_status,
        to_status=case.status,
        stage_name=stage["name"] if stage else "",
        data=data or {},
        public=kind in PUBLIC_EVENTS,
    )
    event.seal(case.number, case.last_event_hash)
    event.save(force_insert=True)
    case.event_count = event.seq
    case.last_event_hash = event.hash
    case.last_event_at = event.at
    return event


def _save(case: Case, fields: list[str], now: datetime) -> None:
    """Re-read the clock and save the changed fields with it."""
    clock = read_clock(case, get_calendar(), _day(now))
    for name, value in clock.items():
        setattr(case, name, value)
    case.save(update_fields=[*fields, *CLOCK_FIELDS, *CHAIN_FIELDS, "updated_at"])


def _issue_document(case: Case, kind: str, now: datetime, content: dict) -> Document:
    return Document.objects.create(
        case=case,
        kind=kind,
        number=numbering.document_number(case.authority, kind, _day(now).year),
        issued_on=_day(now),
        content=content,
    )


CHAIN_FIELDS = ["event_count", "last_event_hash", "last_event_at"]
STAGE_FIELDS = ["stage_index", "stage_name", "stage_role", "stage_started_on"]


def _enter_stage(case: Case, index: int, now: datetime) -> None:
    case.stage_index = index
    case.stage_name = case.stages[index]["name"]
    case.stage_role = case.stages[index]["role"]
    case.stage_started_on = _day(now)


def _stage_index(case: Case, kind: str) -> int | None:
    return next((i for i, stage in enumerate(case.stages) if stage["kind"] == kind), None)


# -- guards: who may take which action now ----------------------------------------
# Each raises PermissionDenied (wrong role, 403) or TransitionError (wrong
# moment, 409). The actions call them on the locked row; the workbench calls
# them to show exactly the actions a user may take.

OPEN_UNDECIDED = [Status.RECEIVED, Status.SUPPLEMENT, Status.IN_REVIEW, Status.PAUSED]


def guard_attach_material(case, user):
    _require_role(
        user, [Role.CLERK, Role.HANDLER], _("Only staff handling the case add materials.")
    )
    _require_status(case, OPEN_UNDECIDED, _("Materials can only be added to an open case"))


def guard_accept(case, user):
    _require_role(user, [Role.CLERK], _("Only a window clerk accepts applications."))
    _require_status(
        case, [Status.RECEIVED, Status.SUPPLEMENT], _("Only a received application can be accepted")
    )


def guard_request_supplement(case, user):
    _require_role(
        user, [Role.CLERK], _("Only a window clerk issues the notice of missing materials.")
    )
    _require_status(
        case, [Status.RECEIVED], _("A notice of missing materials is given once, before acceptance")
    )


def guard_refuse(case, user):
    _require_role(user, [Role.CLERK], _("Only a window clerk refuses applications."))
    _require_status(
        case,
        [Status.RECEIVED, Status.SUPPLEMENT],
        _("Only an application not yet accepted can be refused"),
    )


def guard_assign(case, user):
    _require_role(
        user,
        [Role.CLERK, *SUPERVISING_ROLES],
        _("Only a clerk, reviewer or approver assigns handlers."),
    )
    _require_status(case, OPEN_UNDECIDED, _("Only an open case can be assigned"))


def _refuse_at_committee(case) -> None:
    """A committee stage is left only by the committee's vote (do_record_committee_opinion)."""
    stage = case.stage
    if stage is not None and stage["kind"] == StageKind.COMMITTEE:
        raise TransitionError(
            _(
                "The case is at the committee stage “{stage}”: only the committee's vote at "
                "a meeting moves it on or back. Put it on the agenda of a meeting."
            ).format(stage=stage["name"])
        )


def guard_advance(case, user):
    _require_status(case, [Status.IN_REVIEW], _("Only a case under review moves forward"))
    _refuse_at_committee(case)
    _require_stage_actor(case, user, [StageKind.REVIEW])


def guard_send_back(case, user):
    _require_status(case, [Status.IN_REVIEW], _("Only a case under review can be sent back"))
    _refuse_at_committee(case)
    _require_stage_actor(case, user, [StageKind.REVIEW, StageKind.DECISION])
    if case.stage_index <= 1:
        raise TransitionError(_("The first review stage has no stage before it."))


def guard_pause(case, user):
    _require_status(case, [Status.IN_REVIEW], _("Only a case under review can be paused"))
    _require_case_worker(case, user)


def guard_resume(case, user):
    _require_status(case, [Status.PAUSED], _("Only a paused case can resume"))
    _require_case_worker(case, user)


def guard_request_extension(case, user):
    _require_status(
        case, [Status.IN_REVIEW, Status.PAUSED], _("Only a case under review can be extended")
    )
    _require_case_worker(case, user)
    if case.extension_status != ExtensionStatus.NONE:
        raise TransitionError(_("A case may be extended only once (Art. 42)."))
    if not case.rules.get("max_extension_days"):
        raise TransitionError(_("The regulation of this item allows no extension."))


def guard_decide_extension(case, user):
    _require_role(user, [Role.APPROVER], _("Only an approver decides on extensions."))
    if case.extension_status != ExtensionStatus.REQUESTED:
        raise TransitionError(_("No extension request is waiting for a decision."))
    _require_status(case, [Status.IN_REVIEW, Status.PAUSED], _("Only an open case can be extended"))


def guard_decide(case, user):
    _require_status(case, [Status.IN_REVIEW], _("Only a case under review can be decided"))
    _require_stage_actor(case, user, [StageKind.DECISION])


def guard_complete(case, user):
    _require_role(user, [Role.CLERK], _("Only a window clerk issues the licence."))
    _require_status(case, [Status.APPROVED], _("Only an approved case can be completed"))


def guard_withdraw(case, user):
    is_applicant = case.applicant_user_id is not None and case.applicant_user_id == user.pk
    if not is_applicant:
        _require_role(
            user, [Role.CLERK], _("Only the applicant or a window clerk records a withdrawal.")
        )
    _require_status(case, OPEN_UNDECIDED, _("Only an undecided case can be withdrawn"))


def _require_case_worker(case, user) -> None:
    """The assigned handler, or whoever holds the current stage's role."""
    stage = case.stage
    roles = user_roles(user)
    if case.handler_id == user.pk and Role.HANDLER in roles:
        return
    # A stage held by a role other than handler is open to all its holders; a
    # handler stage is open to any handler only while nobody is assigned.
    if (
        stage
        and stage["role"] in roles
        and (stage["role"] != Role.HANDLER or case.handler_id is None)
    ):
        return
    raise PermissionDenied(_("Only the handler or the officer of the current stage may do this."))


GUARDS = {
    "attach_material": guard_attach_material,
    "accept": guard_accept,
    "request_supplement": guard_request_supplement,
    "refuse": guard_refuse,
    "assign": guard_assign,
    "advance": guard_advance,
    "send_back": guard_send_back,
    "pause": guard_pause,
    "resume": guard_resume,
    "request_extension": guard_request_extension,
    "approve_extension": guard_decide_extension,
    "reject_extension": guard_decide_extension,
    "decide": guard_decide,
    "complete": guard_complete,
    "withdraw": guard_withdraw,
}


# A penalty case (行政处罚) moves through the enforcement app's steps, which
# call these actions themselves after the penalty's own checks (notice and
# statement period, discretion range); the generic workbench and API do not
# offer them on a penalty case.
PENALTY_STEPS = frozenset(
    ["accept", "request_supplement", "refuse", "advance", "send_back", "decide", "complete"]
)


def require_generic_step(case, name: str) -> None:
    """Refuse a generic workbench or API step that a penalty case takes elsewhere."""
    if name in PENALTY_STEPS and case.service_item.category == Category.PENALTY:
        raise TransitionError(
            _("A penalty case moves through the penalty steps on its enforcement page.")
        )


def allowed_actions(case, user) -> list[str]:
    """The actions ``user`` may take on ``case`` now (the workbench's buttons)."""
    allowed = []
    penalty = case.service_item.category == Category.PENALTY
    for name, guard in GUARDS.items():
        if penalty and name in PENALTY_STEPS:
            continue
        try:
            guard(case, user)
        except (PermissionDenied, TransitionError):
            continue
        allowed.append(name)
    return allowed


# -- registration --------------------------------------------------------------


def validate_applicant(kind: str, name: str, id_number: str, credit_code: str, phone: str):
    errors = {}
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("Choose a natural person or an organisation.")
    if not (name or "").strip():
        errors["applicant_name"] = _("The applicant's name is required.")
    if not (phone or "").strip():
        errors["phone"] = _("A phone number is required.")
    try:
        if kind == ApplicantKind.PERSON:
            validate_id_number(id_number or "")
        elif kind == ApplicantKind.ORG:
            validate_credit_code(credit_code or "")
    except ValidationError as exc:
        errors["id_number" if kind == ApplicantKind.PERSON else "credit_code"] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_submit(
    *,
    acting_user,
    service_item: ServiceItem,
    channel: str,
    applicant_kind: str,
    applicant_name: str,
    phone: str,
    id_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    address: str = "",
    title: str = "",
    quantity: Decimal | int | None = None,
    key_project: KeyProject | None = None,
    authority=None,
    now: datetime | None = None,
) -> Case:
    """Register an application (at the window or received online).

    The case keeps the item's rules as they are now; a key project's shorter
    promised limit replaces the item's.
    """
    now = _now(now)
    _require_role(acting_user, [Role.CLERK], _("Only a window clerk registers applications."))
    profile = getattr(acting_user, "profile", None)
    _require(profile is not None, _("This account has no staff profile."))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("The channel must be “window” or “online”.")})
    if not service_item.is_active:
        raise ValidationError({"service_item": _("This service item is no longer offered.")})
    if channel == Channel.ONLINE and not service_item.online_allowed:
        raise ValidationError({"channel": _("This item cannot be applied for online.")})
    id_number = (id_number or "").strip().upper()
    credit_code = (credit_code or "").strip().upper()
    validate_applicant(applicant_kind, applicant_name, id_number, credit_code, phone)
    own_authority = authority_of(profile.unit)
    authority = authority or own_authority
    _require(
        authority == own_authority,
        _("A clerk registers applications for his own department or bureau only."),
    )
    if authority.region.level != service_item.level:
        raise ValidationError(
            {"service_item": _("This item is decided at another level of government.")}
        )
    return _register_case(
        acting_user=acting_user,
        service_item=service_item,
        channel=channel,
        authority=authority,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name,
        phone=phone,
        id_number=id_number,
        credit_code=credit_code,
        legal_representative=legal_representative,
        address=address,
        title=title,
        quantity=quantity,
        key_project=key_project,
        now=now,
    )


def _register_case(
    *,
    acting_user,
    service_item,
    channel,
    authority,
    applicant_kind,
    applicant_name,
    phone,
    id_number,
    credit_code,
    legal_representative,
    address,
    title,
    quantity,
    key_project,
    now,
    applicant_user=None,
) -> Case:
    """Create the validated application with its first event (shared by both channels).

    The case keeps the item's rules as they are now; a key project's shorter
    promised limit replaces the item's.
    """
    rules = service_item.rules_snapshot()
    if key_project is not None and key_project.promised_limit_days:
        rules["promised_limit_days"] = min(
            rules["promised_limit_days"], key_project.promised_limit_days
        )
    today = _day(now)
    case = Case(
        number=numbering.case_number(authority, service_item, today.year),
        service_item=service_item,
        authority=authority,
        unit=service_item.unit if authority.region_id == service_item.unit.region_id else authority,
        channel=channel,
        status=Status.RECEIVED,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        id_number=id_number if applicant_kind == ApplicantKind.PERSON else "",
        credit_code=credit_code if applicant_kind == ApplicantKind.ORG else "",
        legal_representative=legal_representative.strip(),
        phone=phone.strip(),
        address=address.strip(),
        title=title.strip(),
        key_project=key_project,
        applicant_user=applicant_user,
        rule_set=RuleSet.of(rules),
        stage_index=0,
        stage_name=rules["stages"][0]["name"],
        stage_role=rules["stages"][0]["role"],
        stage_started_on=today,
        received_at=now,
        received_on=today,
        fee_due=service_item.fee_for(quantity),
    )
    clock = read_clock(case, get_calendar(), today, pauses=[])
    for name, value in clock.items():
        setattr(case, name, value)
    case.save(force_insert=True)
    _append_event(
        case,
        EventKind.SUBMITTED,
        acting_user=acting_user,
        now=now,
        from_status="",
        data={"channel": channel, "item": service_item.code},
    )
    case.save(update_fields=CHAIN_FIELDS)
    return case


# -- the applicant's own path (the public portal) --------------------------------


def _require_applicant(acting_user) -> None:
    """An applicant account (no staff profile), or None for a one-off application."""
    if acting_user is None:
        return
    _require(
        acting_user.is_authenticated and acting_user.is_active,
        _("Log in with an active applicant account."),
    )
    _require(
        getattr(acting_user, "profile", None) is None,
        _("Staff register applications at the window, not on the portal."),
    )


def _inspect_uploads(entries) -> list[tuple]:
    """Check every upload before anything is written; errors keyed by the entry's field.

    ``entries`` holds (field, name, catalogue material or None, file); the
    result adds (content type, SHA-256, size) to each.
    """
    checked, errors = [], {}
    for field, name, material, file in entries:
        try:
            checked.append((name, material, file, *inspect_upload(file)))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return checked


def _store_uploads(case: Case, checked, *, acting_user, now) -> list[CaseMaterial]:
    """Keep the checked files and append a MATERIAL_ADDED event for each.

    A failure part-way removes the files already stored: the transaction
    rolls the rows back, and no orphan file stays on disk.
    """
    rows = []
    try:
        for name, material, file, content_type, sha256, size in checked:
            row = CaseMaterial(
                case=case,
                material=material,
                name=name,
                content_type=content_type,
                size=size,
                sha256=sha256,
                uploaded_at=now,
                uploaded_by=acting_user,
            )
            row.file.save(file.name, file, save=False)
            rows.append(row)
            row.save(force_insert=True)
            _append_event(
                case,
                EventKind.MATERIAL_ADDED,
                acting_user=acting_user,
                now=now,
                from_status=case.status,
                data={"name": name, "sha256": sha256, "size": size, "type": content_type},
            )
    except BaseException:
        for row in rows:
            row.file.delete(save=False)
        raise
    return rows


@transaction.atomic
def do_submit_online(
    *,
    acting_user,
    service_item: ServiceItem,
    applicant_kind: str,
    applicant_name: str,
    phone: str,
    id_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    address: str = "",
    title: str = "",
    quantity: Decimal | int | None = None,
    authority=None,
    materials=(),
    now: datetime | None = None,
) -> Case:
    """An application made on the public portal, with one upload per required material.

    ``acting_user`` is the applicant's account (the case is linked to it) or
    None for a one-off application. The case goes to the item's deciding
    authority (or ``authority``, one of the item's level) and waits in its
    window clerk's queue like a window registration. ``materials`` holds
    (catalogue material, uploaded file) pairs; every upload is checked before
    anything is written.
    """
    now = _now(now)
    _require_applicant(acting_user)
    if not service_item.is_active:
        raise ValidationError({"service_item": _("This service item is no longer offered.")})
    if not service_item.online_allowed:
        raise ValidationError({"service_item": _("This item cannot be applied for online.")})
    id_number = (id_number or "").strip().upper()
    credit_code = (credit_code or "").strip().upper()
    validate_applicant(applicant_kind, applicant_name, id_number, credit_code, phone)
    authority = authority or authority_of(service_item.unit)
    if authority_of(authority) != authority or authority.region.level != service_item.level:
        raise ValidationError(
            {"authority": _("Choose a department or bureau that decides this item.")}
        )
    given = {material.pk: (material, file) for material, file in materials if file}
    errors = {}
    for material in service_item.materials.all():
        if material.required and material.pk not in given:
            errors[f"material_{material.pk}"] = _("Upload “{name}”.").format(name=material.name)
    if any(material.item_id != service_item.pk for material, _file in given.values()):
        errors["materials"] = _("A material belongs to another service item.")
    if errors:
        raise ValidationError(errors)
    checked = _inspect_uploads(
        (f"material_{pk}", material.name, material, file) for pk, (material, file) in given.items()
    )
    case = _register_case(
        acting_user=acting_user,
        service_item=service_item,
        channel=Channel.ONLINE,
        authority=authority,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name,
        phone=phone,
        id_number=id_number,
        credit_code=credit_code,
        legal_representative=legal_representative,
        address=address,
        title=title,
        quantity=quantity,
        key_project=None,
        now=now,
        applicant_user=acting_user,
    )
    _store_uploads(case, checked, acting_user=acting_user, now=now)
    _save(case, [], now)
    return case


@transaction.atomic
def do_supplement_online(case, *, acting_user, files, now=None) -> list[CaseMaterial]:
    """The applicant uploads the materials a notice of missing materials listed.

    Only the case's own applicant account, and only while the one-time
    notice is open (the clerk then accepts or refuses). ``files`` holds
    (field, name, file) triples; a name equal to one of the item's materials
    is linked to it.
    """
    now = _now(now)
    _require_applicant(acting_user)
    if acting_user is None:
        raise PermissionDenied(_("Log in with the account that applied."))
    try:
        case = (
            Case.objects.select_for_update()
            .select_related("service_item")
            .get(pk=case.pk, applicant_user=acting_user)
        )
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None
    _require_status(
        case,
        [Status.SUPPLEMENT],
        _("Materials are supplemented while a notice of missing materials is open"),
    )
    files = [(field, name, file) for field, name, file in files if file]
    if not files:
        raise ValidationError({"files": _("Upload at least one of the missing materials.")})
    catalogue = {material.name: material for material in case.service_item.materials.all()}
    checked = _inspect_uploads(
        (field, name, catalogue.get(name), file) for field, name, file in files
    )
    rows = _store_uploads(case, checked, acting_user=acting_user, now=now)
    _save(case, [], now)
    return rows


@transaction.atomic
def do_attach_material(case, *, acting_user, name: str, file, material=None, now=None):
    """Keep an uploaded material with its SHA-256 (type checked by content)."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_attach_material(case, acting_user)
    name = _require_text(name, "name", _("Name the material."))
    if material is not None and material.item_id != case.service_item_id:
        raise ValidationError({"material": _("This material belongs to another service item.")})
    checked = _inspect_uploads([("file", name, material, file)])
    (row,) = _store_uploads(case, checked, acting_user=acting_user, now=now)
    _save(case, [], now)
    return row


# -- acceptance (Art. 32) ------------------------------------------------------


@transaction.atomic
def do_accept(case, *, acting_user, now=None) -> Case:
    """Accept the application; issue the notice of acceptance.

    With no notice of missing materials within 5 working days of receipt the
    application counts as accepted on the day of receipt (Art. 32).
    """
    now = _now(now)
    case = _lock(case, acting_user)
    guard_accept(case, acting_user)
    today = _day(now)
    deadline = acceptance_deadline(get_calendar(), case.received_on)
    deemed = case.status == Status.RECEIVED and today > deadline
    from_status = case.status
    case.status = Status.IN_REVIEW
    case.accepted_on = case.received_on if deemed else today
    case.deemed_accepted = deemed
    _enter_stage(case, 1, now)
    document = _issue_document(
        case,
        DocumentKind.ACCEPTANCE,
        now,
        {"accepted_on": case.accepted_on.isoformat(), "deemed": deemed},
    )
    _append_event(
        case,
        EventKind.ACCEPTED,
        acting_user=acting_user,
        now=now,
        from_status=from_status,
        data={
            "accepted_on": case.accepted_on.isoformat(),
            "deemed": deemed,
            "document": document.number,
        },
    )
    _save(case, ["status", "accepted_on", "deemed_accepted", *STAGE_FIELDS], now)
    return case


@transaction.atomic
def do_request_supplement(
    case, *, acting_user, missing: list[str], note: str = "", now=None
) -> Case:
    """One notice listing every missing material (一次性告知), within 5 working days."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_request_supplement(case, acting_user)
    missing = [item.strip() for item in (missing or []) if item and item.strip()]
    if not missing:
        raise ValidationError({"missing": _("List every missing material in the one notice.")})
    deadline = acceptance_deadline(get_calendar(), case.received_on)
    if _day(now) > deadline:
        raise TransitionError(
            _(
                "More than 5 working days have passed since receipt ({deadline}): the "
                "application counts as accepted on the day of receipt (Art. 32). Accept it."
            ).format(deadline=deadline.isoformat())
        )
    case.status = Status.SUPPLEMENT
    case.supplement_count += 1
    document = _issue_document(
        case, DocumentKind.SUPPLEMENT, now, {"missing": missing, "note": note.strip()}
    )
    _append_event(
        case,
        EventKind.SUPPLEMENT_REQUESTED,
        acting_user=acting_user,
        now=now,
        from_status=Status.RECEIVED,
        data={"missing": missing, "note": note.strip(), "document": document.number},
    )
    _save(case, ["status", "supplement_count"], now)
    return case


@transaction.atomic
def do_refuse(case, *, acting_user, reason: str, legal_basis: str, now=None) -> Case:
    """Refuse to accept (不予受理): a reason and its legal basis are required."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_refuse(case, acting_user)
    reason = _require_text(reason, "reason", _("Give the reason for the refusal."))
    legal_basis = _require_text(
        legal_basis, "legal_basis", _("Give the legal basis of the refusal.")
    )
    from_status = case.status
    case.status = Status.REFUSED
    case.refusal_reason = reason
    case.refusal_basis = legal_basis
    case.closed_on = _day(now)
    document = _issue_document(
        case, DocumentKind.REFUSAL, now, {"reason": reason, "legal_basis": legal_basis}
    )
    _append_event(
        case,
        EventKind.REFUSED,
        acting_user=acting_user,
        now=now,
        from_status=from_status,
        data={"reason": reason, "legal_basis": legal_basis, "document": document.number},
    )
    _save(case, ["status", "refusal_reason", "refusal_basis", "closed_on"], now)
    return case


# -- review ----------------------------------------------------------------------


@transaction.atomic
def do_assign(case, *, acting_user, handler, now=None) -> Case:
    """Give the case to a handler of the same authority."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_assign(case, acting_user)
    profile = getattr(handler, "profile", None)
    if (
        handler is None
        or not handler.is_active
        or profile is None
        or Role.HANDLER not in user_roles(handler)
        or authority_of(profile.unit) != case.authority
    ):
        raise ValidationError(
            {"handler": _("Choose an active handler of this department or bureau.")}
        )
    if case.handler_id == handler.pk:
        return case
    previous = case.handler.get_username() if case.handler_id else ""
    case.handler = handler
    _append_event(
        case,
        EventKind.ASSIGNED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={
            "handler": handler.get_username(),
            "handler_name": handler.get_full_name(),
            "previous": previous,
        },
    )
    _save(case, ["handler"], now)
    return case


@transaction.atomic
def do_advance(case, *, acting_user, opinion: str, now=None) -> Case:
    """Forward the case from a review stage to the next stage, with an opinion."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_advance(case, acting_user)
    stage = case.stage
    opinion = _require_text(opinion, "opinion", _("Write your opinion before forwarding."))
    _enter_stage(case, case.stage_index + 1, now)
    _append_event(
        case,
        EventKind.ADVANCED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={"opinion": opinion, "from_stage": stage["name"], "to_stage": case.stage["name"]},
    )
    _save(case, STAGE_FIELDS, now)
    return case


@transaction.atomic
def do_send_back(case, *, acting_user, reason: str, now=None) -> Case:
    """Return the case to the previous review stage, with the reason."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_send_back(case, acting_user)
    stage = case.stage
    reason = _require_text(reason, "reason", _("Say why the case goes back."))
    _enter_stage(case, case.stage_index - 1, now)
    _append_event(
        case,
        EventKind.SENT_BACK,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={"reason": reason, "from_stage": stage["name"], "to_stage": case.stage["name"]},
    )
    _save(case, STAGE_FIELDS, now)
    return case


@transaction.atomic
def do_pause(case, *, acting_user, kind: str, reason: str, now=None) -> Case:
    """Stop the clock for time the law does not count (Art. 45); notify the applicant."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_pause(case, acting_user)
    if kind not in PauseKind.values:
        raise ValidationError({"kind": _("Choose the kind of pause.")})
    reason = _require_text(reason, "reason", _("Give the reason for the pause."))
    today = _day(now)
    if case.pauses.filter(end__gte=today).exists():
        raise TransitionError(_("A pause ended today; the clock resumes tomorrow."))
    Pause.objects.create(case=case, kind=kind, reason=reason, start=today)
    case.status = Status.PAUSED
    document = _issue_document(
        case, DocumentKind.PAUSE, now, {"kind": kind, "reason": reason, "start": today.isoformat()}
    )
    _append_event(
        case,
        EventKind.PAUSED,
        acting_user=acting_user,
        now=now,
        from_status=Status.IN_REVIEW,
        data={"kind": kind, "reason": reason, "document": document.number},
    )
    _save(case, ["status"], now)
    return case


@transaction.atomic
def do_resume(case, *, acting_user, now=None) -> Case:
    """End the running pause; the clock counts again from the next working day."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_resume(case, acting_user)
    pause = case.pauses.get(end__isnull=True)
    pause.end = _day(now)
    pause.save(update_fields=["end"])
    case.status = Status.IN_REVIEW
    _append_event(
        case,
        EventKind.RESUMED,
        acting_user=acting_user,
        now=now,
        from_status=Status.PAUSED,
        data={"kind": pause.kind, "start": pause.start.isoformat(), "end": pause.end.isoformat()},
    )
    _save(case, ["status"], now)
    return case


# -- extension (Art. 42) ---------------------------------------------------------


@transaction.atomic
def do_request_extension(case, *, acting_user, days: int, reason: str, now=None) -> Case:
    """Ask the approver for the one extension the law allows."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_request_extension(case, acting_user)
    cap = case.rules.get("max_extension_days", 10)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= cap:
        raise ValidationError(
            {"days": _("An extension is 1 to {cap} working days.").format(cap=cap)}
        )
    reason = _require_text(reason, "reason", _("Give the reason for the extension."))
    case.extension_status = ExtensionStatus.REQUESTED
    case.extension_requested_days = days
    case.extension_reason = reason
    _append_event(
        case,
        EventKind.EXTENSION_REQUESTED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={"days": days, "reason": reason},
    )
    _save(case, ["extension_status", "extension_requested_days", "extension_reason"], now)
    return case


def _decide_extension(case, *, acting_user, approve: bool, note: str, now) -> Case:
    case = _lock(case, acting_user)
    guard_decide_extension(case, acting_user)
    fields = ["extension_status"]
    data = {"days": case.extension_requested_days, "note": note.strip()}
    if approve:
        case.extension_status = ExtensionStatus.APPROVED
        case.extension_days = case.extension_requested_days
        fields.append("extension_days")
        document = _issue_document(
            case,
            DocumentKind.EXTENSION,
            now,
            {"days": case.extension_days, "reason": case.extension_reason},
        )
        data["document"] = document.number
    else:
        case.extension_status = ExtensionStatus.REJECTED
    _append_event(
        case,
        EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REJECTED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data=data,
    )
    _save(case, fields, now)
    return case


@transaction.atomic
def do_approve_extension(case, *, acting_user, note: str = "", now=None) -> Case:
    return _decide_extension(case, acting_user=acting_user, approve=True, note=note, now=_now(now))


@transaction.atomic
def do_reject_extension(case, *, acting_user, note: str = "", now=None) -> Case:
    return _decide_extension(case, acting_user=acting_user, approve=False, note=note, now=_now(now))


# -- decision and completion -----------------------------------------------------


@transaction.atomic
def do_decide(case, *, acting_user, result: str, reason: str = "", now=None) -> Case:
    """Grant or deny the licence; a denial states its reasons (Art. 38)."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_decide(case, acting_user)
    if result not in DecisionResult.values:
        raise ValidationError({"result": _("The decision is “approve” or “deny”.")})
    reason = (reason or "").strip()
    if result == DecisionResult.DENY and not reason:
        raise ValidationError({"reason": _("A denial must give its reasons (Art. 38).")})
    approve = result == DecisionResult.APPROVE
    kind = DocumentKind.APPROVAL if approve else DocumentKind.DENIAL
    document = _issue_document(case, kind, now, {"result": result, "reason": reason})
    case.status = Status.APPROVED if approve else Status.DENIED
    case.decision_result = result
    case.decision_reason = reason
    case.decision_number = document.number
    case.decided_on = _day(now)
    fields = ["status", "decision_result", "decision_reason", "decision_number", "decided_on"]
    if approve:
        issue = _stage_index(case, StageKind.ISSUE)
        if issue is not None:
            _enter_stage(case, issue, now)
            fields += STAGE_FIELDS
    else:
        case.closed_on = case.decided_on
        fields.append("closed_on")
    _append_event(
        case,
        EventKind.DECIDED,
        acting_user=acting_user,
        now=now,
        from_status=Status.IN_REVIEW,
        data={"result": result, "reason": reason, "document": document.number},
    )
    _save(case, fields, now)
    return case


@transaction.atomic
def do_complete(case, *, acting_user, fee_charged: Decimal | None = None, now=None) -> Case:
    """Issue the licence and close the case (办结), recording the fee charged."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_complete(case, acting_user)
    if fee_charged is None:
        fee_charged = case.fee_due
    try:
        fee_charged = Decimal(str(fee_charged)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise ValidationError({"fee_charged": _("Enter the fee charged in yuan.")}) from None
    if fee_charged < 0:
        raise ValidationError({"fee_charged": _("The fee cannot be negative.")})
    case.status = Status.COMPLETED
    case.fee_charged = fee_charged
    case.closed_on = _day(now)
    _append_event(
        case,
        EventKind.COMPLETED,
        acting_user=acting_user,
        now=now,
        from_status=Status.APPROVED,
        data={"fee_charged": str(fee_charged), "fee_due": str(case.fee_due)},
    )
    _save(case, ["status", "fee_charged", "closed_on"], now)
    return case


@transaction.atomic
def do_withdraw(case, *, acting_user, reason: str, now=None) -> Case:
    """Record the applicant's withdrawal (by the applicant, or the clerk on his written request)."""
    now = _now(now)
    case = _lock(case, acting_user)
    guard_withdraw(case, acting_user)
    reason = _require_text(reason, "reason", _("Give the applicant's reason for withdrawing."))
    from_status = case.status
    if case.status == Status.PAUSED:
        case.pauses.filter(end__isnull=True).update(end=_day(now))
    case.status = Status.WITHDRAWN
    case.withdrawal_reason = reason
    case.closed_on = _day(now)
    _append_event(
        case,
        EventKind.WITHDRAWN,
        acting_user=acting_user,
        now=now,
        from_status=from_status,
        data={"reason": reason},
    )
    _save(case, ["status", "withdrawal_reason", "closed_on"], now)
    return case


# -- supervision on the timeline ---------------------------------------------------


@transaction.atomic
def do_record_supervision(case, *, kind: str, acting_user=None, data=None, now=None) -> CaseEvent:
    """Put a supervision step (card, order) on the case's timeline and event chain.

    Called by the supervision app inside its own action's transaction; it
    changes nothing of the case but its chain. ``acting_user`` None means the
    system (a rule of the sweep). The supervision app checks its own
    permissions; this only refuses kinds that are not supervision events.
    """
    if kind not in SUPERVISION_EVENTS:
        raise ValueError(f"{kind} is not a supervision event")
    now = _now(now)
    case = Case.objects.select_for_update().get(pk=case.pk)
    worked_at = case.last_event_at
    event = _append_event(
        case, kind, acting_user=acting_user, now=now, from_status=case.status, data=data
    )
    # Supervision is not work on the case: the idle rule keeps counting.
    case.last_event_at = worked_at
    case.save(update_fields=CHAIN_FIELDS)
    return event


def do_record_supervision_many(entries, *, now=None, write_heads=True) -> dict:
    """The system's supervision steps on many cases at once: the sweep's rule cards.

    ``entries`` are ``(case_id, kind, data)``; each becomes one event on its
    case's chain, in the order given, exactly as ``do_record_supervision``
    with no acting user would write it — but in a few statements for the
    whole batch instead of three per event, and as plain rows: a first sweep
    of the day over a province issues tens of thousands of cards. Runs inside
    the caller's transaction; the cases are locked in primary-key order (no
    deadlock with another sweep or an action, which lock one case). Returns
    each case's new chain head: ``{case_id: (event_count, last_event_hash)}``.

    With ``write_heads=False`` the caller must write those heads in its own
    UPDATE of the same rows before this transaction ends: the sweep, which
    writes the same cases' clocks too, writes each row once instead of twice.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("do_record_supervision_many() must run inside a transaction")
    for _case_id, kind, _data in entries:
        if kind not in SUPERVISION_EVENTS:
            raise ValueError(f"{kind} is not a supervision event")
    if not entries:
        return {}
    now = _now(now)
    # Plain values; the stage's name from the few rule sets of the batch's cases.
    locked = list(
        Case.objects.select_for_update()
        .filter(pk__in_keys={case_id for case_id, _kind, _data in entries})
        .order_by("pk")
        .values_list(
            "pk", "number", "status", "rule_set_id", "stage_index", "event_count", "last_event_hash"
        )
    )
    rule_sets = RuleSet.objects.in_bulk({row[3] for row in locked})
    cases = {
        pk: (number, status, rule_sets[rule_set].stage_value(stage_index, "name"))
        for pk, number, status, rule_set, stage_index, *_head in locked
    }
    heads = {pk: (event_count, last_hash) for pk, *_case, event_count, last_hash in locked}
    rows = []
    for case_id, kind, data in entries:
        number, status, stage_name = cases[case_id]
        seq, prev_hash = heads[case_id][0] + 1, heads[case_id][1]
        # The system acts: no actor. Supervision is not a change of status.
        sealed = [seq, kind, now, None, "", status, status, stage_name, data or {}]
        sealed.append(kind in PUBLIC_EVENTS)
        digest = link_hash(prev_hash, CaseEvent.content_of(number, *sealed))
        rows.append((case_id, *sealed, prev_hash, digest))
        heads[case_id] = (seq, digest)
    bulk.insert_rows(CaseEvent, ["case_id", *CaseEvent.SEALED, "prev_hash", "hash"], rows)
    # Supervision is not work on the case: last_event_at (the idle rule's) stays.
    if write_heads:
        bulk.update(
            Case,
            ["event_count", "last_event_hash"],
            [(pk, *head) for pk, head in heads.items()],
        )
    return heads


@transaction.atomic
def do_link_key_project(case, *, project: KeyProject, acting_user, now=None) -> CaseEvent | None:
    """Put a case on a key project's board (green channel); returns the event, or None.

    Called by the projects app inside its own service's transaction, which
    checks who may link and that the case belongs to the project's region.
    A case already on this project is left as it is; a case on another
    project is refused. The case's rules (limits) are not changed: they are
    fixed at registration.
    """
    now = _now(now)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.key_project_id == project.pk:
        return None
    if case.key_project_id is not None:
        raise TransitionError(_("The case already belongs to another key project."))
    worked_at = case.last_event_at
    case.key_project = project
    event = _append_event(
        case,
        EventKind.PROJECT_LINKED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={"project": project.code},
    )
    # Linking is not work on the case: the idle rule keeps counting.
    case.last_event_at = worked_at
    case.save(update_fields=["key_project", *CHAIN_FIELDS, "updated_at"])
    return event


# -- review committees (审核委员会) ------------------------------------------------


@transaction.atomic
def do_record_committee_opinion(
    case, *, acting_user, passed: bool, opinion: str, committee: dict, now=None
) -> Case:
    """Write a review committee's result on the case and move the case on.

    Called by the committee app when the committee's secretary closes the vote
    on an agenda item; that app checks that he is the secretary and that the
    vote followed the committee's quorum and decision rules. Passed: the case
    goes on to the next stage (the decision). Not passed: it goes back to the
    stage before the committee, whose officer revises it or proposes a denial.
    The event (ADVANCED or SENT_BACK) carries the tally in ``data["committee"]``.
    """
    now = _now(now)
    case = _lock(case, acting_user)
    _require_status(
        case, [Status.IN_REVIEW], _("Only a case under review is decided by a committee")
    )
    stage = case.stage
    if stage is None or stage["kind"] != StageKind.COMMITTEE:
        raise TransitionError(
            _("The case is not at a committee stage (now: {stage}).").format(
                stage=stage["name"] if stage else "—"
            )
        )
    opinion = _require_text(opinion, "opinion", _("Write the committee's opinion."))
    _enter_stage(case, case.stage_index + (1 if passed else -1), now)
    data = {"from_stage": stage["name"], "to_stage": case.stage["name"], "committee": committee}
    data["opinion" if passed else "reason"] = opinion
    _append_event(
        case,
        EventKind.ADVANCED if passed else EventKind.SENT_BACK,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data=data,
    )
    _save(case, STAGE_FIELDS, now)
    return case


# -- administrative penalty cases (行政处罚; used by the enforcement app) ------------
# A penalty case runs on the same record, chain and clock as a licensing case:
# 立案 is its acceptance (the clock starts the day after opening), the
# investigation and the notice are review stages, 决定 the decision stage, and
# 执行 / 结案 the stages after it. These actions write only the case row; the
# enforcement app keeps the facts, the notice and the decision in its own
# rows and calls them inside its own transaction.


def _require_penalty_handler(case: Case, acting_user) -> None:
    if case.service_item.category != "penalty":
        raise TransitionError(_("This is not an administrative penalty case."))
    _require_role(acting_user, [Role.HANDLER], _("Only an investigating officer may do this."))
    if case.handler_id not in (None, acting_user.pk):
        raise PermissionDenied(_("Only the assigned handler may act at this stage."))


@transaction.atomic
def do_open_penalty_case(
    *,
    acting_user,
    service_item: ServiceItem,
    party_kind: str,
    party_name: str,
    id_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    phone: str = "",
    address: str = "",
    title: str = "",
    statutory_limit_days: int,
    now: datetime | None = None,
) -> Case:
    """Open (立案) a penalty case: the investigating officer becomes its handler.

    ``statutory_limit_days`` is the decision limit converted to working days
    by the caller (行政处罚法 Art. 60 counts calendar days). The case starts
    in review at its second stage (调查取证); its clock runs from the day
    after opening.
    """
    now = _now(now)
    _require_role(acting_user, [Role.HANDLER], _("Only an investigating officer opens a case."))
    profile = getattr(acting_user, "profile", None)
    _require(profile is not None, _("This account has no staff profile."))
    if service_item.category != "penalty" or not service_item.is_active:
        raise ValidationError({"service_item": _("Choose an active penalty item.")})
    id_number = (id_number or "").strip().upper()
    credit_code = (credit_code or "").strip().upper()
    validate_applicant(party_kind, party_name, id_number, credit_code, phone or "-")
    authority = authority_of(profile.unit)
    if authority.region.level != service_item.level:
        raise ValidationError(
            {"service_item": _("This item is decided at another level of government.")}
        )
    rules = service_item.rules_snapshot()
    if len(rules["stages"]) < 2:
        raise ValidationError({"service_item": _("The penalty item has no stage plan.")})
    rules["statutory_limit_days"] = rules["promised_limit_days"] = int(statutory_limit_days)
    rules["warning_days"] = min(rules["warning_days"], int(statutory_limit_days))
    today = _day(now)
    case = Case(
        number=numbering.case_number(authority, service_item, today.year),
        service_item=service_item,
        authority=authority,
        unit=service_item.unit if authority.region_id == service_item.unit.region_id else authority,
        channel=Channel.WINDOW,
        status=Status.IN_REVIEW,
        applicant_kind=party_kind,
        applicant_name=party_name.strip(),
        id_number=id_number if party_kind == ApplicantKind.PERSON else "",
        credit_code=credit_code if party_kind == ApplicantKind.ORG else "",
        legal_representative=(legal_representative or "").strip(),
        phone=(phone or "").strip(),
        address=(address or "").strip(),
        title=(title or "").strip(),
        rule_set=RuleSet.of(rules),
        handler=acting_user,
        received_at=now,
        received_on=today,
        accepted_on=today,
    )
    _enter_stage(case, 1, now)
    case.save(force_insert=True)
    _append_event(
        case,
        EventKind.ACCEPTED,
        acting_user=acting_user,
        now=now,
        from_status="",
        data={"penalty": True, "opened_on": today.isoformat(), "item": service_item.code},
    )
    _save(case, [], now)
    return case


@transaction.atomic
def do_decide_penalty(
    case, *, acting_user, decision_number: str, data: dict, document: dict, now=None
) -> Case:
    """The approver signs the penalty decision (行政处罚决定书); the clock stops.

    The decision is issued as the case's document of kind "penalty", numbered
    ``decision_number``; ``document`` is its content (the facts, evidence,
    basis, tier and fine, in the words the PDF prints; see ``documents.py``).
    """
    now = _now(now)
    case = _lock(case, acting_user)
    if case.service_item.category != "penalty":
        raise TransitionError(_("This is not an administrative penalty case."))
    guard_decide(case, acting_user)
    Document.objects.create(
        case=case,
        kind=DocumentKind.PENALTY,
        number=decision_number,
        issued_on=_day(now),
        content=document,
    )
    case.status = Status.APPROVED
    case.decision_result = DecisionResult.APPROVE
    case.decision_number = decision_number
    case.decision_reason = str(data.get("summary", ""))[:2000]
    case.decided_on = _day(now)
    fields = ["status", "decision_result", "decision_number", "decision_reason", "decided_on"]
    _enter_stage(case, case.stage_index + 1, now)
    _append_event(
        case,
        EventKind.DECIDED,
        acting_user=acting_user,
        now=now,
        from_status=Status.IN_REVIEW,
        data={**data, "document": decision_number},
    )
    _save(case, [*fields, *STAGE_FIELDS], now)
    return case


@transaction.atomic
def do_record_penalty_execution(case, *, acting_user, data: dict, now=None) -> Case:
    """Record that the decision was carried out (执行); the case moves to closing (结案)."""
    now = _now(now)
    case = _lock(case, acting_user)
    _require_penalty_handler(case, acting_user)
    _require_status(case, [Status.APPROVED], _("Only a decided case is carried out"))
    if case.stage_index + 1 >= len(case.stages):
        raise TransitionError(_("The execution has already been recorded."))
    stage = case.stage
    _enter_stage(case, case.stage_index + 1, now)
    _append_event(
        case,
        EventKind.ADVANCED,
        acting_user=acting_user,
        now=now,
        from_status=case.status,
        data={**data, "from_stage": stage["name"], "to_stage": case.stage["name"]},
    )
    _save(case, STAGE_FIELDS, now)
    return case


@transaction.atomic
def do_close_penalty_case(case, *, acting_user, data: dict, now=None) -> Case:
    """Close (结案) a penalty case after its execution was recorded."""
    now = _now(now)
    case = _lock(case, acting_user)
    _require_penalty_handler(case, acting_user)
    _require_status(case, [Status.APPROVED], _("Only a decided case is closed"))
    if case.stage_index + 1 < len(case.stages):
        raise TransitionError(_("Record the execution of the decision before closing."))
    case.status = Status.COMPLETED
    case.closed_on = _day(now)
    _append_event(
        case,
        EventKind.COMPLETED,
        acting_user=acting_user,
        now=now,
        from_status=Status.APPROVED,
        data=data,
    )
    _save(case, ["status", "closed_on"], now)
    return case
