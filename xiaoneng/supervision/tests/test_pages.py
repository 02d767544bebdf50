"""The supervision record on the staff site: a card and its appeal, a supervision order
and its replies, issuing both from a case, "my supervision", and the links to them.

Everything goes over HTTP as a browser posts it (CSRF, PRG); the state is read
back from the database. The case is accepted on Monday 2026-02-09 and handed to
the handler of the land-use office of the department; the pages are used on
Tuesday 2026-02-10.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.models import CaseEvent
from xiaoneng.cases.testing import at
from xiaoneng.org.models import Unit
from xiaoneng.supervision import services
from xiaoneng.supervision.choices import CardStatus, OrderStatus, RuleCode
from xiaoneng.supervision.models import (
    Alert,
    AnomalyRule,
    Card,
    CardAppeal,
    Notification,
    SupervisionOrder,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tuesday(time_machine):
    time_machine.move_to(at("2026-02-10"), tick=False)


@pytest.fixture
def case(reviewed):
    return reviewed()


@pytest.fixture
def discipline_head(users):
    """The department's other supervisor (纪检组长, also a leader): decides appeals
    against the cards 杨丽 (``supervisor``) issues, and the other way round."""
    return (
        get_user_model()
        .objects.filter(
            groups__name="supervisor", profile__unit__code="NX-DLR-DISCIPLINE", is_active=True
        )
        .exclude(pk=users.supervisor.pk)
        .get()
    )


@pytest.fixture
def use_office():
    return Unit.objects.get(code="NX-DLR-USE")


@pytest.fixture
def card(case, users, discipline_head):
    """A yellow card to the handler, issued by the discipline head."""
    return services.issue_card(
        case,
        acting_user=discipline_head,
        color="yellow",
        reason="初审超期未办",
        carded_user=users.handler,
    )


@pytest.fixture
def appealed(card, users):
    services.appeal_card(card, acting_user=users.handler, reason="补正期间不计时")
    card.refresh_from_db()
    return card


@pytest.fixture
def order(case, users, use_office):
    """An order to the land-use office and its handler: act by Friday 2026-02-13."""
    return services.issue_order(
        acting_user=users.supervisor,
        unit=use_office,
        instruction="三日内说明初审进度",
        limit_days=3,
        case=case,
        handler=users.handler,
    )


@pytest.fixture
def alert(case):
    rule = AnomalyRule.objects.get(code=RuleCode.STAGE_OVERRUN)
    return Alert.objects.create(
        rule=rule,
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        level=rule.level,
        unit=case.unit,
        handler=case.handler,
        opened_on=date(2026, 2, 10),
        evidence={"stage": "first", "budget_days": 6, "spent_workdays": 7},
    )


def events(case, kind) -> list:
    return list(CaseEvent.objects.filter(case=case, kind=kind))


def card_url(card) -> str:
    return reverse("supervision:card", args=[card.pk])


def order_url(order) -> str:
    return reverse("supervision:order", args=[order.pk])


def order_action(order, action) -> str:
    return reverse("supervision:order_action", args=[order.pk, action])


def issue_card_url(case) -> str:
    return reverse("supervision:issue_card", args=[case.number])


def issue_order_url(case) -> str:
    return reverse("supervision:issue_order", args=[case.number])


def page_text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# -- issuing a card -------------------------------------------------------------------------


def test_supervisor_issues_a_card_from_the_case(case, client_for, users):
    client = client_for(users.supervisor)
    form = client.get(issue_card_url(case))
    assert form.status_code == 200
    # The carded person is chosen among the staff of the case's authority, its handler first.
    people = form.context["form"].fields["carded_user"].queryset
    assert users.handler in people
    assert users.yc_clerk not in people
    assert form.context["form"].initial["carded_user"] == users.handler.pk

    response = client.post(
        issue_card_url(case),
        {"color": "red", "reason": "承诺时限已过仍未办结", "carded_user": users.handler.pk},
        follow=True,
    )
    card = Card.objects.get(case=case)
    assert response.redirect_chain == [(card_url(card), 302)]
    assert (card.color, card.status, card.issued_by) == ("red", CardStatus.VALID, users.supervisor)
    assert card.carded_user == users.handler
    [event] = events(case, EventKind.CARD_ISSUED)
    assert event.actor == users.supervisor
    assert event.data["card"] == card.pk
    notice = Notification.objects.get(recipient=users.handler, key=f"card:{card.pk}")
    assert notice.url == card_url(card)
    assert messages_of(response) == ["已出示红牌，并已通知被亮牌人或单位。"]


def test_a_unit_card_tells_the_authoritys_leader_with_a_link_to_the_card(
    case, client_for, users, use_office
):
    client_for(users.supervisor).post(
        issue_card_url(case),
        {"color": "yellow", "reason": "科室整体拖延", "carded_unit": use_office.pk},
    )
    card = Card.objects.get(case=case)
    assert (card.carded_user, card.carded_unit) == (None, use_office)
    assert Notification.objects.get(recipient=users.leader, key=f"card:{card.pk}").url == card_url(
        card
    )


@pytest.mark.parametrize(
    ("username", "status"),
    [("clerk", 403), ("handler", 403), ("leader", 403), ("yc_supervisor", 404)],
)
def test_only_a_supervisor_who_sees_the_case_issues_a_card(
    case, client_for, users, username, status
):
    client = client_for(users[username])
    assert client.get(issue_card_url(case)).status_code == status
    data = {"color": "red", "reason": "x", "carded_user": users.handler.pk}
    assert client.post(issue_card_url(case), data).status_code == status
    assert not Card.objects.exists()
    assert events(case, EventKind.CARD_ISSUED) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"color": "yellow", "reason": "  "}, "reason"),
        ({"color": "green", "reason": "超期"}, "color"),
        ({"color": "red", "reason": "超期", "carded_user": ""}, "carded_user"),
        ({"color": "red", "reason": "超期", "carded_user": "yc_clerk"}, "carded_user"),
        (
            {"color": "red", "reason": "超期", "carded_user": "", "carded_unit": "NX-YC"},
            "carded_unit",
        ),
        ({"color": "red", "reason": "超期", "carded_user": "abc"}, "carded_user"),
    ],
)
def test_bad_card_input_shows_the_form_again(case, client_for, users, data, field):
    data = {"carded_user": "handler", **data}
    if data["carded_user"] in users:
        data["carded_user"] = users[data["carded_user"]].pk
    if data.get("carded_unit"):
        data["carded_unit"] = Unit.objects.get(code=data["carded_unit"]).pk
    response = client_for(users.supervisor).post(issue_card_url(case), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert form.errors[field][0] in page_text(response)
    assert "is-invalid" in page_text(response)
    assert not Card.objects.exists()
    assert events(case, EventKind.CARD_ISSUED) == []


def test_the_actions_messages_are_shown_on_the_fields_in_chinese(case, client_for, users):
    client = client_for(users.supervisor)
    response = client.post(
        issue_card_url(case), {"color": "yellow", "reason": "", "carded_user": users.handler.pk}
    )
    assert response.context["form"].errors["reason"] == ["亮牌须说明理由。"]
    assert "亮牌须说明理由。" in page_text(response)
    response = client.post(issue_order_url(case), order_data(unit=case.unit_id, limit_days="0"))
    assert response.context["form"].errors["limit_days"] == ["期限为 1 至 60 个工作日。"]


# -- the card's page, appeal and decision ---------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("handler", 200),  # the carded person
        ("reviewer", 200),  # sees the case
        ("supervisor", 200),
        ("leader", 200),
        ("yc_supervisor", 404),
        ("yc_clerk", 404),
        ("sysadmin", 404),
    ],
)
def test_card_page_is_seen_by_whom_the_card_is_visible(card, client_for, users, username, status):
    assert client_for(users[username]).get(card_url(card)).status_code == status


def test_card_page_shows_the_card_and_the_appeal_form_to_the_carded_person(
    card, client_for, users, discipline_head
):
    response = client_for(users.handler).get(card_url(card))
    html = page_text(response)
    assert "初审超期未办" in html
    assert reverse("cases:detail", args=[card.case.number]) in html
    assert discipline_head.get_full_name() in html
    assert response.context["appeal_form"] is not None
    assert reverse("supervision:card_appeal", args=[card.pk]) in html
    # Someone else who sees the card is offered nothing.
    other = client_for(users.reviewer).get(card_url(card))
    assert other.context["appeal_form"] is None
    assert other.context["decide_form"] is None


def test_a_rule_card_shows_its_rule_and_evidence(case, client_for, users, alert):
    card = Card.objects.create(
        color="yellow",
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        alert=alert,
        rule=alert.rule,
        carded_user=users.handler,
        reason="阶段超时",
        evidence={"stage": "first", "budget_days": 6, "spent_workdays": 7, "pause": 3},
    )
    html = page_text(client_for(users.handler).get(card_url(card)))
    assert "电子监察规则" in html
    assert "环节超时" in html  # the rule
    assert "<dt>环节时限（工作日）</dt><dd>6</dd>" in html  # the evidence, in words
    assert "<dt>已用工作日</dt><dd>7</dd>" in html
    assert "pause" not in html  # an internal reference
    card.evidence = {"remaining_workdays": -3, "due_date": "2026-02-05"}
    card.save(update_fields=["evidence"])
    html = page_text(client_for(users.handler).get(card_url(card)))
    assert "<dt>剩余工作日</dt><dd>超期 3 个工作日</dd>" in html


def test_carded_person_appeals(card, client_for, users, discipline_head):
    response = client_for(users.handler).post(
        reverse("supervision:card_appeal", args=[card.pk]),
        {"appeal-reason": "补正期间不计时"},
        follow=True,
    )
    assert response.redirect_chain == [(card_url(card), 302)]
    card.refresh_from_db()
    assert card.status == CardStatus.APPEALED
    appeal = CardAppeal.objects.get(card=card)
    assert (appeal.appellant, appeal.reason) == (users.handler, "补正期间不计时")
    # The supervisors of the region and the issuer hear of it, with a link to the card.
    notices = Notification.objects.filter(key=f"appeal:{appeal.pk}")
    assert {notice.recipient for notice in notices} >= {users.supervisor, discipline_head}
    assert {notice.url for notice in notices} == {card_url(card)}
    assert "补正期间不计时" in page_text(response)
    assert response.context["appeal_form"] is None  # once only


@pytest.mark.parametrize(
    ("username", "status"), [("reviewer", 403), ("supervisor", 403), ("yc_clerk", 404)]
)
def test_only_the_carded_person_may_appeal(card, client_for, users, username, status):
    response = client_for(users[username]).post(
        reverse("supervision:card_appeal", args=[card.pk]), {"appeal-reason": "替他申诉"}
    )
    assert response.status_code == status
    card.refresh_from_db()
    assert card.status == CardStatus.VALID
    assert not CardAppeal.objects.exists()


def test_an_appeal_needs_a_reason(card, client_for, users):
    response = client_for(users.handler).post(
        reverse("supervision:card_appeal", args=[card.pk]), {"appeal-reason": "   "}
    )
    assert response.status_code == 400
    assert "reason" in response.context["appeal_form"].errors
    assert not CardAppeal.objects.exists()


def test_a_second_appeal_is_a_conflict(appealed, client_for, users):
    response = client_for(users.handler).post(
        reverse("supervision:card_appeal", args=[appealed.pk]), {"appeal-reason": "再次申诉"}
    )
    assert response.status_code == 409
    assert messages_of(response) == ["该亮牌已申诉过。"]
    assert CardAppeal.objects.filter(card=appealed).count() == 1


def test_supervisor_revokes_an_appealed_card(appealed, client_for, users):
    client = client_for(users.supervisor)
    page = client.get(card_url(appealed))
    assert page.context["decide_form"] is not None
    response = client.post(
        reverse("supervision:card_decide", args=[appealed.pk]),
        {"decide-decision": "revoked", "decide-reason": "补正期间确不计时，情况属实"},
        follow=True,
    )
    assert response.redirect_chain == [(card_url(appealed), 302)]
    appealed.refresh_from_db()
    assert appealed.status == CardStatus.REVOKED
    appeal = CardAppeal.objects.get(card=appealed)
    assert (appeal.decision, appeal.decided_by) == (CardStatus.REVOKED, users.supervisor)
    [event] = events(appealed.case, EventKind.CARD_REVOKED)
    assert event.data["card"] == appealed.pk
    notice = Notification.objects.get(recipient=users.handler, key=f"appeal:{appeal.pk}:decided")
    assert notice.url == card_url(appealed)
    html = page_text(response)
    assert "补正期间确不计时，情况属实" in html
    assert users.supervisor.get_full_name() in html


def test_supervisor_upholds_an_appealed_card(appealed, client_for, users):
    client_for(users.supervisor).post(
        reverse("supervision:card_decide", args=[appealed.pk]),
        {"decide-decision": "upheld", "decide-reason": "补正已于当日结束"},
    )
    appealed.refresh_from_db()
    assert appealed.status == CardStatus.UPHELD
    assert events(appealed.case, EventKind.CARD_REVOKED) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("handler", 403), ("leader", 403), ("issuer", 403), ("yc_supervisor", 404)],
)
def test_who_may_not_decide_an_appeal(appealed, client_for, users, discipline_head, who, status):
    user = discipline_head if who == "issuer" else users[who]
    client = client_for(user)
    if status == 403:
        assert client.get(card_url(appealed)).context["decide_form"] is None
    response = client.post(
        reverse("supervision:card_decide", args=[appealed.pk]),
        {"decide-decision": "revoked", "decide-reason": "自行撤销"},
    )
    assert response.status_code == status
    appealed.refresh_from_db()
    assert appealed.status == CardStatus.APPEALED
    assert CardAppeal.objects.get(card=appealed).decided_at is None


def test_the_issuer_is_told_another_supervisor_decides(appealed, client_for, discipline_head):
    response = client_for(discipline_head).get(card_url(appealed))
    assert response.context["issuer_decides"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decide-decision": "revoked", "decide-reason": ""}, "reason"),
        ({"decide-reason": "理由"}, "decision"),
        ({"decide-decision": "deleted", "decide-reason": "理由"}, "decision"),
    ],
)
def test_a_decision_needs_a_choice_and_reasons(appealed, client_for, users, data, field):
    response = client_for(users.supervisor).post(
        reverse("supervision:card_decide", args=[appealed.pk]), data
    )
    assert response.status_code == 400
    assert field in response.context["decide_form"].errors
    appealed.refresh_from_db()
    assert appealed.status == CardStatus.APPEALED


def test_deciding_an_unappealed_card_is_a_conflict(card, client_for, users):
    response = client_for(users.supervisor).post(
        reverse("supervision:card_decide", args=[card.pk]),
        {"decide-decision": "revoked", "decide-reason": "撤销"},
    )
    assert response.status_code == 409
    card.refresh_from_db()
    assert card.status == CardStatus.VALID


def test_card_flow_over_http(case, client, users, discipline_head):
    """杨丽 cards the handler, the handler appeals, the discipline head revokes the card."""
    client.force_login(users.supervisor)
    client.post(
        issue_card_url(case),
        {"color": "yellow", "reason": "初审阶段超时", "carded_user": users.handler.pk},
    )
    card = Card.objects.get(case=case)

    client.force_login(users.handler)
    notice = Notification.objects.get(recipient=users.handler, key=f"card:{card.pk}")
    assert client.get(notice.url).status_code == 200  # the notice opens the card
    client.post(
        reverse("supervision:card_appeal", args=[card.pk]), {"appeal-reason": "材料补正期间"}
    )

    client.force_login(discipline_head)
    client.post(
        reverse("supervision:card_decide", args=[card.pk]),
        {"decide-decision": "revoked", "decide-reason": "经核实，补正期间不计时"},
    )
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED
    kinds = [e.kind for e in CaseEvent.objects.filter(case=case, kind__startswith="card_")]
    assert kinds == [EventKind.CARD_ISSUED, EventKind.CARD_APPEALED, EventKind.CARD_REVOKED]
    client.force_login(users.handler)
    mine = client.get(reverse("supervision:mine"))
    assert "申诉成立，已撤销" in page_text(mine)


# -- issuing an order -----------------------------------------------------------------------


def order_data(**values) -> dict:
    data = {"instruction": "三日内说明初审进度", "limit_days": "3"}
    data.update(values)
    return data


def test_supervisor_issues_an_order_from_the_case(case, client_for, users, use_office):
    client = client_for(users.supervisor)
    form = client.get(issue_order_url(case)).context["form"]
    assert form.initial["unit"] == case.unit_id
    assert set(form.fields["unit"].queryset) >= {use_office, case.authority}
    response = client.post(
        issue_order_url(case),
        order_data(unit=use_office.pk, handler=users.handler.pk),
        follow=True,
    )
    order = SupervisionOrder.objects.get(case=case)
    assert response.redirect_chain == [(order_url(order), 302)]
    assert (order.unit, order.handler, order.issued_by) == (
        use_office,
        users.handler,
        users.supervisor,
    )
    assert order.due_date == date(2026, 2, 13)  # Tue 10 Feb + 3 working days
    assert len(events(case, EventKind.ORDER_ISSUED)) == 1
    notice = Notification.objects.get(recipient=users.handler, key=f"order:{order.pk}:issued")
    assert notice.url == order_url(order)
    html = page_text(response)
    assert order.number in html
    assert "2026-02-13" in html


def test_an_order_on_a_warning(case, client_for, users, alert):
    client = client_for(users.supervisor)
    page = client.get(issue_order_url(case) + f"?alert={alert.pk}")
    assert page.context["alert"] == alert
    assert page.context["form"].initial["alert"] == alert.pk
    client.post(issue_order_url(case), order_data(unit=case.unit_id, alert=alert.pk))
    order = SupervisionOrder.objects.get(case=case)
    assert order.alert == alert
    assert str(alert.rule.get_code_display()) in page_text(client.get(order_url(order)))


def test_the_warning_list_and_the_case_page_offer_an_order_on_each_warning(
    case, client_for, users, alert
):
    link = f"{issue_order_url(case)}?alert={alert.pk}"
    warnings = reverse("supervision:list", args=["warnings"])
    assert link in page_text(client_for(users.supervisor).get(warnings))
    assert link not in page_text(client_for(users.leader).get(warnings))  # leaders read
    detail = reverse("cases:detail", args=[case.number])
    assert link in page_text(client_for(users.supervisor).get(detail))
    assert link not in page_text(client_for(users.handler).get(detail))


def test_an_alert_of_another_case_is_refused(case, reviewed, client_for, users):
    other = reviewed()
    rule = AnomalyRule.objects.get(code=RuleCode.IDLE_CASE)
    foreign = Alert.objects.create(
        rule=rule,
        case=other,
        authority=other.authority,
        service_item=other.service_item,
        level=rule.level,
        unit=other.unit,
        opened_on=date(2026, 2, 10),
    )
    response = client_for(users.supervisor).post(
        issue_order_url(case), order_data(unit=case.unit_id, alert=foreign.pk)
    )
    assert response.status_code == 400
    assert "alert" in response.context["form"].errors
    assert not SupervisionOrder.objects.exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("clerk", 403), ("handler", 403), ("leader", 403), ("yc_supervisor", 404)],
)
def test_only_a_supervisor_who_sees_the_case_issues_an_order(
    case, client_for, users, username, status
):
    client = client_for(users[username])
    assert client.get(issue_order_url(case)).status_code == status
    assert client.post(issue_order_url(case), order_data(unit=case.unit_id)).status_code == status
    assert not SupervisionOrder.objects.exists()
    assert events(case, EventKind.ORDER_ISSUED) == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"limit_days": "0"}, "limit_days"),
        ({"limit_days": "61"}, "limit_days"),
        ({"limit_days": "abc"}, "limit_days"),
        ({"limit_days": ""}, "limit_days"),
        ({"instruction": "  "}, "instruction"),
        ({"unit": ""}, "unit"),
        ({"unit": "NX-YC"}, "unit"),
        ({"handler": "yc_clerk"}, "handler"),
    ],
)
def test_bad_order_input_shows_the_form_again(case, client_for, users, values, field):
    data = order_data(unit=case.unit_id)
    data.update(values)
    if data["unit"] == "NX-YC":
        data["unit"] = Unit.objects.get(code="NX-YC").pk
    if data.get("handler") == "yc_clerk":
        data["handler"] = users.yc_clerk.pk
    response = client_for(users.supervisor).post(issue_order_url(case), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"].errors[field][0] in page_text(response)
    assert not SupervisionOrder.objects.exists()
    assert events(case, EventKind.ORDER_ISSUED) == []


# -- the order's page, reply, close, reopen -------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("handler", 200),
        ("reviewer", 200),  # staff of the ordered unit
        ("supervisor", 200),
        ("leader", 200),
        ("yc_supervisor", 404),
        ("yc_clerk", 404),
    ],
)
def test_order_page_is_seen_by_whom_the_order_is_visible(
    order, client_for, users, username, status
):
    assert client_for(users[username]).get(order_url(order)).status_code == status


def test_order_page_shows_the_order_and_the_reply_form_to_the_unit(order, client_for, users):
    response = client_for(users.handler).get(order_url(order))
    html = page_text(response)
    for text in [order.number, "三日内说明初审进度", "2026-02-13", order.case.number]:
        assert text in html
    assert list(response.context["forms"]) == ["reply"]
    assert response.context["clock"].remaining == 3
    assert list(client_for(users.supervisor).get(order_url(order)).context["forms"]) == []


def test_the_unit_replies(order, client_for, users):
    response = client_for(users.handler).post(
        order_action(order, "reply"), {"reply-reply": "已完成初审，转审核"}, follow=True
    )
    assert response.redirect_chain == [(order_url(order), 302)]
    order.refresh_from_db()
    assert (order.status, order.replied_by, order.reply) == (
        OrderStatus.REPLIED,
        users.handler,
        "已完成初审，转审核",
    )
    assert len(events(order.case, EventKind.ORDER_REPLIED)) == 1
    notice = Notification.objects.get(
        recipient=users.supervisor, kind="order", title__contains="回复"
    )
    assert notice.url == order_url(order)


@pytest.mark.parametrize(
    ("username", "action", "data", "status"),
    [
        ("yc_clerk", "reply", {"reply-reply": "x"}, 404),
        ("yc_supervisor", "reply", {"reply-reply": "x"}, 404),
        ("sysadmin", "reply", {"reply-reply": "x"}, 403),  # no business role
        ("supervisor", "reply", {"reply-reply": "自问自答"}, 403),  # issued it
        ("handler", "close", {"close-note": "自己办结"}, 403),
        ("handler", "reopen", {"reopen-reason": "x"}, 403),
        ("leader", "close", {"close-note": "x"}, 403),
        ("yc_supervisor", "close", {"close-note": "x"}, 404),
    ],
)
def test_order_actions_are_refused_to_the_wrong_people(
    order, client_for, users, username, action, data, status
):
    if action != "reply":
        services.reply_order(order, acting_user=users.handler, reply="已办")
    before = SupervisionOrder.objects.get(pk=order.pk)
    response = client_for(users[username]).post(order_action(order, action), data)
    assert response.status_code == status
    after = SupervisionOrder.objects.get(pk=order.pk)
    assert (after.status, after.history_log) == (before.status, before.history_log)


def test_an_empty_reply_is_refused(order, client_for, users):
    response = client_for(users.handler).post(order_action(order, "reply"), {"reply-reply": ""})
    assert response.status_code == 400
    assert "reply" in response.context["forms"]["reply"].errors
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN


def test_closing_an_unreplied_order_is_a_conflict(order, client_for, users):
    response = client_for(users.supervisor).post(order_action(order, "close"), {"close-note": "好"})
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN


def test_unknown_order_action_is_404_and_actions_need_post(order, client_for, users):
    client = client_for(users.supervisor)
    assert client.post(order_action(order, "delete"), {}).status_code == 404
    assert client.get(order_action(order, "close")).status_code == 405
    assert client.get(reverse("supervision:card_appeal", args=[1])).status_code == 405


def test_posts_need_the_csrf_token(order, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.handler)
    assert client.post(order_action(order, "reply"), {"reply-reply": "x"}).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reopen-reason": "", "reopen-limit_days": "3"}, "reason"),
        ({"reopen-reason": "未整改", "reopen-limit_days": "0"}, "limit_days"),
        ({"reopen-reason": "未整改", "reopen-limit_days": "abc"}, "limit_days"),
    ],
)
def test_bad_reopen_input_shows_the_form_again(order, client_for, users, data, field):
    services.reply_order(order, acting_user=users.handler, reply="已办")
    response = client_for(users.supervisor).post(order_action(order, "reopen"), data)
    assert response.status_code == 400
    assert field in response.context["forms"]["reopen"].errors
    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED


def test_order_flow_over_http(case, client, users, use_office, time_machine):
    """The supervisor orders, the unit replies, the supervisor closes, then reopens."""
    client.force_login(users.supervisor)
    client.post(issue_order_url(case), order_data(unit=use_office.pk, handler=users.handler.pk))
    order = SupervisionOrder.objects.get(case=case)

    time_machine.move_to(at("2026-02-11"), tick=False)
    client.force_login(users.handler)
    client.post(order_action(order, "reply"), {"reply-reply": "已完成初审"})

    client.force_login(users.supervisor)
    assert set(client.get(order_url(order)).context["forms"]) == {"close", "reopen"}
    client.post(order_action(order, "close"), {"close-note": "整改到位"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED

    time_machine.move_to(at("2026-02-24"), tick=False)
    client.force_login(users.supervisor)  # the session of two weeks ago has timed out
    response = client.post(
        order_action(order, "reopen"),
        {"reopen-reason": "复查发现仍未整改", "reopen-limit_days": "2"},
        follow=True,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN
    assert order.due_date == date(2026, 2, 26)
    kinds = [e.kind for e in CaseEvent.objects.filter(case=case, kind__startswith="order_")]
    assert kinds == [
        EventKind.ORDER_ISSUED,
        EventKind.ORDER_REPLIED,
        EventKind.ORDER_CLOSED,
        EventKind.ORDER_REOPENED,
    ]
    log = response.context["log"]
    assert [step["what"] for step in log] == ["issued", "replied", "closed", "reopened"]
    assert log[1]["by"] == users.handler.get_full_name()
    html = page_text(response)
    for text in ["已完成初审", "整改到位", "复查发现仍未整改", "2026-02-26"]:
        assert text in html
    assert response.context["term_start"] == date(2026, 2, 24)
    assert response.context["clock"].remaining == 2


def test_an_escalated_order_names_the_leader_in_its_log(order, client_for, users, time_machine):
    time_machine.move_to(at("2026-02-24"), tick=False)
    services.escalate_overdue_orders(date(2026, 2, 24))
    response = client_for(users.leader).get(order_url(order))
    assert response.context["log"][-1]["what"] == "escalated"
    assert response.context["log"][-1]["text"] == users.leader.get_full_name()
    assert response.context["clock"].state == "overdue"


# -- the case page --------------------------------------------------------------------------


def test_case_page_lists_the_cards_and_orders_with_links(card, order, client_for, users):
    detail = reverse("cases:detail", args=[card.case.number])
    html = page_text(client_for(users.handler).get(detail))
    assert card_url(card) in html
    assert order_url(order) in html
    assert issue_card_url(card.case) not in html  # a handler issues nothing
    supervisor = page_text(client_for(users.supervisor).get(detail))
    assert issue_card_url(card.case) in supervisor
    assert issue_order_url(card.case) in supervisor


def test_the_timeline_names_the_order_and_its_reply(order, client_for, users):
    services.reply_order(order, acting_user=users.reviewer, reply="已完成初审")
    html = page_text(
        client_for(users.handler).get(reverse("cases:detail", args=[order.case.number]))
    )
    assert f"<dd>{order.number}</dd>" in html
    assert "<dd>2026-02-13</dd>" in html
    assert "<dd>已完成初审</dd>" in html


def test_carding_and_ordering_do_not_unmask_the_applicants_data(card, order, client_for, users):
    """A supervisor's card or order, or a reply to it, is not handling the case (DESIGN §2)."""
    from xiaoneng.cases.testing import ID_NUMBER

    services.reply_order(order, acting_user=users.leader, reply="已督促承办人")
    detail = reverse("cases:detail", args=[card.case.number])
    for user in (users.supervisor, users.leader):
        response = client_for(user).get(detail)
        assert ID_NUMBER not in page_text(response)
        assert not response.context["acting"]
    assert ID_NUMBER in page_text(client_for(users.handler).get(detail))


