"""The committees are configuration: the system administrator edits them, with history."""

import pytest

pytestmark = pytest.mark.django_db


def test_sysadmin_edits_committees_with_history(land, users, client_for):
    client = client_for(users.sysadmin)
    for url in [
        "/admin/committee/committee/",
        f"/admin/committee/committee/{land.pk}/change/",
        f"/admin/committee/committee/{land.pk}/history/",
        "/admin/committee/membership/",
    ]:
        assert client.get(url).status_code == 200, url
    assert land.history.exists()


def test_a_quorum_above_all_members_is_refused(land):
    from django.core.exceptions import ValidationError

    land.quorum_numerator, land.quorum_denominator = 4, 3
    with pytest.raises(ValidationError):
        land.full_clean()


def test_business_users_do_not_reach_the_admin(land, users, client_for):
    response = client_for(users.reviewer).get("/admin/committee/committee/")
    assert response.status_code == 302  # to the admin login
