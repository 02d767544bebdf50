"""Every change of a committee meeting: one function per step.

Each runs in one transaction, locks the row it changes, checks the acting
user's seat on the committee (only the secretary manages a meeting, only a
voting member present at it votes), checks the state, writes, and appends one
audit event. Refusals: outside the user's scope → 404; wrong role → 403
(PermissionDenied); wrong moment → 409 (TransitionError); bad input → 400
(ValidationError). The quorum and decision rules are in ``rules.py``.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import actions
from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case
from xiaoneng.committee import rules
from xiaoneng.committee.choices import (
    VOTING_ROLES,
    Choice,
    ItemResult,
    MeetingStatus,
    MemberRole,
)
from xiaoneng.committee.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Committee,
    Meeting,
)
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def seat(committee: Committee, user, day) -> str | None:
    """The role ``user`` holds on ``committee`` on ``day`` (None: no seat)."""
    if not user.is_authenticated:
        return None
    membership = committee.members_on(day).filter(user=user).first()
    return membership.role if membership else None


def is_secretary(committee, user, day) -> bool:
    return seat(committee, user, day) == MemberRole.SECRETARY


def _require_secretary(committee, user, day) -> None:
    if not is_secretary(committee, user, day):
        raise PermissionDenied(_("Only the committee's secretary manages its meetings."))


def _lock_meeting(meeting, user) -> Meeting:
    # The scope filter joins memberships (DISTINCT), which FOR UPDATE does not allow
    # on PostgreSQL: check the scope first, then lock the row alone.
    if not Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists():
        raise Http404(_("No such meeting."))
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def _lock_item(item, user) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    except AgendaItem.DoesNotExist:
        raise Http404(_("No such agenda item.")) from None
    item.meeting = _lock_meeting(item.meeting, user)
    return item


def _require_meeting_status(meeting, statuses, message) -> None:
    if meeting.status not in statuses:
        raise TransitionError(
            _("{message} (the meeting is “{status}”).").format(
                message=message, status=meeting.get_status_display()
            )
        )


def _day(meeting) -> date:
    return timezone.localdate(meeting.starts_at)


# -- scheduling and agenda ---------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    committee, *, acting_user, starts_at: datetime | None, place: str, now=None
) -> Meeting:
    """Schedule a meeting; its number is the committee's next of that year."""
    now = _now(now)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _require_secretary(committee, acting_user, timezone.localdate(now))
    errors = {}
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = _("Give the date and time of the meeting.")
    elif starts_at < now - timedelta(days=1):
        errors["starts_at"] = _("A meeting cannot be scheduled in the past.")
    place = (place or "").strip()
    if not place:
        errors["place"] = _("Give the place of the meeting.")
    if errors:
        raise ValidationError(errors)
    if not committee.is_active:
        raise TransitionError(_("The committee is no longer active."))
    year = timezone.localdate(starts_at).year
    count = committee.meetings.filter(number__contains=f"〔{year}〕").count()
    meeting = Meeting.objects.create(
        committee=committee,
        number=f"{committee.number_prefix}〔{year}〕{count + 1}号",
        starts_at=starts_at,
        place=place,
        created_by=acting_user,
    )
    audit.record(
        "committee.schedule",
        actor=acting_user,
        target=meeting,
        new={"number": meeting.number, "starts_at": starts_at.isoformat(), "place": place},
    )
    return meeting


def eligible_cases(committee, user):
    """Cases the secretary may put on the agenda: at this committee's stage, in his scope."""
    return (
        Case.objects.visible_to(user)
        .filter(
            status=Status.IN_REVIEW,
            stage_name=committee.stage_name,
            authority_id=committee.unit_id,
        )
        .exclude(
            pk__in=AgendaItem.objects.filter(
                result="", meeting__status__in=[MeetingStatus.SCHEDULED, MeetingStatus.OPEN]
            ).values("case_id")
        )
        .select_related("service_item")
        .order_by("stage_started_on", "number")
    )


@transaction.atomic
def add_agenda_item(meeting, *, acting_user, case, now=None) -> AgendaItem:
    """Put a case that is at this committee's stage on the agenda of a scheduled meeting."""
    meeting = _lock_meeting(meeting, acting_user)
    committee = meeting.committee
    _require_secretary(committee, acting_user, timezone.localdate(_now(now)))
    _require_meeting_status(
        meeting, [MeetingStatus.SCHEDULED], _("Cases are added before the meeting opens")
    )
    visible = Case.objects.visible_to(acting_user).filter(pk=getattr(case, "pk", None)).first()
    if visible is None:
        raise ValidationError({"case": _("No such case in your scope.")})
    case = visible
    stage = case.stage
    if (
        case.status != Status.IN_REVIEW
        or stage is None
        or stage["kind"] != "committee"
        or case.stage_name != committee.stage_name
        or case.authority_id != committee.unit_id
    ):
        raise TransitionError(
            _("The case {number} is not at the stage “{stage}”.").format(
                number=case.number, stage=committee.stage_name
            )
        )
    if not eligible_cases(committee, acting_user).filter(pk=case.pk).exists():
        raise TransitionError(_("The case is already on the agenda of a coming meeting."))
    order = (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, case=case, order=order, added_by=acting_user)
    audit.record(
        "committee.add_item",
        actor=acting_user,
        target=meeting,
        new={"case": case.number, "order": order},
    )
    return item


