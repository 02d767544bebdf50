"""The window clerk issues a case's query code: a slip shown once, the portal lookup opens."""

import pytest
from django.urls import reverse

from xiaoneng.applicants import selectors
from xiaoneng.applicants.models import QueryCode
from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def issue_url(case):
    return reverse("applicants:issue_query_code", args=[case.number])


def issue(client, case):
    response = client.post(issue_url(case))
    assert response.status_code == 200
    return response.context["code"]


def test_a_window_case_gets_its_code_and_the_lookup_finds_it(submit, client_for, users):
    case = submit()
    assert not QueryCode.objects.filter(case=case).exists()  # registered at the window
    assert selectors.lookup(case.number, "") is None
    response = client_for(users.clerk).post(issue_url(case))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    code = response.context["code"]
    page = response.content.decode()
    assert f"{code[:5]}-{code[5:]}" in page
    assert case.number in page
    assert reverse("applicants:progress") in page
    assert selectors.lookup(case.number, code) == case
    assert selectors.lookup(case.number, f"{code[:5]}-{code[5:]}".lower()) == case
    assert QueryCode.objects.get(case=case).code_hash != code  # only the hash is kept
    event = AuditEvent.objects.get(action="applicants.query_code_issued")
    assert event.new == {"number": case.number, "reissued": False}


def test_a_new_code_replaces_the_lost_one(submit, client_for, users):
    case = submit()
    client = client_for(users.clerk)
    old = issue(client, case)
    new = issue(client, case)
    assert new != old
    assert selectors.lookup(case.number, old) is None
    assert selectors.lookup(case.number, new) == case
    assert QueryCode.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="applicants.query_code_issued").count() == 2


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("handler", 403),  # the department, but not the window
        ("supervisor", 403),
        ("yc_clerk", 404),  # the window of another authority: not his case
        ("sysadmin", 404),
    ],
)
def test_only_the_authoritys_window_issues_a_code(submit, client_for, users, username, status):
    case = submit()
    response = client_for(users[username]).post(issue_url(case))
    assert response.status_code == status
    assert not QueryCode.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(action="applicants.query_code_issued").exists()


def test_anonymous_and_get_are_refused(submit, client, client_for, users):
    case = submit()
    response = client.post(issue_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client_for(users.clerk).get(issue_url(case)).status_code == 405
    assert not QueryCode.objects.filter(case=case).exists()


def test_the_case_page_offers_the_button_to_the_window_only(submit, client_for, users):
    case = submit()
    url = reverse("cases:detail", args=[case.number])
    assert issue_url(case) in client_for(users.clerk).get(url).content.decode()
    assert issue_url(case) not in client_for(users.handler).get(url).content.decode()


def test_a_penalty_case_has_no_query_code(submit, client_for, users):
    from xiaoneng.catalog.choices import Category

    case = submit()
    case.service_item.category = Category.PENALTY
    case.service_item.save(update_fields=["category"])
    assert client_for(users.clerk).post(issue_url(case)).status_code == 403
    page = client_for(users.clerk).get(reverse("cases:detail", args=[case.number]))
    assert issue_url(case) not in page.content.decode()
