"""The supervision centre shows the campaign's overdue rectifications, in scope."""

import pytest
from django.urls import reverse

from xiaoneng.campaign import services
from xiaoneng.cases.testing import at
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db


def panel(client):
    response = client.get(reverse("supervision:centre"))
    assert response.status_code == 200
    return next(p for p in response.context["panels"] if p.url == reverse("campaign:ledger"))


def test_overdue_rectification_appears_on_the_centre_of_its_region_only(
    users, client_for, time_machine
):
    time_machine.move_to(at("2026-03-02"), tick=False)
    problem = services.raise_problem(
        acting_user=users.supervisor,
        unit=Unit.objects.get(code="NX-DLR-USE"),
        area="efficiency",
        severity="serious",
        title="窗口办件拖拉",
        limit_days=5,
        now=at("2026-03-02"),
    )
    time_machine.move_to(at("2026-03-20"), tick=False)
    mine = panel(client_for(users.supervisor))
    assert mine.count == 1
    assert problem.number in mine.rows[0].label
    assert mine.rows[0].overdue_days > 0
    assert panel(client_for(users.yc_supervisor)).count == 0
