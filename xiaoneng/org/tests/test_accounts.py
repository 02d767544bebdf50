"""The security administrator's account pages and actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xiaoneng.core.models import AuditEvent
from xiaoneng.org import services
from xiaoneng.org.choices import Role
from xiaoneng.org.models import StaffProfile, Unit

pytestmark = pytest.mark.django_db

NEW = {
    "username": "wang_new",
    "full_name": "王新",
    "staff_no": "NX9001",
    "title": "窗口受理员",
    "duties": "",
    "phone": "",
    "shown_in_public": "on",
    "roles": ["clerk"],
    "password": "Window@2026",
}


def test_security_admin_creates_an_account_with_roles_and_audit(client_for, users):
    client = client_for(users.secadmin)
    unit = Unit.objects.get(code="NX-DLR-APPROVAL")
    response = client.post(reverse("org:account_create"), {**NEW, "unit": unit.pk})
    assert response.status_code == 302
    profile = StaffProfile.objects.get(staff_no="NX9001")
    assert profile.user.check_password("Window@2026")
    assert profile.roles == [Role.CLERK]
    event = AuditEvent.objects.get(action="org.account_created")
    assert event.actor == users.secadmin
    assert event.new["roles"] == ["clerk"]


def test_weak_password_is_refused_with_a_message_and_nothing_stored(client_for, users):
    client = client_for(users.secadmin)
    unit = Unit.objects.get(code="NX-DLR-APPROVAL")
    response = client.post(
        reverse("org:account_create"), {**NEW, "unit": unit.pk, "password": "abcdefgh"}
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not StaffProfile.objects.filter(staff_no="NX9001").exists()
    assert not AuditEvent.objects.filter(action="org.account_created").exists()


def test_admin_duty_cannot_be_combined_with_another_role(client_for, users):
    client = client_for(users.secadmin)
    profile = users.clerk.profile
    response = client.post(
        reverse("org:account_edit", args=[profile.staff_no]),
        {
            "full_name": "马晓燕",
            "unit": profile.unit_id,
            "roles": ["clerk", "auditadmin"],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    profile.refresh_from_db()
    assert profile.roles == [Role.CLERK]


def test_editing_roles_and_unit_is_one_audited_change(client_for, users):
    client = client_for(users.secadmin)
    profile = users.handler.profile
    target_unit = Unit.objects.get(code="NX-DLR-FARMLAND")
    response = client.post(
        reverse("org:account_edit", args=[profile.staff_no]),
        {
            "full_name": "李建国",
            "unit": target_unit.pk,
            "title": "主任科员",
            "roles": ["handler", "reviewer"],
            "is_active": "on",
            "shown_in_public": "on",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.unit == target_unit
    assert set(profile.roles) == {Role.HANDLER, Role.REVIEWER}
    event = AuditEvent.objects.get(action="org.account_changed")
    assert event.old["roles"] == ["handler"]
    assert event.new["roles"] == ["handler", "reviewer"]


def test_nobody_changes_his_own_roles(users):
    with pytest.raises(PermissionDenied):
        services.update_staff_account(
            users.secadmin.profile,
            acting_user=users.secadmin,
            full_name="吴敏",
            is_active=True,
            roles=[Role.SECADMIN, Role.LEADER],
        )


def test_unchanged_edit_writes_no_event(users):
    profile = users.clerk.profile
    changed = services.update_staff_account(
        profile,
        acting_user=users.secadmin,
        full_name=users.clerk.first_name,
        is_active=True,
        roles=[Role.CLERK],
        title=profile.title,
    )
    assert changed is False
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "username", ["clerk", "supervisor", "leader", "sysadmin", "auditadmin", "yc_clerk"]
)
def test_other_roles_are_refused_the_account_pages(client_for, users, username):
    client = client_for(users[username])
    staff_no = users.handler.profile.staff_no
    for url in [
        reverse("org:accounts"),
        reverse("org:account_create"),
        reverse("org:account_edit", args=[staff_no]),
        reverse("org:account_password", args=[staff_no]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("org:account_unlock", args=[staff_no])).status_code == 403


def test_city_security_admin_cannot_manage_department_accounts(client_for, users):
    city_admin = services.create_staff_account(
        acting_user=users.secadmin,
        username="yc_secadmin",
        full_name="银川安全员",
        unit=Unit.objects.get(code="NX-YC"),
        staff_no="NX9101",
        roles=[Role.SECADMIN],
        password="Secure@2026",
    ).user
    client = client_for(city_admin)
    listed = client.get(reverse("org:accounts") + "?q=yc_clerk")
    assert [p.user.username for p in listed.context["page"]] == ["yc_clerk"]
    # The department's clerk exists but is outside the city admin's region.
    assert client.get(reverse("org:accounts") + "?q=clerk").context["page"].paginator.count == 0
    staff_no = users.handler.profile.staff_no
    assert client.get(reverse("org:account_edit", args=[staff_no])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_password(users.handler.profile, "Other@2026x", acting_user=city_admin)


def test_reset_password_validates_and_audits(client_for, users):
    client = client_for(users.secadmin)
    staff_no = users.clerk.profile.staff_no
    url = reverse("org:account_password", args=[staff_no])
    assert client.post(url, {"password": "short"}).status_code == 200
    assert client.post(url, {"password": "Reset@2026x"}).status_code == 302
    users.clerk.refresh_from_db()
    assert users.clerk.check_password("Reset@2026x")
    assert AuditEvent.objects.filter(action="org.password_reset").count() == 1


def test_duplicate_username_is_a_validation_error(users):
    with pytest.raises(ValidationError):
        services.create_staff_account(
            acting_user=users.secadmin,
            username="CLERK",
            full_name="重复",
            unit=users.clerk.profile.unit,
            staff_no="NX9300",
            roles=[Role.CLERK],
            password="Dup@20261",
        )


def test_account_list_query_count_does_not_grow_with_rows(
    client_for, users, django_assert_max_num_queries
):
    client = client_for(users.secadmin)
    # (17 before the navigation asked whether the user sits on a review committee.)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("org:accounts"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 30
