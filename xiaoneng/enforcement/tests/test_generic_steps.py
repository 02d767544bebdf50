"""A penalty case cannot be moved on through the licensing workbench or the cases API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from xiaoneng.cases import actions

pytestmark = pytest.mark.django_db


def test_workbench_offers_no_licensing_step_on_a_penalty_case(open_penalty, users):
    case = open_penalty()
    assert not set(actions.allowed_actions(case, users.handler)) & actions.PENALTY_STEPS


def test_generic_advance_is_refused_on_the_page_and_in_the_api(open_penalty, users, client_for):
    case = open_penalty()
    stage = case.stage_index
    page = client_for(users.handler).post(
        reverse("cases:action", args=[case.number, "advance"]), {"opinion": "绕过告知"}
    )
    assert page.status_code == 409
    api = APIClient()
    api.force_authenticate(users.handler)
    response = api.post(
        f"/api/v1/cases/{case.number}/actions/advance/", {"opinion": "绕过告知"}, format="json"
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.stage_index == stage
