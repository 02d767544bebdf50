"""Linking cases, recording land and services: checks, audit, case events."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.integrity import verify_all
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.models import AuditEvent
from xiaoneng.projects import services
from xiaoneng.projects.models import ApprovedLand

pytestmark = pytest.mark.django_db


def test_linking_appends_a_case_event_and_an_audit_event(project, case_of, users):
    kp = project()
    case = case_of("YDYS")
    assert services.link_case(kp, case, acting_user=users.reviewer) is True
    case.refresh_from_db()
    assert case.key_project == kp
    last = case.events.order_by("-seq").first()
    assert last.kind == EventKind.PROJECT_LINKED
    assert last.data == {"project": kp.code}
    assert AuditEvent.objects.filter(action="projects.link_case", object_id=str(kp.pk)).count() == 1
    assert verify_all()["broken"] == []
    # Linking again changes nothing; another project is refused.
    assert services.link_case(kp, case, acting_user=users.reviewer) is False
    with pytest.raises(TransitionError):
        services.link_case(project(code="KP-T2"), case, acting_user=users.reviewer)


def test_linking_a_case_of_another_region_is_refused(project, case_of, client_for, users):
    zhongwei = project(code="KP-ZW", county="640502")
    yinchuan_case = case_of("LSYD", clerk="yc_clerk")  # decided by the Yinchuan bureau
    with pytest.raises(ValidationError) as error:
        services.link_case(zhongwei, yinchuan_case, acting_user=users.leader)
    assert "case" in error.value.message_dict
    response = client_for(users.leader).post(
        reverse("projects:link", args=[zhongwei.code]), {"number": yinchuan_case.number}
    )
    assert response.status_code == 302
    yinchuan_case.refresh_from_db()
    assert yinchuan_case.key_project_id is None
    # The department decides for every county; the Yinchuan bureau for Yinchuan's.
    assert services.link_case(zhongwei, case_of("YDYS"), acting_user=users.leader)
    assert services.link_case(project(code="KP-YN", county="640121"), yinchuan_case,
                              acting_user=users.leader)  # fmt: skip


def test_the_view_links_a_case(project, case_of, client_for, users):
    kp = project()
    case = case_of("YDYS")
    response = client_for(users.reviewer).post(
        reverse("projects:link", args=[kp.code]), {"number": case.number}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.key_project == kp


def test_approved_land_rules(project, case_of, walk, users):
    kp = project()
    pending = case_of("NYDZY")
    services.link_case(kp, pending, acting_user=users.reviewer)
    with pytest.raises(TransitionError):
        services.record_approved_land(pending, hectares=5, acting_user=users.reviewer)
    pre = walk(case_of("YDYS"))
    services.link_case(kp, pre, acting_user=users.reviewer)
    with pytest.raises(ValidationError):  # only the conversion grants land
        services.record_approved_land(pre, hectares=5, acting_user=users.reviewer)
    approved = walk(case_of("NYDZY"), until="approved")
    services.link_case(kp, approved, acting_user=users.reviewer)
    for bad in ({"hectares": "x"}, {"hectares": -1}, {"hectares": 0},
                {"hectares": 5, "farmland_hectares": 6}):  # fmt: skip
        with pytest.raises(ValidationError):
            services.record_approved_land(approved, acting_user=users.reviewer, **bad)
    with pytest.raises(PermissionDenied):
        services.record_approved_land(approved, hectares=5, acting_user=users.handler)
    services.record_approved_land(approved, hectares="12.5", acting_user=users.approver)
    services.record_approved_land(approved, hectares="12.5", acting_user=users.approver)
    services.record_approved_land(approved, hectares="13", acting_user=users.reviewer)
    assert ApprovedLand.objects.get(case=approved).hectares == Decimal("13")
    assert AuditEvent.objects.filter(action="projects.record_approved_land").count() == 2


def test_the_view_records_land(project, case_of, walk, client_for, users):
    kp = project()
    approved = walk(case_of("NYDZY"), until="approved")
    services.link_case(kp, approved, acting_user=users.reviewer)
    url = reverse("projects:record_land", args=[kp.code, approved.number])
    client = client_for(users.reviewer)
    assert client.post(url, {"hectares": "8", "farmland_hectares": "2"}).status_code == 302
    assert ApprovedLand.objects.get(case=approved).farmland_hectares == Decimal("2")
    assert client.post(url, {"hectares": "abc"}).status_code == 302  # message, no change
    assert client_for(users.clerk).post(url, {"hectares": "9"}).status_code == 403
    assert ApprovedLand.objects.get(case=approved).hectares == Decimal("8")


def test_services_are_recorded_with_audit(project, client_for, users):
    kp = project()
    service = services.record_service(
        kp,
        kind="consultation",
        held_on=date(2026, 3, 2),
        place="厅会议室",
        participants="利用处、建设单位",
        notes="提前介入，明确预审材料",
        acting_user=users.handler,
    )
    assert service.recorded_by == users.handler
    assert AuditEvent.objects.filter(action="projects.record_service").count() == 1
    with pytest.raises(ValidationError) as error:
        services.record_service(
            kp, kind="party", held_on=date(2026, 5, 30), participants="", notes="",
            acting_user=users.reviewer,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"kind", "held_on", "participants", "notes"}
    response = client_for(users.reviewer).post(
        reverse("projects:add_service", args=[kp.code]),
        {"kind": "onsite", "held_on": "2026-04-20", "participants": "协调人", "notes": "现场踏勘"},
    )
    assert response.status_code == 302
    assert kp.services.count() == 2
    page = client_for(users.reviewer).get(reverse("projects:detail", args=[kp.code]))
    assert "现场踏勘" in page.content.decode()


def test_linking_is_not_work_on_the_case(project, case_of, users):
    case = case_of("YDYS")
    before = case.last_event_at
    services.link_case(project(), case, acting_user=users.reviewer)
    case.refresh_from_db()
    assert case.last_event_at == before  # the idle rule keeps counting
    assert case.event_count == 2


def test_the_register_refuses_more_farmland_than_land(project):
    kp = project(planned_hectares=Decimal("10"), planned_farmland_hectares=Decimal("12"))
    with pytest.raises(ValidationError):
        kp.full_clean()


def test_the_system_admin_edits_the_register(project, client_for, users):
    kp = project()
    client = client_for(users.sysadmin)
    assert client.get(reverse("admin:cases_keyproject_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_keyproject_change", args=[kp.pk])).status_code == 200
    assert client.get(reverse("admin:cases_keyproject_add")).status_code == 200
