"""Every change of a complaint, a rating or a rectification: one function each.

Each runs in one transaction, checks the actor's role and scope, refuses a
wrong state with ``TransitionError`` and writes one audit event. Messages to
the outside (notices, SMS) leave after commit.
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.cases.choices import Status
from xiaoneng.cases.files import inspect_upload
from xiaoneng.cases.models import Case
from xiaoneng.cases.numbering import next_value
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core import audit, codes
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.validators import is_phone
from xiaoneng.feedback.choices import (
    BAD_LEVELS,
    AppealDecision,
    ApplicantView,
    ComplaintEventKind,
    ComplaintStatus,
    Finding,
    Moment,
    RatingChannel,
    RectificationEventKind,
    RectificationStatus,
    SubjectKind,
    Verdict,
    VisitMethod,
)
from xiaoneng.feedback.models import (
    Complaint,
    ComplaintEvent,
    ComplaintPolicy,
    Rating,
    RatingInvitation,
    RatingRectification,
    RectificationEvent,
)
from xiaoneng.org.choices import Role
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.supervision import services as supervision
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.notifications import notify, sms_backend
from xiaoneng.workdays.services import get_calendar

User = get_user_model()


# -- helpers -------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _required(value, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("This field is required.")})
    return text


def _require_supervisor(user) -> None:
    if Role.SUPERVISOR not in user_roles(user):
        raise PermissionDenied(_("Only a supervisor may do this."))


def supervisors_of_unit(unit: Unit) -> list:
    """Active supervisors whose region covers ``unit``; the nearest region first."""
    code = unit.region.code
    found = [
        user
        for user in User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .select_related("profile__unit__region")
        .distinct()
        .order_by("pk")
        if getattr(user, "profile", None) is not None
        and code.startswith(user.profile.unit.region.scope_prefix)
    ]
    found.sort(key=lambda user: -len(user.profile.unit.region.scope_prefix))
    return found


def code_hash(number: str, code: str) -> str:
    """The keyed hash of a complaint's secret code (the code itself is never stored): in the
    context of its tracking number, so a code is worth nothing on another complaint."""
    return codes.keyed_hash(code, context=f"{number}:".encode())


def _complaint_url(complaint: Complaint) -> str:
    return reverse("feedback:complaint_detail", args=[complaint.number])


def _rectification_url(rectification: RatingRectification) -> str:
    return reverse("feedback:rectification_detail", args=[rectification.pk])


# -- complaints ------------------------------------------------------------------


def _resolve_subject(subject_kind, *, unit_code, staff_no, case_number):
    """The unit, staff member and case a complaint is about, from public identifiers."""
    unit_code = (unit_code or "").strip()
    staff_no = (staff_no or "").strip()
    case_number = (case_number or "").strip()
    if subject_kind == SubjectKind.UNIT:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ValidationError({"unit": _("No unit with this code.")})
        return unit, None, None
    if subject_kind == SubjectKind.STAFF:
        staff = (
            StaffProfile.objects.select_related("unit")
            .filter(staff_no=staff_no, user__is_active=True)
            .first()
        )
        if staff is None:
            raise ValidationError({"staff": _("No staff member with this number.")})
        return staff.unit, staff, None
    if subject_kind == SubjectKind.CASE:
        case = Case.objects.select_related("unit").filter(number=case_number).first()
        if case is None:
            raise ValidationError({"case": _("No case with this number.")})
        return case.unit, None, case
    raise ValidationError({"subject_kind": _("Choose what the complaint is about.")})


@transaction.atomic
def submit_complaint(
    *,
    subject_kind: str,
    area: str,
    description: str,
    unit_code: str = "",
    staff_no: str = "",
    case_number: str = "",
    anonymous: bool = True,
    name: str = "",
    phone: str = "",
    evidence=None,
    now: datetime | None = None,
) -> tuple[Complaint, str]:
    """A complaint from the public; returns it and its secret code (shown once, never stored)."""
    now = _now(now)
    errors = {}
    if area not in ProblemArea.values:
        errors["area"] = _("Choose one of the five problem areas.")
    description = (description or "").strip()
    if len(description) < 10:
        errors["description"] = _("Describe the matter in at least 10 characters.")
    name, phone = (name or "").strip(), (phone or "").strip().replace(" ", "")
    if anonymous:
        name, phone = "", ""
    else:
        if not name:
            errors["name"] = _("Give your name or complain anonymously.")
        if not is_phone(phone):
            errors["phone"] = _("Enter a mobile number of 11 digits or a landline with area code.")
    evidence_type = evidence_sha = ""
    if evidence:
        try:
            evidence_type, evidence_sha, _size = inspect_upload(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages[0]
    try:
        unit, staff, case = _resolve_subject(
            subject_kind, unit_code=unit_code, staff_no=staff_no, case_number=case_number
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    today = timezone.localdate(now)
    policy = ComplaintPolicy.current()
    calendar = get_calendar()
    number = "TS-{}-{:06d}".format(today.year, next_value(f"complaint:{today.year}"))
    code = codes.new_code()
    complaint = Complaint(
        number=number,
        code_hash=code_hash(number, code),
        subject_kind=subject_kind,
        subject_unit=unit,
        subject_staff=staff,
        case=case,
        area=area,
        anonymous=anonymous,
        name=name,
        phone=phone,
        description=description,
        evidence_type=evidence_type,
        evidence_sha256=evidence_sha,
        received_at=now,
        received_on=today,
        accept_days=policy.accept_days,
        reply_days=policy.reply_days,
        accept_due=calendar.add_workdays(today, policy.accept_days),
        reply_due=calendar.add_workdays(today, policy.reply_days),
    )
    if evidence:
        complaint.evidence.save(evidence.name, evidence, save=False)
    complaint.save()
    ComplaintEvent.objects.create(complaint=complaint, kind=ComplaintEventKind.SUBMITTED, at=now)
    audit.record(
        "feedback.complaint_submitted",
        target=complaint,
        new={"subject_unit": unit.code, "area": area, "anonymous": anonymous},
    )
    notify(
        supervisors_of_unit(unit),
        kind=NotificationKind.WARNING,
        key=f"complaint:{complaint.pk}:new",
        title=_("New complaint {number} about {unit}").format(number=number, unit=unit.name),
        body=complaint.get_area_display(),
        url=_complaint_url(complaint),
    )
    return complaint, code


def find_complaint(number: str, code: str) -> Complaint | None:
    """The complaint for a tracking number and code; None for either wrong (same answer)."""
    number = (number or "").strip().upper()
    complaint = Complaint.objects.filter(number=number).first()
    stored = complaint.code_hash if complaint is not None else None
    if not codes.matches(code, stored, context=f"{number}:".encode()):
        return None
    return complaint


def _lock_complaint(complaint: Complaint, acting_user) -> Complaint:
    try:
        return (
            Complaint.objects.visible_to(acting_user)
            .select_for_update(of=("self",))
            .select_related("subject_unit__region")
            .get(pk=complaint.pk)
        )
    except Complaint.DoesNotExist:
        raise Http404(_("No such complaint.")) from None


def _complaint_event(complaint, kind, user, now, text=""):
    ComplaintEvent.objects.create(complaint=complaint, kind=kind, at=now, actor=user, text=text)


@transaction.atomic
def accept_complaint(complaint: Complaint, *, acting_user, now=None) -> Complaint:
    """Accept a received complaint for investigation (within the accept limit)."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status != ComplaintStatus.RECEIVED:
        raise TransitionError(_("Only a received complaint can be accepted or declined."))
    complaint.status = ComplaintStatus.ACCEPTED
    complaint.accepted_on = timezone.localdate(now)
    complaint.handled_by = acting_user
    complaint.save(update_fields=["status", "accepted_on", "handled_by"])
    _complaint_event(complaint, ComplaintEventKind.ACCEPTED, acting_user, now)
    audit.record(
        "feedback.complaint_accepted",
        actor=acting_user,
        target=complaint,
        old={"status": ComplaintStatus.RECEIVED},
        new={"status": complaint.status},
    )
    return complaint


