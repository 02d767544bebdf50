"""The applicant reads the verdict on his bad rating's rectification and appeals it, once."""

from datetime import date

import pytest
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.feedback import services as feedback
from xiaoneng.feedback.choices import RectificationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_rectification(apply_online, applicant, users):
    case, _code = apply_online(user=applicant)
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    rating = feedback.rate_case(
        case, moment="acceptance", level=5, comment="态度差", now=at("2026-02-09", 12)
    )
    rect = feedback.verify_rectification(
        rating.rectification, acting_user=users.supervisor, valid=True, now=at("2026-02-10")
    )
    rect = feedback.record_fix(
        rect, acting_user=users.handler, fix="加强培训", answer="已整改", now=at("2026-02-11")
    )
    return feedback.record_return_visit(
        rect,
        acting_user=users.handler,
        visited_on=date(2026, 2, 12),
        method="phone",
        view="dissatisfied",
        now=at("2026-02-12"),
    )


def url(rect):
    return reverse("applicants:appeal_verdict", args=[rect.rating.case.number, rect.pk])


def test_applicant_sees_the_verdict_and_appeals_once(client, applicant, closed_rectification):
    client.force_login(applicant)
    page = client.get(reverse("applicants:case", args=[closed_rectification.rating.case.number]))
    assert "已整改" in page.content.decode()
    assert url(closed_rectification) in page.content.decode()
    assert client.post(url(closed_rectification), {"reason": ""}).status_code == 400
    response = client.post(url(closed_rectification), {"reason": "问题仍未解决"})
    assert response.status_code == 302
    closed_rectification.refresh_from_db()
    assert closed_rectification.status == RectificationStatus.APPEALED
    assert client.post(url(closed_rectification), {"reason": "再次申诉"}).status_code == 409


def test_another_applicant_or_staff_cannot_appeal(
    client, other_applicant, users, closed_rectification
):
    client.force_login(other_applicant)
    assert client.post(url(closed_rectification), {"reason": "冒名"}).status_code == 404
    client.force_login(users.supervisor)
    assert client.post(url(closed_rectification), {"reason": "x"}).status_code in {302, 403}
    closed_rectification.refresh_from_db()
    assert closed_rectification.status == RectificationStatus.CLOSED
