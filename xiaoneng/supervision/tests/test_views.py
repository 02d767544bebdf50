"""The supervision centre: who may see it, what its figures count, its lists and
exports, the notification list, and the number of queries each page costs."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from xiaoneng.cases.choices import OPEN_STATUSES
from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.models import Case, CaseLight
from xiaoneng.cases.testing import at
from xiaoneng.supervision.choices import CardStatus, Level, OrderStatus, RuleCode
from xiaoneng.supervision.models import (
    Alert,
    AnomalyRule,
    Card,
    Notification,
    SupervisionOrder,
)
from xiaoneng.supervision.selectors import CARDS_IN_FORCE

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CENTRE = reverse("supervision:centre")
LISTS = ["warnings", "overdue", "breaches", "cards", "orders"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """The centre keeps its trend in the cache: each test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def today():
    """Every request happens on Friday 2026-11-27, the day the demo cases were seeded for."""
    with time_machine.travel(at("2026-11-27", 17), tick=False):
        yield


@pytest.fixture
def demo(db):
    """120 demo cases over the year before 2026-11-27, with an alert and a card on a few."""
    seed_cases(120, seed=3, today=TODAY)
    rule = AnomalyRule.objects.get(code=RuleCode.PROMISED_PASSED)
    breach_rule = AnomalyRule.objects.get(code=RuleCode.STATUTORY_PASSED)
    red = list(Case.objects.open().order_by("-light", "pk")[:6])
    # The demo year has overdue cases but no legal breach yet: make one.
    breach = Case.objects.filter(pk=red[0].pk)
    breach.update(light="red", statutory_remaining_workdays=-2)
    CaseLight.sync(breach)
    for index, case in enumerate(red):
        alert_with_card(
            case,
            breach_rule if index % 3 == 0 else rule,
            color="red" if index % 2 else "yellow",
            status=CardStatus.REVOKED if index == 5 else CardStatus.VALID,
        )
    return red


def alert_with_card(case, rule, *, color="red", status=CardStatus.VALID) -> Alert:
    """An open alert of ``rule`` on ``case`` and its card to the case's authority."""
    alert = Alert.objects.create(
        rule=rule,
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        level=rule.level,
        unit=case.authority,
        handler=case.handler,
        opened_on=TODAY,
    )
    Card.objects.create(
        color=color,
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        alert=alert,
        rule=rule,
        carded_unit=case.authority,
        reason="超期",
        status=status,
    )
    return alert


def open_cases(prefix: str = ""):
    cases = Case.objects.filter(status__in=OPEN_STATUSES)
    return cases.filter(authority__region__code__startswith=prefix) if prefix else cases


def sql_count(where: str, params=()) -> int:
    """A count written as plain SQL, independent of the selectors' ORM code."""
    statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM cases_case WHERE status IN ({statuses}) AND {where}",  # noqa: S608
            [*map(str, OPEN_STATUSES), *params],
        )
        return cursor.fetchone()[0]


# -- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["supervisor", "leader", "yc_supervisor"])
def test_supervisors_and_leaders_reach_the_centre_and_its_lists(client_for, users, username):
    client = client_for(users[username])
    assert client.get(CENTRE).status_code == 200
    for name in LISTS:
        assert client.get(reverse("supervision:list", args=[name])).status_code == 200