@transaction.atomic
def decline_complaint(complaint: Complaint, *, acting_user, reason: str, now=None) -> Complaint:
    """Decline a complaint with a reason; the reason is the complainant's answer."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status != ComplaintStatus.RECEIVED:
        raise TransitionError(_("Only a received complaint can be accepted or declined."))
    reason = _required(reason, "reason")
    complaint.status = ComplaintStatus.DECLINED
    complaint.declined_on = timezone.localdate(now)
    complaint.decline_reason = reason
    complaint.handled_by = acting_user
    complaint.save(update_fields=["status", "declined_on", "decline_reason", "handled_by"])
    _complaint_event(complaint, ComplaintEventKind.DECLINED, acting_user, now, reason)
    audit.record(
        "feedback.complaint_declined",
        actor=acting_user,
        target=complaint,
        old={"status": ComplaintStatus.RECEIVED},
        new={"status": complaint.status, "reason": reason},
    )
    _tell_complainant(complaint)
    return complaint


@transaction.atomic
def add_investigation_note(complaint: Complaint, *, acting_user, text: str, now=None) -> Complaint:
    """An investigation note; the first one moves an accepted complaint under investigation."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status not in (ComplaintStatus.ACCEPTED, ComplaintStatus.INVESTIGATING):
        raise TransitionError(_("Notes are taken while a complaint is being investigated."))
    text = _required(text, "text")
    old = complaint.status
    if complaint.status == ComplaintStatus.ACCEPTED:
        complaint.status = ComplaintStatus.INVESTIGATING
        complaint.save(update_fields=["status"])
    _complaint_event(complaint, ComplaintEventKind.NOTE, acting_user, now, text)
    audit.record(
        "feedback.complaint_note",
        actor=acting_user,
        target=complaint,
        old={"status": old},
        new={"status": complaint.status, "note": text},
    )
    return complaint


