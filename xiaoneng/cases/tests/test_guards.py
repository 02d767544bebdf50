"""Illegal transitions (409), wrong roles (403) and other regions (404) change nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError

pytestmark = pytest.mark.django_db

ACTIONS = {
    "accept": lambda case, user: actions.do_accept(case, acting_user=user),
    "request_supplement": lambda case, user: actions.do_request_supplement(
        case, acting_user=user, missing=["申请书"]
    ),
    "refuse": lambda case, user: actions.do_refuse(
        case, acting_user=user, reason="理由", legal_basis="依据"
    ),
    "advance": lambda case, user: actions.do_advance(case, acting_user=user, opinion="同意"),
    "send_back": lambda case, user: actions.do_send_back(case, acting_user=user, reason="退回"),
    "pause": lambda case, user: actions.do_pause(
        case, acting_user=user, kind="hearing", reason="听证"
    ),
    "resume": lambda case, user: actions.do_resume(case, acting_user=user),
    "request_extension": lambda case, user: actions.do_request_extension(
        case, acting_user=user, days=5, reason="延期"
    ),
    "approve_extension": lambda case, user: actions.do_approve_extension(case, acting_user=user),
    "decide": lambda case, user: actions.do_decide(case, acting_user=user, result="approve"),
    "complete": lambda case, user: actions.do_complete(case, acting_user=user),
    "withdraw": lambda case, user: actions.do_withdraw(case, acting_user=user, reason="撤回"),
}


def snapshot(case):
    case.refresh_from_db()
    return (case.status, case.stage_index, case.event_count, case.last_event_hash)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_other_region_gets_404_and_nothing_changes(submit, users, name):
    case = submit()
    before = snapshot(case)
    with pytest.raises(Http404):
        ACTIONS[name](case, users.yc_clerk)
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("accept", "handler"),
        ("request_supplement", "reviewer"),
        ("refuse", "approver"),
        ("accept", "supervisor"),
        ("accept", "leader"),
        ("complete", "handler"),
    ],
)
def test_wrong_role_gets_403(submit, users, name, username):
    case = submit()
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        ACTIONS[name](case, users[username])
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("advance", "reviewer"),  # the first review stage is the handler's
        ("decide", "approver"),  # not at the decision stage yet
        ("approve_extension", "approver"),  # nothing requested
        ("resume", "handler"),  # not paused
        ("complete", "clerk"),  # not approved
        ("accept", "clerk"),  # already accepted
        ("refuse", "clerk"),  # already accepted
        ("send_back", "handler"),  # first stage
    ],
)
def test_illegal_transition_is_refused_and_changes_nothing(reviewed, users, name, username):
    case = reviewed()
    before = snapshot(case)
    with pytest.raises((TransitionError, PermissionDenied)):
        ACTIONS[name](case, users[username])
    assert snapshot(case) == before


def test_only_the_assigned_handler_acts_at_a_handler_stage(reviewed, users, django_user_model):
    from xiaoneng.org.models import StaffProfile

    case = reviewed()
    other = StaffProfile.objects.get(staff_no="NX0013").user  # a handler of the department
    with pytest.raises(PermissionDenied):
        actions.do_advance(case, acting_user=other, opinion="同意")


def test_admin_duties_see_no_case(submit, users):
    case = submit()
    for username in ["sysadmin", "secadmin", "auditadmin"]:
        with pytest.raises(Http404):
            actions.do_accept(case, acting_user=users[username])


def test_allowed_actions_follow_the_guards(reviewed, users):
    case = reviewed()
    assert set(actions.allowed_actions(case, users.handler)) == {
        "attach_material", "advance", "pause", "request_extension",
    }  # fmt: skip
    assert "advance" not in actions.allowed_actions(case, users.reviewer)
    assert "withdraw" in actions.allowed_actions(case, users.clerk)
    assert actions.allowed_actions(case, users.supervisor) == []


def test_assign_refuses_a_handler_of_another_authority(submit, users):
    case = submit()
    from xiaoneng.org.models import StaffProfile

    yc_handler = StaffProfile.objects.get(user__username="yc_staff02").user
    with pytest.raises(actions.ValidationError):
        actions.do_assign(case, acting_user=users.clerk, handler=yc_handler, now=at("2026-02-09"))


@pytest.mark.parametrize("username", ["sysadmin", "clerk", "secadmin", "supervisor"])
def test_only_the_system_admin_edits_key_projects(client_for, users, username):
    from django.urls import reverse

    response = client_for(users[username]).get(reverse("admin:cases_keyproject_changelist"))
    assert response.status_code == (200 if username == "sysadmin" else 302)


def test_partial_indexes_cover_exactly_the_open_statuses():
    from xiaoneng.cases.choices import OPEN_STATUSES
    from xiaoneng.cases.models import OPEN_STATUS_VALUES

    assert [status.value for status in OPEN_STATUSES] == OPEN_STATUS_VALUES
