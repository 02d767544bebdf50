"""Scoring schemes are configuration: the system administrator edits them, with history."""

import pytest

pytestmark = pytest.mark.django_db


def test_sysadmin_edits_schemes_with_history(unit_scheme, users, client_for):
    client = client_for(users.sysadmin)
    indicator = unit_scheme.indicators.first()
    for url in [
        "/admin/assessment/scheme/",
        "/admin/assessment/scheme/add/",
        f"/admin/assessment/scheme/{unit_scheme.pk}/change/",
        f"/admin/assessment/scheme/{unit_scheme.pk}/history/",
        "/admin/assessment/indicator/",
        f"/admin/assessment/indicator/{indicator.pk}/history/",
    ]:
        assert client.get(url).status_code == 200, url
    assert unit_scheme.history.exists()
    assert indicator.history.exists()


def test_an_invalid_indicator_is_refused_in_the_admin(unit_scheme, users, client_for):
    client = client_for(users.sysadmin)
    response = client.post(
        "/admin/assessment/indicator/add/",
        {
            "scheme": unit_scheme.pk,
            "position": 9,
            "code": "BAD",
            "name": "bad",
            "source": "red_cards",
            "rule": "linear",
            "weight": "10",
            "zero_at": "80",
            "full_at": "80",
        },
    )
    assert response.status_code == 200  # the form again, with the errors
    assert not unit_scheme.indicators.filter(code="BAD").exists()


def test_business_users_do_not_reach_the_admin(users, client_for):
    assert client_for(users.leader).get("/admin/assessment/scheme/").status_code == 302