@transaction.atomic
def remove_agenda_item(item, *, acting_user, now=None) -> None:
    """Take a case off the agenda of a meeting that has not opened."""
    item = _lock_item(item, acting_user)
    meeting = item.meeting
    _require_secretary(meeting.committee, acting_user, timezone.localdate(_now(now)))
    _require_meeting_status(
        meeting, [MeetingStatus.SCHEDULED], _("The agenda is fixed once the meeting opens")
    )
    audit.record(
        "committee.remove_item",
        actor=acting_user,
        target=meeting,
        old={"case": item.case.number, "order": item.order},
    )
    item.delete()


# -- the meeting -----------------------------------------------------------------


@transaction.atomic
def record_attendance(meeting, *, acting_user, present_ids, now=None) -> Meeting:
    """Record who of the voting members is present (may be corrected until it opens)."""
    meeting = _lock_meeting(meeting, acting_user)
    committee = meeting.committee
    _require_secretary(committee, acting_user, timezone.localdate(_now(now)))
    _require_meeting_status(
        meeting, [MeetingStatus.SCHEDULED], _("Attendance is recorded before the meeting opens")
    )
    seats = list(committee.members_on(_day(meeting)))
    voters = {m.user_id for m in seats if m.role in VOTING_ROLES}
    try:
        present = {int(pk) for pk in present_ids or []}
    except (TypeError, ValueError):
        raise ValidationError({"present": _("Choose the members present.")}) from None
    if present - voters:
        raise ValidationError({"present": _("Only voting members of the committee attend.")})
    old = sorted(meeting.attendance.filter(present=True).values_list("user_id", flat=True))
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            user_id=m.user_id,
            role=m.role,
            present=m.user_id in present or m.role == MemberRole.SECRETARY,
        )
        for m in seats
    )
    meeting.member_count = len(voters)
    meeting.present_count = len(present)
    meeting.attendance_recorded = True
    meeting.save(update_fields=["member_count", "present_count", "attendance_recorded"])
    audit.record(
        "committee.attendance",
        actor=acting_user,
        target=meeting,
        old={"present": old},
        new={"present": sorted(present), "members": len(voters)},
    )
    return meeting


@transaction.atomic
def open_meeting(meeting, *, acting_user, now=None) -> Meeting:
    """Open the meeting for voting; it needs its quorum. The rule in force is frozen."""
    now = _now(now)
    meeting = _lock_meeting(meeting, acting_user)
    committee = meeting.committee
    _require_secretary(committee, acting_user, timezone.localdate(now))
    _require_meeting_status(meeting, [MeetingStatus.SCHEDULED], _("Only a scheduled meeting opens"))
    if not meeting.attendance_recorded:
        raise TransitionError(_("Record the attendance before opening the meeting."))
    if not meeting.items.exists():
        raise TransitionError(_("The agenda is empty."))
    rule = committee.rule
    if not rules.has_quorum(rule, meeting.member_count, meeting.present_count):
        raise TransitionError(
            _(
                "No quorum: {present} of {members} members present, {needed} needed. "
                "The meeting cannot decide."
            ).format(
                present=meeting.present_count,
                members=meeting.member_count,
                needed=rules.quorum_needed(rule, meeting.member_count),
            )
        )
    meeting.status = MeetingStatus.OPEN
    meeting.rule = rule.as_dict()
    meeting.opened_at = now
    meeting.save(update_fields=["status", "rule", "opened_at"])
    audit.record(
        "committee.open",
        actor=acting_user,
        target=meeting,
        old={"status": MeetingStatus.SCHEDULED},
        new={"status": meeting.status, "rule": meeting.rule},
    )
    return meeting