def test_case_page_has_no_supervision_panel_when_there_is_nothing_to_show(case, client_for, users):
    detail = reverse("cases:detail", args=[case.number])
    assert 'id="supervision"' not in page_text(client_for(users.handler).get(detail))
    assert 'id="supervision"' in page_text(client_for(users.supervisor).get(detail))


# -- my supervision -------------------------------------------------------------------------


MINE = reverse("supervision:mine")


def test_mine_lists_my_cards_and_orders(card, order, client_for, users):
    response = client_for(users.handler).get(MINE)
    assert [c.pk for c in response.context["cards"]] == [card.pk]
    assert [o.pk for o in response.context["orders"]] == [order.pk]
    html = page_text(response)
    assert card_url(card) in html
    assert order_url(order) in html
    assert response.context["cards"][0].state["appealable"]


def test_mine_puts_open_orders_first_and_marks_the_overdue(
    case, client_for, users, use_office, time_machine
):
    closed = services.issue_order(
        acting_user=users.supervisor, unit=use_office, instruction="甲", limit_days=1, case=case
    )
    services.reply_order(closed, acting_user=users.handler, reply="已办")
    services.close_order(closed, acting_user=users.supervisor, note="好")
    late = services.issue_order(
        acting_user=users.supervisor, unit=use_office, instruction="乙", limit_days=1, case=case
    )
    later = services.issue_order(
        acting_user=users.supervisor, unit=use_office, instruction="丙", limit_days=5, case=case
    )
    time_machine.move_to(at("2026-02-13"), tick=False)  # `late` was due on the 11th
    orders = list(client_for(users.handler).get(MINE).context["orders"])
    assert [o.pk for o in orders] == [late.pk, later.pk, closed.pk]
    assert orders[0].clock.state == "overdue"
    assert orders[0].clock.light == "red"
    assert orders[1].clock.light in {"green", "yellow"}
    assert orders[2].clock.stopped


