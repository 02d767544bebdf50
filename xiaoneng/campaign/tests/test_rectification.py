from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiaoneng.campaign import services
from xiaoneng.campaign.choices import ProblemStatus, SourceKind
from xiaoneng.campaign.selectors import overdue_rectifications
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.supervision.models import Notification


def _raise(users, units, **kwargs):
    values = {
        "acting_user": users.supervisor,
        "unit": units["NX-DLR-USE"],
        "area": "efficiency",
        "severity": "serious",
        "title": "办件拖拉",
        "source_kind": SourceKind.COMPLAINT,
        "now": at("2026-03-09"),
    }
    values.update(kwargs)
    return services.raise_problem(**values)


def test_complaint_problem_has_working_day_due_date(users, units, campaign):
    problem = _raise(users, units, limit_days=15)
    # 2026-03-09 Monday + 15 working days (no holiday) = Monday 2026-03-30.
    assert problem.due_date == date(2026, 3, 30)
    assert problem.source is None
    assert problem.source_kind == "complaint"
    assert problem.campaign == campaign
    assert problem.status == ProblemStatus.OPEN


def test_rating_problem_default_limit_is_fifteen_days(users, units):
    problem = _raise(users, units, source_kind="rating")
    assert problem.limit_days == 15


def test_raise_problem_refuses_bad_input_and_other_region(users, units):
    with pytest.raises(ValidationError) as error:
        _raise(users, units, area="nonsense", title=" ")
    assert {"area", "title"} <= set(error.value.message_dict)
    with pytest.raises(Http404):
        _raise(users, units, acting_user=users.yc_supervisor)


def test_rectification_verified_then_closed(users, units):
    problem = _raise(users, units)
    services.plan_rectification(
        problem, acting_user=users.reviewer, measures="优化流程", responsible=users.handler
    )
    services.report_progress(
        problem, acting_user=users.handler, text="已整改", final=True, now=at("2026-03-18")
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.AWAITING
    with pytest.raises(PermissionDenied):
        services.verify_rectification(problem, acting_user=users.handler, passed=True)
    services.verify_rectification(
        problem, acting_user=users.supervisor, passed=True, now=at("2026-03-20")
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    assert problem.closed_on == date(2026, 3, 18)  # the day completion was reported


def test_verification_reopens_with_reason(users, units):
    problem = _raise(users, units)
    services.plan_rectification(problem, acting_user=users.handler, measures="整改")
    services.report_progress(problem, acting_user=users.handler, text="完成", final=True)
    with pytest.raises(ValidationError):
        services.verify_rectification(problem, acting_user=users.supervisor, passed=False)
    services.verify_rectification(
        problem, acting_user=users.supervisor, passed=False, reason="证据不足"
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING
    assert problem.verifications.get().reason == "证据不足"
    with pytest.raises(TransitionError):
        services.verify_rectification(problem, acting_user=users.supervisor, passed=True)
    services.report_progress(problem, acting_user=users.handler, text="补充证据", final=True)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.AWAITING


def test_evidence_is_checked_by_content(users, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    problem = _raise(users, units)
    services.plan_rectification(problem, acting_user=users.handler, measures="整改")
    fake = SimpleUploadedFile("evidence.pdf", b"MZ not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.report_progress(problem, acting_user=users.handler, text="x", evidence=fake)
    assert "evidence" in error.value.message_dict
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")
    report = services.report_progress(problem, acting_user=users.handler, text="x", evidence=pdf)
    assert report.content_type == "application/pdf"
    assert len(report.sha256) == 64


def test_overdue_rectification_flagged_once_and_supervisors_notified(users, units):
    problem = _raise(users, units, limit_days=5)  # due Monday 2026-03-16
    assert services.flag_overdue_rectifications(date(2026, 3, 16)) == 0
    assert services.flag_overdue_rectifications(date(2026, 3, 17)) == 1
    assert services.flag_overdue_rectifications(date(2026, 3, 18)) == 0
    problem.refresh_from_db()
    assert problem.overdue_flagged_on == date(2026, 3, 17)
    notices = Notification.objects.filter(key=f"campaign-problem:{problem.pk}:overdue")
    recipients = set(notices.values_list("recipient__username", flat=True))
    assert "supervisor" in recipients
    assert "yc_supervisor" not in recipients
    assert notices.count() == len(recipients)
    assert list(overdue_rectifications(users.supervisor, date(2026, 3, 18))) == [problem]
    assert not overdue_rectifications(users.yc_supervisor, date(2026, 3, 18)).exists()


def test_a_rectification_notice_is_filed_as_a_rectification_not_an_order(users, units, client_for):
    """The notices of a problem read "supervision order" (督办单); no order was issued."""
    import importlib

    from django.apps import apps

    problem = _raise(users, units, limit_days=5)
    services.flag_overdue_rectifications(date(2026, 3, 17))
    notices = Notification.objects.filter(key__startswith=f"campaign-problem:{problem.pk}:")
    assert set(notices.values_list("kind", flat=True)) == {"rectify"}
    page = client_for(users.supervisor).get("/supervision/notifications/").content.decode()
    assert '<span class="badge text-bg-secondary mt-1">整改</span>' in page
    assert '<span class="badge text-bg-secondary mt-1">督办单</span>' not in page
    # Those filed before are relabelled by the migration.
    notices.update(kind="order")
    migration = importlib.import_module(
        "xiaoneng.supervision.migrations.0014_notification_kind_rectification"
    )
    migration.relabel(apps, None)
    assert set(notices.values_list("kind", flat=True)) == {"rectify"}


def test_problem_from_supervision_order_reaches_rectification(users, units):
    from xiaoneng.supervision.services import issue_order

    with time_machine.travel("2026-03-09 10:00 +0800", tick=False):
        order = issue_order(
            acting_user=users.supervisor,
            unit=units["NX-DLR"],
            instruction="限期整改办件拖延",
            limit_days=5,
        )
        problem = services.raise_problem(
            acting_user=users.supervisor,
            unit=units["NX-DLR-USE"],
            area="efficiency",
            severity="grave",
            title=order.instruction,
            source=order,
            source_kind=SourceKind.ORDER,
        )
    assert problem.source == order
    problem = services.plan_rectification(problem, acting_user=users.handler, measures="专人跟踪")
    assert problem.status == ProblemStatus.RECTIFYING
