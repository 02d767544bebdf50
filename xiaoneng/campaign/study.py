"""Study sessions (集中学习): scheduling, materials, sign-in, leave and attendance rates.

A member of the staff signs in himself, from 30 minutes before the session
until it ends; the organiser confirms the sign-in (only a confirmed sign-in
counts as present). Leave is requested before the session ends and approved
or refused by the organiser.

Attendance arithmetic (per unit, per person): the *expected* attendances are
every active staff member of an audience unit times the sessions addressed to
it; *present* are the confirmed sign-ins, *excused* the approved leaves, and
*absent* the rest. The rate is present ÷ (expected − excused): an approved
leave neither helps nor hurts; with nothing expected the rate is None.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.campaign.campaigns import require_manager
from xiaoneng.campaign.choices import AttendanceStatus
from xiaoneng.campaign.models import Attendance, StudyMaterial, StudySession
from xiaoneng.campaign.services import _required, check_upload, require_profile
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.models import StaffProfile

User = get_user_model()
SIGN_IN_EARLY = timedelta(minutes=30)


@transaction.atomic
def schedule_session(
    campaign, *, acting_user, topic, speaker, starts_at, ends_at, place, audience
) -> StudySession:
    """The leading group schedules a session for some of the campaign's units."""
    require_manager(acting_user, campaign)
    topic, speaker, place = (
        _required(topic, "topic"),
        _required(speaker, "speaker"),
        _required(place, "place"),
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    audience = list(audience)
    taking_part = set(campaign.units.values_list("unit_id", flat=True))
    if not audience or any(unit.pk not in taking_part for unit in audience):
        raise ValidationError({"audience": _("Choose units that take part in the campaign.")})
    number = campaign.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    session = StudySession.objects.create(
        campaign=campaign,
        number=number + 1,
        topic=topic,
        speaker=speaker,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        organiser=acting_user,
    )
    session.audience.set(audience)
    audit.record(
        "campaign.schedule_session",
        actor=acting_user,
        target=session,
        new={"topic": topic, "starts_at": starts_at.isoformat(), "units": len(audience)},
    )
    return session


def _session_for(user, session) -> StudySession:
    found = StudySession.objects.visible_to(user).filter(pk=session.pk).first()
    if found is None:
        raise Http404(_("No such study session."))
    return found


@transaction.atomic
def add_material(session, *, acting_user, title, upload) -> StudyMaterial:
    session = _session_for(acting_user, session)
    if acting_user.pk != session.organiser_id:
        raise PermissionDenied(_("Only the organiser may attach materials."))
    title = _required(title, "title")
    content_type, digest = check_upload(upload, "file")
    material = StudyMaterial.objects.create(
        session=session,
        title=title,
        file=upload,
        content_type=content_type,
        sha256=digest,
        uploaded_by=acting_user,
    )
    audit.record("campaign.add_material", actor=acting_user, target=session, new={"sha256": digest})
    return material


def _audience_profile(user, session):
    profile = require_profile(user)
    if not session.audience.filter(pk=profile.unit_id).exists():
        raise PermissionDenied(_("The session is not addressed to your unit."))
    return profile


@transaction.atomic
def sign_in(session, *, acting_user, now=None) -> Attendance:
    """The staff member signs himself in, from 30 minutes before the start to the end."""
    now = now or timezone.now()
    session = _session_for(acting_user, session)
    profile = _audience_profile(acting_user, session)
    if not (session.starts_at - SIGN_IN_EARLY <= now <= session.ends_at):
        raise TransitionError(_("Sign-in is open from 30 minutes before the session to its end."))
    attendance = Attendance.objects.filter(session=session, person=acting_user).first()
    if attendance is not None and attendance.status in (
        AttendanceStatus.SIGNED_IN,
        AttendanceStatus.CONFIRMED,
    ):
        return attendance
    if attendance is not None and attendance.status == AttendanceStatus.LEAVE_APPROVED:
        raise TransitionError(_("You are on approved leave for this session."))
    if attendance is None:
        attendance = Attendance(session=session, person=acting_user, unit=profile.unit)
    old = {"status": attendance.status}
    attendance.status, attendance.signed_at = AttendanceStatus.SIGNED_IN, now
    attendance.save()
    audit.record(
        "campaign.sign_in", actor=acting_user, target=session, old=old, new={"status": "signed_in"}
    )
    return attendance


@transaction.atomic
def confirm_attendance(attendance, *, acting_user) -> Attendance:
    """The organiser confirms a sign-in: only then does it count as present."""
    attendance = (
        Attendance.objects.select_for_update().select_related("session").get(pk=attendance.pk)
    )
    _session_for(acting_user, attendance.session)
    if acting_user.pk != attendance.session.organiser_id:
        raise PermissionDenied(_("Only the organiser may confirm attendance."))
    if attendance.status == AttendanceStatus.CONFIRMED:
        return attendance
    if attendance.status != AttendanceStatus.SIGNED_IN:
        raise TransitionError(_("Only a sign-in can be confirmed."))
    attendance.status, attendance.decided_by = AttendanceStatus.CONFIRMED, acting_user
    attendance.save(update_fields=["status", "decided_by"])
    audit.record(
        "campaign.confirm_attendance",
        actor=acting_user,
        target=attendance.session,
        new={"person": attendance.person_id, "status": attendance.status},
    )
    return attendance


@transaction.atomic
def request_leave(session, *, acting_user, reason, now=None) -> Attendance:
    now = now or timezone.now()
    session = _session_for(acting_user, session)
    profile = _audience_profile(acting_user, session)
    reason = _required(reason, "reason")
    if now > session.ends_at:
        raise TransitionError(_("The session is over."))
    attendance = Attendance.objects.filter(session=session, person=acting_user).first()
    if attendance is not None and attendance.status in (
        AttendanceStatus.SIGNED_IN,
        AttendanceStatus.CONFIRMED,
        AttendanceStatus.LEAVE_APPROVED,
    ):
        raise TransitionError(_("You have already signed in or been granted leave."))
    if attendance is None:
        attendance = Attendance(session=session, person=acting_user, unit=profile.unit)
    attendance.status, attendance.leave_reason = AttendanceStatus.LEAVE_REQUESTED, reason
    attendance.save()
    audit.record(
        "campaign.request_leave", actor=acting_user, target=session, new={"reason": reason}
    )
    return attendance


@transaction.atomic
def decide_leave(attendance, *, acting_user, approve: bool) -> Attendance:
    attendance = (
        Attendance.objects.select_for_update().select_related("session").get(pk=attendance.pk)
    )
    _session_for(acting_user, attendance.session)
    if acting_user.pk != attendance.session.organiser_id:
        raise PermissionDenied(_("Only the organiser may decide on leave."))
    if attendance.status != AttendanceStatus.LEAVE_REQUESTED:
        raise TransitionError(_("No leave request is waiting."))
    attendance.status = (
        AttendanceStatus.LEAVE_APPROVED if approve else AttendanceStatus.LEAVE_REFUSED
    )
    attendance.decided_by = acting_user
    attendance.save(update_fields=["status", "decided_by"])
    audit.record(
        "campaign.decide_leave",
        actor=acting_user,
        target=attendance.session,
        new={"person": attendance.person_id, "status": attendance.status},
    )
    return attendance


# -- attendance arithmetic -------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    key: object
    label: str
    expected: int
    present: int
    excused: int

    @property
    def absent(self) -> int:
        return self.expected - self.present - self.excused

    @property
    def rate(self) -> float | None:
        """Present ÷ (expected − excused), as a percentage with one decimal."""
        base = self.expected - self.excused
        return round(100 * self.present / base, 1) if base > 0 else None


def _counts(sessions):
    rows = (
        Attendance.objects.filter(session__in=sessions)
        .values("unit_id", "person_id")
        .annotate(
            present=Count("pk", filter=Q(status=AttendanceStatus.CONFIRMED)),
            excused=Count("pk", filter=Q(status=AttendanceStatus.LEAVE_APPROVED)),
        )
    )
    return list(rows)


def unit_rates(sessions, units) -> list[Rate]:
    """Attendance per unit over ``sessions`` (only sessions addressed to the unit count)."""
    sessions = list(sessions.prefetch_related("audience"))
    units = list(units)
    staff = dict(
        StaffProfile.objects.filter(unit__in=units, user__is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    addressed = {unit.pk: 0 for unit in units}
    for session in sessions:
        for unit in session.audience.all():
            if unit.pk in addressed:
                addressed[unit.pk] += 1
    present, excused = {}, {}
    for row in _counts(sessions):
        present[row["unit_id"]] = present.get(row["unit_id"], 0) + row["present"]
        excused[row["unit_id"]] = excused.get(row["unit_id"], 0) + row["excused"]
    return [
        Rate(
            key=unit.pk,
            label=unit.short_name or unit.name,
            expected=staff.get(unit.pk, 0) * addressed[unit.pk],
            present=present.get(unit.pk, 0),
            excused=excused.get(unit.pk, 0),
        )
        for unit in units
        if addressed[unit.pk]
    ]


def person_rates(sessions, profiles) -> list[Rate]:
    """Attendance per person over the sessions addressed to his unit (others are left out)."""
    sessions = list(sessions.prefetch_related("audience"))
    addressed = {}
    for session in sessions:
        for unit in session.audience.all():
            addressed[unit.pk] = addressed.get(unit.pk, 0) + 1
    counts = {row["person_id"]: row for row in _counts(sessions)}
    rates = []
    for profile in profiles:
        if not addressed.get(profile.unit_id):
            continue  # no session was addressed to this person's unit
        row = counts.get(profile.user_id, {"present": 0, "excused": 0})
        rates.append(
            Rate(
                key=profile.user_id,
                label=profile.user.get_full_name() or profile.user.get_username(),
                expected=addressed.get(profile.unit_id, 0),
                present=row["present"],
                excused=row["excused"],
            )
        )
    return rates