def test_a_leader_sees_the_cards_of_his_authoritys_units(case, client_for, users, use_office):
    unit_card = services.issue_card(
        case, acting_user=users.supervisor, color="red", reason="科室超期", carded_unit=use_office
    )
    leader = client_for(users.leader).get(MINE)
    assert [c.pk for c in leader.context["cards"]] == [unit_card.pk]
    assert leader.context["cards"][0].state["appealable"]
    assert list(client_for(users.reviewer).get(MINE).context["cards"]) == []


def test_mine_says_when_there_is_nothing(client_for, users):
    response = client_for(users.clerk).get(MINE)
    assert response.context["orders"].paginator.count == 0
    html = page_text(response)
    assert "您本人及所在单位没有督办单。" in html
    assert "您本人及所在单位没有被出示红黄牌。" in html


def test_mine_is_in_the_navigation_next_to_the_notifications(client_for, users):
    items = [item["url"] for item in client_for(users.handler).get("/").context["nav_items"]]
    position = items.index(reverse("supervision:notifications"))
    assert items[position + 1] == MINE


# -- the centre's lists and the notices link the pages --------------------------------------


def test_centre_lists_link_the_card_and_order_pages(card, order, client_for, users):
    client = client_for(users.supervisor)
    assert card_url(card) in page_text(client.get(reverse("supervision:list", args=["cards"])))
    assert order_url(order) in page_text(client.get(reverse("supervision:list", args=["orders"])))


