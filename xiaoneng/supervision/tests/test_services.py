"""Supervisors' actions: cards and appeals, supervision orders, the notice list."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.http import Http404

from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.models import CaseEvent
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.models import Unit
from xiaoneng.supervision import services
from xiaoneng.supervision.choices import CardStatus, OrderStatus
from xiaoneng.supervision.models import Card, CardAppeal, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(users):
    """Give the people these flows notify an e-mail address, so delivery shows in the outbox."""
    for name in ("handler", "supervisor", "leader", "nx_staff09"):
        users[name].email = f"{name}@example.gov.cn"
        users[name].save(update_fields=["email"])


@pytest.fixture
def case(reviewed):
    return reviewed()


@pytest.fixture
def discipline_head(users):
    """The department's other supervisor (纪检组长): issues the cards that 杨丽 reviews."""
    return (
        get_user_model()
        .objects.filter(
            groups__name="supervisor", profile__unit__code="NX-DLR-DISCIPLINE", is_active=True
        )
        .exclude(pk=users.supervisor.pk)
        .first()
    )


@pytest.fixture
def card(case, users, discipline_head, time_machine):
    time_machine.move_to(at("2026-02-10"), tick=False)
    return services.issue_card(
        case,
        acting_user=discipline_head,
        color="yellow",
        reason="初审超期未办",
        carded_user=users.handler,
    )


def events(case, kind):
    return list(CaseEvent.objects.filter(case=case, kind=kind))


# -- cards -------------------------------------------------------------------------


def test_supervisor_issues_a_card_on_the_timeline_and_notifies_after_commit(
    case, users, mailboxes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        card = services.issue_card(
            case,
            acting_user=users.supervisor,
            color="red",
            reason="承诺时限已过",
            carded_user=users.handler,
        )
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert card.issued_by == users.supervisor
    assert card.status == CardStatus.VALID
    assert len(events(case, EventKind.CARD_ISSUED)) == 1
    assert Notification.objects.filter(recipient=users.handler, key=f"card:{card.pk}").count() == 1
    assert [message.to for message in mail.outbox] == [["handler@example.gov.cn"]]


def test_a_handler_may_not_issue_cards(case, users):
    with pytest.raises(PermissionDenied):
        services.issue_card(
            case, acting_user=users.handler, color="red", reason="x", carded_user=users.handler
        )
    assert not Card.objects.exists()


def test_a_supervisor_of_another_region_does_not_see_the_case(case, users):
    with pytest.raises(Http404):
        services.issue_card(
            case,
            acting_user=users.yc_supervisor,
            color="red",
            reason="x",
            carded_user=users.handler,
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"color": "yellow", "reason": "  "}, "reason"),
        ({"color": "green", "reason": "x"}, "color"),
        ({"color": "red", "reason": "x", "carded_user": None}, "carded_user"),
        ({"color": "red", "reason": "x", "carded_user": "yc_clerk"}, "carded_user"),
        (
            {"color": "red", "reason": "x", "carded_user": None, "carded_unit": "NX-YC"},
            "carded_unit",
        ),
    ],
)
def test_card_input_is_checked(case, users, values, field):
    values = {"carded_user": "handler", **values}
    if values["carded_user"]:
        values["carded_user"] = users[values["carded_user"]]
    if values.get("carded_unit"):
        values["carded_unit"] = Unit.objects.get(code=values["carded_unit"])
    with pytest.raises(ValidationError) as error:
        services.issue_card(case, acting_user=users.supervisor, **values)
    assert field in error.value.message_dict


def test_a_unit_card_is_appealed_by_the_authoritys_leader(case, users):
    unit = Unit.objects.get(code="NX-DLR-USE")
    card = services.issue_card(
        case, acting_user=users.supervisor, color="yellow", reason="x", carded_unit=unit
    )
    assert Notification.objects.filter(recipient=users.leader, key=f"card:{card.pk}").exists()
    with pytest.raises(PermissionDenied):
        services.appeal_card(card, acting_user=users.handler, reason="不是我们")
    appeal = services.appeal_card(card, acting_user=users.leader, reason="已按时办理")
    assert appeal.appellant == users.leader


