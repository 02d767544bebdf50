"""Alerts, cards, orders and notices over HTTP: the services' permissions and messages."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from xiaoneng.cases.testing import at
from xiaoneng.org.models import Unit
from xiaoneng.supervision import services
from xiaoneng.supervision.choices import CardColor, Level, RuleCode
from xiaoneng.supervision.models import Alert, AnomalyRule, Notification

pytestmark = pytest.mark.django_db

ALERTS, CARDS, ORDERS, NOTICES = (
    "/api/v1/alerts/",
    "/api/v1/cards/",
    "/api/v1/orders/",
    "/api/v1/notifications/",
)


@pytest.fixture
def api_for(users):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(users[username])
        return client

    return make


@pytest.fixture
def case(reviewed, time_machine):
    time_machine.move_to(at("2026-02-10"), tick=False)
    return reviewed()


def issue(client, on_case, **values):
    body = {
        "case": on_case.number,
        "color": "yellow",
        "reason": "初审超期",
        "carded_user": "handler",
    }
    body.update(values)
    return client.post(CARDS, body, format="json")


def make_alert(case, level=Level.WARNING, code=RuleCode.IDLE_CASE):
    rule, _ = AnomalyRule.objects.get_or_create(
        code=code, defaults={"level": level, "card": CardColor.NONE}
    )
    return Alert.objects.create(
        rule=rule,
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        level=level,
        unit=case.handler.profile.unit,
        handler=case.handler,
        opened_on=timezone.localdate(),
        evidence={"events": [1]},
    )


def list_queries(client, url) -> int:
    # The first request caches the user's roles and permissions on his object.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# -- alerts --------------------------------------------------------------------------


def test_alerts_are_listed_filtered_and_scoped(case, api_for):
    warning = make_alert(case)
    breach = make_alert(case, Level.BREACH, RuleCode.STATUTORY_PASSED)
    breach.closed_at = timezone.now()
    breach.save(update_fields=["closed_at"])
    supervisor = api_for("supervisor")

    ids = [row["id"] for row in supervisor.get(ALERTS).json()["results"]]
    assert sorted(ids) == sorted([warning.pk, breach.pk])
    assert [r["id"] for r in supervisor.get(ALERTS, {"level": "breach"}).json()["results"]] == [
        breach.pk
    ]
    assert [r["id"] for r in supervisor.get(ALERTS, {"open": "true"}).json()["results"]] == [
        warning.pk
    ]
    by_rule = supervisor.get(ALERTS, {"rule": "idle_case", "unit": "NX-DLR-USE"}).json()
    assert [r["id"] for r in by_rule["results"]] == [warning.pk]
    detail = supervisor.get(f"{ALERTS}{warning.pk}/").json()
    assert detail["case"] == case.number
    assert detail["open"] is True

    assert api_for("yc_supervisor").get(ALERTS).json()["count"] == 0
    assert api_for("yc_supervisor").get(f"{ALERTS}{warning.pk}/").status_code == 404


def test_alert_list_queries_do_not_grow(case, api_for, reviewed):
    client = api_for("supervisor")
    make_alert(case)
    one = list_queries(client, ALERTS)
    for _ in range(3):
        make_alert(reviewed())
    assert list_queries(client, ALERTS) == one


def test_anonymous_gets_nothing(case):
    for url in (ALERTS, CARDS, ORDERS, NOTICES):
        assert APIClient().get(url).status_code in (401, 403)


# -- cards ---------------------------------------------------------------------------


def other_supervisor(users) -> str:
    """The department's second supervisor (纪检组长), who reviews 杨丽's cards."""
    return next(
        name
        for name, user in users.items()
        if name != "supervisor"
        and user.groups.filter(name="supervisor").exists()
        and getattr(user, "profile", None) is not None
        and user.profile.unit.code == "NX-DLR-DISCIPLINE"
    )


def test_card_issue_appeal_and_revoke_over_http(case, api_for, users):
    response = issue(api_for("supervisor"), case)
    assert response.status_code == 201, response.json()
    card = response.json()
    assert card["carded_user"] == "handler"
    assert card["status"] == "valid"
    url = f"{CARDS}{card['id']}/"

    appeal = api_for("handler").post(f"{url}appeal/", {"reason": "补正期间不计时"}, format="json")
    assert appeal.status_code == 201
    assert appeal.json()["status"] == "appealed"
    assert appeal.json()["appeals"][0]["appellant"] == "handler"
    again = api_for("handler").post(f"{url}appeal/", {"reason": "再申诉"}, format="json")
    assert again.status_code == 409

    own = api_for("supervisor").post(
        f"{url}decide-appeal/", {"uphold": False, "reason": "属实"}, format="json"
    )
    assert own.status_code == 403  # the issuer does not judge the appeal against his card
    decided = api_for(other_supervisor(users)).post(
        f"{url}decide-appeal/", {"uphold": False, "reason": "属实"}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "revoked"
    assert decided.json()["appeals"][0]["decision"] == "revoked"


def test_card_refusals(case, api_for):
    assert issue(api_for("handler"), case).status_code == 403
    assert issue(api_for("yc_supervisor"), case).status_code == 404
    assert issue(api_for("supervisor"), case, reason="").status_code == 400
    assert issue(api_for("supervisor"), case, carded_user="nobody").status_code == 400
    assert issue(api_for("supervisor"), case, color="green").status_code == 400
    assert issue(api_for("supervisor"), case, case="NO-SUCH").status_code == 404

    card = issue(api_for("supervisor"), case).json()
    url = f"{CARDS}{card['id']}/"
    assert api_for("reviewer").post(f"{url}appeal/", {"reason": "x"}).status_code == 403
    assert api_for("yc_clerk").post(f"{url}appeal/", {"reason": "x"}).status_code == 404
    assert api_for("handler").post(f"{url}appeal/", {"reason": ""}).status_code == 400
    # Nothing to decide yet; a handler may never decide.
    decide = {"uphold": True, "reason": "x"}
    assert api_for("supervisor").post(f"{url}decide-appeal/", decide).status_code == 409
    assert api_for("handler").post(f"{url}decide-appeal/", decide).status_code == 403
    api_for("handler").post(f"{url}appeal/", {"reason": "x"})
    assert api_for("handler").post(f"{url}decide-appeal/", decide).status_code == 403
    assert api_for("yc_supervisor").post(f"{url}decide-appeal/", decide).status_code == 404


def test_cards_are_scoped_and_listed_in_constant_queries(case, api_for, users, reviewed):
    supervisor = api_for("supervisor")
    issue(supervisor, case)
    one = list_queries(supervisor, CARDS)
    for _ in range(3):
        card = issue(supervisor, reviewed()).json()
        api_for("handler").post(f"{CARDS}{card['id']}/appeal/", {"reason": "x"})
    assert list_queries(supervisor, CARDS) == one
    assert supervisor.get(CARDS).json()["count"] == 4
    assert supervisor.get(CARDS, {"status": "appealed"}).json()["count"] == 3
    assert api_for("yc_supervisor").get(CARDS).json()["count"] == 0
    assert api_for("handler").get(CARDS).json()["count"] == 4


# -- orders --------------------------------------------------------------------------


def order_body(case, **values):
    body = {
        "unit": "NX-DLR-USE",
        "instruction": "三日内说明初审进度",
        "limit_days": 3,
        "case": case.number,
        "handler": "handler",
    }
    body.update(values)
    return body


def test_order_issue_reply_close_reopen_over_http(case, api_for):
    response = api_for("supervisor").post(ORDERS, order_body(case), format="json")
    assert response.status_code == 201, response.json()
    order = response.json()
    assert order["number"] == "宁国土资督〔2026〕1号"
    assert order["due_date"] == "2026-02-13"
    url = f"{ORDERS}{order['id']}/"

    replied = api_for("handler").post(f"{url}reply/", {"reply": "已完成初审"}, format="json")
    assert replied.json()["status"] == "replied"
    assert api_for("handler").post(f"{url}reply/", {"reply": "再答"}).status_code == 409
    closed = api_for("supervisor").post(f"{url}close/", {"note": "整改到位"}, format="json")
    assert closed.json()["status"] == "closed"
    reopened = api_for("supervisor").post(
        f"{url}reopen/", {"reason": "复查未整改", "limit_days": 5}, format="json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    assert reopened.json()["due_date"] == "2026-02-24"  # over the Spring Festival
    history = [entry["what"] for entry in reopened.json()["history_log"]]
    assert history == ["issued", "replied", "closed", "reopened"]


def test_order_refusals(case, api_for):
    assert api_for("handler").post(ORDERS, order_body(case), format="json").status_code == 403
    assert api_for("yc_supervisor").post(ORDERS, order_body(case), format="json").status_code == 404
    for bad in ({"instruction": ""}, {"limit_days": 0}, {"unit": "NX-YC"}, {"unit": "NOPE"}):
        response = api_for("supervisor").post(ORDERS, order_body(case, **bad), format="json")
        assert response.status_code == 400, bad
    order = api_for("supervisor").post(ORDERS, order_body(case), format="json").json()
    url = f"{ORDERS}{order['id']}/"
    assert api_for("yc_clerk").post(f"{url}reply/", {"reply": "x"}).status_code == 404
    assert api_for("yc_supervisor").get(url).status_code == 404
    assert api_for("handler").post(f"{url}close/", {"note": "x"}).status_code == 403
    assert api_for("supervisor").post(f"{url}close/", {"note": "x"}).status_code == 409
    assert api_for("supervisor").post(f"{url}reopen/", {"reason": "x"}).status_code == 409


def test_order_on_an_alert_and_escalation_shows(case, api_for, users):
    alert = make_alert(case)
    body = order_body(case, alert=alert.pk)
    del body["case"]
    order = api_for("supervisor").post(ORDERS, body, format="json").json()
    assert order["case"] == case.number
    assert order["alert"] == alert.pk
    assert services.escalate_overdue_orders(date(2026, 3, 2)) == 1
    shown = api_for("leader").get(f"{ORDERS}{order['id']}/").json()
    assert shown["escalated_to"] == "leader"
    escalated = api_for("supervisor").get(ORDERS, {"escalated": "true"}).json()
    assert escalated["count"] == 1
    missing = order_body(case, alert=999999)
    assert api_for("supervisor").post(ORDERS, missing, format="json").status_code == 404


def test_order_list_queries_do_not_grow(case, api_for, reviewed):
    supervisor = api_for("supervisor")
    supervisor.post(ORDERS, order_body(case), format="json")
    one = list_queries(supervisor, ORDERS)
    for _ in range(3):
        supervisor.post(ORDERS, order_body(reviewed()), format="json")
    assert list_queries(supervisor, ORDERS) == one
    assert supervisor.get(ORDERS).json()["count"] == 4
    assert api_for("yc_supervisor").get(ORDERS).json()["count"] == 0


# -- notifications ---------------------------------------------------------------------


def test_notifications_are_own_only_and_marked_read(case, api_for, users):
    supervisor = api_for("supervisor")
    issue(supervisor, case)
    issue(supervisor, case, color="red")
    handler = api_for("handler")
    listed = handler.get(NOTICES).json()
    assert listed["count"] == 2
    assert handler.get(f"{NOTICES}unread-count/").json() == {"unread": 2}

    first = listed["results"][0]["id"]
    assert supervisor.get(f"{NOTICES}{first}/").status_code == 404
    assert supervisor.post(f"{NOTICES}{first}/read/").status_code == 404
    read = handler.post(f"{NOTICES}{first}/read/")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert handler.get(NOTICES, {"unread": "true"}).json()["count"] == 1

    assert handler.post(f"{NOTICES}read-all/").json() == {"marked": 1}
    assert handler.get(f"{NOTICES}unread-count/").json() == {"unread": 0}
    assert Notification.objects.filter(recipient=users.handler, read_at__isnull=True).count() == 0


def test_notification_list_queries_do_not_grow(case, api_for):
    supervisor = api_for("supervisor")
    issue(supervisor, case)
    handler = api_for("handler")
    one = list_queries(handler, NOTICES)
    for _ in range(3):
        issue(supervisor, case)
    assert list_queries(handler, NOTICES) == one


def test_a_leader_appeals_a_unit_card_over_http(case, api_for):
    card = issue(api_for("supervisor"), case, carded_user=None, carded_unit="NX-DLR-USE")
    body = card.json()
    assert card.status_code == 201, body
    assert body["carded_unit"] == Unit.objects.get(code="NX-DLR-USE").code
    url = f"{CARDS}{body['id']}/appeal/"
    assert api_for("handler").post(url, {"reason": "x"}).status_code == 403
    assert api_for("leader").post(url, {"reason": "已按时办理"}).status_code == 201


def test_appeals_endpoint_lists_the_appeals_in_scope_only(reviewed, users, client_for):
    from xiaoneng.supervision import services as supervision

    case = reviewed()
    card = supervision.issue_card(
        case,
        acting_user=users.supervisor,
        color="yellow",
        reason="初审超期",
        carded_user=users.handler,
    )
    supervision.appeal_card(card, acting_user=users.handler, reason="已按时办理")
    mine = client_for(users.supervisor).get("/api/v1/appeals/?pending=true").json()
    assert [row["card"] for row in mine["results"]] == [card.pk]
    outsider = client_for(users.yc_supervisor).get("/api/v1/appeals/").json()
    assert outsider["results"] == []
    assert (
        client_for(users.yc_supervisor)
        .get(f"/api/v1/appeals/{mine['results'][0]['id']}/")
        .status_code
        == 404
    )


def test_a_sweep_digest_lists_its_cases(case, api_for, users):
    from datetime import date

    from xiaoneng.supervision.choices import RuleCode
    from xiaoneng.supervision.sweep import run_sweep

    run_sweep(as_of=date(2026, 12, 31))  # long past every limit of the case
    listed = api_for("supervisor").get(NOTICES).json()["results"]
    assert len(listed) == 1
    assert [case.number, ""] in listed[0]["items"]
    assert str(RuleCode.STATUTORY_PASSED.label) in listed[0]["body"]
