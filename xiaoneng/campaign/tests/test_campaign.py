from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from xiaoneng.campaign import campaigns
from xiaoneng.campaign.choices import AnswerResult, PhaseKind, SourceKind, SubmissionKind
from xiaoneng.campaign.models import Problem
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.workdays.services import get_calendar


def test_phase_task_light_follows_the_working_day_clock(users, campaign):
    phase = campaign.phases.get(kind=PhaseKind.MOBILISATION)
    task = campaigns.add_phase_task(
        phase,
        acting_user=users.leader,
        title="制定实施方案",
        issued_on=date(2026, 3, 2),
        limit_days=10,
    )
    assert task.due_date == date(2026, 3, 16)  # ten working days after Monday 2 March
    calendar = get_calendar()
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        assert task.clock(calendar, date(2026, 3, 5)).light == "green"
    assert task.clock(calendar, date(2026, 3, 13)).light == "yellow"  # 1 day left ≤ 2
    assert task.clock(calendar, date(2026, 3, 17)).light == "red"
    campaigns.complete_phase_task(task, acting_user=users.leader, now=at("2026-03-12"))
    task.refresh_from_db()
    assert task.clock(calendar, date(2026, 3, 20)).light == "green"
    with pytest.raises(TransitionError):
        campaigns.complete_phase_task(task, acting_user=users.leader)


def test_unit_task_done_by_its_unit_only(users, units, campaign):
    phase = campaign.phases.get()
    task = campaigns.add_phase_task(
        phase,
        acting_user=users.leader,
        title="本单位动员",
        issued_on=date(2026, 3, 2),
        limit_days=5,
        unit=units["NX-DLR-USE"],
    )
    with pytest.raises(PermissionDenied):
        campaigns.complete_phase_task(task, acting_user=users.clerk)
    campaigns.complete_phase_task(task, acting_user=users.handler, now=at("2026-03-10"))
    task.refresh_from_db()
    assert task.done_on == date(2026, 3, 10)
    assert task.clock(get_calendar(), date(2026, 3, 20)).light == "red"  # done late


def test_plans_requested_and_handed_in_with_lights(users, units, campaign):
    created = campaigns.request_submissions(
        campaign,
        acting_user=users.leader,
        kind=SubmissionKind.PLAN,
        issued_on=date(2026, 3, 2),
        limit_days=10,
    )
    assert created == 5
    assert (
        campaigns.request_submissions(
            campaign,
            acting_user=users.leader,
            kind=SubmissionKind.PLAN,
            issued_on=date(2026, 3, 2),
            limit_days=10,
        )
        == 0
    )
    plan = campaign.submissions.get(unit=units["NX-DLR-USE"])
    with pytest.raises(PermissionDenied):
        campaigns.submit(plan, acting_user=users.supervisor, text="x")
    with pytest.raises(ValidationError):
        campaigns.submit(plan, acting_user=users.handler, text="")
    campaigns.submit(plan, acting_user=users.handler, text="实施方案", now=at("2026-03-06"))
    plan.refresh_from_db()
    assert plan.clock(get_calendar(), date(2026, 4, 1)).light == "green"
    missing = campaign.submissions.get(unit=units["NX-DLR-APPROVAL"])
    assert missing.clock(get_calendar(), date(2026, 3, 17)).light == "red"


def test_only_leaders_or_group_manage(users, units, campaign):
    with pytest.raises(PermissionDenied):
        campaigns.set_phase(
            campaign,
            acting_user=users.handler,
            kind=PhaseKind.SUMMARY,
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 9, 30),
        )
    with pytest.raises(PermissionDenied):
        campaigns.create_campaign(
            acting_user=users.supervisor,
            name="x",
            organiser=units["NX-DLR"],
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
            units=[units["NX-DLR"]],
        )


def test_self_inspection_answers_become_problems(users, units, campaign):
    items = list(campaigns.active_items())
    assert len(items) == 15
    sheet = campaigns.open_checklist(campaign, acting_user=users.handler, personal=False)
    answers = {item.pk: (AnswerResult.OK, "", "minor") for item in items}
    efficiency = next(i for i in items if i.text.startswith("作风是否过硬"))
    answers[efficiency.pk] = (AnswerResult.PROBLEM, "", "serious")
    with pytest.raises(ValidationError):
        campaigns.submit_checklist(sheet, acting_user=users.handler, answers=answers)
    answers[efficiency.pk] = (AnswerResult.PROBLEM, "审查环节拖延", "serious")
    with pytest.raises(PermissionDenied):
        campaigns.submit_checklist(sheet, acting_user=users.clerk, answers=answers)
    (problem,) = campaigns.submit_checklist(
        sheet, acting_user=users.handler, answers=answers, now=at("2026-03-10")
    )
    assert problem.source_kind == SourceKind.SELF_INSPECTION
    assert problem.area == "efficiency"
    assert problem.severity == "serious"
    assert problem.source.item == efficiency
    with pytest.raises(TransitionError):
        campaigns.submit_checklist(sheet, acting_user=users.handler, answers=answers)
    mine = campaigns.open_checklist(campaign, acting_user=users.reviewer, personal=True)
    assert mine.person == users.reviewer
    with pytest.raises(PermissionDenied):
        campaigns.submit_checklist(mine, acting_user=users.handler, answers=answers)
    assert Problem.objects.filter(unit=units["NX-DLR-USE"]).count() == 1