@pytest.mark.parametrize("username", ["clerk", "handler", "approver", "secadmin", "sysadmin"])
def test_other_staff_are_refused_the_centre(client_for, users, username):
    client = client_for(users[username])
    assert client.get(CENTRE).status_code == 403
    assert client.get(reverse("supervision:list", args=["overdue"])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(CENTRE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unknown_list_is_404(client_for, users):
    assert client_for(users.supervisor).get("/supervision/nothing/").status_code == 404


def test_centre_appears_in_the_navigation_of_supervisors_only(client_for, users):
    link = f'href="{CENTRE}"'
    assert link in client_for(users.supervisor).get("/").content.decode()
    assert link not in client_for(users.clerk).get("/").content.decode()


# -- figures ---------------------------------------------------------------------------------


def test_figures_equal_direct_sql_counts(demo, client_for, users):
    context = client_for(users.supervisor).get(CENTRE).context
    figures = context["cases"]
    assert figures["open"] == sql_count("1 = 1") > 0
    for light in ["green", "yellow", "red"]:
        assert figures[light] == sql_count("light = %s", [light])
    assert figures["breach"] == sql_count("statutory_remaining_workdays < 0")
    assert figures["green"] + figures["yellow"] + figures["red"] == figures["open"]
    assert context["alerts"]["total"] == 6
    assert context["alerts"][Level.BREACH] == 2
    assert context["cards"]["total"] == 5  # the revoked one is not in force
    assert context["cards"]["red"] + context["cards"]["yellow"] == 5


def test_region_breakdown_adds_up_and_rolls_counties_into_cities(demo, client_for, users):
    rows = client_for(users.supervisor).get(CENTRE).context["regions"]
    by_code = {row["region"].code: row for row in rows}
    assert (
        by_code["640000"]["open"] == open_cases().filter(authority__region__code="640000").count()
    )
    assert by_code["640100"]["open"] == open_cases("6401").count()
    cities = [row for row in rows if row["level"] == "city"]
    assert len(cities) == 5
    assert by_code["640000"]["open"] + sum(row["open"] for row in cities) == open_cases().count()


def test_city_supervisor_sees_only_his_city(demo, client_for, users):
    context = client_for(users.yc_supervisor).get(CENTRE).context
    assert context["cases"]["open"] == open_cases("6401").count() > 0
    assert context["cases"]["red"] == open_cases("6401").filter(light="red").count()
    codes = {row["region"].code for row in context["regions"]}
    assert codes
    assert all(code.startswith("6401") for code in codes)
    assert {row["name"] for row in context["units"]} <= {"银川市国土资源局"}
    department_alerts = Alert.objects.exclude(case__authority__region__code__startswith="6401")
    assert context["alerts"]["total"] == Alert.objects.count() - department_alerts.count()


def test_filters_narrow_the_figures(demo, client_for, users):
    client = client_for(users.supervisor)
    item = Case.objects.order_by("pk").first().service_item
    context = client.get(CENTRE, {"item": item.code, "region": "640100"}).context
    expected = open_cases("6401").filter(service_item=item).count()
    assert context["cases"]["open"] == expected
    since = client.get(CENTRE, {"date_from": "2026-09-01"}).context
    assert since["cases"]["open"] == open_cases().filter(received_on__gte="2026-09-01").count()


def test_region_filter_counts_the_alerts_and_cards_of_its_cases(demo, client_for, users):
    rule = AnomalyRule.objects.get(code=RuleCode.PROMISED_PASSED)
    in_yinchuan = Q(authority__region__code__startswith="6401")
    for where in (in_yinchuan, ~in_yinchuan):
        alert_with_card(Case.objects.open().filter(where).first(), rule)
    context = client_for(users.supervisor).get(CENTRE, {"region": "640100"}).context
    in_region = {"case__authority__region__code__startswith": "6401"}
    alerts = Alert.objects.open().filter(**in_region).count()
    assert context["alerts"]["total"] == alerts < Alert.objects.open().count()
    in_force = Card.objects.filter(status__in=CARDS_IN_FORCE)
    assert context["cards"]["total"] == in_force.filter(**in_region).count() < in_force.count()


def test_region_filter_offers_only_regions_in_scope(client_for, users):
    form = client_for(users.yc_supervisor).get(CENTRE).context["form"]
    codes = [code for code, _label in form.fields["region"].choices if code]
    assert codes
    assert all(code.startswith("6401") for code in codes)


def test_trend_counts_twelve_months(demo, client_for, users):
    response = client_for(users.supervisor).get(CENTRE)
    trend = response.context["trend"]
    assert trend["months"][0] == "2025-12"
    assert trend["months"][-1] == "2026-11"
    received = Case.objects.filter(received_on__gte=date(2025, 12, 1)).count()
    assert sum(trend["received"]) == received
    closed = Case.objects.filter(closed_on__gte=date(2025, 12, 1), closed_on__lte=TODAY)
    assert sum(trend["closed"]) == closed.count()
    assert 'id="sv-trend-data"' in response.content.decode()  # the JSON data island


def test_page_has_no_inline_script_or_style(demo, client_for, users):
    html = client_for(users.supervisor).get(CENTRE).content.decode()
    assert "style=" not in html
    assert "<script>" not in html.replace('<script id="sv-trend-data" type="application/json">', "")
    assert "vendor/echarts/echarts.min.js" in html


# -- lists and exports -----------------------------------------------------------------------


def list_url(name, **params):
    url = reverse("supervision:list", args=[name])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_overdue_list_holds_the_red_cases_with_links(demo, client_for, users):
    response = client_for(users.supervisor).get(list_url("overdue"))
    page = response.context["page"]
    assert page.paginator.count == open_cases().filter(light="red").count()
    html = response.content.decode()
    first = page.object_list[0]
    assert reverse("cases:detail", args=[first.number]) in html


def test_breach_list_holds_the_legal_breaches(demo, client_for, users):
    page = client_for(users.supervisor).get(list_url("breaches")).context["page"]
    assert page.paginator.count == open_cases().filter(statutory_remaining_workdays__lt=0).count()


def test_warning_list_filters_by_level(demo, client_for, users):
    client = client_for(users.supervisor)
    assert client.get(list_url("warnings")).context["page"].paginator.count == 6
    breaches = client.get(list_url("warnings", level="breach")).context["page"]
    assert breaches.paginator.count == 2
    rule = client.get(list_url("warnings", rule=RuleCode.PROMISED_PASSED)).context["page"]
    assert rule.paginator.count == 4


def test_card_list_filters_by_status(demo, client_for, users):
    client = client_for(users.supervisor)
    assert client.get(list_url("cards")).context["page"].paginator.count == 6
    assert client.get(list_url("cards", status="revoked")).context["page"].paginator.count == 1


def test_order_list_marks_overdue_orders(demo, client_for, users):
    case = demo[0]
    for number, due, status in [
        ("DB-1", date(2026, 11, 20), OrderStatus.OPEN),
        ("DB-2", date(2026, 12, 10), OrderStatus.REPLIED),
        ("DB-3", date(2026, 11, 1), OrderStatus.CLOSED),
    ]:
        SupervisionOrder.objects.create(
            number=number,
            case=case,
            unit=case.authority,
            issued_by=users.supervisor,
            instruction="限期办结",
            issued_on=date(2026, 11, 2),
            limit_days=5,
            due_date=due,
            status=status,
        )
    client = client_for(users.supervisor)
    assert client.get(CENTRE).context["orders"] == {"open": 2, "overdue": 1}
    page = client.get(list_url("orders")).context["page"]
    assert [order.number for order in page] == ["DB-1", "DB-2"]
    assert [order.overdue for order in page] == [True, False]


def test_htmx_filter_returns_the_table_only(demo, client_for, users):
    response = client_for(users.supervisor).get(
        list_url("overdue"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="sv-table"
    )
    html = response.content.decode()
    assert "<table" in html
    assert "<html" not in html


@pytest.mark.parametrize("name", LISTS)
def test_export_has_the_same_rows_as_the_list(demo, client_for, users, name):
    client = client_for(users.supervisor)
    SupervisionOrder.objects.create(
        number="DB-9",
        case=demo[1],
        unit=demo[1].authority,
        issued_by=users.supervisor,
        instruction="限期办结",
        issued_on=date(2026, 11, 2),
        limit_days=5,
        due_date=date(2026, 11, 9),
    )
    listed = client.get(list_url(name)).context
    response = client.get(list_url(name, format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(column.header) for column in listed["columns"]]
    assert len(rows) - 1 == listed["page"].paginator.count > 0
    # The first column of each list page appears in the same order in the sheet.
    shown = [str(cells[0]["text"]) for cells in listed["table"]]
    assert [str(row[0]) for row in rows[1 : len(shown) + 1]] == shown


def test_export_header_is_chinese(demo, client_for, users):
    response = client_for(users.supervisor).get(list_url("overdue", format="xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = next(sheet.iter_rows(values_only=True))
    assert header[0] != "Case number"


def test_city_supervisor_list_excludes_other_regions(demo, client_for, users):
    page = client_for(users.yc_supervisor).get(list_url("overdue")).context["page"]
    assert page.paginator.count == open_cases("6401").filter(light="red").count()
    assert all(case.authority.region.code.startswith("6401") for case in page)


# -- notifications ---------------------------------------------------------------------------


def notify(user, key, *, read=False):
    return Notification.objects.create(
        recipient=user,
        kind="warning",
        key=key,
        title=f"预警 {key}",
        url="/cases/",
        read_at=at("2026-11-26") if read else None,
    )


def test_notifications_list_shows_own_notices_unread_first(client_for, users):
    notify(users.handler, "a", read=True)
    notify(users.handler, "b")
    notify(users.clerk, "c")
    response = client_for(users.handler).get(reverse("supervision:notifications"))
    assert response.status_code == 200
    keys = [notice.key for notice in response.context["page"]]
    assert keys == ["b", "a"]
    assert "预警 c" not in response.content.decode()


def test_header_shows_the_unread_count(client_for, users):
    notify(users.handler, "a")
    notify(users.handler, "b")
    notify(users.handler, "c", read=True)
    html = client_for(users.handler).get(reverse("supervision:notifications")).content.decode()
    assert 'xn-unread">2<' in html


def test_mark_read_and_mark_all_read(client_for, users):
    mine = notify(users.handler, "a")
    notify(users.handler, "b")
    other = notify(users.clerk, "c")
    client = client_for(users.handler)
    response = client.post(reverse("supervision:notification_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("supervision:notification_read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("supervision:notifications_read_all"))
    assert not Notification.objects.filter(recipient=users.handler, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=users.clerk, read_at__isnull=True).exists()


def test_mark_read_needs_post(client_for, users):
    mine = notify(users.handler, "a")
    url = reverse("supervision:notification_read", args=[mine.pk])
    assert client_for(users.handler).get(url).status_code == 405


# -- queries -----------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = [CENTRE, *[list_url(name) for name in LISTS]]


def test_queries_do_not_grow_with_the_cases(demo, client_for, users):
    client = client_for(users.supervisor)
    client.get(CENTRE)  # warm the session
    cache.clear()
    few = {url: count_queries(client, url) for url in PAGES}
    seed_cases(60, seed=5, today=TODAY)
    cache.clear()
    many = {url: count_queries(client, url) for url in PAGES}
    assert many == few
    # session (read and save: 4), user, profile with unit and region (3), groups,
    # permissions (2), unread count, regions in scope, the figures (4), the
    # breakdowns (3), the tallies' age and the trend (3), the item choices, the
    # navigation's committee seat, the panels of other apps (campaign
    # rectifications 2, complaints 2).
    assert many[CENTRE] <= 27
    # the same preamble, regions and items for the filters, the page and its COUNT.
    assert max(many[url] for url in PAGES[1:]) <= 18


def test_trend_is_cached_and_figures_stay_live(demo, client_for, users):
    client = client_for(users.supervisor)
    first = client.get(CENTRE).context
    red = Case.objects.filter(pk=demo[1].pk)
    red.update(light="red")
    CaseLight.sync(red)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(CENTRE).context
    assert second["trend"]["received"] == first["trend"]["received"]
    assert not any("DATE_TRUNC" in q["sql"].upper() for q in queries.captured_queries)
    assert second["cases"]["red"] == open_cases().filter(light="red").count()


def _trend_counted_from_cases(queries) -> bool:
    return any("DATE_TRUNC" in q["sql"].upper() or "STRFTIME" in q["sql"].upper() for q in queries)


@pytest.mark.parametrize(
    ("who", "params"),
    [("supervisor", {}), ("yc_supervisor", {}), ("supervisor", {"region": "640100"})],
)
def test_trend_from_the_monthly_tallies_equals_the_count_of_the_cases(
    demo, client_for, users, who, params
):
    """The periodic work counts the tallies; the centre sums those of its scope and filters
    instead of reading a year of cases — the same figures."""
    from xiaoneng.supervision import selectors
    from xiaoneng.supervision.trend import refresh_trend_tallies

    assert refresh_trend_tallies(TODAY) > 0
    user = getattr(users, who)
    item = Case.objects.filter(authority__region__code__startswith="6401").first().service_item
    for query in (params, {**params, "item": item.code}):
        cache.clear()
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CENTRE, query)
        assert not _trend_counted_from_cases(queries.captured_queries)
        filters = selectors.Filters.from_data(getattr(response.context["form"], "cleaned_data", {}))
        counted = selectors.trend(selectors.centre_cases(user, filters), TODAY)
        trend = response.context["trend"]
        assert {key: trend[key] for key in counted} == counted
    assert sum(counted["received"]) > 0


def test_trend_is_counted_from_the_cases_when_the_tallies_cannot_answer(demo, client_for, users):
    """A filter by period (the day of receipt is not in the tallies), and tallies that the
    periodic work stopped refreshing, fall back to counting the cases."""
    from xiaoneng.supervision.trend import refresh_trend_tallies

    refresh_trend_tallies(TODAY)
    client = client_for(users.supervisor)
    with CaptureQueriesContext(connection) as queries:
        client.get(CENTRE, {"date_from": "2026-06-01"})
    assert _trend_counted_from_cases(queries.captured_queries)
    cache.clear()
    with time_machine.travel(at("2026-11-27", 19), tick=False):  # two hours on, no refresh
        client = client_for(users.supervisor)  # a new session: the first one has timed out
        with CaptureQueriesContext(connection) as queries:
            trend = client.get(CENTRE).context["trend"]
    assert _trend_counted_from_cases(queries.captured_queries)
    assert sum(trend["received"]) == Case.objects.filter(received_on__gte=date(2025, 12, 1)).count()


def test_at_a_months_turn_the_tallies_answer_until_the_next_rebuild(demo, client_for, users):
    """Counted at 23:55 on the last day of a month, the tallies still answer at 00:05 on the
    first: the new month reads what it holds (nothing yet), the months before keep theirs —
    not a year of cases counted on the first visit of the month."""
    from xiaoneng.supervision import selectors
    from xiaoneng.supervision.trend import refresh_trend_tallies

    with time_machine.travel(at("2026-11-30", 23) + timedelta(minutes=55), tick=False):
        refresh_trend_tallies()
    with time_machine.travel(at("2026-12-01", 0) + timedelta(minutes=5), tick=False):
        client = client_for(users.supervisor)
        with CaptureQueriesContext(connection) as queries:
            trend = client.get(CENTRE).context["trend"]
    assert not _trend_counted_from_cases(queries.captured_queries)
    assert trend["months"][0] == "2026-01"
    assert trend["months"][-1] == "2026-12"
    counted = selectors.trend(Case.objects.all(), date(2026, 12, 1))
    assert {key: trend[key] for key in counted} == counted
    assert sum(trend["received"]) > 0


def test_a_rebuild_replaces_the_tallies(demo, client_for, users):
    from xiaoneng.supervision.models import TrendTally
    from xiaoneng.supervision.trend import refresh_trend_tallies

    refresh_trend_tallies(TODAY)
    seed_cases(30, seed=9, today=TODAY)
    rows = refresh_trend_tallies(TODAY)
    assert TrendTally.objects.count() == rows
    received = Case.objects.filter(received_on__gte=date(2025, 12, 1)).count()
    assert sum(client_for(users.supervisor).get(CENTRE).context["trend"]["received"]) == received
    assert refresh_trend_tallies(TODAY) == rows  # nothing changed: the same tallies


def test_trend_cache_is_not_shared_across_scopes(demo, client_for, users):
    province = client_for(users.supervisor).get(CENTRE).context["trend"]
    city = client_for(users.yc_supervisor).get(CENTRE).context["trend"]
    received = Case.objects.filter(
        received_on__gte=date(2025, 12, 1), authority__region__code__startswith="6401"
    ).count()
    assert sum(city["received"]) == received < sum(province["received"])


def test_a_sweep_digest_lists_its_cases_as_links(client_for, users, reviewed):
    case = reviewed()
    Notification.objects.create(
        recipient=users.handler,
        kind="warning",
        key="sweep:2026-11-30T08:00:00+00:00",
        title="电子监察（2026-11-30）：新增预警 1 条",
        body="临近承诺时限：1",
        url=reverse("cases:todo"),
        items=[[case.number, "临近承诺时限"]],
    )
    response = client_for(users.handler).get(reverse("supervision:notifications"))
    html = response.content.decode()
    assert f'href="{reverse("cases:detail", args=[case.number])}"' in html
    assert f'href="{reverse("cases:todo")}"' in html
    assert "临近承诺时限：1" in html
