"""The staff site in a real browser: Debian's Chromium driven by Playwright."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.base_url = browser_context.base_url
    return page


def test_clerk_logs_in_in_chinese_and_switches_to_english(page):
    page.goto(page.base_url + reverse("login"))
    assert page.locator("h1").inner_text() == "工作人员登录"
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + reverse("home"))
    assert "马晓燕" in page.locator("h1").inner_text()
    assert page.get_by_text("行政审批办公室").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    # English labels are longer: below 1400 px the bar folds behind its toggler.
    page.locator(".xn-header .navbar-toggler").click()
    page.get_by_role("link", name="Home").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_user_menu_opens_and_logs_out(page):
    page.goto(page.base_url + reverse("login"))
    page.get_by_label("用户名").fill("supervisor")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + reverse("home"))
    page.get_by_role("button", name="杨丽").click()  # Bootstrap's dropdown: our JS loads
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**" + reverse("login") + "**")
    assert page.locator("h1").inner_text() == "工作人员登录"
