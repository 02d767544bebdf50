"""The other built-in sources on hand-made records: orders, complaints, rectifications,
campaign tasks and study attendance (each counts exactly the records its rule names)."""

from datetime import date, datetime, time
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.assessment import services
from xiaoneng.assessment.choices import Rule, Source, Subject
from xiaoneng.assessment.models import Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1
from xiaoneng.campaign.models import Attendance, Campaign, Problem, StudySession, Submission
from xiaoneng.feedback.models import Complaint, Rating, RatingRectification
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.supervision.models import SupervisionOrder

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def d(text):
    return date.fromisoformat(text)


def moment(text, hour=10):
    return datetime.combine(d(text), time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def use():
    return Unit.objects.get(code="NX-DLR-USE")


def score_item(scheme, code, **subject):
    period = services.compute_period(scheme, Q1, as_of=AFTER_Q1).period
    score = Score.objects.get(period=period, **subject)
    return score.items.get(definition__code=code)


def order(number, unit, users, due, *, replied=None, closed=None, handler=None):
    return SupervisionOrder.objects.create(
        number=number,
        unit=unit,
        handler=handler,
        issued_by=users.supervisor,
        instruction="限期办理",
        issued_on=d(due).replace(day=1),
        limit_days=5,
        due_date=d(due),
        replied_at=moment(replied) if replied else None,
        closed_at=moment(closed) if closed else None,
    )


def test_overdue_orders_late_or_still_open(scheme_for, use, users):
    scheme = scheme_for(
        Subject.UNIT, [("ORDER", Source.OVERDUE_ORDERS, Rule.DEDUCTION, 10, None, None, 3)]
    )
    on_time = order("DB-1", use, users, "2026-02-10", replied="2026-02-09")
    late = order("DB-2", use, users, "2026-02-10", replied="2026-02-12")
    still_open = order("DB-3", use, users, "2026-03-20")
    closed_late = order("DB-4", use, users, "2026-03-02", closed="2026-03-05")
    order("DB-5", use, users, "2026-04-20")  # due after the period
    item = score_item(scheme, "ORDER", unit=use)
    assert item.evidence["orders"] == [late.pk, still_open.pk, closed_late.pk]
    assert on_time.pk not in item.evidence["orders"]
    assert (item.count, item.points) == (3, D("1.00"))


def complaint(number, unit, finding, found_on, staff=None):
    return Complaint.objects.create(
        number=number,
        code_hash="x",
        subject_kind="staff" if staff else "unit",
        subject_unit=unit,
        subject_staff=staff,
        area="efficiency",
        description="拖延办理",
        received_on=d(found_on).replace(day=1),
        accept_days=5,
        reply_days=30,
        accept_due=d(found_on),
        reply_due=d(found_on),
        finding=finding,
        found_on=d(found_on),
        status="found",
    )


def test_substantiated_complaints_by_unit_and_by_staff(scheme_for, use, users):
    rows = [("CMP", Source.SUBSTANTIATED_COMPLAINTS, Rule.DEDUCTION, 10, None, None, 4)]
    profile = StaffProfile.objects.get(user=users.handler)
    yes = complaint("TS-1", use, "substantiated", "2026-02-03", staff=profile)
    partly = complaint("TS-2", use, "partly", "2026-03-03")
    complaint("TS-3", use, "not_substantiated", "2026-03-03", staff=profile)
    complaint("TS-4", use, "substantiated", "2026-04-03", staff=profile)  # after the period
    unit_item = score_item(scheme_for(Subject.UNIT, rows), "CMP", unit=use)
    assert unit_item.evidence["complaints"] == [yes.pk, partly.pk]
    assert unit_item.points == D("2.00")
    staff_item = score_item(scheme_for(Subject.STAFF, rows), "CMP", staff=users.handler)
    assert staff_item.evidence["complaints"] == [yes.pk]
    assert staff_item.points == D("6.00")


def test_rectifications_on_time(scheme_for, decided, use):
    scheme = scheme_for(
        Subject.UNIT,
        [("RECT", Source.RECTIFICATION_ON_TIME, Rule.LINEAR, 10, 0, 100, None)],
    )

    def rectification(due, answered=None, verdict="valid"):
        case = decided()
        rating = Rating.objects.create(
            case=case,
            moment="completion",
            level=5,
            rated_on=d("2026-01-20"),
            unit=use,
            service_item=case.service_item,
        )
        return RatingRectification.objects.create(
            rating=rating,
            unit=use,
            opened_on=d("2026-01-20"),
            due_date=d(due),
            verdict=verdict,
            answered_on=d(answered) if answered else None,
        )

    on_time = rectification("2026-02-10", "2026-02-09")
    late = rectification("2026-02-10", "2026-02-11")
    unanswered = rectification("2026-03-10")
    rectification("2026-03-10", verdict="invalid")  # an invalid bad rating is not counted
    item = score_item(scheme, "RECT", unit=use)
    assert item.evidence["rectifications"] == [on_time.pk, late.pk, unanswered.pk]
    assert item.evidence["late_rectifications"] == [late.pk, unanswered.pk]
    # 1 of 3 on time = 33.3333 % → 3.33 of 10
    assert (item.figure, item.points) == (D("33.3333"), D("3.33"))


@pytest.fixture
def campaign(users):
    return Campaign.objects.create(
        name="效能建设活动",
        organiser=Unit.objects.get(code="NX-DLR"),
        starts_on=d("2026-01-05"),
        ends_on=d("2026-07-31"),
        created_by=users.leader,
    )


def test_campaign_tasks_done_on_time(scheme_for, campaign, use, users):
    scheme = scheme_for(
        Subject.UNIT, [("TASK", Source.CAMPAIGN_TASKS, Rule.LINEAR, 10, 50, 100, None)]
    )
    plan = Submission.objects.create(
        campaign=campaign,
        unit=use,
        kind="plan",
        issued_on=d("2026-01-05"),
        limit_days=10,
        due_date=d("2026-01-19"),
        done_on=d("2026-01-16"),
    )
    problem = Problem.objects.create(
        number="WT-1",
        campaign=campaign,
        unit=use,
        area="efficiency",
        severity="minor",
        title="办事指南未更新",
        raised_by=users.leader,
        raised_on=d("2026-02-02"),
        limit_days=10,
        due_date=d("2026-02-16"),
    )
    item = score_item(scheme, "TASK", unit=use)
    assert item.evidence["submissions"] == [plan.pk]
    assert item.evidence["problems"] == [problem.pk]
    assert item.evidence["late"] == [f"problems:{problem.pk}"]
    assert (item.figure, item.points) == (D("50.0000"), D("0.00"))


def test_study_attendance_per_person(scheme_for, campaign, users):
    scheme = scheme_for(
        Subject.STAFF, [("STUDY", Source.STUDY_ATTENDANCE, Rule.LINEAR, 10, 0, 100, None)]
    )
    use = Unit.objects.get(code="NX-DLR-USE")
    sessions = []
    for number in (1, 2):
        session = StudySession.objects.create(
            campaign=campaign,
            number=number,
            topic="行政许可法",
            speaker="法规处",
            starts_at=moment(f"2026-03-0{number + 1}", 9),
            ends_at=moment(f"2026-03-0{number + 1}", 11),
            place="三楼会议室",
            organiser=users.leader,
        )
        session.audience.add(use)
        sessions.append(session)
    present = Attendance.objects.create(
        session=sessions[0], person=users.handler, unit=use, status="confirmed"
    )
    Attendance.objects.create(
        session=sessions[1], person=users.handler, unit=use, status="signed_in"
    )  # not confirmed: absent
    excused = Attendance.objects.create(
        session=sessions[0], person=users.reviewer, unit=use, status="leave_approved"
    )
    item = score_item(scheme, "STUDY", staff=users.handler)
    assert (item.numerator, item.denominator, item.figure) == (1, 2, D("50.0000"))
    assert item.evidence["attendances"] == [present.pk]
    assert item.points == D("5.00")
    reviewer = Score.objects.get(staff=users.reviewer).items.get()
    # Two sessions, one excused: absent from the other → 0 of 1.
    assert (reviewer.numerator, reviewer.denominator) == (0, 1)
    assert reviewer.evidence["excused"] == [excused.pk]
