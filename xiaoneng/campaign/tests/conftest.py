"""A small campaign built through the services: the department, two offices and Yinchuan."""

from datetime import date

import pytest
import time_machine

from xiaoneng.campaign import campaigns
from xiaoneng.campaign.choices import GroupRole, PhaseKind
from xiaoneng.org.models import Unit

UNITS = ["NX-DLR", "NX-DLR-USE", "NX-DLR-APPROVAL", "NX-DLR-DISCIPLINE", "NX-YC"]


@pytest.fixture
def units(db):
    return {unit.code: unit for unit in Unit.objects.filter(code__in=UNITS)}


@pytest.fixture
def campaign(users, units):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        made = campaigns.create_campaign(
            acting_user=users.leader,
            name="行政效能建设活动",
            organiser=units["NX-DLR"],
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 9, 30),
            units=[units[code] for code in UNITS],
        )
        campaigns.set_group_member(made, acting_user=users.leader, user=users.leader, role="head")
        campaigns.set_group_member(
            made, acting_user=users.leader, user=users.supervisor, role=GroupRole.MEMBER
        )
        campaigns.set_phase(
            made,
            acting_user=users.leader,
            kind=PhaseKind.MOBILISATION,
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 31),
        )
    return made
