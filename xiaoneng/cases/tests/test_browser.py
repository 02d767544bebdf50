"""The workbench in a real browser: a clerk registers and accepts a case, a handler advances it.

The test body reads only the page, never the ORM: Playwright's sync API runs
in greenlets, and a query from there would open a database connection that
nobody closes (PostgreSQL then refuses to drop the test database).
"""

import pytest
from django.urls import reverse

from xiaoneng.cases.testing import ID_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo@2026"


def log_in(context, username):
    context.clear_cookies()
    page = context.new_page()
    page.goto(context.base_url + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(context.base_url + reverse("home"))
    return page


def open_action(page, action):
    page.locator(f'button[data-bs-target="#panel-{action}"]').click()
    # Bootstrap sets .show once the panel has finished sliding open (.collapsing
    # while it moves): a click on a button still moving can miss it.
    page.locator(f"#panel-{action}.collapse.show").wait_for()
    form = page.locator(f'form[data-action="{action}"]')
    form.wait_for(state="visible")
    return form


def test_clerk_registers_and_accepts_then_handler_advances(browser_context, item):
    context = browser_context
    page = log_in(context, "clerk")

    # Register at the window; the ID number is checked as it is typed.
    page.goto(context.base_url + reverse("cases:register"))
    page.locator("#id_service_item").select_option("TEST")
    page.locator("#id_applicant_name").fill("张三")
    assert page.locator("#id_credit_code").is_hidden()  # a person: no credit code
    page.locator("#id_id_number").fill("110105194912310021")
    page.locator("#id_id_number_error .text-danger").wait_for()
    page.locator("#id_id_number").fill(ID_NUMBER)
    page.locator("#id_id_number_error .text-success").wait_for()
    page.locator("#id_phone").fill("13800000000")
    page.locator("#id_title").fill("银川某物流园区项目用地")
    page.locator("form.xn-register button[type=submit]").click()
    page.wait_for_url("**/cases/640000-*/")
    number = page.locator("#case-title").inner_text().strip()
    assert page.locator("li.xn-step.is-current").inner_text().strip().startswith("受理")

    # Accept, then hand the case to the handler.
    # Each action posts and redirects: wait for that navigation to end, not for the
    # load state of the page it leaves (already "loaded": the wait could return at once).
    with page.expect_navigation():
        page.locator('form[data-action="accept"] button').click()
    page.locator(".alert-success").wait_for()
    form = open_action(page, "assign")
    form.locator("select").select_option(label="李建国 · 土地利用管理处")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.locator(".alert-success").wait_for()
    assert "李建国" in page.locator("#timeline li.xn-event-assigned").inner_text()

    # The handler finds it in his queue (filtered through HTMX) and forwards it.
    page = log_in(context, "handler")
    page.goto(context.base_url + reverse("cases:todo"))
    page.locator("#id_q").fill("不存在的申请人")
    page.locator("#case-table tbody tr td.text-center").wait_for()
    page.locator("#id_q").fill("张三")
    link = page.locator("#case-table").get_by_role("link", name=number)
    link.wait_for()
    assert "q=" in page.url  # the filter is in the address bar
    page.locator("#id_status").select_option("paused")
    page.locator("#case-table tbody tr td.text-center").wait_for()
    page.locator("#id_status").select_option("")
    link.wait_for()
    link.click()
    page.wait_for_url(f"**/cases/{number}/")
    form = open_action(page, "advance")
    form.locator("textarea").fill("用地符合土地利用总体规划，同意。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.locator(".alert-success").wait_for()

    timeline = page.locator("#timeline")
    assert timeline.locator("li.xn-event-accepted").count() == 1
    assert timeline.locator("li.xn-event-advanced").count() == 1
    assert "用地符合土地利用总体规划，同意。" in timeline.inner_text()
    assert "马晓燕" in timeline.locator("li.xn-event-accepted").inner_text()
    assert "李建国" in timeline.locator("li.xn-event-advanced").inner_text()
    assert page.locator("li.xn-step.is-current").inner_text().strip().startswith("审核")
