"""Key projects and cases of real catalogue items, through the real actions."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from xiaoneng.cases import actions
from xiaoneng.cases.models import KeyProject
from xiaoneng.cases.testing import ID_NUMBER, at
from xiaoneng.catalog.choices import StageKind
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.committee.demo import decide_by_committee, seed_committees
from xiaoneng.org.models import Region
from xiaoneng.workdays.services import get_calendar


@pytest.fixture(autouse=True)
def frozen_clock():
    # The board's dates ("not in the future", lights) read today: freeze it.
    with time_machine.travel(at("2026-04-30", 18), tick=False):
        yield


@pytest.fixture
def project(db, users):
    """A key project in 灵武市 (Yinchuan), coordinated by the department's reviewer."""

    def make(code="KP-T1", county="640181", coordinator="reviewer", **values):
        return KeyProject.objects.create(
            code=code,
            name=values.pop("name", f"宁东测试项目{code}"),
            region=Region.objects.get(code=county),
            coordinator=users[coordinator] if coordinator else None,
            planned_hectares=values.pop("planned_hectares", Decimal("100")),
            planned_farmland_hectares=values.pop("planned_farmland_hectares", Decimal("40")),
            **values,
        )

    return make


@pytest.fixture
def case_of(users):
    """A case of a real catalogue item, registered by the clerk of its authority."""

    def make(code, day="2026-02-09", clerk="clerk", **overrides):
        return actions.do_submit(
            acting_user=users[clerk],
            service_item=ServiceItem.objects.get(code=code),
            channel="window",
            applicant_kind="person",
            applicant_name="张三",
            id_number=ID_NUMBER,
            phone="13800000000",
            now=at(day),
            **overrides,
        )

    return make


@pytest.fixture
def to_decision(users):
    """Forward a case through its review stages; a committee stage is passed by the
    committee's vote at a sitting on the next working day. Returns (case, day)."""
    seed_committees()

    def run(case, day="2026-02-09"):
        while case.stage["kind"] in (StageKind.REVIEW, StageKind.COMMITTEE):
            if case.stage["kind"] == StageKind.COMMITTEE:
                day = get_calendar().add_workdays(date.fromisoformat(day), 1).isoformat()
                case, _closed_at = decide_by_committee(case, day=date.fromisoformat(day))
                continue
            actor = users.handler if case.stage["role"] == "handler" else users.reviewer
            case = actions.do_advance(case, acting_user=actor, opinion="同意", now=at(day, 14))
        return case, day

    return run


@pytest.fixture
def walk(users, to_decision):
    """Take a department case through acceptance and review to the decision (or beyond)."""

    def run(case, day="2026-02-09", *, until="completed"):
        case = actions.do_accept(case, acting_user=users.clerk, now=at(day, 11))
        case = actions.do_assign(
            case, acting_user=users.clerk, handler=users.handler, now=at(day, 12)
        )
        if until == "review":
            return case
        case, day = to_decision(case, day)
        case = actions.do_decide(
            case, acting_user=users.approver, result="approve", now=at(day, 15)
        )
        if until == "approved":
            return case
        return actions.do_complete(case, acting_user=users.clerk, now=at(day, 16))

    return run