@transaction.atomic
def record_finding(
    complaint: Complaint, *, acting_user, finding: str, text: str, now=None
) -> Complaint:
    """Record whether the complaint is substantiated, partly or not, with the reasons."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status not in (ComplaintStatus.ACCEPTED, ComplaintStatus.INVESTIGATING):
        raise TransitionError(_("A finding is recorded on an accepted complaint."))
    if finding not in Finding.values:
        raise ValidationError({"finding": _("Choose a finding.")})
    text = _required(text, "text")
    old = complaint.status
    complaint.status = ComplaintStatus.FOUND
    complaint.finding = finding
    complaint.finding_text = text
    complaint.found_on = timezone.localdate(now)
    complaint.save(update_fields=["status", "finding", "finding_text", "found_on"])
    _complaint_event(complaint, ComplaintEventKind.FOUND, acting_user, now, text)
    audit.record(
        "feedback.complaint_finding",
        actor=acting_user,
        target=complaint,
        old={"status": old},
        new={"status": complaint.status, "finding": finding},
    )
    return complaint


@transaction.atomic
def reply_complaint(complaint: Complaint, *, acting_user, text: str, now=None) -> Complaint:
    """The reply to the complainant after the finding; he reads it with his code."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status != ComplaintStatus.FOUND:
        raise TransitionError(_("Record the finding before replying."))
    text = _required(text, "text")
    complaint.status = ComplaintStatus.REPLIED
    complaint.reply = text
    complaint.replied_on = timezone.localdate(now)
    complaint.save(update_fields=["status", "reply", "replied_on"])
    _complaint_event(complaint, ComplaintEventKind.REPLIED, acting_user, now, text)
    audit.record(
        "feedback.complaint_replied",
        actor=acting_user,
        target=complaint,
        old={"status": ComplaintStatus.FOUND},
        new={"status": complaint.status},
    )
    _tell_complainant(complaint)
    return complaint


def _tell_complainant(complaint: Complaint) -> None:
    """A named complainant is told by SMS, after commit, that the outcome can be read."""
    if complaint.anonymous or not complaint.phone:
        return
    phone = complaint.phone
    message = _("Your complaint {number} has been answered; read it with your code.").format(
        number=complaint.number
    )
    transaction.on_commit(lambda: sms_backend().send(phone, message))


