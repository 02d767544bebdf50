"""Alerts another app raises when it records the fact (a fine outside the benchmark)."""

from datetime import date

import pytest
from django.db import transaction

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.supervision.models import Alert, AnomalyRule, Notification
from xiaoneng.supervision.services import raise_alert
from xiaoneng.supervision.sweep import run_sweep

pytestmark = pytest.mark.django_db

RULE = "discretion_out_of_range"


@pytest.fixture
def case(reviewed):
    return reviewed()


def test_raised_alert_opens_once_and_reports_to_supervisors(case, users):
    with transaction.atomic():
        alert = raise_alert(
            case, rule_code=RULE, evidence={"fine": "50000.00"}, acting_user=users.approver
        )
        again = raise_alert(case, rule_code=RULE, evidence={"fine": "1.00"})
    assert alert is not None
    assert again is None
    assert alert.evidence["fine"] == "50000.00"
    assert alert.unit_id == case.unit_id
    assert alert.handler_id == case.handler_id
    notified = Notification.objects.filter(key=f"alert:{alert.pk}")
    assert users.supervisor in {notice.recipient for notice in notified}
    # The notice names the approver as people know him, not by his login.
    body = notified.first().body
    assert users.approver.get_full_name() in body
    assert users.approver.get_username() not in body


def test_sweep_neither_closes_nor_duplicates_a_raised_alert(case, users):
    with transaction.atomic():
        alert = raise_alert(case, rule_code=RULE, evidence={})
    actions.do_withdraw(case, acting_user=users.clerk, reason="申请人撤回", now=at("2026-02-11"))
    run_sweep(as_of=date(2026, 2, 12))
    alert.refresh_from_db()
    assert alert.closed_at is None
    assert Alert.objects.filter(rule__code=RULE).count() == 1


def test_disabled_rule_raises_nothing(case):
    AnomalyRule.objects.filter(code=RULE).update(enabled=False)
    with transaction.atomic():
        assert raise_alert(case, rule_code=RULE, evidence={}) is None
    assert not Alert.objects.filter(rule__code=RULE).exists()
