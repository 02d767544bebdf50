"""A fine outside the benchmark range: justification, approval, supervision alert."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from xiaoneng.cases.testing import at
from xiaoneng.enforcement import services


def test_out_of_range_fine_without_justification_is_refused(open_penalty, users):
    case = open_penalty()
    with pytest.raises(ValidationError) as exc:
        services.serve_notice(case, acting_user=users.handler, fine="600000", now=at("2026-03-03"))
    assert "justification" in exc.value.message_dict
    case.refresh_from_db()
    assert case.stage_name == "调查取证"  # nothing written


def test_out_of_range_at_proposal_needs_justification(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    with pytest.raises(ValidationError):
        services.propose_decision(
            case, acting_user=users.handler, fine="150000", now=at("2026-03-11")
        )


def test_justified_out_of_range_fine_needs_the_approver_and_opens_an_alert(decided, users):
    from xiaoneng.supervision.models import Alert

    case = decided(fine="600000", justification="拒不停止违法行为，经集体讨论从重处罚")
    decision = case.penalty_decision
    assert decision.out_of_range
    assert decision.decided_by == users.approver
    alert = Alert.objects.get(case=case)
    assert alert.rule.code == "discretion_out_of_range"
    assert alert.evidence["fine"] == "600000.00"


def test_justified_out_of_range_proposal_waits_for_the_approver(open_penalty, users):
    case = open_penalty()
    services.serve_notice(
        case,
        acting_user=users.handler,
        fine="600000",
        justification="拒不停止违法行为",
        now=at("2026-03-03"),
    )
    case = services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    decision = case.penalty_decision
    assert decision.out_of_range
    assert decision.status == "proposed"
    assert decision.fine == Decimal("600000.00")
    assert case.decided_on is None  # not decided until the approver approves


def test_in_range_fine_opens_no_alert(decided):
    from xiaoneng.supervision.models import Alert

    case = decided()
    assert not case.penalty_decision.out_of_range
    assert not Alert.objects.filter(case=case).exists()


def test_no_justification_allows_a_fine_above_the_statutory_maximum(open_penalty, users):
    case = open_penalty()  # 1,000 m²: at most 1,000 yuan per m² (实施条例 Art. 57)
    with pytest.raises(ValidationError) as exc:
        services.serve_notice(
            case,
            acting_user=users.handler,
            fine="1000000.01",
            justification="情节特别严重",
            now=at("2026-03-03"),
        )
    assert "fine" in exc.value.message_dict
    services.serve_notice(
        case,
        acting_user=users.handler,
        fine="1000000",
        justification="情节特别严重",
        now=at("2026-03-03"),
    )


def test_justified_lighter_penalty_below_the_range_is_allowed(decided):
    case = decided(fine="150000", justification="主动消除违法后果，依法减轻处罚")
    assert case.penalty_decision.out_of_range
    assert case.penalty_decision.fine == Decimal("150000.00")