@transaction.atomic
def order_on_complaint(
    complaint: Complaint, *, acting_user, instruction: str, limit_days: int, now=None
) -> Complaint:
    """A supervision order (督办) to the unit complained about, linked to the complaint."""
    now = _now(now)
    complaint = _lock_complaint(complaint, acting_user)
    _require_supervisor(acting_user)
    if complaint.status == ComplaintStatus.DECLINED:
        raise TransitionError(_("A declined complaint takes no supervision order."))
    if complaint.order_id is not None:
        raise TransitionError(_("This complaint already has a supervision order."))
    handler = complaint.subject_staff.user if complaint.subject_staff_id else None
    case = complaint.case
    unit = complaint.subject_unit
    if handler is not None and supervision._authority_of_user(handler) != supervision.authority_of(
        unit
    ):
        handler = None
    order = supervision.issue_order(
        acting_user=acting_user,
        unit=unit,
        instruction=instruction,
        limit_days=limit_days,
        case=case,
        handler=handler,
        now=now,
    )
    complaint.order = order
    complaint.save(update_fields=["order"])
    _complaint_event(complaint, ComplaintEventKind.ORDER, acting_user, now, order.number)
    audit.record(
        "feedback.complaint_order",
        actor=acting_user,
        target=complaint,
        new={"order": order.number},
    )
    return complaint


# -- ratings ---------------------------------------------------------------------

ACCEPTED_STATUSES = {
    Status.IN_REVIEW,
    Status.PAUSED,
    Status.APPROVED,
    Status.DENIED,
    Status.COMPLETED,
}
# A denial closes the case just as completion does: the matter is finished.
FINISHED_STATUSES = {Status.COMPLETED, Status.REFUSED, Status.DENIED}


def rate_case(case, *, moment, level, comment="", acting_user=None, now=None) -> Rating:
    """The applicant's rating of a case at acceptance or at completion (once each).

    The caller has verified the applicant (portal account, or case number and
    query code); ``acting_user`` is the staff member entering a rating given
    at the window, None for the applicant himself. A bad rating (levels 4–5)
    opens a rectification and tells the supervisors.
    """
    return record_rating(
        case,
        moment=moment,
        level=level,
        comment=comment,
        acting_user=acting_user,
        now=now,
        channel=RatingChannel.PORTAL,
    )


@transaction.atomic
def record_rating(
    case,
    *,
    moment: str,
    level: int,
    comment: str = "",
    acting_user=None,
    now=None,
    channel: str = RatingChannel.PORTAL,
) -> Rating:
    """``rate_case`` with the channel the rating came through (window device, SMS, …)."""
    now = _now(now)
    case = Case.objects.select_for_update().select_related("unit__region").get(pk=case.pk)
    if moment not in Moment.values:
        raise ValidationError({"moment": _("Rate at acceptance or at completion.")})
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise ValidationError({"level": _("Choose a level from 1 to 5.")})
    if channel not in RatingChannel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if moment == Moment.ACCEPTANCE and (
        case.status not in ACCEPTED_STATUSES or case.accepted_on is None
    ):
        raise TransitionError(_("The case can be rated at acceptance once it has been accepted."))
    if moment == Moment.COMPLETION and case.status not in FINISHED_STATUSES:
        raise TransitionError(_("The case can be rated at completion once it is closed."))
    if Rating.objects.filter(case=case, moment=moment).exists():
        raise TransitionError(_("This case has already been rated at this moment."))
    today = timezone.localdate(now)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                moment=moment,
                level=level,
                comment=(comment or "").strip(),
                rated_at=now,
                rated_on=today,
                channel=channel,
                unit=case.unit,
                service_item_id=case.service_item_id,
            )
    except IntegrityError:
        raise TransitionError(_("This case has already been rated at this moment.")) from None
    audit.record(
        "feedback.rated",
        actor=acting_user,
        target=rating,
        new={"case": case.number, "moment": moment, "level": level},
    )
    if level in BAD_LEVELS:
        _open_rectification(rating, now)
    return rating


