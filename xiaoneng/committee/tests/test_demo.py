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
