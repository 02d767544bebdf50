"""Each anomaly rule fires on its case, once per rung, and on no clean case."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.choices import EventKind, Status
from xiaoneng.cases.models import Case
from xiaoneng.cases.testing import at
from xiaoneng.supervision.choices import NotificationKind, RuleCode
from xiaoneng.supervision.models import Alert, Card, Notification
from xiaoneng.supervision.sweep import run_sweep
from xiaoneng.workdays.services import get_calendar

ACCEPTED = date(2026, 2, 9)  # the ``reviewed`` fixture's acceptance day (a Monday)


def workday(n: int, start: date = ACCEPTED) -> date:
    """The n-th working day after ``start`` in the official calendar."""
    return get_calendar().add_workdays(start, n)


def alerts(code: str, case=None):
    found = Alert.objects.filter(rule__code=code)
    return found.filter(case=case) if case is not None else found


def append_imported_event(case, kind, *, actor=None, data=None, day=ACCEPTED):
    """An event as imported from the old system (bypassing the actions' checks)."""
    case = Case.objects.get(pk=case.pk)
    actions._append_event(
        case, kind, acting_user=actor, now=at(day.isoformat()), from_status=case.status, data=data
    )
    case.save(update_fields=actions.CHAIN_FIELDS)
    return case


def test_clean_case_opens_no_alert(reviewed):
    reviewed()
    counts = run_sweep(as_of=workday(1))
    assert counts["alerts_opened"] == 0
    assert not Alert.objects.exists()


def test_approaching_promised_warns_at_threshold_then_one_day_before(reviewed):
    case = reviewed()
    warning = case.rules.get("warning_days") or 3
    run_sweep(as_of=workday(15 - warning))
    assert list(alerts("approaching_promised").values_list("rung", flat=True)) == ["threshold"]
    run_sweep(as_of=workday(15 - 2))
    assert alerts("approaching_promised").count() == 1
    run_sweep(as_of=workday(14))
    assert sorted(alerts("approaching_promised").values_list("rung", flat=True)) == [
        "one_day",
        "threshold",
    ]
    run_sweep(as_of=workday(14))
    assert alerts("approaching_promised").count() == 2
    # A sweep that opens a warning tells the handler in its digest (two sweeps opened one
    # each; the last opened nothing and tells nothing); the default rule cards nobody.
    digests = Notification.objects.filter(key__startswith="sweep:", recipient=case.handler)
    label = str(RuleCode.APPROACHING_PROMISED.label)
    assert digests.count() == 2
    assert all([number for number, _found in digest.items] == [case.number] for digest in digests)
    assert all(f"{label}：1" in digest.body for digest in digests)
    # The sweep that also carded him (stage overrun) links "my supervision", where the
    # card can be appealed; the one with a warning only links the work queue.
    assert {digest.kind: digest.url for digest in digests} == {
        NotificationKind.CARD: reverse("supervision:mine"),
        NotificationKind.WARNING: reverse("cases:todo"),
    }
    assert not Card.objects.filter(rule__code="approaching_promised").exists()


def test_promised_limit_passed_cards_handler_and_unit(reviewed, users):
    case = reviewed()
    run_sweep(as_of=workday(16))
    alert = alerts("promised_passed", case).get()
    assert alert.level == "violation"
    assert alert.evidence["remaining_workdays"] == -1
    card = Card.objects.get(alert=alert)
    assert (card.color, card.carded_user, card.carded_unit_id) == (
        "red",
        users.handler,
        case.unit_id,
    )
    assert case.events.filter(kind=EventKind.CARD_ISSUED).count() >= 1
    assert not alerts("statutory_passed").exists()
    # The handler's digest names the case once, with all that was found on it, card first.
    digest = Notification.objects.get(recipient=users.handler, key__startswith="sweep:")
    assert [number for number, _found in digest.items] == [case.number]
    found = dict(digest.items)[case.number].split("、")
    assert found[:2] == ["红牌", "黄牌"]  # the red card of this rule, a yellow of another
    assert str(RuleCode.STAGE_OVERRUN.label) in found
    # A carded person's digest opens "my supervision", where the cards can be appealed.
    assert digest.url == reverse("supervision:mine")


def test_statutory_limit_passed_is_reported_to_supervisors_of_the_region(reviewed, users):
    case = reviewed()
    run_sweep(as_of=workday(21))
    alert = alerts("statutory_passed", case).get()
    assert alert.level == "breach"
    digest = Notification.objects.get(recipient=users.supervisor, key__startswith="sweep:")
    # One kind of finding: the cases are listed without it, the line above says it.
    assert [case.number, ""] in digest.items
    assert f"{RuleCode.STATUTORY_PASSED.label}：1" in digest.body
    assert digest.url == reverse("supervision:list", args=["warnings"])
    assert not Notification.objects.filter(recipient=users.yc_supervisor).exists()
    assert Alert.objects.visible_to(users.supervisor).filter(pk=alert.pk).exists()
    assert not Alert.objects.visible_to(users.yc_supervisor).exists()


def test_stage_overrun_fires_once_per_stage_with_a_yellow_card(reviewed, users):
    case = reviewed()
    budget = case.stage["budget_days"]
    run_sweep(as_of=workday(budget))
    assert not alerts("stage_overrun").exists()
    run_sweep(as_of=workday(budget + 1))
    alert = alerts("stage_overrun", case).get()
    assert alert.rung == case.stage["code"]
    assert alert.evidence["spent_workdays"] == budget + 1
    card = Card.objects.get(alert=alert)
    assert (card.color, card.carded_user, card.carded_unit) == ("yellow", users.handler, None)
    run_sweep(as_of=workday(budget + 2))
    assert alerts("stage_overrun").count() == 1


def test_second_supplement_notice_opens_anomaly(reviewed):
    case = reviewed()
    Case.objects.filter(pk=case.pk).update(supplement_count=2)  # imported record
    run_sweep(as_of=workday(1))
    assert alerts("second_supplement", case).get().evidence["supplement_count"] == 2


def test_fee_charged_differing_from_the_standard_opens_anomaly(reviewed):
    case = reviewed()
    Case.objects.filter(pk=case.pk).update(
        status=Status.COMPLETED,
        fee_due=Decimal("100.00"),
        fee_charged=Decimal("80.00"),
        closed_on=workday(1),
    )
    run_sweep(as_of=workday(2))
    alert = alerts("fee_mismatch", case).get()
    assert alert.evidence["fee_charged"] == "80.00"
    assert alert.closed_at is None  # a finding on a finished case stays for the supervisor


def test_refusal_without_legal_basis_opens_anomaly(submit):
    case = submit()
    Case.objects.filter(pk=case.pk).update(
        status=Status.REFUSED, refusal_basis="", closed_on=ACCEPTED
    )
    run_sweep(as_of=workday(1))
    assert alerts("refusal_without_basis", case).exists()


def test_pause_longer_than_its_kind_allows_opens_anomaly(reviewed, users):
    case = reviewed()
    actions.do_pause(
        case, acting_user=users.handler, kind="site_survey", reason="踏勘", now=at("2026-02-10")
    )
    run_sweep(as_of=workday(10, date(2026, 2, 9)))
    assert not alerts("pause_irregular").exists()
    run_sweep(as_of=workday(11, date(2026, 2, 9)))
    alert = alerts("pause_irregular", case).get()
    assert alert.rung.startswith("too_long:")
    assert alert.evidence["max_days"] == 10


def test_pause_without_written_notice_opens_anomaly(reviewed):
    case = reviewed()
    append_imported_event(case, EventKind.PAUSED, data={"kind": "hearing", "reason": "听证"})
    run_sweep(as_of=workday(1))
    assert alerts("pause_irregular", case).get().rung.startswith("no_notice:")


def test_idle_case_warns_after_idle_days(reviewed):
    case = reviewed()
    run_sweep(as_of=workday(4))
    assert not alerts("idle_case").exists()
    run_sweep(as_of=workday(5))
    assert alerts("idle_case", case).get().evidence["idle_workdays"] == 5


def test_decision_by_a_user_without_the_approver_role_opens_anomaly(reviewed, users):
    case = reviewed()
    case = append_imported_event(case, EventKind.DECIDED, actor=users.handler, data={})
    run_sweep(as_of=workday(1))
    alert = alerts("unauthorised_decision", case).get()
    assert alert.level == "breach"
    assert alert.evidence["event_seq"] == case.event_count


def test_decision_by_an_approver_is_clean(reviewed, users):
    case = reviewed()
    append_imported_event(case, EventKind.DECIDED, actor=users.approver, data={})
    run_sweep(as_of=workday(1))
    assert not alerts("unauthorised_decision").exists()


@pytest.mark.parametrize(("card", "expected"), [("none", 0), ("yellow", 1)])
def test_cards_follow_the_rule_configuration(reviewed, users, card, expected):
    from xiaoneng.supervision.models import AnomalyRule

    AnomalyRule.objects.filter(code="promised_passed").update(
        card=card, card_handler=False, card_unit=True
    )
    case = reviewed()
    run_sweep(as_of=workday(16))
    cards = Card.objects.filter(rule__code="promised_passed", case=case)
    assert cards.count() == expected
    if expected:
        assert (cards[0].color, cards[0].carded_user, cards[0].carded_unit_id) == (
            card,
            None,
            case.unit_id,
        )


def test_disabled_rule_does_not_fire(reviewed):
    from xiaoneng.supervision.models import AnomalyRule

    AnomalyRule.objects.filter(code="promised_passed").update(enabled=False)
    reviewed()
    run_sweep(as_of=workday(16))
    assert not alerts("promised_passed").exists()
