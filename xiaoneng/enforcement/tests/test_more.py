"""Extension by the approver, the facts form, the admin and query counts."""

import time_machine

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.enforcement import services


def test_extension_is_approved_by_the_approver(open_penalty, users):
    case = open_penalty()
    due = case.statutory_due_date
    case = actions.do_request_extension(
        case, acting_user=users.handler, days=20, reason="案情复杂", now=at("2026-04-01")
    )
    case = actions.do_approve_extension(case, acting_user=users.approver, now=at("2026-04-02"))
    assert case.extension_days == 20
    assert case.statutory_due_date > due


def test_facts_form_updates_the_facts(client_for, users, open_penalty):
    case = open_penalty()
    data = {
        "facts-summary": "占地建房",
        "facts-location": "金凤区",
        "facts-area_m2": "3000",
        "facts-land_class": "construction",
        "facts-restorable": "on",
        "facts-illegal_gains": "0",
    }
    with time_machine.travel(at("2026-03-03"), tick=False):
        client = client_for(users.handler)
        response = client.post(f"/enforcement/{case.number}/facts/", data)
        assert response.status_code == 302
        page = client.get(f"/enforcement/{case.number}/")
    assert page.context["suggestion"].tier == "serious"
    case.penalty_facts.refresh_from_db()
    assert str(case.penalty_facts.area_m2) == "3000.00"


def test_list_costs_the_same_queries_for_more_cases(client_for, users, open_penalty):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_penalty()
    client = client_for(users.supervisor)
    client.get("/enforcement/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/enforcement/")
        assert response.status_code == 200
        return len(captured)

    one = queries()
    for _ in range(3):
        open_penalty()
    assert queries() == one


def test_admin_lists_benchmarks_for_the_sysadmin(client_for, users, penalty_setup):
    response = client_for(users.sysadmin).get("/admin/enforcement/discretionbenchmark/")
    assert response.status_code == 200
    assert client_for(users.handler).get("/admin/enforcement/discretionbenchmark/").status_code in (
        302,
        403,
    )


def test_publish_is_refused_before_the_decision(open_penalty, users):
    import pytest

    from xiaoneng.core.errors import TransitionError

    case = open_penalty()
    with pytest.raises(TransitionError):
        services.publish_decision(case, acting_user=users.handler, now=at("2026-03-03"))


def test_a_case_moved_by_the_generic_action_still_needs_the_notice(open_penalty, users):
    import pytest

    from xiaoneng.core.errors import TransitionError

    case = open_penalty()
    actions.do_advance(case, acting_user=users.handler, opinion="跳过", now=at("2026-03-03"))
    with pytest.raises(TransitionError):
        services.propose_decision(case, acting_user=users.handler, now=at("2026-03-20"))