def test_notices_link_the_card_and_order_pages(appealed, order, client_for, users):
    html = page_text(client_for(users.supervisor).get(reverse("supervision:notifications")))
    assert f'href="{card_url(appealed)}"' in html  # the appeal
    html = page_text(client_for(users.handler).get(reverse("supervision:notifications")))
    assert f'href="{card_url(appealed)}"' in html  # the card
    assert f'href="{order_url(order)}"' in html  # the order


# -- queries --------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_cards_and_orders(case, users, use_office, n):
    for index in range(n):
        services.issue_card(
            case,
            acting_user=users.supervisor,
            color="red" if index % 2 else "yellow",
            reason=f"第{index}次超期",
            carded_user=users.handler,
        )
        services.issue_order(
            acting_user=users.supervisor,
            unit=use_office,
            instruction=f"第{index}次督办",
            limit_days=3,
            case=case,
            handler=users.handler,
        )


@pytest.mark.parametrize("username", ["handler", "leader", "supervisor"])
def test_mine_queries_do_not_grow_with_the_rows(
    case, client_for, users, use_office, username, django_assert_max_num_queries
):
    client = client_for(users[username])
    add_cards_and_orders(case, users, use_office, 2)
    for card in Card.objects.all()[:1]:
        services.appeal_card(card, acting_user=users.handler, reason="申诉")
    few = count_queries(client, MINE)
    add_cards_and_orders(case, users, use_office, 12)
    with django_assert_max_num_queries(few):
        response = client.get(MINE)
    if username == "handler":
        assert response.context["cards"].paginator.count == 14
        assert response.context["orders"].paginator.count == 14


