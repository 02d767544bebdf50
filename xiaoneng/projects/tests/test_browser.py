"""The board in a real browser: the land chart draws under the CSP, a project opens."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_projects(transactional_org):
    from xiaoneng.cases.demo import seed_cases
    from xiaoneng.catalog.demo import seed_catalog
    from xiaoneng.projects.demo import seed_projects

    seed_catalog()
    seed_cases(120, seed=5, today=date(2026, 11, 27))
    seed_projects()


def test_reviewer_sees_the_chart_and_opens_a_project(browser_context, demo_projects):
    page = browser_context.new_page()
    base = browser_context.base_url
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill("reviewer")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("home"))
    page.goto(base + reverse("projects:board"))
    # ECharts draws from the vendored file and the JSON island (no inline script).
    page.locator("#kp-land svg").wait_for()
    page.locator("a[href='/projects/NX-ZD-2026-02/']").click()
    page.wait_for_url("**/projects/NX-ZD-2026-02/")
    assert "光伏" in page.locator("h1").inner_text()
