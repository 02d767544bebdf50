"""Demo supervision record: the discipline office's own cards, their appeals, and orders.

The sweep's rule cards come with the sweep; what a supervisor does by hand is
added here, through the services, as the department's discipline office
would have done over the last two weeks on the overdue cases of the land-use
office: a card under appeal for 杨丽 to decide, a card upheld on appeal, an
order answered and waiting to be closed, one overdue and escalated to the
leader, one closed (licensing cases; the penalty cases are the enforcement
demo's). Idempotent: it runs only while no supervisor has carded a case (it
cards first, in the same transaction), and after every other demo but the
assessment, which counts its cards. It needs the demo organisation and cases.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from xiaoneng.cases.models import Case
from xiaoneng.catalog.choices import Category
from xiaoneng.core import clock
from xiaoneng.org.choices import Role
from xiaoneng.supervision import services
from xiaoneng.supervision.models import Card
from xiaoneng.workdays.services import get_calendar

NONE_ADDED = {"supervisor_cards": 0, "supervision_orders": 0}


def _workday_back(today, n: int):
    """The working day ``n`` working days before ``today``."""
    calendar, day = get_calendar(), today
    while n:
        day -= timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def seed_supervision() -> dict:
    """Add the demo's hand-issued cards and supervision orders; returns the counts added."""
    if Card.objects.filter(issued_by__isnull=False).exists():
        return dict(NONE_ADDED)
    users = get_user_model().objects
    supervisor = users.filter(username="supervisor").first()
    head = (
        users.filter(groups__name=Role.SUPERVISOR, profile__unit__code="NX-DLR-DISCIPLINE")
        .filter(groups__name=Role.LEADER)
        .first()
    )
    handler = users.filter(username="handler").first()
    if None in (supervisor, head, handler):
        return dict(NONE_ADDED)
    today = clock.today()
    zone = timezone.get_current_timezone()

    def at(days_back: int, hour: int) -> datetime:
        return datetime.combine(_workday_back(today, days_back), time(hour), tzinfo=zone)

    # The handler's most urgent cases (overdue first) with nothing done on them in the
    # last eleven working days: no step of theirs is later than those added here.
    cases = list(
        Case.objects.open()
        .filter(handler=handler, last_event_at__lt=at(11, 9))
        .exclude(service_item__category=Category.PENALTY)
        .select_related("unit")
        .order_by("remaining_workdays", "pk")[:3]
    )
    if len(cases) < 3:
        return dict(NONE_ADDED)
    first, second, third = cases

    # In the order of their days, so that each case's timeline reads forward.
    closed = services.issue_order(
        acting_user=supervisor,
        unit=second.unit,
        handler=handler,
        case=second,
        instruction="请核实办理进度，于5个工作日内报送情况说明。",
        limit_days=5,
        now=at(10, 9),
    )
    closed = services.reply_order(
        closed, acting_user=handler, reply="已核实，情况说明已报送。", now=at(8, 15)
    )
    services.close_order(closed, acting_user=supervisor, note="情况属实，予以办结。", now=at(7, 9))
    services.issue_order(
        acting_user=supervisor,
        unit=third.unit,
        case=third,
        instruction="该件已超过承诺时限，请于2个工作日内作出决定或依法办理延期。",
        limit_days=2,
        now=at(6, 9),
    )
    card = services.issue_card(
        second,
        acting_user=supervisor,
        color="red",
        reason="超过承诺时限仍未作出决定，且未办理延期手续。",
        carded_user=handler,
        now=at(6, 10),
    )
    appeal = services.appeal_card(
        card, acting_user=handler, reason="申请人补充的权属材料迟迟未到。", now=at(5, 11)
    )
    services.decide_appeal(
        appeal,
        acting_user=head,
        uphold=True,
        reason="补正期间已依法暂停计时，超时发生在补正之后，申诉不成立。",
        now=at(4, 16),
    )
    card = services.issue_card(
        first,
        acting_user=head,
        color="yellow",
        reason="初审环节超出环节时限，且未在系统中说明原因。",
        carded_user=handler,
        now=at(3, 10),
    )
    services.appeal_card(
        card,
        acting_user=handler,
        reason="该件在补正材料期间暂停计时，补正通知书已送达申请人，不应计入超时。",
        now=at(2, 15),
    )
    answered = services.issue_order(
        acting_user=supervisor,
        unit=first.unit,
        handler=handler,
        case=first,
        instruction="请于3个工作日内完成初审，并书面说明超时原因及整改措施。",
        limit_days=3,
        now=at(2, 16),
    )
    services.reply_order(
        answered,
        acting_user=handler,
        reply="已于当日完成初审并转审核环节；超时系申请人补正材料所致，已加强提醒。",
        now=at(1, 16),
    )
    # The order left unanswered is past its due date: it goes up to the unit's leader.
    services.escalate_overdue_orders(today)
    return {"supervisor_cards": 2, "supervision_orders": 3}
