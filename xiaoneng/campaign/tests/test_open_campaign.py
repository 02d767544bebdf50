"""A leader opens a campaign and sets its phases from the pages; others are refused."""

import pytest
from django.urls import reverse

from xiaoneng.campaign.models import Campaign
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db


def test_leader_opens_a_campaign_and_sets_a_phase(client_for, users):
    client = client_for(users.leader)
    assert client.get(reverse("campaign:new")).status_code == 200
    units = list(Unit.objects.filter(code__in=["NX-DLR-USE", "NX-DLR-APPROVAL"]))
    response = client.post(
        reverse("campaign:new"),
        {
            "name": "2027年效能建设回头看",
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-30",
            "units": [unit.pk for unit in units],
        },
    )
    campaign = Campaign.objects.get(name="2027年效能建设回头看")
    assert response.status_code == 302
    assert set(campaign.units.values_list("unit_id", flat=True)) == {u.pk for u in units}
    response = client.post(
        reverse("campaign:manage", args=[campaign.pk, "phase"]),
        {"kind": "mobilisation", "starts_on": "2027-03-01", "ends_on": "2027-03-31"},
    )
    assert response.status_code == 302
    assert campaign.phases.filter(kind="mobilisation").exists()


def test_bad_dates_are_refused_with_a_message_and_nothing_is_written(client_for, users):
    client = client_for(users.leader)
    unit = Unit.objects.get(code="NX-DLR-USE")
    response = client.post(
        reverse("campaign:new"),
        {
            "name": "倒序活动",
            "starts_on": "2027-06-30",
            "ends_on": "2027-03-01",
            "units": [unit.pk],
        },
    )
    assert response.status_code == 200
    assert not Campaign.objects.filter(name="倒序活动").exists()


@pytest.mark.parametrize("username", ["handler", "supervisor", "yc_clerk"])
def test_only_a_leader_opens_a_campaign(client_for, users, username):
    assert client_for(users[username]).get(reverse("campaign:new")).status_code == 403