def test_case_page_queries_do_not_grow_with_the_cards_and_orders(
    case, client_for, users, use_office, django_assert_max_num_queries
):
    client = client_for(users.supervisor)
    detail = reverse("cases:detail", args=[case.number])
    add_cards_and_orders(case, users, use_office, 1)
    few = count_queries(client, detail)
    add_cards_and_orders(case, users, use_office, 8)
    with django_assert_max_num_queries(few):
        client.get(detail)


def test_card_page_queries_do_not_grow_with_the_appeals(
    appealed, client_for, users, django_assert_max_num_queries
):
    client = client_for(users.supervisor)
    few = count_queries(client, card_url(appealed))
    # More appeals than the action allows, written directly: the page reads them in one query.
    for index in range(5):
        CardAppeal.objects.create(card=appealed, appellant=users.reviewer, reason=f"补充{index}")
    with django_assert_max_num_queries(few):
        response = client.get(card_url(appealed))
    assert len(response.context["appeals"]) == 6
    assert few <= 20


def test_order_page_queries_do_not_grow_with_its_log(
    order, client_for, users, django_assert_max_num_queries
):
    client = client_for(users.supervisor)
    few = count_queries(client, order_url(order))
    for index in range(4):
        services.reply_order(order, acting_user=users.handler, reply=f"第{index}次回复")
        services.reopen_order(order, acting_user=users.supervisor, reason=f"第{index}次重新督办")
    with django_assert_max_num_queries(few):
        response = client.get(order_url(order))
    assert len(response.context["log"]) == 9
    assert few <= 20