def test_appeal_then_uphold(card, users, mailboxes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_card(card, acting_user=users.handler, reason="补正期间不计时")
    card.refresh_from_db()
    assert card.status == CardStatus.APPEALED
    # The department's supervisor hears of it, once, by mail after commit.
    assert Notification.objects.filter(recipient=users.supervisor, kind="appeal").count() == 1
    assert ["supervisor@example.gov.cn"] in [message.to for message in mail.outbox]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.decide_appeal(
            appeal, acting_user=users.supervisor, uphold=True, reason="补正已结束"
        )
    card.refresh_from_db()
    assert card.status == CardStatus.UPHELD
    assert appeal.decision == CardStatus.UPHELD
    assert appeal.decided_by == users.supervisor
    assert events(card.case, EventKind.CARD_REVOKED) == []
    # The appeal and the decision are on the case's record (they were not).
    [appealed] = events(card.case, EventKind.CARD_APPEALED)
    [upheld] = events(card.case, EventKind.CARD_UPHELD)
    assert (appealed.actor, appealed.data["card"]) == (users.handler, card.pk)
    assert (upheld.actor, upheld.data["reason"]) == (users.supervisor, "补正已结束")
    assert [message.to for message in mail.outbox] == [["handler@example.gov.cn"]]


def test_appeal_then_revoke_puts_the_revocation_on_the_timeline(card, users):
    appeal = services.appeal_card(card, acting_user=users.handler, reason="补正期间不计时")
    services.decide_appeal(appeal, acting_user=users.supervisor, uphold=False, reason="属实")
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    assert Card.objects.filter(pk=card.pk).exists()  # revoked, never deleted
    [event] = events(card.case, EventKind.CARD_REVOKED)
    assert event.data["card"] == card.pk
    assert (
        Notification.objects.filter(recipient=users.handler, key__endswith=":decided").count() == 1
    )
    with pytest.raises(TransitionError):
        services.decide_appeal(appeal, acting_user=users.supervisor, uphold=True, reason="再议")


def test_only_the_carded_person_may_appeal(card, users):
    with pytest.raises(PermissionDenied):
        services.appeal_card(card, acting_user=users.reviewer, reason="替他申诉")
    with pytest.raises(Http404):
        services.appeal_card(card, acting_user=users.yc_clerk, reason="x")
    assert not CardAppeal.objects.exists()


def test_a_card_is_appealed_once(card, users):
    appeal = services.appeal_card(card, acting_user=users.handler, reason="第一次")
    with pytest.raises(TransitionError):
        services.appeal_card(card, acting_user=users.handler, reason="第二次")
    services.decide_appeal(appeal, acting_user=users.supervisor, uphold=True, reason="维持")
    with pytest.raises(TransitionError):
        services.appeal_card(card, acting_user=users.handler, reason="第三次")
    assert CardAppeal.objects.filter(card=card).count() == 1


def test_appeal_needs_a_reason_and_decision_needs_a_supervisor(card, users):
    with pytest.raises(ValidationError):
        services.appeal_card(card, acting_user=users.handler, reason=" ")
    appeal = services.appeal_card(card, acting_user=users.handler, reason="理由")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(appeal, acting_user=users.leader, uphold=False, reason="x")
    with pytest.raises(Http404):
        services.decide_appeal(appeal, acting_user=users.yc_supervisor, uphold=False, reason="x")
    with pytest.raises(ValidationError):
        services.decide_appeal(appeal, acting_user=users.supervisor, uphold=False, reason="")


# -- orders --------------------------------------------------------------------------


@pytest.fixture
def order(case, users, time_machine):
    time_machine.move_to(at("2026-02-10"), tick=False)
    return services.issue_order(
        acting_user=users.supervisor,
        unit=Unit.objects.get(code="NX-DLR-USE"),
        instruction="三日内说明初审进度",
        limit_days=3,
        case=case,
        handler=users.handler,
    )


def test_issue_reply_close(order, case, users, time_machine):
    # Tue 10 Feb 2026 + 3 working days; the Spring Festival starts on the 15th.
    assert order.due_date == date(2026, 2, 13)
    assert order.number == "宁国土资督〔2026〕1号"
    assert order.status == OrderStatus.OPEN
    assert Notification.objects.filter(recipient=users.handler, kind="order").count() == 1

    time_machine.move_to(at("2026-02-11"), tick=False)
    order = services.reply_order(order, acting_user=users.handler, reply="已完成初审")
    assert (order.status, order.replied_by) == (OrderStatus.REPLIED, users.handler)
    with pytest.raises(TransitionError):
        services.reply_order(order, acting_user=users.handler, reply="再答")

    order = services.close_order(order, acting_user=users.supervisor, note="整改到位")
    assert order.status == OrderStatus.CLOSED
    assert order.closed_at is not None
    kinds = [
        event.kind
        for event in CaseEvent.objects.filter(case=case, kind__startswith="order_").order_by("seq")
    ]
    assert kinds == [EventKind.ORDER_ISSUED, EventKind.ORDER_REPLIED, EventKind.ORDER_CLOSED]
    assert [entry["what"] for entry in order.history_log] == ["issued", "replied", "closed"]
    assert order.history_log[1]["by"] == "handler"


def test_order_numbers_follow_each_other(order, users):
    second = services.issue_order(
        acting_user=users.supervisor,
        unit=Unit.objects.get(code="NX-YC"),
        instruction="报送一季度超期件",
        limit_days=5,
    )
    assert second.number == "宁国土资督〔2026〕2号"
    assert second.case is None


def test_reopen_sets_a_new_due_date(order, users, time_machine):
    order = services.reply_order(order, acting_user=users.reviewer, reply="已办")
    order = services.close_order(order, acting_user=users.supervisor, note="好")
    time_machine.move_to(at("2026-02-24"), tick=False)
    order = services.reopen_order(order, acting_user=users.supervisor, reason="复查未整改")
    assert order.status == OrderStatus.OPEN
    assert order.closed_at is None
    assert order.due_date == date(2026, 2, 27)
    assert order.history_log[-1]["what"] == "reopened"
    assert len(events(order.case, EventKind.ORDER_REOPENED)) == 1
    with pytest.raises(TransitionError):
        services.reopen_order(order, acting_user=users.supervisor, reason="again")


def test_reopen_with_a_new_limit_keeps_the_limit_with_its_due_date(order, users, time_machine):
    """The order kept its first limit while its due date followed the new one."""
    order = services.reply_order(order, acting_user=users.reviewer, reply="已办")
    order = services.close_order(order, acting_user=users.supervisor, note="好")
    time_machine.move_to(at("2026-02-24"), tick=False)
    services.reopen_order(order, acting_user=users.supervisor, reason="复查未整改", limit_days=5)
    order.refresh_from_db()
    # 28 February 2026 is a Saturday worked for the Spring Festival.
    assert (order.limit_days, order.due_date) == (5, date(2026, 3, 2))


def test_order_permissions(order, users):
    with pytest.raises(Http404):
        services.reply_order(order, acting_user=users.yc_clerk, reply="x")
    with pytest.raises(PermissionDenied):
        services.close_order(order, acting_user=users.handler, note="x")
    with pytest.raises(PermissionDenied):
        services.issue_order(
            acting_user=users.handler,
            unit=Unit.objects.get(code="NX-DLR-USE"),
            instruction="x",
            limit_days=3,
        )
    with pytest.raises(ValidationError):  # the department is above Yinchuan's scope
        services.issue_order(
            acting_user=users.yc_supervisor,
            unit=Unit.objects.get(code="NX-DLR-USE"),
            instruction="x",
            limit_days=3,
        )
    with pytest.raises(TransitionError):  # nothing replied yet
        services.close_order(order, acting_user=users.supervisor, note="x")


def test_a_supervisor_does_not_answer_an_order(order, users, discipline_head):
    """Nobody answers his own order; a supervisor of the ordered authority does not answer
    the supervision he exercises; its leaders and its staff who work on cases do."""
    assert not services.may_reply(order, users.supervisor)  # issued it
    assert services.may_reply(order, discipline_head)  # also the department's leader
    assert services.may_reply(order, users.leader)
    assert services.may_reply(order, users.clerk)
    with pytest.raises(PermissionDenied):
        services.reply_order(order, acting_user=users.supervisor, reply="自问自答")
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN


@pytest.mark.parametrize("limit_days", [0, 61])
def test_order_limit_is_bounded(users, limit_days):
    with pytest.raises(ValidationError):
        services.issue_order(
            acting_user=users.supervisor,
            unit=Unit.objects.get(code="NX-DLR-USE"),
            instruction="x",
            limit_days=limit_days,
        )


def test_an_overdue_order_escalates_to_the_leader_once(
    order, users, mailboxes, django_capture_on_commit_callbacks
):
    assert services.escalate_overdue_orders(date(2026, 2, 13)) == 0  # due that day: not late
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue_orders(date(2026, 2, 24)) == 1
    assert services.escalate_overdue_orders(date(2026, 2, 25)) == 0
    order.refresh_from_db()
    assert order.escalated_to == users.leader
    assert order.escalated_at is not None
    assert len(events(order.case, EventKind.ORDER_ESCALATED)) == 1
    assert Notification.objects.filter(recipient=users.leader, kind="order").count() == 1
    assert [message.to for message in mail.outbox] == [["leader@example.gov.cn"]]
    assert order.history_log[-1]["what"] == "escalated"


def test_a_replied_order_does_not_escalate(order, users):
    services.reply_order(order, acting_user=users.handler, reply="已办")
    assert services.escalate_overdue_orders(date(2026, 3, 2)) == 0


# -- notifications --------------------------------------------------------------------


def test_mark_read_and_all_read(card, users):
    services.issue_card(
        card.case, acting_user=users.supervisor, color="red", reason="y", carded_user=users.handler
    )
    assert services.unread_count(users.handler) == 2
    first = Notification.objects.filter(recipient=users.handler).first()
    services.mark_read(first, acting_user=users.handler)
    assert services.unread_count(users.handler) == 1
    with pytest.raises(Http404):
        services.mark_read(first, acting_user=users.supervisor)
    assert services.mark_all_read(acting_user=users.handler) == 1
    assert services.unread_count(users.handler) == 0


def test_notices_read_long_ago_are_pruned_and_unread_ones_kept(users, settings):
    settings.NOTIFICATION_KEEP_DAYS = 180
    now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    for key, read_days_ago in [("old-read", 181), ("recent-read", 179), ("old-unread", None)]:
        Notification.objects.create(
            recipient=users.handler,
            kind="case",
            key=key,
            title=key,
            created_at=now - timedelta(days=400),
            read_at=None if read_days_ago is None else now - timedelta(days=read_days_ago),
        )
    assert services.prune_notifications(now) == 1
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        "old-unread",
        "recent-read",
    ]
    assert services.prune_notifications(now) == 0