def _open_rectification(rating: Rating, now: datetime) -> RatingRectification:
    from xiaoneng.feedback.models import RECTIFICATION_DAYS

    today = timezone.localdate(now)
    rectification = RatingRectification.objects.create(
        rating=rating,
        unit=rating.unit,
        opened_on=today,
        limit_days=RECTIFICATION_DAYS,
        due_date=get_calendar().add_workdays(today, RECTIFICATION_DAYS),
    )
    RectificationEvent.objects.create(
        rectification=rectification,
        kind=RectificationEventKind.OPENED,
        at=now,
        text=rating.comment,
    )
    audit.record(
        "feedback.rectification_opened",
        target=rectification,
        new={"rating": rating.pk, "due_date": rectification.due_date.isoformat()},
    )
    notify(
        supervisors_of_unit(rating.unit),
        kind=NotificationKind.RECTIFICATION,
        key=f"rectification:{rectification.pk}:opened",
        title=_("Bad rating on case {number}: verify it").format(number=rating.case.number),
        body=rating.comment,
        url=_rectification_url(rectification),
    )
    return rectification


def send_rating_invitations(as_of: date) -> int:
    """Invite the applicant of every completed, unrated, uninvited case once (by SMS).

    A case qualifies when it was closed on or before ``as_of`` with a final
    outcome and has no completion rating. The invitation row is written first
    (unique per case), the SMS leaves after commit: never twice.
    """
    candidates = (
        Case.objects.filter(
            status__in=list(FINISHED_STATUSES),
            closed_on__lte=as_of,
            rating_invitation__isnull=True,
        )
        .exclude(ratings__moment=Moment.COMPLETION)
        .only("pk", "number", "phone")
        .order_by("pk")
    )
    sent = 0
    now = timezone.now()
    for case in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    RatingInvitation.objects.create(case=case, sent_on=as_of, sent_at=now)
            except IntegrityError:
                continue
            audit.record("feedback.rating_invited", target=case, new={"as_of": as_of.isoformat()})
            if case.phone:
                phone = case.phone
                text = _(
                    "Please rate the handling of your case {number} on the portal (好差评)."
                ).format(number=case.number)
                transaction.on_commit(
                    lambda phone=phone, text=text: sms_backend().send(phone, text)
                )
        sent += 1
    return sent


# -- rectifications --------------------------------------------------------------


def _lock_rectification(rectification, acting_user) -> RatingRectification:
    try:
        return (
            RatingRectification.objects.visible_to(acting_user)
            .select_for_update(of=("self",))
            .select_related("rating__case", "unit__region")
            .get(pk=rectification.pk)
        )
    except RatingRectification.DoesNotExist:
        raise Http404(_("No such rectification.")) from None


def _rect_event(rectification, kind, user, now, text=""):
    RectificationEvent.objects.create(
        rectification=rectification, kind=kind, at=now, actor=user, text=text
    )


@transaction.atomic
def verify_rectification(
    rectification, *, acting_user, valid: bool, reason: str = "", now=None
) -> RatingRectification:
    """A supervisor verifies the bad rating: valid (the unit must fix) or invalid (closed)."""
    now = _now(now)
    rectification = _lock_rectification(rectification, acting_user)
    _require_supervisor(acting_user)
    if rectification.status != RectificationStatus.VERIFYING:
        raise TransitionError(_("This bad rating has already been verified."))
    reason = (reason or "").strip()
    if not valid and not reason:
        raise ValidationError({"reason": _("Give the reason why the rating is invalid.")})
    today = timezone.localdate(now)
    rectification.verdict = Verdict.VALID if valid else Verdict.INVALID
    rectification.verdict_reason = reason
    rectification.verified_on = today
    rectification.verified_by = acting_user
    rectification.status = RectificationStatus.FIXING if valid else RectificationStatus.CLOSED
    rectification.closed_on = None if valid else today
    rectification.save(
        update_fields=[
            "verdict",
            "verdict_reason",
            "verified_on",
            "verified_by",
            "status",
            "closed_on",
        ]
    )
    _rect_event(
        rectification,
        RectificationEventKind.VERIFIED,
        acting_user,
        now,
        f"{rectification.get_verdict_display()}: {reason}".rstrip(": "),
    )
    audit.record(
        "feedback.rectification_verified",
        actor=acting_user,
        target=rectification,
        old={"status": RectificationStatus.VERIFYING},
        new={"status": rectification.status, "verdict": rectification.verdict},
    )
    if valid:
        _tell_unit(rectification)
    return rectification


