from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiaoneng.campaign import discipline, services
from xiaoneng.campaign.choices import ProblemStatus, SourceKind
from xiaoneng.campaign.models import DisciplineCheck, Finding
from xiaoneng.cases.testing import at


@pytest.fixture
def check(users, units, campaign):
    return discipline.record_check(
        acting_user=users.supervisor,
        unit=units["NX-DLR-USE"],
        checked_at=at("2026-03-10", 8),
        findings=[(users.handler, "late_early", "8:40 未到岗")],
        now=at("2026-03-10", 12),
    )


def test_check_raises_a_discipline_problem_that_reaches_rectification(users, check):
    finding = check.findings.get()
    problem = finding.problem
    assert problem.source_kind == SourceKind.DISCIPLINE_CHECK
    assert problem.source == finding
    assert problem.area == "discipline"
    assert problem.responsible == users.handler
    services.plan_rectification(problem, acting_user=users.handler, measures="按时到岗")
    services.report_progress(problem, acting_user=users.handler, text="已改正", final=True)
    services.verify_rectification(problem, acting_user=users.supervisor, passed=True)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED


def test_only_supervisors_record_checks_of_staff_of_the_unit(users, units):
    with pytest.raises(PermissionDenied):
        discipline.record_check(
            acting_user=users.leader,
            unit=units["NX-DLR-USE"],
            checked_at=at("2026-03-10", 8),
            findings=[],
            now=at("2026-03-10", 12),
        )
    with pytest.raises(ValidationError):
        discipline.record_check(
            acting_user=users.supervisor,
            unit=units["NX-DLR-USE"],
            checked_at=at("2026-03-10", 8),
            findings=[(users.clerk, "absent", "")],
            now=at("2026-03-10", 12),
        )


def test_findings_visible_only_to_supervisors_leaders_and_the_person(users, check):
    finding = check.findings.get()
    seen = {
        name: Finding.objects.visible_to(users[name]).filter(pk=finding.pk).exists()
        for name in ["supervisor", "leader", "handler", "reviewer", "clerk", "yc_supervisor"]
    }
    assert seen == {
        "supervisor": True,
        "leader": True,
        "handler": True,
        "reviewer": False,
        "clerk": False,
        "yc_supervisor": False,
    }
    assert not DisciplineCheck.objects.visible_to(users.reviewer).exists()
    assert not DisciplineCheck.objects.visible_to(users.yc_supervisor).exists()


def test_the_person_explains_once(users, check):
    finding = check.findings.get()
    with pytest.raises(PermissionDenied):
        discipline.explain_finding(finding, acting_user=users.supervisor, explanation="x")
    discipline.explain_finding(finding, acting_user=users.handler, explanation="堵车")
    finding.refresh_from_db()
    assert finding.explanation == "堵车"


def test_discipline_findings_selector_for_assessment(users, units, check):
    use = units["NX-DLR-USE"].pk
    assert discipline.discipline_findings([use], date(2026, 3, 10), date(2026, 3, 10)).count() == 1
    assert not discipline.discipline_findings([use], date(2026, 3, 11), date(2026, 3, 31)).exists()
    assert not discipline.discipline_findings(
        [units["NX-YC"].pk], date(2026, 1, 1), date(2026, 12, 31)
    ).exists()


def test_discipline_problem_hidden_from_colleagues(users, check):
    from xiaoneng.campaign.models import Problem

    problem = check.findings.get().problem
    assert Problem.objects.visible_to(users.handler).filter(pk=problem.pk).exists()
    assert Problem.objects.visible_to(users.supervisor).filter(pk=problem.pk).exists()
    assert not Problem.objects.visible_to(users.reviewer).filter(pk=problem.pk).exists()
