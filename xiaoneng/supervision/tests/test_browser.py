"""The supervision centre in a real browser: the chart draws under the CSP, lists drill down."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_cases(transactional_org):
    # Earlier transactional tests flush the database, data migrations included:
    # put the default rules back the way their migration writes them.
    from importlib import import_module

    from django.apps import apps

    from xiaoneng.cases.demo import seed_cases
    from xiaoneng.catalog.demo import seed_catalog
    from xiaoneng.supervision.sweep import run_sweep

    import_module("xiaoneng.supervision.migrations.0002_default_rules").create_rules(apps, None)
    seed_catalog()
    seed_cases(80, seed=5, today=date(2026, 11, 27))
    run_sweep(as_of=date(2026, 11, 27))


def test_supervisor_sees_the_chart_and_opens_a_warning(browser_context, demo_cases):
    page = browser_context.new_page()
    base = browser_context.base_url
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill("supervisor")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("home"))
    page.goto(base + reverse("supervision:centre"))
    assert page.locator("h1").inner_text() == "监察中心"
    # ECharts draws (SVG) from the vendored file and the JSON data island:
    # no CDN, no inline script (a CSP violation would fail the fixture).
    page.locator("#sv-trend svg").wait_for()
    page.goto(base + reverse("supervision:list", args=["warnings"]))
    link = page.locator("table a[href^='/cases/']").first
    number = link.inner_text().strip()
    link.click()
    page.wait_for_url(f"**/cases/{number}/")
    assert number in page.locator("#case-title").inner_text()
