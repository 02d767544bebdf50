"""Every path of a case, with the clock after each event equal to the engine's."""

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.cases import actions
from xiaoneng.cases.choices import EventKind, Status
from xiaoneng.cases.testing import at
from xiaoneng.workdays.clock import compute_clock
from xiaoneng.workdays.services import get_calendar

pytestmark = pytest.mark.django_db


def assert_clock(case, as_of, pauses=(), stopped_on=None):
    """The cached clock equals a fresh reading of the engine."""
    promised = compute_clock(
        get_calendar(),
        case.accepted_on,
        case.rules["promised_limit_days"],
        extension_days=case.extension_days,
        pauses=pauses,
        as_of=as_of,
        warning_days=case.rules["warning_days"],
        stopped_on=stopped_on,
    )
    statutory = compute_clock(
        get_calendar(),
        case.accepted_on,
        case.rules["statutory_limit_days"],
        extension_days=case.extension_days,
        pauses=pauses,
        as_of=as_of,
        stopped_on=stopped_on,
    )
    assert case.due_date == promised.due_date
    assert case.statutory_due_date == statutory.due_date
    assert case.remaining_workdays == promised.remaining
    assert case.light == promised.light
    assert case.clock_state == promised.state


def test_submit_numbers_the_case_and_starts_the_acceptance_window(submit):
    case = submit()
    assert case.number == "640000-2026-TEST-00001"
    assert case.status == Status.RECEIVED
    # Five working days after Monday 9 Feb 2026: 10–13 Feb and Saturday 14 Feb,
    # an adjusted working day before the Spring Festival.
    assert case.due_date == date(2026, 2, 14)
    assert case.rules["stages"][0]["kind"] == "acceptance"
    assert [e.kind for e in case.events.all()] == [EventKind.SUBMITTED]
    assert submit().number == "640000-2026-TEST-00002"


def test_accept_review_decide_complete(reviewed, users):
    case = reviewed()
    assert case.status == Status.IN_REVIEW
    assert case.accepted_on == date(2026, 2, 9)
    # 15 working days across the Spring Festival (15–23 Feb off, 14 and 28 Feb worked).
    assert case.due_date == date(2026, 3, 6)
    assert case.statutory_due_date == date(2026, 3, 13)
    assert_clock(case, date(2026, 2, 9))
    case = actions.do_advance(
        case, acting_user=users.handler, opinion="材料齐全，符合条件。", now=at("2026-02-12")
    )
    assert case.stage["name"] == "审核"
    assert_clock(case, date(2026, 2, 12))
    case = actions.do_advance(
        case, acting_user=users.reviewer, opinion="同意。", now=at("2026-02-26")
    )
    assert case.stage["name"] == "决定"
    case = actions.do_decide(
        case, acting_user=users.approver, result="approve", now=at("2026-03-02")
    )
    assert case.status == Status.APPROVED
    assert case.decision_number.startswith("宁国土资许〔2026〕")
    assert case.stage["name"] == "办结发证"
    assert_clock(case, date(2026, 3, 2), stopped_on=date(2026, 3, 2))
    case = actions.do_complete(case, acting_user=users.clerk, now=at("2026-03-03"))
    assert case.status == Status.COMPLETED
    assert case.fee_charged == Decimal("0.00")
    assert case.light == "green"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "submitted", "accepted", "assigned", "advanced", "advanced", "decided", "completed",
    ]  # fmt: skip


def test_supplement_then_accept_counts_from_acceptance(submit, users):
    case = submit("2026-04-01")
    case = actions.do_request_supplement(
        case,
        acting_user=users.clerk,
        missing=["建设项目批准文件", "用地界址图"],
        now=at("2026-04-02"),
    )
    assert case.status == Status.SUPPLEMENT
    assert case.supplement_count == 1
    assert case.clock_state == "paused"
    notice = case.documents.get(kind="supplement")
    assert notice.content["missing"] == ["建设项目批准文件", "用地界址图"]
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-04-20"))
    assert case.accepted_on == date(2026, 4, 20)
    assert not case.deemed_accepted
    assert_clock(case, date(2026, 4, 20))


def test_no_notice_within_five_working_days_means_accepted_on_receipt(submit, users):
    case = submit("2026-02-09")
    # Deadline Saturday 14 Feb (adjusted working day); on 24 Feb it has passed.
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-24"))
    assert case.deemed_accepted
    assert case.accepted_on == date(2026, 2, 9)
    assert_clock(case, date(2026, 2, 24))


def test_late_supplement_notice_is_refused(submit, users):
    case = submit("2026-02-09")
    with pytest.raises(actions.TransitionError, match="第三十二条"):
        actions.do_request_supplement(
            case, acting_user=users.clerk, missing=["申请书"], now=at("2026-02-24")
        )
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.events.count() == 1


def test_refuse_needs_reason_and_basis(submit, users):
    case = submit()
    with pytest.raises(actions.ValidationError):
        actions.do_refuse(case, acting_user=users.clerk, reason="不属于本机关职权", legal_basis="")
    case = actions.do_refuse(
        case,
        acting_user=users.clerk,
        reason="申请事项依法不需要取得行政许可",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（一）项",
        now=at("2026-02-10"),
    )
    assert case.status == Status.REFUSED
    assert case.closed_on == date(2026, 2, 10)
    assert case.documents.get(kind="refusal").number.startswith("宁国土资不受")


