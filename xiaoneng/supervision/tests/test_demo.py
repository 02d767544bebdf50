"""The demo's hand-issued supervision record: every state a supervisor meets, once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.integrity import verify_all
from xiaoneng.cases.models import CaseEvent
from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.org.demo import seed_org
from xiaoneng.supervision.choices import CardStatus, OrderStatus
from xiaoneng.supervision.demo import seed_supervision
from xiaoneng.supervision.models import Card, SupervisionOrder

pytestmark = pytest.mark.django_db


def test_demo_cards_and_orders_are_in_every_state_and_added_once(time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    seed_org()
    seed_catalog()
    seed_cases(200, seed=1)
    assert seed_supervision() == {"supervisor_cards": 2, "supervision_orders": 3}
    cards = Card.objects.filter(issued_by__isnull=False)
    assert sorted(cards.values_list("status", flat=True)) == [
        CardStatus.APPEALED,  # for 杨丽 to decide: the discipline head issued it
        CardStatus.UPHELD,
    ]
    appealed = cards.get(status=CardStatus.APPEALED)
    assert appealed.issued_by.username != "supervisor"
    orders = SupervisionOrder.objects.filter(case__isnull=False)
    assert sorted(orders.values_list("status", flat=True)) == [
        OrderStatus.CLOSED,
        OrderStatus.OPEN,
        OrderStatus.REPLIED,
    ]
    assert orders.get(status=OrderStatus.OPEN).escalated_to is not None  # overdue
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    assert {EventKind.CARD_APPEALED, EventKind.CARD_UPHELD, EventKind.ORDER_CLOSED} <= kinds
    assert verify_all()["broken"] == []
    assert seed_supervision() == {"supervisor_cards": 0, "supervision_orders": 0}
