from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiaoneng.cases.choices import Status
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.enforcement import services
from xiaoneng.enforcement.choices import DecisionStatus


def test_open_case_starts_investigation_with_90_calendar_day_clock(open_penalty):
    case = open_penalty()
    assert case.status == Status.IN_REVIEW
    assert case.stage_name == "调查取证"
    assert case.accepted_on.isoformat() == "2026-03-02"
    # 90 calendar days after 2026-03-02 is Sunday 2026-05-31: due the next working day.
    assert case.statutory_due_date.isoformat() == "2026-06-01"
    assert case.penalty_facts.area_m2 == Decimal("1000")


def test_opening_after_the_filing_limit_needs_a_reason(open_penalty):
    with pytest.raises(ValidationError) as exc:
        open_penalty(day="2026-03-20")
    assert "late_opening_reason" in exc.value.message_dict
    case = open_penalty(day="2026-03-20", late_opening_reason="当事人下落不明，核查耗时")
    assert case.penalty_facts.late_opening_reason


def test_only_a_handler_opens(open_penalty, users):
    with pytest.raises(PermissionDenied):
        open_penalty(acting_user=users.clerk)


def test_invalid_party_id_is_refused(open_penalty):
    with pytest.raises(ValidationError):
        open_penalty(id_number="110105194912310021")


def test_full_procedure_to_closing(decided, users):
    case = decided()
    assert case.status == Status.APPROVED
    assert case.stage_name == "执行"
    decision = case.penalty_decision
    assert decision.status == DecisionStatus.DECIDED
    assert decision.fine == Decimal("200000.00")
    assert decision.decision_number.startswith("宁国土资罚〔2026〕")
    services.record_execution(
        case, acting_user=users.handler, amount_paid="200000", now=at("2026-03-20")
    )
    case = services.close_case(case, acting_user=users.handler, now=at("2026-03-23"))
    assert case.status == Status.COMPLETED
    assert case.closed_on.isoformat() == "2026-03-23"


def test_closing_before_execution_is_refused(decided, users):
    case = decided()
    with pytest.raises(TransitionError):
        services.close_case(case, acting_user=users.handler, now=at("2026-03-20"))


def test_decision_cannot_be_heavier_than_the_notice(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(
            case, acting_user=users.handler, fine="300000", now=at("2026-03-11")
        )
    assert "fine" in exc.value.message_dict


def test_facts_are_fixed_by_the_notice(open_penalty, users):
    case = open_penalty()
    services.update_facts(case, acting_user=users.handler, area_m2="1200", now=at("2026-03-02", 15))
    services.serve_notice(case, acting_user=users.handler, fine="240000", now=at("2026-03-03"))
    with pytest.raises(TransitionError):
        services.update_facts(case, acting_user=users.handler, area_m2="10", now=at("2026-03-04"))


def test_approver_rejects_and_the_handler_proposes_again(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    case = services.reject_decision(
        case, acting_user=users.approver, reason="事实不清", now=at("2026-03-11", 15)
    )
    assert case.stage_name == "告知"
    assert case.penalty_decision.status == DecisionStatus.NONE
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-12"))


def test_handler_cannot_approve(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    with pytest.raises(PermissionDenied):
        services.approve_decision(case, acting_user=users.handler, now=at("2026-03-11"))