def test_pause_and_resume_across_a_holiday(reviewed, users):
    case = reviewed("2026-09-21")
    due_before = case.due_date
    case = actions.do_pause(
        case,
        acting_user=users.handler,
        kind="expert_review",
        reason="组织专家论证",
        now=at("2026-09-29"),
    )
    assert case.status == Status.PAUSED
    assert case.clock_state == "paused"
    case = actions.do_resume(case, acting_user=users.handler, now=at("2026-10-12"))
    assert case.status == Status.IN_REVIEW
    pauses = [(date(2026, 9, 29), date(2026, 10, 12))]
    assert_clock(case, date(2026, 10, 12), pauses=pauses)
    # National Day 2026: 1–7 Oct off, Saturday 10 Oct worked. Paused working
    # days: 29 and 30 Sep, 8, 9, 10 and 12 Oct — the due date moves six later.
    assert get_calendar().workdays_between(due_before, case.due_date) == 6


def test_extension_once_by_the_approver(reviewed, users):
    case = reviewed()
    case = actions.do_request_extension(
        case, acting_user=users.handler, days=10, reason="需补充勘测", now=at("2026-03-02")
    )
    statutory_before = case.statutory_due_date
    case = actions.do_approve_extension(case, acting_user=users.approver, now=at("2026-03-03"))
    assert case.extension_days == 10
    assert get_calendar().workdays_between(statutory_before, case.statutory_due_date) == 10
    assert_clock(case, date(2026, 3, 3))
    with pytest.raises(actions.TransitionError, match="只能延期一次"):
        actions.do_request_extension(
            case, acting_user=users.handler, days=1, reason="再次延期", now=at("2026-03-04")
        )


def test_extension_is_capped(reviewed, users):
    case = reviewed()
    with pytest.raises(actions.ValidationError):
        actions.do_request_extension(case, acting_user=users.handler, days=11, reason="过长")


def test_deny_with_reasons(reviewed, users):
    case = reviewed()
    case = actions.do_advance(
        case, acting_user=users.handler, opinion="不符合", now=at("2026-02-10")
    )
    case = actions.do_advance(
        case, acting_user=users.reviewer, opinion="同意初审", now=at("2026-02-11")
    )
    with pytest.raises(actions.ValidationError):
        actions.do_decide(case, acting_user=users.approver, result="deny", reason="")
    case = actions.do_decide(
        case,
        acting_user=users.approver,
        result="deny",
        reason="占用永久基本农田",
        now=at("2026-02-12"),
    )
    assert case.status == Status.DENIED
    assert case.closed_on == date(2026, 2, 12)
    assert case.clock_state == "stopped"


def test_withdraw_while_paused_closes_the_pause(reviewed, users):
    case = reviewed()
    case = actions.do_pause(
        case, acting_user=users.handler, kind="hearing", reason="听证", now=at("2026-02-10")
    )
    case = actions.do_withdraw(
        case, acting_user=users.clerk, reason="项目取消", now=at("2026-02-11")
    )
    assert case.status == Status.WITHDRAWN
    assert case.pauses.get().end == date(2026, 2, 11)


def test_send_back_returns_to_the_previous_stage(reviewed, users):
    case = reviewed()
    case = actions.do_advance(case, acting_user=users.handler, opinion="同意", now=at("2026-02-10"))
    case = actions.do_send_back(
        case, acting_user=users.reviewer, reason="缺少测绘成果", now=at("2026-02-11")
    )
    assert case.stage["name"] == "初审"
    assert case.events.last().data["reason"] == "缺少测绘成果"


def test_key_project_takes_its_shorter_promised_limit(submit, users):
    from xiaoneng.cases.models import KeyProject

    project = KeyProject.objects.create(code="KP1", name="银川河东机场三期", promised_limit_days=8)
    case = submit(key_project=project)
    assert case.rules["promised_limit_days"] == 8
    assert case.green_channel


def test_catalogue_change_does_not_touch_cases_under_way(reviewed, item):
    case = reviewed()
    item.promised_limit_days = 5
    item.save()
    case.refresh_from_db()
    assert case.rules["promised_limit_days"] == 15


def test_cases_registered_under_the_same_rules_share_one_rule_set(submit, item):
    from xiaoneng.cases.models import KeyProject, RuleSet

    first, second = submit(), submit()
    assert first.rule_set_id == second.rule_set_id
    assert first.rules == item.rules_snapshot()
    # Key order makes no other set: the digest is of the canonical form.
    reordered = dict(reversed(list(item.rules_snapshot().items())))
    assert RuleSet.of(reordered).pk == first.rule_set_id

    project = KeyProject.objects.create(code="KP2", name="固原物流园", promised_limit_days=8)
    shorter = submit(key_project=project)
    item.promised_limit_days = 12
    item.save()
    edited = submit()
    sets = {first.rule_set_id, shorter.rule_set_id, edited.rule_set_id}
    assert len(sets) == 3
    assert RuleSet.objects.count() == 3
    assert RuleSet.objects.get(pk=first.rule_set_id).rules["promised_limit_days"] == 15
