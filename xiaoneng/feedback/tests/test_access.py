"""Every staff page and API endpoint: the right role works, the wrong role and the other
region (yc_supervisor) are refused."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from xiaoneng.cases.testing import at
from xiaoneng.core import clock
from xiaoneng.feedback import services
from xiaoneng.feedback.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(db):
    complaint, _code = services.submit_complaint(
        subject_kind="unit",
        unit_code="NX-DLR-USE",
        area="conduct",
        description="工作人员索要好处费。",
        anonymous=False,
        name="王五",
        phone="13700001111",
        now=at("2026-03-02"),
    )
    return complaint


@pytest.fixture
def rectification(completed):
    case = completed()
    return services.rate_case(case, moment="completion", level=5, comment="差").rectification


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_complaint_pages_for_supervisors_only(client_for, users, complaint):
    urls = [
        reverse("feedback:complaint_list"),
        reverse("feedback:complaint_detail", args=[complaint.number]),
    ]
    for url in urls:
        assert client_for(users.supervisor).get(url).status_code == 200
        assert client_for(users.leader).get(url).status_code == 200
        for outsider in ("clerk", "handler", "sysadmin", "auditadmin"):
            assert client_for(users[outsider]).get(url).status_code == 403, (url, outsider)
    listing = client_for(users.yc_supervisor).get(reverse("feedback:complaint_list"))
    assert listing.status_code == 200
    assert complaint.number.encode() not in listing.content
    detail = reverse("feedback:complaint_detail", args=[complaint.number])
    assert client_for(users.yc_supervisor).get(detail).status_code == 404


def test_supervisor_sees_the_phone_on_the_staff_page(client_for, users, complaint):
    page = client_for(users.supervisor).get(
        reverse("feedback:complaint_detail", args=[complaint.number])
    )
    assert b"13700001111" in page.content


def test_complaint_actions_through_the_pages(client_for, users, complaint):
    url = reverse("feedback:complaint_action", args=[complaint.number, "accept"])
    assert client_for(users.clerk).post(url).status_code == 403
    assert client_for(users.yc_supervisor).post(url).status_code == 404
    assert client_for(users.leader).post(url).status_code == 403
    response = client_for(users.supervisor).post(url)
    assert response.status_code == 302
    assert client_for(users.supervisor).post(url).status_code == 409
    finding = reverse("feedback:complaint_action", args=[complaint.number, "finding"])
    bad = client_for(users.supervisor).post(finding, {"finding-finding": "nope"})
    assert bad.status_code == 400
    good = client_for(users.supervisor).post(
        finding, {"finding-finding": "partly", "finding-text": "部分属实"}
    )
    assert good.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).finding == "partly"
    unknown = reverse("feedback:complaint_action", args=[complaint.number, "explode"])
    assert client_for(users.supervisor).post(unknown).status_code == 404


def test_rating_and_rectification_pages(client_for, users, rectification):
    detail = reverse("feedback:rectification_detail", args=[rectification.pk])
    for url in (
        reverse("feedback:rating_list"),
        reverse("feedback:rectification_list"),
        detail,
    ):
        assert client_for(users.supervisor).get(url).status_code == 200, url
        refused = client_for(users.sysadmin).get(url)
        assert refused.status_code == 403, url
        assert "评价和整改页面仅供业务人员使用" in refused.content.decode(), url
        assert client_for(users.auditadmin).get(url).status_code == 403, url
    assert client_for(users.yc_supervisor).get(detail).status_code == 404
    yc_list = client_for(users.yc_supervisor).get(reverse("feedback:rectification_list"))
    assert rectification.rating.case.number.encode() not in yc_list.content
    verify = reverse("feedback:rectification_action", args=[rectification.pk, "verify"])
    assert client_for(users.yc_supervisor).post(verify).status_code == 404
    response = client_for(users.supervisor).post(
        verify, {"verify-verdict": "valid", "verify-reason": ""}
    )
    assert response.status_code == 302
    fix = reverse("feedback:rectification_action", args=[rectification.pk, "fix"])
    response = client_for(users.handler).post(fix, {"fix-fix": "培训", "fix-answer": "已整改"})
    assert response.status_code == 302


def test_complaint_api_scopes_and_actions(users, complaint):
    list_url = "/api/v1/complaints/"
    detail = f"/api/v1/complaints/{complaint.number}/"
    assert _api(users.supervisor).get(list_url).data["count"] == 1
    assert _api(users.yc_supervisor).get(list_url).data["count"] == 0
    assert _api(users.clerk).get(list_url).status_code == 403
    assert _api(users.sysadmin).get(detail).status_code == 403
    assert _api(users.yc_supervisor).get(detail).status_code == 404
    data = _api(users.supervisor).get(detail).data
    assert data["status"] == "received"
    # Received 2026-03-02 and never touched: both limits are long overdue by now.
    assert [limit["light"] for limit in data["limits"]] == ["red", "red"]
    assert _api(users.leader).post(detail + "accept/").status_code == 403
    assert _api(users.yc_supervisor).post(detail + "accept/").status_code == 404
    assert _api(users.supervisor).post(detail + "accept/").status_code == 200
    assert _api(users.supervisor).post(detail + "accept/").status_code == 409
    assert _api(users.supervisor).post(detail + "finding/", {"finding": "x"}).status_code == 400
    response = _api(users.supervisor).post(
        detail + "order/", {"instruction": "限期说明情况", "limit_days": 5}, format="json"
    )
    assert response.status_code == 200
    assert response.data["order"]


def test_rating_and_rectification_api(users, rectification):
    assert _api(users.supervisor).get("/api/v1/ratings/").data["count"] == 1
    assert _api(users.yc_supervisor).get("/api/v1/ratings/").data["count"] == 0
    assert _api(users.sysadmin).get("/api/v1/ratings/").status_code == 403
    detail = f"/api/v1/rectifications/{rectification.pk}/"
    assert _api(users.auditadmin).get(detail).status_code == 403
    assert _api(users.yc_supervisor).get(detail).status_code == 404
    assert _api(users.yc_supervisor).post(detail + "verify/", {}).status_code == 404
    assert _api(users.handler).post(detail + "verify/", {"verdict": "valid"}).status_code == 403
    response = _api(users.supervisor).post(detail + "verify/", {"verdict": "valid"})
    assert response.status_code == 200
    assert response.data["status"] == "fixing"
    response = _api(users.handler).post(detail + "fix/", {"fix": "培训", "answer": "已整改"})
    assert response.data["status"] == "answered"
    response = _api(users.supervisor).post(
        detail + "visit/",
        {"visited_on": clock.today().isoformat(), "method": "phone", "view": "satisfied"},
    )
    assert response.status_code == 200
    assert response.data["status"] == "closed"
    bad_day = _api(users.supervisor).post(detail + "visit/", {"visited_on": "x"})
    assert bad_day.status_code == 400


def test_public_pages_need_no_login_and_show_rates(client, completed):
    case = completed()
    services.rate_case(case, moment="completion", level=2)
    response = client.get(reverse("feedback_portal:rates"))
    assert response.status_code == 200
    assert b"100.0%" in response.content
    assert case.phone.encode() not in response.content


def test_evidence_download_and_rectification_actions_refused(
    client_for, users, rectification, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    complaint, _code = services.submit_complaint(
        subject_kind="unit",
        unit_code="NX-DLR-USE",
        area="discipline",
        description="上班期间长时间离岗。",
        evidence=pdf,
    )
    url = reverse("feedback:complaint_evidence", args=[complaint.number])
    response = client_for(users.supervisor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client_for(users.clerk).get(url).status_code == 403
    assert client_for(users.yc_supervisor).get(url).status_code == 404
    # A file lost from storage is a 404 with a message, not a 500.
    complaint.evidence.storage.delete(complaint.evidence.name)
    assert client_for(users.supervisor).get(url).status_code == 404
    verify = reverse("feedback:rectification_action", args=[rectification.pk, "verify"])
    assert client_for(users.sysadmin).post(verify).status_code == 403
    assert client_for(users.handler).post(verify, {"verify-verdict": "valid"}).status_code == 403


def test_staff_list_shows_lights_of_overdue_complaints(client_for, users, complaint):
    page = client_for(users.supervisor).get(reverse("feedback:complaint_list"))
    assert complaint.number.encode() in page.content
    assert b"text-bg-danger" in page.content  # received 2026-03-02, never accepted


def test_complaint_list_query_count_does_not_grow_with_rows(client_for, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client = client_for(users.supervisor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("feedback:complaint_list")).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            services.submit_complaint(
                subject_kind="staff",
                staff_no=users.handler.profile.staff_no,
                area="service",
                description="服务态度差，不一次性告知。",
            )

    add(2)
    few = count()
    add(6)
    assert count() == few