def test_home_counts_what_waits_on_the_user(client_for, users, card, order, time_machine):
    """The home page's figures are the counts of the lists they link to."""
    from xiaoneng.cases.selectors import todo_cases

    def figures(user):
        response = client_for(user).get("/")
        assert response.status_code == 200
        return response.context["figures"]

    mine = figures(users.handler)
    queue = todo_cases(users.handler)
    assert mine["queue"]["total"] > 0
    assert mine["queue"]["total"] == queue.count()
    assert mine["queue"]["red"] == queue.filter(light="red").count()
    assert mine["queue"]["yellow"] == queue.filter(light="yellow").count()
    assert mine["orders"] == {"open": 1, "overdue": 0}
    assert mine["cards"] == {"in_force": 1, "appealed": 0}
    html = client_for(users.handler).get("/").content.decode()
    assert 'data-figure="orders"' in html
    services.appeal_card(card, acting_user=users.handler, reason="补正期间不计时")
    time_machine.move_to(at("2026-02-24"), tick=False)  # the order was due on 02-13
    mine = figures(users.handler)
    assert mine["orders"] == {"open": 1, "overdue": 1}
    assert mine["cards"] == {"in_force": 0, "appealed": 1}
    # Another unit's staff: nothing of these; an account administrator has no to-do.
    other = figures(users.yc_clerk)
    assert other["orders"] == {"open": 0, "overdue": 0}
    assert other["cards"] == {"in_force": 0, "appealed": 0}
    assert "queue" not in figures(users.secadmin)
