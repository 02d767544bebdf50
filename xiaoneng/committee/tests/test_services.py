"""The meeting's steps: agenda, attendance, quorum, ballots, result on the case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiaoneng.cases.choices import EventKind
from xiaoneng.committee import services
from xiaoneng.committee.choices import Choice, ItemResult, MeetingStatus
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _vote(item, voters, letters):
    codes = {"F": Choice.FOR, "A": Choice.AGAINST, "B": Choice.ABSTAIN, "R": Choice.RECUSE}
    for user, letter in zip(voters, letters, strict=False):
        services.cast_ballot(item, acting_user=user, choice=codes[letter], opinion="意见")


def test_five_present_three_for_passes_and_the_case_goes_to_its_decision(
    in_session, meeting, voters, users
):
    in_session(5)
    item = meeting.items.get()
    _vote(item, voters, "FFFAB")
    item = services.close_item(item, acting_user=users.reviewer)
    assert item.result == ItemResult.PASSED
    assert (item.tally["votes_for"], item.tally["against"], item.tally["abstain"]) == (3, 1, 1)
    case = item.case
    case.refresh_from_db()
    assert case.stage["kind"] == "decision"
    event = case.events.order_by("-seq").first()
    assert event.kind == EventKind.ADVANCED
    assert event.data["committee"]["meeting"] == meeting.number
    assert event.data["committee"]["votes_for"] == 3
    assert AuditEvent.objects.filter(action="committee.close_item").exists()


def test_rejected_case_goes_back_to_the_review_before_the_committee(
    in_session, meeting, voters, users
):
    in_session(5)
    item = meeting.items.get()
    _vote(item, voters, "FFAAA")
    item = services.close_item(item, acting_user=users.reviewer)
    assert item.result == ItemResult.REJECTED
    item.case.refresh_from_db()
    assert item.case.stage_name == "审核"
    assert item.case.events.order_by("-seq").first().kind == EventKind.SENT_BACK


def test_four_of_seven_present_cannot_open_or_decide(in_session, meeting):
    with pytest.raises(TransitionError):
        in_session(4)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_a_recused_member_cannot_vote_and_leaves_the_base(in_session, meeting, voters, users):
    in_session(5)
    item = meeting.items.get()
    services.cast_ballot(
        item, acting_user=voters[0], choice=Choice.RECUSE, opinion="近亲属任职于申请单位"
    )
    with pytest.raises(TransitionError):
        services.cast_ballot(item, acting_user=voters[0], choice=Choice.FOR)
    _vote(item, voters[1:], "FFFA")
    item = services.close_item(item, acting_user=users.reviewer)
    assert (item.result, item.tally["base"], item.tally["recused"]) == (ItemResult.PASSED, 4, 1)


def test_a_conflict_must_be_stated(in_session, meeting, voters):
    in_session(5)
    with pytest.raises(ValidationError):
        services.cast_ballot(meeting.items.get(), acting_user=voters[0], choice=Choice.RECUSE)


def test_a_member_votes_once(in_session, meeting, voters):
    in_session(5)
    item = meeting.items.get()
    services.cast_ballot(item, acting_user=voters[0], choice=Choice.FOR)
    with pytest.raises(TransitionError):
        services.cast_ballot(item, acting_user=voters[0], choice=Choice.AGAINST)
    assert item.ballots.count() == 1


def test_non_members_absent_members_and_the_secretary_do_not_vote(
    in_session, meeting, voters, users
):
    in_session(5)
    item = meeting.items.get()
    for user in (users.supervisor, users.reviewer, voters[6]):
        with pytest.raises(PermissionDenied):
            services.cast_ballot(item, acting_user=user, choice=Choice.FOR)
    for user in (users.clerk, users.yc_supervisor):  # no seat, no region: no such meeting
        with pytest.raises(Http404):
            services.cast_ballot(item, acting_user=user, choice=Choice.FOR)
    assert not item.ballots.exists()


def test_only_the_secretary_manages_the_meeting(meeting, land, users, voters, frozen):
    from xiaoneng.cases.testing import at

    for user in (users.approver, users.supervisor, voters[2]):
        with pytest.raises(PermissionDenied):
            services.schedule_meeting(land, acting_user=user, starts_at=at("2026-03-12"), place="x")
        with pytest.raises(PermissionDenied):
            services.record_attendance(meeting, acting_user=user, present_ids=[])
    with pytest.raises(Http404):  # outside the region: the meeting does not exist
        services.open_meeting(meeting, acting_user=users.yc_supervisor)


def test_only_cases_at_the_committee_stage_go_on_the_agenda(meeting, users, reviewed):
    case = reviewed("2026-03-02")  # a test item without a committee stage, at 初审
    with pytest.raises(TransitionError):
        services.add_agenda_item(meeting, acting_user=users.reviewer, case=case)


def test_a_case_is_on_one_coming_agenda_only(meeting, land, users, frozen):
    from xiaoneng.cases.testing import at

    case = meeting.items.get().case
    other = services.schedule_meeting(
        land, acting_user=users.reviewer, starts_at=at("2026-03-12", 14), place="第二会议室"
    )
    with pytest.raises(TransitionError):
        services.add_agenda_item(other, acting_user=users.reviewer, case=case)


def test_the_meeting_closes_when_every_item_is_closed(in_session, meeting, voters, users):
    in_session(5)
    with pytest.raises(TransitionError):
        services.close_meeting(meeting, acting_user=users.reviewer)
    item = meeting.items.get()
    _vote(item, voters, "FFFFF")
    services.close_item(item, acting_user=users.reviewer)
    with pytest.raises(TransitionError):
        services.cast_ballot(item, acting_user=voters[0], choice=Choice.FOR)
    meeting = services.close_meeting(meeting, acting_user=users.reviewer)
    assert meeting.status == MeetingStatus.CLOSED


def test_a_cancelled_meeting_frees_its_cases_for_another_agenda(meeting, land, users, frozen):
    from xiaoneng.cases.testing import at

    case = meeting.items.get().case
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting, acting_user=users.reviewer, reason=" ")
    services.cancel_meeting(meeting, acting_user=users.reviewer, reason="主任委员出差")
    assert services.eligible_cases(land, users.reviewer).filter(pk=case.pk).exists()
    other = services.schedule_meeting(
        land, acting_user=users.reviewer, starts_at=at("2026-03-12", 14), place="第二会议室"
    )
    assert other.number.endswith("2号")
    services.add_agenda_item(other, acting_user=users.reviewer, case=case)


def test_the_agenda_changes_only_before_the_meeting_opens(in_session, meeting, users):
    item = meeting.items.get()
    in_session(5)
    with pytest.raises(TransitionError):
        services.remove_agenda_item(item, acting_user=users.reviewer)
