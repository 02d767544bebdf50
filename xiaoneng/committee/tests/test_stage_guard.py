"""Only the committee's vote moves a case out of a committee stage.

The generic forward / send-back steps (workbench, cases API, the actions
themselves) are refused there, for the stage's officer and everyone else.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from xiaoneng.cases import actions
from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.testing import at
from xiaoneng.committee import services
from xiaoneng.committee.choices import Choice
from xiaoneng.core.errors import TransitionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(land, committee_case):
    case = committee_case()
    assert case.stage["kind"] == "committee"
    return case


@pytest.mark.parametrize("username", ["reviewer", "handler", "approver"])
def test_the_generic_steps_cannot_leave_the_committee_stage(waiting, users, username):
    for step, kwargs in (
        (actions.do_advance, {"opinion": "同意"}),
        (actions.do_send_back, {"reason": "退回"}),
    ):
        with pytest.raises((TransitionError, PermissionDenied)) as refused:
            step(waiting, acting_user=users[username], now=at("2026-03-03"), **kwargs)
        if username == "reviewer":  # the stage's own officer: refused by the stage, 409
            assert refused.type is TransitionError
            assert "只有审核委员会会议表决" in str(refused.value)
    waiting.refresh_from_db()
    assert waiting.stage["kind"] == "committee"
    assert not {"advance", "send_back"} & set(actions.allowed_actions(waiting, users.reviewer))


def test_workbench_and_api_answer_409_with_a_clear_message(waiting, users, client_for):
    page = client_for(users.reviewer).post(
        reverse("cases:action", args=[waiting.number, "advance"]), {"opinion": "绕过审核委员会"}
    )
    assert page.status_code == 409
    assert "审核委员会" in page.content.decode() or "committee" in page.content.decode()
    api = APIClient()
    api.force_authenticate(users.reviewer)
    for name, body in (("advance", {"opinion": "绕过"}), ("send_back", {"reason": "绕过"})):
        response = api.post(
            f"/api/v1/cases/{waiting.number}/actions/{name}/",
            body,
            format="json",
        )
        assert response.status_code == 409, response.content
        assert "只有审核委员会会议表决" in response.json()["detail"]
        assert "allowed_actions" not in response.json()
    detail = api.get(f"/api/v1/cases/{waiting.number}/").json()
    assert not {"advance", "send_back"} & set(detail["allowed_actions"])
    waiting.refresh_from_db()
    assert waiting.stage["kind"] == "committee"
    assert not waiting.events.filter(kind=EventKind.ADVANCED, data__to_stage="审批").exists()


def test_the_committee_vote_still_moves_the_case(meeting, in_session, voters, users):
    in_session(5)
    item = meeting.items.get()
    for voter in voters[:5]:
        services.cast_ballot(item, acting_user=voter, choice=Choice.FOR)
    services.close_item(item, acting_user=users.reviewer)
    case = item.case
    case.refresh_from_db()
    assert case.stage["kind"] == "decision"
    event = case.events.order_by("-seq").first()
    assert event.kind == EventKind.ADVANCED
    assert event.data["committee"]["meeting"] == meeting.number
