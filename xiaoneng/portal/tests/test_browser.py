"""The portal in a real browser: charts under the CSP, print hides the chrome, a phone menu."""

import os
from datetime import date

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("PORTAL_SCREENSHOTS", "")  # a folder, to look at the pages


@pytest.fixture
def demo(transactional_org):
    from xiaoneng.cases.demo import seed_cases
    from xiaoneng.catalog.demo import seed_catalog
    from xiaoneng.portal.demo import seed_portal

    seed_catalog()
    seed_cases(60, seed=5, today=date(2026, 11, 27))
    seed_portal()


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def test_portal_pages_in_a_browser(browser_context, demo):
    import time_machine

    page = browser_context.new_page()
    base = browser_context.base_url
    with time_machine.travel("2026-11-27 12:00 +0800", tick=True):
        page.goto(base + reverse("portal:home"))
        assert page.locator(".xn-dept-name").inner_text() == "宁夏回族自治区国土资源厅"
        _shot(page, "home.png")
        page.goto(base + reverse("portal:statistics"))
        # ECharts draws (SVG) from the vendored file and the JSON data island.
        page.locator("#st-unit-chart svg").wait_for()
        page.locator("#st-item-chart svg").wait_for()
        _shot(page, "statistics.png")
    page.goto(base + reverse("portal:guide", args=["YDYS"]))
    assert page.locator("[data-xn-print]").is_visible()
    _shot(page, "guide.png")
    page.emulate_media(media="print")
    assert page.locator(".xn-portal-nav").is_hidden()
    assert page.locator(".xn-portal-footer").is_hidden()
    assert page.locator("[data-xn-print]").is_hidden()
    assert page.locator(".xn-flow").is_visible()


def test_phone_gets_a_menu_button(browser_context, demo):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(browser_context.base_url + reverse("portal:results"))
    link = page.locator(f'#xn-portal-nav a[href="{reverse("portal:guides")}"]')
    assert link.is_hidden()
    page.locator(".navbar-toggler").click()
    link.wait_for(state="visible")
    _shot(page, "results-phone.png")


def test_skip_link_is_the_first_keyboard_stop(browser_context, demo):
    page = browser_context.new_page()
    page.goto(browser_context.base_url + reverse("portal:home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
