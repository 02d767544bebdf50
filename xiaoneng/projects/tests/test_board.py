"""The board's figures are read from the linked cases: count, lights, land, next step."""

from decimal import Decimal

import pytest
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.choices import OPEN_STATUSES, Status
from xiaoneng.cases.models import Case
from xiaoneng.cases.testing import at
from xiaoneng.projects import procedure, selectors, services
from xiaoneng.projects.choices import ProjectStatus
from xiaoneng.workdays.choices import Light

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(project, case_of, walk, users):
    """Pre-approval done, conversion approved with 60 ha, expropriation overdue at review."""
    kp = project()
    pre = walk(case_of("YDYS", "2026-02-02"), "2026-02-02")
    conversion = walk(case_of("NYDZY", "2026-02-03"), "2026-02-03", until="approved")
    expropriation = walk(case_of("TDZS", "2026-02-09"), "2026-02-09", until="review")
    # The handler forwards it long after the promised limit: its light turns red.
    expropriation = actions.do_advance(
        expropriation, acting_user=users.handler, opinion="同意", now=at("2026-04-28")
    )
    for case in (expropriation, pre, conversion):  # linked out of order on purpose
        services.link_case(kp, case, acting_user=users.reviewer)
    services.record_approved_land(
        conversion, hectares="60", farmland_hectares="25.5", acting_user=users.reviewer
    )
    case_of("NYDZY", "2026-02-10")  # not on the project
    return kp, pre, conversion, expropriation


def test_figures_equal_the_linked_cases(under_way):
    kp, _pre, _conversion, expropriation = under_way
    figures = selectors.figures_for([kp])[kp.pk]
    linked = Case.objects.filter(key_project=kp)
    open_cases = linked.filter(status__in=OPEN_STATUSES)
    assert figures.cases == linked.count() == 3
    assert figures.open == open_cases.count() == 2  # approved, awaiting issue, is open
    assert figures.done == linked.filter(status__in=[Status.APPROVED, Status.COMPLETED]).count()
    for light in Light:
        assert getattr(figures, light.value) == open_cases.filter(light=light).count()
    assert expropriation.light == Light.RED
    assert figures.red == 1
    assert figures.approved_hectares == Decimal("60")
    assert figures.approved_farmland_hectares == Decimal("25.5")
    assert figures.status == ProjectStatus.OVERDUE
    assert figures.next_code == "TDZS"
    assert selectors.land_share(kp, figures) == 60


def test_board_and_detail_pages_show_the_figures(under_way, client_for, users):
    kp, pre, conversion, expropriation = under_way
    client = client_for(users.leader)
    board = client.get(reverse("projects:board"))
    assert board.status_code == 200
    assert kp.name in board.content.decode()
    assert board.context["rows"][0]["figures"].cases == 3
    page = client.get(reverse("projects:detail", args=[kp.code]))
    assert page.status_code == 200
    approvals = page.context["approvals"]
    # The procedural order, not the order of linking: 预审 → 转用 → 征收.
    assert [a.case.number for a in approvals] == [
        pre.number,
        conversion.number,
        expropriation.number,
    ]
    assert [a.is_next for a in approvals] == [False, False, True]
    assert page.context["figures"].approved_hectares == Decimal("60")


def test_api_figures_and_approvals(under_way, client_for, users):
    kp, pre, conversion, expropriation = under_way
    client = client_for(users.supervisor)
    listing = client.get("/api/v1/key-projects/").json()
    row = next(r for r in listing["results"] if r["code"] == kp.code)
    assert row["figures"]["cases"] == 3
    assert row["figures"]["red"] == 1
    assert row["figures"]["next_step"] == "TDZS"
    assert Decimal(row["figures"]["approved_hectares"]) == Decimal("60")
    detail = client.get(f"/api/v1/key-projects/{kp.code}/").json()
    assert [a["case"] for a in detail["approvals"]] == [
        pre.number,
        conversion.number,
        expropriation.number,
    ]
    approvals = client.get(f"/api/v1/key-projects/{kp.code}/approvals/").json()
    assert [a["item"] for a in approvals] == ["YDYS", "NYDZY", "TDZS"]
    assert approvals[2]["is_next"]
    assert approvals[2]["light"] == "red"


def test_board_list_query_count_does_not_grow(project, case_of, client_for, users,
                                              django_assert_max_num_queries):  # fmt: skip
    client = client_for(users.leader)
    client.get(reverse("projects:board"))  # the session and the user's roles
    for index in range(6):
        kp = project(code=f"KP-Q{index}")
        services.link_case(kp, case_of("YDYS"), acting_user=users.reviewer)
    # The projects, their grouped case counts, their land, the next items: fixed.
    with django_assert_max_num_queries(16):  # 11 of them: session, user, roles, nav
        assert client.get(reverse("projects:board")).status_code == 200


def test_next_step_is_the_first_approval_not_done():
    assert procedure.next_step({}) is None
    assert procedure.next_step({"TDZS": False, "YDYS": True, "NYDZY": False}) == "NYDZY"
    assert procedure.next_step({"TDZS": True, "YDYS": True}) is None
    # Items outside the procedure come after every known one.
    assert procedure.next_step({"CHZZ": False, "BDCFZ": False}) == "BDCFZ"
    assert procedure.next_step({"CHZZ": False, "YDYS": True}) == "CHZZ"


def test_the_procedure_puts_pre_approval_before_conversion_before_supply():
    order = [code for code, _phase in procedure.PROCEDURE]
    assert order.index("YDYS") < order.index("NYDZY") < order.index("TDZS")
    assert order.index("TDZS") < order.index("HBYD")
    assert order.index("CLPS") < order.index("CKXL")
    assert len(order) == len(set(order))


def test_a_denied_step_stays_the_next_step(project, case_of, walk, to_decision, users):
    kp = project()
    walk(case_of("YDYS"), until="completed")
    conversion = walk(case_of("NYDZY"), until="review")
    services.link_case(kp, conversion, acting_user=users.reviewer)
    conversion, day = to_decision(conversion)
    actions.do_decide(
        conversion,
        acting_user=users.approver,
        result="deny",
        reason="占用基本农田",
        now=at(day, 16),
    )
    figures = selectors.figures_for([kp])[kp.pk]
    assert figures.next_code == "NYDZY"
    assert figures.status == ProjectStatus.ON_TRACK


def test_all_approved_project_is_done(project, case_of, walk, users):
    kp = project()
    services.link_case(kp, walk(case_of("YDYS")), acting_user=users.reviewer)
    figures = selectors.figures_for([kp])[kp.pk]
    assert figures.next_code is None
    assert figures.status == ProjectStatus.DONE
    assert selectors.figures_for([project(code="KP-EMPTY")])