def _tell_unit(rectification: RatingRectification) -> None:
    """The responsible unit's leader and the case's handler must rectify by the due date."""
    case = rectification.rating.case
    recipients = [supervision.leader_of(supervision.authority_of(rectification.unit))]
    if case.handler_id is not None:
        recipients.append(case.handler)
    notify(
        recipients,
        kind=NotificationKind.RECTIFICATION,
        key=f"rectification:{rectification.pk}:fix:{rectification.opened_on.isoformat()}",
        title=_("Rectify the bad rating on case {number} by {due}").format(
            number=case.number, due=rectification.due_date.isoformat()
        ),
        body=rectification.rating.comment,
        url=_rectification_url(rectification),
    )


def may_fix(rectification: RatingRectification, user) -> bool:
    """Business staff of the responsible unit's authority, or a supervisor."""
    roles = user_roles(user)
    if Role.SUPERVISOR in roles:
        return True
    profile = getattr(user, "profile", None)
    return (
        bool(roles & BUSINESS_ROLES)
        and profile is not None
        and (supervision.authority_of(profile.unit) == supervision.authority_of(rectification.unit))
    )


@transaction.atomic
def record_fix(
    rectification, *, acting_user, fix: str, answer: str, now=None
) -> RatingRectification:
    """The responsible unit records what it fixed and its answer to the applicant."""
    now = _now(now)
    rectification = _lock_rectification(rectification, acting_user)
    if not may_fix(rectification, acting_user):
        raise PermissionDenied(_("Only the responsible unit may record the rectification."))
    if rectification.status != RectificationStatus.FIXING:
        raise TransitionError(_("Only a verified bad rating is rectified."))
    errors = {}
    fix, answer = (fix or "").strip(), (answer or "").strip()
    if not fix:
        errors["fix"] = _("This field is required.")
    if not answer:
        errors["answer"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    rectification.fix = fix
    rectification.answer = answer
    rectification.answered_on = timezone.localdate(now)
    rectification.status = RectificationStatus.ANSWERED
    rectification.save(update_fields=["fix", "answer", "answered_on", "status"])
    _rect_event(rectification, RectificationEventKind.FIXED, acting_user, now, answer)
    audit.record(
        "feedback.rectification_fixed",
        actor=acting_user,
        target=rectification,
        old={"status": RectificationStatus.FIXING},
        new={"status": rectification.status},
    )
    phone = rectification.rating.case.phone
    if phone:
        message = _("Our answer to your rating of case {number}: {answer}").format(
            number=rectification.rating.case.number, answer=answer[:200]
        )
        transaction.on_commit(lambda: sms_backend().send(phone, message))
    return rectification


@transaction.atomic
def record_return_visit(
    rectification,
    *,
    acting_user,
    visited_on: date,
    method: str,
    view: str,
    note: str = "",
    now=None,
) -> RatingRectification:
    """The return visit (回访) to the applicant after the answer; it closes the rectification."""
    now = _now(now)
    rectification = _lock_rectification(rectification, acting_user)
    if not may_fix(rectification, acting_user):
        raise PermissionDenied(_("Only the responsible unit or a supervisor may do this."))
    if rectification.status != RectificationStatus.ANSWERED:
        raise TransitionError(_("The return visit follows the answer to the applicant."))
    errors = {}
    if method not in VisitMethod.values:
        errors["method"] = _("Choose how the applicant was visited.")
    if view not in ApplicantView.values:
        errors["view"] = _("Record the applicant's view.")
    if not isinstance(visited_on, date):
        errors["visited_on"] = _("Enter a date.")
    elif visited_on > timezone.localdate(now) or visited_on < rectification.answered_on:
        errors["visited_on"] = _("The visit lies between the answer and today.")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate(now)
    rectification.visit_on = visited_on
    rectification.visit_method = method
    rectification.visit_view = view
    rectification.visit_note = (note or "").strip()
    rectification.status = RectificationStatus.CLOSED
    rectification.closed_on = today
    rectification.save(
        update_fields=[
            "visit_on",
            "visit_method",
            "visit_view",
            "visit_note",
            "status",
            "closed_on",
        ]
    )
    _rect_event(
        rectification,
        RectificationEventKind.VISITED,
        acting_user,
        now,
        f"{rectification.get_visit_method_display()} / {rectification.get_visit_view_display()}",
    )
    audit.record(
        "feedback.rectification_visited",
        actor=acting_user,
        target=rectification,
        old={"status": RectificationStatus.ANSWERED},
        new={"status": rectification.status, "view": view},
    )
    return rectification


@transaction.atomic
def appeal_rectification(rectification, *, reason: str, now=None) -> RatingRectification:
    """The applicant's appeal (申诉) against the verdict, once, after it is closed.

    The caller (the applicants' portal) has verified the applicant.
    """
    now = _now(now)
    rectification = (
        RatingRectification.objects.select_for_update(of=("self",))
        .select_related("rating__case", "unit__region")
        .get(pk=rectification.pk)
    )
    if rectification.status != RectificationStatus.CLOSED or rectification.appealed_at:
        raise TransitionError(_("Only a closed rectification can be appealed, and only once."))
    reason = _required(reason, "reason")
    rectification.appeal_reason = reason
    rectification.appealed_at = now
    rectification.status = RectificationStatus.APPEALED
    rectification.save(update_fields=["appeal_reason", "appealed_at", "status"])
    _rect_event(rectification, RectificationEventKind.APPEALED, None, now, reason)
    audit.record(
        "feedback.rectification_appealed",
        target=rectification,
        old={"status": RectificationStatus.CLOSED},
        new={"status": rectification.status},
    )
    notify(
        supervisors_of_unit(rectification.unit),
        kind=NotificationKind.APPEAL,
        key=f"rectification:{rectification.pk}:appeal",
        title=_("Appeal against the rating verdict on case {number}").format(
            number=rectification.rating.case.number
        ),
        body=reason,
        url=_rectification_url(rectification),
    )
    return rectification


@transaction.atomic
def review_appeal(
    rectification, *, acting_user, overturn: bool, reason: str, now=None
) -> RatingRectification:
    """A supervisor reviews the appeal: upheld (closed again) or overturned (rectify anew)."""
    now = _now(now)
    rectification = _lock_rectification(rectification, acting_user)
    _require_supervisor(acting_user)
    if rectification.status != RectificationStatus.APPEALED:
        raise TransitionError(_("There is no appeal to review."))
    reason = _required(reason, "reason")
    today = timezone.localdate(now)
    rectification.appeal_decision = AppealDecision.OVERTURNED if overturn else AppealDecision.UPHELD
    rectification.appeal_review = reason
    rectification.appeal_reviewed_on = today
    fields = ["appeal_decision", "appeal_review", "appeal_reviewed_on", "status"]
    if overturn:
        # The applicant was right: the unit rectifies again, on a fresh 15-day limit.
        rectification.verdict = Verdict.VALID
        rectification.status = RectificationStatus.FIXING
        rectification.opened_on = today
        rectification.due_date = get_calendar().add_workdays(today, rectification.limit_days)
        rectification.closed_on = None
        fields += ["verdict", "opened_on", "due_date", "closed_on"]
    else:
        rectification.status = RectificationStatus.CLOSED
    rectification.save(update_fields=fields)
    if overturn:
        _tell_unit(rectification)
    _rect_event(
        rectification,
        RectificationEventKind.REVIEWED,
        acting_user,
        now,
        f"{rectification.get_appeal_decision_display()}: {reason}",
    )
    audit.record(
        "feedback.rectification_appeal_reviewed",
        actor=acting_user,
        target=rectification,
        old={"status": RectificationStatus.APPEALED},
        new={"status": rectification.status, "decision": rectification.appeal_decision},
    )
    return rectification
