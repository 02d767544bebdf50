"""A committee meeting in a real browser: the secretary opens it, a member votes."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo@2026"


@pytest.fixture
def coming_meeting(transactional_org):
    from xiaoneng.catalog.demo import seed_catalog
    from xiaoneng.committee.demo import seed_committee
    from xiaoneng.committee.models import Meeting

    seed_catalog()
    seed_committee(today=date(2026, 11, 27))
    return Meeting.objects.get(status="scheduled")


def _login(context, username):
    page = context.new_page()
    base = context.base_url
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("home"))
    return page


def test_secretary_opens_the_meeting_and_the_chair_votes(browser_context, coming_meeting):
    base = browser_context.base_url
    url = base + reverse("committee:meeting", args=[coming_meeting.pk])
    page = _login(browser_context, "reviewer")
    page.goto(url)
    boxes = page.locator("input[name=present]")
    for index in range(5):
        boxes.nth(index).check()
    page.locator("form[action$='/attendance/'] button").click()
    page.wait_for_url(url)
    page.locator("form[action$='/open/'] button").click()
    page.wait_for_url(url)
    assert page.locator(".xn-live-tally").count() == coming_meeting.items.count()
    page.context.clear_cookies()

    page = _login(browser_context, "approver")
    page.goto(url)
    form = page.locator("form[action*='/vote/']").first
    form.locator("input[value=for]").check()
    form.locator("textarea").fill("同意")
    form.locator("button").click()
    page.wait_for_url(url)
    assert coming_meeting.items.first().ballots.filter(voter__username="approver").exists()
