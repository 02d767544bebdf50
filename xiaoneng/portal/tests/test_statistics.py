"""The public statistics equal counts done by hand on a few cases.

Item TEST: promised 15, statutory 20 working days. Accepted Monday
2026-02-09; with the 2026 Spring Festival (15–23 Feb off, 14 and 28 Feb
worked) day 15 is Friday 6 March (promised due) and day 20 Friday 13 March
(statutory due).

- A: approved 12 Feb (3 days used) — on time against both limits;
- B: approved 10 Mar (17 days) — late against the promised, on time against the statutory;
- C: denied 16 Mar (21 days) — late against both;
- D: a key project's case (promised 10 days, due Saturday 28 Feb, a worked
  day), approved 27 Feb (9 days) — on time against both;
- a refused application and an open case are not decided and do not count.

Read on 20 March 2026: this year 4 decided, 2 and 3 on time, 50/4 = 12.5
days used on average against (15 + 15 + 15 + 10)/4 = 13.75 → 13.8 promised;
this month B and C: 2 decided, 0 and 1 on time, 19.0 days against 15.0.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.models import KeyProject
from xiaoneng.cases.testing import at
from xiaoneng.portal import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(reviewed, submit, decide, users):
    a = decide(reviewed("2026-02-09"), "2026-02-12", complete_on="2026-02-13")
    b = decide(reviewed("2026-02-09"), "2026-03-10")
    c = decide(reviewed("2026-02-09"), "2026-03-16", result="deny")
    actions.do_refuse(
        submit("2026-03-02"),
        acting_user=users.clerk,
        reason="不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条",
        now=at("2026-03-02", 11),
    )
    reviewed("2026-03-03")
    project = KeyProject.objects.create(code="KP-TEST", name="测试重点项目", promised_limit_days=10)
    d = submit("2026-02-09", key_project=project)
    d = actions.do_accept(d, acting_user=users.clerk, now=at("2026-02-09", 11))
    d = actions.do_assign(
        d, acting_user=users.clerk, handler=users.handler, now=at("2026-02-09", 12)
    )
    d = decide(d, "2026-02-27")
    return a, b, c, d


def test_the_clock_agrees_with_the_hand_count(decided):
    assert [case.due_date.isoformat() for case in decided] == ["2026-03-06"] * 3 + ["2026-02-28"]
    assert [case.statutory_due_date.isoformat() for case in decided] == ["2026-03-13"] * 4
    assert [case.elapsed_workdays for case in decided] == [3, 17, 21, 9]


def test_year_and_month_totals(decided):
    figures = selectors.efficiency(date(2026, 3, 20))
    year = figures.totals["year"]
    assert (year["decided"], year["on_time"], year["on_time_statutory"]) == (4, 2, 3)
    assert year["rate"] == 0.5
    assert year["rate_statutory"] == 0.75
    assert year["avg_days"] == 12.5
    assert year["avg_limit"] == 13.8
    month = figures.totals["month"]
    assert (month["decided"], month["on_time"], month["on_time_statutory"]) == (2, 0, 1)
    assert (month["avg_days"], month["avg_limit"]) == (19.0, 15.0)
    assert figures.month == selectors.Period(date(2026, 3, 1), date(2026, 3, 20))


def test_nothing_decided_gives_no_rates(db):
    figures = selectors.efficiency(date(2026, 3, 20))
    assert figures.totals["year"]["decided"] == 0
    assert figures.totals["year"]["rate"] is None
    assert figures.units == {"month": [], "year": []}


def test_breakdowns_by_unit_and_item(decided, item):
    figures = selectors.efficiency(date(2026, 3, 20))
    (by_item,) = figures.items["year"]
    assert by_item["key"] == item.pk
    assert by_item["name"] == item.name
    assert (by_item["decided"], by_item["on_time"], by_item["on_time_statutory"]) == (4, 2, 3)
    (by_unit,) = figures.units["year"]
    assert by_unit["key"] == item.unit_id
    assert by_unit["name"] == item.unit.name
    assert by_unit["decided"] == 4
    (by_unit_month,) = figures.units["month"]
    assert (by_unit_month["decided"], by_unit_month["on_time_statutory"]) == (2, 1)


def test_statistics_page_shows_the_figures(client, decided):
    with time_machine.travel(at("2026-03-20"), tick=False):
        response = client.get(reverse("portal:statistics"))
        month = client.get(reverse("portal:statistics"), {"period": "month"})
    assert response.status_code == 200
    assert response.context["year"]["decided"] == 4
    assert response.context["month"]["on_time_statutory"] == 1
    html = response.content.decode()
    assert "50.0% (2)" in html
    assert "75.0% (3)" in html
    assert 'id="st-unit-data"' in html
    assert "/static/portal/statistics.js" in html
    assert month.context["items"][0]["decided"] == 2


def test_statistics_queries_do_not_grow_with_cases(client, decided, django_assert_max_num_queries):
    with time_machine.travel(at("2026-03-20"), tick=False), django_assert_max_num_queries(12):
        assert client.get(reverse("portal:statistics")).status_code == 200


def test_home_shows_this_years_figures(client, decided):
    with time_machine.travel(at("2026-03-20"), tick=False):
        response = client.get(reverse("portal:home"))
    assert response.context["figures"]["decided"] == 4
    assert "75.0%" in response.content.decode()


def test_satisfaction_section_appears_when_feedback_provides_rates(client, db):
    try:
        from xiaoneng.feedback.selectors import satisfaction_rates  # noqa: F401
    except ImportError:
        pytest.skip("the feedback app does not provide satisfaction_rates yet")
    html = client.get(reverse("portal:statistics")).content.decode()
    assert 'id="st-satisfaction"' in html
