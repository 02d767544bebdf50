"""The campaign board in a real browser: the charts draw under the CSP."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_campaign(transactional_org):
    # A transactional test starts empty: put the default checklists back the way
    # their migration writes them, then seed the report's campaign.
    from importlib import import_module

    from django.apps import apps

    from xiaoneng.campaign.demo import seed_campaign

    import_module("xiaoneng.campaign.migrations.0002_default_checklists").create_defaults(
        apps, None
    )
    seed_campaign()


def test_leader_sees_the_board_charts(browser_context, demo_campaign):
    from xiaoneng.campaign.models import Campaign

    campaign = Campaign.objects.get()
    page = browser_context.new_page()
    base = browser_context.base_url
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("home"))
    page.goto(base + reverse("campaign:board", args=[campaign.pk]))
    page.locator("#cp-areas svg").wait_for()
    page.locator("#cp-attendance svg").wait_for()
    page.locator("#cp-findings svg").wait_for()
    assert campaign.name in page.locator("h1").inner_text()
