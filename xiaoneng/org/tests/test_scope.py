"""The data-scope rule: own unit; supervisors and leaders their region and below."""

import pytest

from xiaoneng.org.models import StaffProfile, Unit

pytestmark = pytest.mark.django_db


def regions_seen(user):
    return set(StaffProfile.objects.visible_to(user).values_list("unit__region__code", flat=True))


def test_clerk_sees_only_his_own_unit(users):
    seen = StaffProfile.objects.visible_to(users.clerk)
    assert seen.exists()
    assert set(seen.values_list("unit_id", flat=True)) == {users.clerk.profile.unit_id}


def test_department_supervisor_sees_the_whole_province(users):
    assert {"640000", "640100", "640200", "640104"} <= regions_seen(users.supervisor)


def test_city_supervisor_sees_his_city_and_its_counties_only(users):
    seen = regions_seen(users.yc_supervisor)
    assert "640100" in seen
    assert all(code.startswith("6401") for code in seen)
    assert not Unit.objects.visible_to(users.yc_supervisor).filter(region__code="640200").exists()


def test_yinchuan_clerk_cannot_see_staff_of_another_city(users):
    assert regions_seen(users.yc_clerk) == {"640100"}


def test_admin_duties_see_only_their_unit_as_staff(users):
    # The security admin manages accounts province-wide through his own
    # permission, but the ordinary directory scope does not widen for him.
    assert set(
        StaffProfile.objects.visible_to(users.secadmin).values_list("unit_id", flat=True)
    ) == {users.secadmin.profile.unit_id}


def test_inactive_or_profileless_user_sees_nothing(users, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="Xx@12345678")
    assert not StaffProfile.objects.visible_to(nobody).exists()
    users.supervisor.is_active = False
    assert not StaffProfile.objects.visible_to(users.supervisor).exists()
