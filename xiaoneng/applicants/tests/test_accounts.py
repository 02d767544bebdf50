"""Applicant accounts: register, log in and out, and never reach a staff page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from xiaoneng.applicants.models import ApplicantProfile
from xiaoneng.applicants.tests.conftest import PASSWORD
from xiaoneng.cases.testing import CREDIT_CODE, ID_NUMBER
from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REGISTER = reverse("applicants:register")
LOGIN = reverse("applicants:login")


def form(**overrides):
    data = {
        "username": "13911112222",
        "kind": "person",
        "name": "孙七",
        "id_number": ID_NUMBER,
        "credit_code": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_register_creates_an_applicant_without_staff_profile_and_logs_in(client):
    response = client.post(REGISTER, form())
    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:account")
    user = get_user_model().objects.get(username="13911112222")
    assert user.applicant.id_number == ID_NUMBER
    assert not hasattr(user, "profile")
    assert not user.groups.exists()
    assert not user.is_staff
    assert AuditEvent.objects.filter(action="applicants.registered", actor=user).exists()
    assert client.get(reverse("applicants:account")).status_code == 200


def test_an_organisation_registers_with_its_credit_code_by_email(client):
    data = form(username="Firm@Example.com", kind="org", name="宁夏某公司", id_number="")
    response = client.post(REGISTER, {**data, "credit_code": CREDIT_CODE})
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user__username="firm@example.com")
    assert profile.credit_code == CREDIT_CODE
    assert profile.id_number == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "12345"}, "username"),
        ({"id_number": "110105194912310021"}, "id_number"),  # wrong check character
        ({"kind": "org", "credit_code": "91350100M000100Y44"}, "credit_code"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"password1": "13911112222Aa", "password2": "13911112222Aa"}, "password1"),
        ({"password2": "Other@2026x"}, "password2"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_registration_is_400_and_creates_nothing(client, overrides, field):
    response = client.post(REGISTER, form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not get_user_model().objects.filter(username="13911112222").exists()


def test_a_username_is_registered_once(client, applicant):
    response = client.post(REGISTER, form(username=applicant.username))
    assert response.status_code == 400
    assert response.context["form"].errors["username"]


def test_login_and_logout(client, applicant):
    response = client.post(LOGIN, {"username": "13900000001", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:account")
    assert client.get(reverse("applicants:account")).status_code == 200
    assert client.get(reverse("applicants:logout")).status_code == 405
    assert client.post(reverse("applicants:logout")).status_code == 302
    response = client.get(reverse("applicants:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_wrong_password_is_refused(client, applicant):
    response = client.post(LOGIN, {"username": "13900000001", "password": "Wrong@2026x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_log_in_on_the_portal(client, users):
    users.clerk.set_password(PASSWORD)
    users.clerk.save(update_fields=["password"])
    response = client.post(LOGIN, {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "page",
    ["applicants:account"],
)
def test_staff_get_403_on_applicant_pages(client_for, users, page):
    for username in ["clerk", "supervisor", "yc_clerk", "sysadmin"]:
        assert client_for(users[username]).get(reverse(page)).status_code == 403


STAFF_PAGES = [
    "/cases/",
    "/cases/all/",
    "/cases/new/",
    "/supervision/",
    "/supervision/warnings/",
    "/supervision/notifications/",
    "/org/units/",
    "/org/staff/",
    "/org/accounts/",
    "/audit/",
    "/audit/logins/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_refuse_an_applicant_account(client_for, applicant, url):
    assert client_for(applicant).get(url).status_code == 403


def test_staff_case_page_and_admin_refuse_an_applicant(client_for, applicant, apply_online):
    case, _code = apply_online(applicant)
    client = client_for(applicant)
    assert client.get(reverse("cases:detail", args=[case.number])).status_code in (403, 404)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
