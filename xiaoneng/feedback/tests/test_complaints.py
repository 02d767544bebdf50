import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.feedback import services
from xiaoneng.feedback.choices import ComplaintStatus
from xiaoneng.feedback.models import Complaint, ComplaintPolicy
from xiaoneng.feedback.portal_views import TRACK_LIMIT
from xiaoneng.feedback.selectors import complaint_limits
from xiaoneng.supervision.models import Notification

pytestmark = pytest.mark.django_db

UNIT = "NX-DLR-USE"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
NEW = reverse("feedback_portal:complaint_new")
TRACK = reverse("feedback_portal:complaint_track")


def _file(content=PNG, name="photo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


def _complaint(day="2026-02-09", **overrides):
    values = {
        "subject_kind": "unit",
        "unit_code": UNIT,
        "area": "service",
        "description": "窗口工作人员推诿，不予解释。",
        "now": at(day),
    }
    values.update(overrides)
    return services.submit_complaint(**values)


def _strip_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_anonymous_complaint_through_the_portal_and_track(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = client.get(NEW + "?unit=" + UNIT)
    assert page.status_code == 200
    assert page.context["form"].initial == {"unit": UNIT, "subject_kind": "unit"}
    response = client.post(
        NEW,
        {
            "subject_kind": "unit",
            "unit": UNIT,
            "area": "efficiency",
            "description": "办理拖延，超过承诺时限仍未办结。",
            "anonymous": "on",
            "name": "李四",
            "phone": "13912345678",
            "evidence": _file(),
        },
    )
    assert response.status_code == 200
    complaint, code = response.context["complaint"], response.context["code"]
    assert re.fullmatch(r"TS-\d{4}-\d{6}", complaint.number)
    assert code.encode() in response.content
    complaint.refresh_from_db()
    assert complaint.anonymous
    assert (complaint.name, complaint.phone) == ("", "")
    assert complaint.evidence_type == "image/png"
    assert code not in complaint.code_hash
    assert len(complaint.code_hash) == 64
    assert "no-store" in response["Cache-Control"]
    tracked = client.post(TRACK, {"number": complaint.number, "code": code.lower()})
    assert tracked.status_code == 200
    assert tracked.context["complaint"] == complaint
    # Typed in two groups, as a query code is printed: the same code (refused before).
    grouped = f"{code[:5]}-{code[5:]}"
    tracked = client.post(TRACK, {"number": complaint.number, "code": grouped})
    assert tracked.context["complaint"] == complaint


def test_named_complaint_gets_reply_and_phone_never_shown(client, users):
    complaint, code = _complaint(anonymous=False, name="李四", phone="13912345678")
    assert Notification.objects.filter(recipient=users.supervisor).exists()
    services.accept_complaint(complaint, acting_user=users.supervisor, now=at("2026-02-10"))
    services.add_investigation_note(complaint, acting_user=users.supervisor, text="调取录像")
    services.record_finding(
        complaint, acting_user=users.supervisor, finding="substantiated", text="属实"
    )
    services.reply_complaint(complaint, acting_user=users.supervisor, text="已责令整改，特此答复。")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REPLIED
    assert complaint.finding == "substantiated"
    assert complaint.found_on is not None
    tracked = client.post(TRACK, {"number": complaint.number, "code": code})
    assert "已责令整改".encode() in tracked.content
    assert b"13912345678" not in tracked.content
    assert list(complaint.events.values_list("kind", flat=True)) == [
        "submitted",
        "accepted",
        "note",
        "found",
        "replied",
    ]


def test_wrong_code_looks_exactly_like_an_unknown_number(client):
    complaint, _code = _complaint()
    wrong = client.post(TRACK, {"number": complaint.number, "code": "WRONGCODE1"})
    unknown = client.post(TRACK, {"number": "TS-2026-999999", "code": "WRONGCODE1"})
    assert wrong.status_code == unknown.status_code == 404
    assert _strip_csrf(wrong.content) == _strip_csrf(unknown.content)


def test_tracking_is_rate_limited_per_ip(client):
    complaint, code = _complaint()
    for _ in range(TRACK_LIMIT):
        assert client.post(TRACK, {"number": "TS-2026-000000", "code": "X"}).status_code == 404
    limited = client.post(TRACK, {"number": complaint.number, "code": code})
    assert limited.status_code == 429
    assert limited.context["complaint"] is None
    other_ip = client.post(
        TRACK, {"number": complaint.number, "code": code}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 200


def test_named_complaint_needs_valid_phone(client):
    response = client.post(
        NEW,
        {
            "subject_kind": "unit",
            "unit": UNIT,
            "area": "service",
            "description": "服务态度生硬，反复让补材料。",
            "name": "李四",
            "phone": "12345",
        },
    )
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00 not an image at all", "evil.png"), (b"plain text", "note.pdf")],
)
def test_bad_uploads_refused(client, content, name):
    response = client.post(
        NEW,
        {
            "subject_kind": "unit",
            "unit": UNIT,
            "area": "service",
            "description": "服务态度生硬，反复让补材料。",
            "anonymous": "on",
            "evidence": _file(content, name),
        },
    )
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_too_large_upload_refused(settings):
    settings.CASE_MATERIAL_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        _complaint(evidence=_file())
    assert "evidence" in error.value.message_dict


def test_unknown_subject_refused():
    with pytest.raises(ValidationError) as error:
        _complaint(subject_kind="staff", staff_no="NOPE")
    assert "staff" in error.value.message_dict


def test_complaint_about_staff_and_case_prefill(client, users, reviewed):
    staff_no = users.handler.profile.staff_no
    case = reviewed()
    page = client.get(NEW + "?staff=" + staff_no)
    assert page.context["form"].initial["subject_kind"] == "staff"
    complaint, _code = _complaint(subject_kind="staff", staff_no=staff_no)
    assert complaint.subject_staff == users.handler.profile
    assert complaint.subject_unit == users.handler.profile.unit
    complaint, _code = _complaint(subject_kind="case", case_number=case.number)
    assert complaint.case == case
    assert complaint.subject_unit == case.unit


def test_accept_limit_lights_on_the_working_day_clock():
    complaint, _code = _complaint("2026-02-09")
    # 5 working days: 10, 11, 12, 13 and the worked Saturday 14 February.
    assert complaint.accept_due == date(2026, 2, 14)
    with time_machine.travel(at("2026-02-12"), tick=False):
        assert complaint_limits(complaint)[0].light == "green"
    with time_machine.travel(at("2026-02-13"), tick=False):
        assert complaint_limits(complaint)[0].light == "yellow"
    with time_machine.travel(at("2026-02-24"), tick=False):
        accept, reply = complaint_limits(complaint)
        assert (accept.light, accept.state) == ("red", "overdue")
        assert reply.light == "green"


def test_decline_within_limit_stops_both_clocks(users):
    complaint, _code = _complaint("2026-02-09")
    with pytest.raises(ValidationError):
        services.decline_complaint(complaint, acting_user=users.supervisor, reason=" ")
    complaint = services.decline_complaint(
        complaint, acting_user=users.supervisor, reason="不属于本部门职责", now=at("2026-02-12")
    )
    with time_machine.travel(at("2026-06-01"), tick=False):
        assert [limit.light for limit in complaint_limits(complaint)] == ["green", "green"]
    with pytest.raises(TransitionError):
        services.accept_complaint(complaint, acting_user=users.supervisor)


def test_policy_sets_the_reply_limit():
    ComplaintPolicy.objects.create(accept_days=5, reply_days=10, note="测试")
    complaint, _code = _complaint("2026-03-02")
    assert complaint.reply_days == 10
    assert complaint.reply_due == date(2026, 3, 16)


def test_only_supervisors_act_and_only_in_their_region(users):
    complaint, _code = _complaint()
    with pytest.raises(PermissionDenied):
        services.accept_complaint(complaint, acting_user=users.leader)
    from django.http import Http404

    with pytest.raises(Http404):
        services.accept_complaint(complaint, acting_user=users.yc_supervisor)


def test_finding_needs_acceptance(users):
    complaint, _code = _complaint()
    with pytest.raises(TransitionError):
        services.record_finding(
            complaint, acting_user=users.supervisor, finding="partly", text="部分属实"
        )


def test_supervision_order_on_a_staff_complaint(users):
    complaint, _code = _complaint(subject_kind="staff", staff_no=users.handler.profile.staff_no)
    complaint = services.order_on_complaint(
        complaint,
        acting_user=users.supervisor,
        instruction="五个工作日内说明情况",
        limit_days=5,
        now=at("2026-03-02"),
    )
    order = complaint.order
    assert order.unit == complaint.subject_unit
    assert order.handler == users.handler
    assert order.case is None
    assert order.due_date == date(2026, 3, 9)
    with pytest.raises(TransitionError):
        services.order_on_complaint(
            complaint, acting_user=users.supervisor, instruction="再次", limit_days=5
        )


def test_submissions_are_rate_limited_per_ip(client):
    from xiaoneng.feedback.portal_views import SUBMIT_LIMIT

    data = {
        "subject_kind": "unit",
        "unit": UNIT,
        "area": "service",
        "description": "服务态度生硬，反复让补材料。",
        "anonymous": "on",
    }
    for _ in range(SUBMIT_LIMIT):
        assert client.post(NEW, data).status_code == 200
    assert client.post(NEW, data).status_code == 429
    assert Complaint.objects.count() == SUBMIT_LIMIT
