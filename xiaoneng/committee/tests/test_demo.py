"""The demo committees and meetings, built through the real services."""

import pytest
import time_machine

from xiaoneng.cases.testing import at
from xiaoneng.committee.choices import MeetingStatus, MemberRole
from xiaoneng.committee.demo import seed_committee
from xiaoneng.committee.models import AgendaItem, Meeting, Membership

pytestmark = pytest.mark.django_db


def test_seed_committee_holds_three_meetings_and_schedules_one_once(users):
    with time_machine.travel(at("2026-06-15", 9), tick=False):
        counts = seed_committee()
        assert counts["committee_meetings"] == 4
        assert seed_committee()["committee_meetings"] == 0
    assert Meeting.objects.filter(status=MeetingStatus.CLOSED).count() == 3
    coming = Meeting.objects.get(status=MeetingStatus.SCHEDULED)
    assert coming.items.exists()
    results = set(AgendaItem.objects.exclude(result="").values_list("result", flat=True))
    assert results == {"passed", "rejected"}
    seats = Membership.objects.filter(user__username__in=["reviewer", "approver"])
    assert {(m.committee.code, m.user.username, m.role) for m in seats} >= {
        ("LAND", "reviewer", MemberRole.SECRETARY),
        ("LAND", "approver", MemberRole.CHAIR),
    }
    passed = AgendaItem.objects.filter(result="passed").select_related("case").first()
    assert passed.case.status == "completed"
    assert passed.case.events.filter(data__committee__meeting=passed.meeting.number).exists()


def test_demo_cases_leave_the_committee_stage_only_by_a_vote(users):
    from datetime import date

    from xiaoneng.cases.demo import seed_cases
    from xiaoneng.cases.integrity import verify_all
    from xiaoneng.cases.models import CaseEvent

    today = date(2026, 11, 27)
    waiting = []
    with time_machine.travel(at("2026-11-27", 18), tick=False):
        seed_cases(150, seed=7, today=today, waiting=waiting)
        assert waiting, "the demo sends some cases to a committee"
        counts = seed_committee(today=today, waiting=waiting, seed=7)
    assert counts["committee_meetings"] > 2
    stages = ["土地审核委员会审议", "矿业权审核委员会审议"]
    left = CaseEvent.objects.filter(kind__in=["advanced", "sent_back"], data__from_stage__in=stages)
    assert left.exists()
    assert all("committee" in event.data for event in left)
    decided = AgendaItem.objects.exclude(result="")
    assert decided.count() == left.count()
    assert (
        Meeting.objects.filter(status=MeetingStatus.CLOSED).count()
        == counts["committee_meetings"]
        - Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count()
    )
    assert verify_all()["broken"] == []
