"""Only the owner reaches his case, its documents and its rating: others 404, staff 403."""

import pytest
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(apply_online, applicant, users):
    case, _code = apply_online(applicant)
    return actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))


def owner_urls(case):
    document = case.documents.get()
    return [
        reverse("applicants:case", args=[case.number]),
        reverse("applicants:document_pdf", args=[case.number, document.pk]),
    ]


def test_another_applicant_gets_404(accepted, client_for, other_applicant):
    client = client_for(other_applicant)
    for url in owner_urls(accepted):
        assert client.get(url).status_code == 404
    rate = reverse("applicants:rate", args=[accepted.number])
    assert client.post(rate, {"moment": "acceptance", "level": "1"}).status_code == 404
    assert accepted.number not in client.get(reverse("applicants:account")).content.decode()


def test_staff_get_403_on_the_owner_pages(accepted, client_for, users):
    for username in ["clerk", "yc_clerk", "supervisor"]:
        for url in owner_urls(accepted):
            assert client_for(users[username]).get(url).status_code == 403


def test_anonymous_is_sent_to_the_portal_login(accepted, client):
    for url in owner_urls(accepted):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("applicants:login"))


def test_one_off_case_has_no_owner_page(apply_online, client_for, applicant):
    case, _code = apply_online()
    url = reverse("applicants:case", args=[case.number])
    assert client_for(applicant).get(url).status_code == 404


def test_owner_rates_the_case_once(accepted, client_for, applicant):
    pytest.importorskip("xiaoneng.feedback.services")
    from xiaoneng.feedback.models import Rating

    client = client_for(applicant)
    page = client.get(reverse("applicants:case", args=[accepted.number]))
    assert page.context["rate_form"] is not None
    rate = reverse("applicants:rate", args=[accepted.number])
    response = client.post(rate, {"moment": "acceptance", "level": "2", "comment": ""})
    assert response.status_code == 302
    assert Rating.objects.filter(case=accepted).count() == 1
    # Nothing is left to rate while the case is open: no form, and a POST is the wrong moment.
    assert (
        client.get(reverse("applicants:case", args=[accepted.number])).context["rate_form"] is None
    )
    assert client.post(rate, {"moment": "acceptance", "level": "2"}).status_code == 409
    assert client.post(rate, {"moment": "completion", "level": "2"}).status_code == 409
    assert Rating.objects.filter(case=accepted).count() == 1


def test_my_applications_cost_the_same_queries_for_more_cases(apply_online, applicant, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(applicant)
    apply_online(applicant)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("applicants:account")).status_code == 200
    for _ in range(3):
        apply_online(applicant)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("applicants:account"))
    assert len(response.context["page"].object_list) == 4
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_applicant_on_the_staff_home_is_sent_to_his_own_page(client):
    from django.contrib.auth import get_user_model

    from xiaoneng.applicants.models import ApplicantProfile

    user = get_user_model().objects.create_user("13800009999", password="Demo@2026x")
    ApplicantProfile.objects.create(
        user=user, kind="person", name="王五", id_number="11010519491231002X", phone="13800009999"
    )
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/portal/account/"