@transaction.atomic
def cancel_meeting(meeting, *, acting_user, reason: str, now=None) -> Meeting:
    """Cancel a meeting that has not opened; its cases may go on another agenda."""
    meeting = _lock_meeting(meeting, acting_user)
    _require_secretary(meeting.committee, acting_user, timezone.localdate(_now(now)))
    _require_meeting_status(
        meeting, [MeetingStatus.SCHEDULED], _("Only a meeting not yet opened can be cancelled")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.save(update_fields=["status", "cancel_reason"])
    audit.record(
        "committee.cancel",
        actor=acting_user,
        target=meeting,
        old={"status": MeetingStatus.SCHEDULED},
        new={"status": meeting.status, "reason": reason},
    )
    return meeting


@transaction.atomic
def cast_ballot(item, *, acting_user, choice: str, opinion: str = "", now=None) -> Ballot:
    """A member present votes on an item for himself, once; or declares a conflict (回避)."""
    now = _now(now)
    item = _lock_item(item, acting_user)
    meeting = item.meeting
    seat_row = meeting.attendance.filter(user=acting_user, present=True).first()
    if seat_row is None or not seat_row.votes:
        raise PermissionDenied(_("Only a voting member present at the meeting votes."))
    _require_meeting_status(meeting, [MeetingStatus.OPEN], _("Votes are cast while in session"))
    if not item.is_open:
        raise TransitionError(_("Voting on this item is closed."))
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Vote for, against or abstain, or declare a conflict.")})
    opinion = (opinion or "").strip()
    if choice == Choice.RECUSE and not opinion:
        raise ValidationError({"opinion": _("State the conflict of interest.")})
    if item.ballots.filter(voter=acting_user).exists():
        raise TransitionError(_("You have already voted on this item."))
    ballot = Ballot.objects.create(
        item=item, voter=acting_user, choice=choice, opinion=opinion, cast_at=now
    )
    audit.record(
        "committee.vote",
        actor=acting_user,
        target=item,
        new={"meeting": meeting.number, "case": item.case.number, "choice": choice},
    )
    return ballot


def count(item) -> rules.Tally:
    """The tally of an item so far (present members not yet voted are counted apart)."""
    meeting = item.meeting
    counts = dict.fromkeys(Choice.values, 0)
    for ballot in item.ballots.all():
        counts[ballot.choice] += 1
    voted = sum(counts.values())
    return rules.Tally(
        members=meeting.member_count,
        present=meeting.present_count,
        votes_for=counts[Choice.FOR],
        against=counts[Choice.AGAINST],
        abstain=counts[Choice.ABSTAIN],
        recused=counts[Choice.RECUSE],
        not_voted=max(0, meeting.present_count - voted),
    )


def _opinion(meeting, tally: rules.Tally, outcome: rules.Outcome) -> str:
    return _(
        "{committee} meeting {number}: {result}. For {votes_for}, against {against}, "
        "abstentions {abstain}, recused {recused}, not voted {not_voted}; "
        "{present} of {members} members present."
    ).format(
        committee=meeting.committee.name,
        number=meeting.number,
        result=ItemResult(outcome.result).label,
        **tally.as_dict(),
    )


@transaction.atomic
def close_item(item, *, acting_user, now=None) -> AgendaItem:
    """Close the vote on an item: the result follows the rule frozen at the opening.

    Passed or rejected: the result goes on the case's timeline and the case
    moves on (``actions.do_record_committee_opinion``: passed → decision stage,
    rejected → back to the stage before the committee). No quorum (too many
    recused): nothing is written on the case; it may go on a later agenda.
    """
    now = _now(now)
    item = _lock_item(item, acting_user)
    meeting = item.meeting
    _require_secretary(meeting.committee, acting_user, timezone.localdate(now))
    _require_meeting_status(meeting, [MeetingStatus.OPEN], _("Votes are closed while in session"))
    if not item.is_open:
        raise TransitionError(_("Voting on this item is already closed."))
    rule = meeting.frozen_rule
    if not rules.has_quorum(rule, meeting.member_count, meeting.present_count):
        raise TransitionError(_("The meeting has no quorum and cannot decide."))
    tally = count(item)
    outcome = rules.decide(rule, tally)
    item.result = outcome.result
    item.tally = {**tally.as_dict(), "base": outcome.base, "needed": outcome.needed}
    item.closed_at = now
    item.save(update_fields=["result", "tally", "closed_at"])
    if outcome.result in (rules.PASSED, rules.REJECTED):
        actions.do_record_committee_opinion(
            item.case,
            acting_user=acting_user,
            passed=outcome.result == rules.PASSED,
            opinion=_opinion(meeting, tally, outcome),
            committee={
                "committee": meeting.committee.code,
                "meeting": meeting.number,
                "result": outcome.result,
                **item.tally,
            },
            now=now,
        )
    audit.record(
        "committee.close_item",
        actor=acting_user,
        target=item,
        new={"case": item.case.number, "result": item.result, "tally": item.tally},
    )
    return item


@transaction.atomic
def close_meeting(meeting, *, acting_user, now=None) -> Meeting:
    """Close the meeting once every item is decided; the minutes can then be printed."""
    now = _now(now)
    meeting = _lock_meeting(meeting, acting_user)
    _require_secretary(meeting.committee, acting_user, timezone.localdate(now))
    _require_meeting_status(meeting, [MeetingStatus.OPEN], _("Only a meeting in session closes"))
    if meeting.items.filter(closed_at__isnull=True).exists():
        raise TransitionError(_("Close the vote on every item first."))
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.save(update_fields=["status", "closed_at"])
    audit.record(
        "committee.close",
        actor=acting_user,
        target=meeting,
        old={"status": MeetingStatus.OPEN},
        new={"status": meeting.status},
    )
    return meeting
