"""Committee fixtures: the demo committees and cases driven to the land committee stage."""

import pytest
import time_machine

from xiaoneng.cases import actions
from xiaoneng.cases.testing import CREDIT_CODE, at
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.committee import services
from xiaoneng.committee.demo import seed_committees
from xiaoneng.committee.models import Committee

# 2026-02-16 is the Spring Festival holiday: meetings sit in March.
DAY = "2026-03-10"


@pytest.fixture
def frozen():
    with time_machine.travel(at(DAY, 9), tick=False):
        yield


@pytest.fixture
def land(db):
    """The land committee: chair approver, secretary reviewer, 6 members (7 voters)."""
    seed_committees()
    return Committee.objects.get(code="LAND")


@pytest.fixture
def voters(land):
    return [m.user for m in land.voters_on(at(DAY).date()).order_by("role", "pk")]


@pytest.fixture
def committee_case(users):
    """A new 农用地转用 application driven to the land committee stage."""

    def make(day="2026-03-02"):
        case = actions.do_submit(
            acting_user=users.clerk,
            service_item=ServiceItem.objects.get(code="NYDZY"),
            channel="window",
            applicant_kind="org",
            applicant_name="宁夏建设投资集团有限公司",
            credit_code=CREDIT_CODE,
            phone="13800000000",
            title="银川经开区标准厂房用地",
            now=at(day, 9),
        )
        case = actions.do_accept(case, acting_user=users.clerk, now=at(day, 10))
        case = actions.do_assign(
            case, acting_user=users.clerk, handler=users.handler, now=at(day, 11)
        )
        case = actions.do_advance(case, acting_user=users.handler, opinion="同意", now=at(day, 14))
        return actions.do_advance(
            case, acting_user=users.reviewer, opinion="提请审议", now=at(day, 16)
        )

    return make


@pytest.fixture
def meeting(land, users, committee_case, frozen):
    """A scheduled land meeting on DAY with one case on its agenda."""
    meeting = services.schedule_meeting(
        land, acting_user=users.reviewer, starts_at=at(DAY, 14), place="第一会议室"
    )
    services.add_agenda_item(meeting, acting_user=users.reviewer, case=committee_case())
    return meeting


@pytest.fixture
def in_session(meeting, users, voters):
    """The meeting open with 5 of 7 voters present (the last two absent)."""

    def make(present=5):
        services.record_attendance(
            meeting, acting_user=users.reviewer, present_ids=[u.pk for u in voters[:present]]
        )
        return services.open_meeting(meeting, acting_user=users.reviewer)

    return make
