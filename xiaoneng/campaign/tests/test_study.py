from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from xiaoneng.campaign import study
from xiaoneng.campaign.models import StudySession
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.models import StaffProfile


@pytest.fixture
def session(users, units, campaign):
    return study.schedule_session(
        campaign,
        acting_user=users.leader,
        topic="行政许可法",
        speaker="政策法规处专家",
        starts_at=at("2026-03-10", 15),
        ends_at=at("2026-03-10", 17),
        place="三楼会议室",
        audience=[units["NX-DLR-USE"], units["NX-DLR-APPROVAL"]],
    )


def test_sign_in_window_and_confirmation(users, session):
    with pytest.raises(TransitionError):
        study.sign_in(session, acting_user=users.handler, now=at("2026-03-10", 14))
    attendance = study.sign_in(
        session, acting_user=users.handler, now=at("2026-03-10", 15) - timedelta(minutes=10)
    )
    assert attendance.status == "signed_in"
    with pytest.raises(PermissionDenied):
        study.confirm_attendance(attendance, acting_user=users.handler)
    study.confirm_attendance(attendance, acting_user=users.leader)
    attendance.refresh_from_db()
    assert attendance.status == "confirmed"
    with pytest.raises(PermissionDenied):  # not in the audience
        study.sign_in(session, acting_user=users.supervisor, now=at("2026-03-10", 15))


def test_attendance_rates_per_unit_and_person(users, units, session):
    use_staff = StaffProfile.objects.filter(unit=units["NX-DLR-USE"]).count()
    approval_staff = StaffProfile.objects.filter(unit=units["NX-DLR-APPROVAL"]).count()
    assert use_staff == 2  # handler, reviewer
    assert approval_staff == 2  # clerk and a colleague
    present = study.sign_in(session, acting_user=users.handler, now=at("2026-03-10", 15))
    study.confirm_attendance(present, acting_user=users.leader)
    study.sign_in(session, acting_user=users.clerk, now=at("2026-03-10", 15))  # unconfirmed
    leave = study.request_leave(
        session, acting_user=users.reviewer, reason="出差", now=at("2026-03-09")
    )
    study.decide_leave(leave, acting_user=users.leader, approve=True)
    with pytest.raises(TransitionError):
        study.sign_in(session, acting_user=users.reviewer, now=at("2026-03-10", 15))

    sessions = StudySession.objects.filter(pk=session.pk)
    rates = {
        rate.label: rate
        for rate in study.unit_rates(sessions, [units["NX-DLR-USE"], units["NX-DLR-APPROVAL"]])
    }
    use = rates[units["NX-DLR-USE"].short_name]
    assert (use.expected, use.present, use.excused, use.absent) == (2, 1, 1, 0)
    assert use.rate == 100.0  # 1 present of 2 − 1 excused
    approval = rates[units["NX-DLR-APPROVAL"].short_name]
    assert (approval.expected, approval.present, approval.absent) == (2, 0, 2)
    assert approval.rate == 0.0

    profiles = StaffProfile.objects.filter(user__in=[users.handler, users.reviewer, users.clerk])
    by_person = {rate.key: rate for rate in study.person_rates(sessions, profiles)}
    assert by_person[users.handler.pk].rate == 100.0
    assert by_person[users.reviewer.pk].rate is None  # excused from the only session
    assert by_person[users.clerk.pk].rate == 0.0


def test_rate_arithmetic():
    rate = study.Rate(key=1, label="x", expected=16, present=11, excused=2)
    assert rate.absent == 3
    assert rate.rate == round(100 * 11 / 14, 1) == 78.6
    assert study.Rate(key=1, label="x", expected=0, present=0, excused=0).rate is None


def test_materials_attached_by_the_organiser_only(users, session):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    def pdf():
        return SimpleUploadedFile("m.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "application/pdf")

    with pytest.raises(PermissionDenied):
        study.add_material(session, acting_user=users.handler, title="讲义", upload=pdf())
    fake = SimpleUploadedFile("m.pdf", b"not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        study.add_material(session, acting_user=users.leader, title="讲义", upload=fake)
    material = study.add_material(session, acting_user=users.leader, title="讲义", upload=pdf())
    assert material.content_type == "application/pdf"
    assert session.materials.count() == 1
