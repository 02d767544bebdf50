from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.cases.models import Case
from xiaoneng.org.demo import COUNTIES
from xiaoneng.org.models import Region, StaffProfile, Unit

pytestmark = pytest.mark.django_db


def snapshot():
    users = get_user_model().objects.order_by("username")
    return {
        "regions": list(Region.objects.values_list("code", "name", "level", "parent__code")),
        "units": list(Unit.objects.order_by("code").values()),
        "profiles": list(StaffProfile.objects.order_by("staff_no").values()),
        "users": list(users.values("username", "first_name", "password", "is_staff")),
        "groups": list(users.values_list("username", "groups__name")),
        "cases": list(Case.objects.values_list("number", "status", "event_count")),
        "history": [
            Region.history.count(),
            Unit.history.count(),
            StaffProfile.history.count(),
        ],
    }


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", cases=30, stdout=StringIO())
    before = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == before


def test_every_region_code_has_the_right_parent():
    regions = {r.code: r for r in Region.objects.select_related("parent")}
    assert regions["640000"].parent is None
    for code in ["640100", "640200", "640300", "640400", "640500"]:
        assert regions[code].parent.code == "640000"
    assert len(COUNTIES) == 22
    for code, name in COUNTIES:
        assert regions[code].name == name
        assert regions[code].parent.code == code[:4] + "00"
    assert len(regions) == 28


def test_every_role_has_staff_and_the_named_demo_users_exist(users):
    for name in [
        "clerk", "handler", "reviewer", "approver", "supervisor", "leader",
        "sysadmin", "secadmin", "auditadmin", "yc_clerk", "yc_supervisor",
    ]:  # fmt: skip
        assert users[name].check_password("Demo@2026")
    assert users.yc_clerk.profile.unit.region.code == "640100"
    assert 55 <= StaffProfile.objects.count() <= 75


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        call_command("seed_demo")


@pytest.mark.parametrize("value", ["-1", "many"])
def test_seed_demo_rejects_a_bad_case_count(settings, value):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="不小于 0 的整数"):
        call_command("seed_demo", "--cases", value)