# -- selectors -----------------------------------------------------------------------


def test_lists_are_scoped(card, order, users):
    assert list(services.cards_visible_to(users.handler)) == [card]
    assert list(services.cards_visible_to(users.yc_supervisor)) == []
    assert list(services.orders_visible_to(users.handler)) == [order]
    assert list(services.orders_visible_to(users.yc_supervisor)) == []
    assert list(services.orders_visible_to(users.leader)) == [order]


# -- concurrency (PostgreSQL row locks) ------------------------------------------------


def run_together(*calls) -> list:
    """Run the calls in threads released at one moment; return results or exception names."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as error:  # the outcome is what the test compares
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_two_sweeps_at_once_escalate_an_order_once(transactional_org, reviewed):
    staff = {user.username: user for user in get_user_model().objects.all()}
    case = reviewed()
    order = services.issue_order(
        acting_user=staff["supervisor"],
        unit=Unit.objects.get(code="NX-DLR-USE"),
        instruction="说明进度",
        limit_days=3,
        case=case,
        now=at("2026-02-10"),
    )
    outcomes = run_together(
        lambda: services.escalate_overdue_orders(date(2026, 3, 2)),
        lambda: services.escalate_overdue_orders(date(2026, 3, 2)),
    )
    assert sorted(outcomes) == [0, 1]
    assert len(events(case, EventKind.ORDER_ESCALATED)) == 1
    order.refresh_from_db()
    assert order.escalated_to == staff["leader"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_two_appeals_at_once_one_is_refused(transactional_org, reviewed):
    staff = {user.username: user for user in get_user_model().objects.all()}
    case = reviewed()
    card = services.issue_card(
        case, acting_user=staff["supervisor"], color="red", reason="x", carded_user=staff["handler"]
    )
    outcomes = run_together(
        lambda: services.appeal_card(card, acting_user=staff["handler"], reason="一").pk,
        lambda: services.appeal_card(card, acting_user=staff["handler"], reason="二").pk,
    )
    assert "TransitionError" in outcomes
    assert CardAppeal.objects.filter(card=card).count() == 1


def test_the_supervisor_who_issued_a_card_does_not_decide_the_appeal(card, users, discipline_head):
    appeal = services.appeal_card(card, acting_user=users.handler, reason="已按时办理")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(appeal, acting_user=discipline_head, uphold=False, reason="自审")
    decided = services.decide_appeal(
        appeal, acting_user=users.supervisor, uphold=True, reason="维持原处理"
    )
    assert decided.decided_by == users.supervisor
