"""In a real browser: apply online with uploads, the clerk accepts, the applicant sees it
and rates it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from xiaoneng.applicants import services
from xiaoneng.applicants.tests.conftest import PASSWORD, PDF
from xiaoneng.cases import actions
from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case
from xiaoneng.cases.testing import ID_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def online_item(transactional_org):
    from xiaoneng.catalog.demo import seed_catalog
    from xiaoneng.catalog.models import ServiceItem

    seed_catalog()
    return (
        ServiceItem.objects.filter(online_allowed=True, is_active=True, level="province")
        .filter(materials__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )


@pytest.fixture(autouse=True)
def today():
    """The live server answers in real time (the module's frozen clock is not wanted here)."""
    return None


def test_apply_online_clerk_accepts_applicant_sees_progress(browser_context, online_item):
    from django.contrib.auth import get_user_model

    services.register_applicant(
        username="13900000009", name="王五", password=PASSWORD, kind="person", id_number=ID_NUMBER
    )
    page = browser_context.new_page()
    base = browser_context.base_url
    page.goto(base + reverse("applicants:login"))
    page.locator("#id_username").fill("13900000009")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + reverse("applicants:account"))
    page.goto(base + reverse("applicants:apply_item", args=[online_item.code]))
    page.locator("#id_phone").fill("13912345678")
    for material in online_item.materials.all():
        page.locator(f"#id_material_{material.pk}").set_input_files(
            {"name": f"m{material.pk}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    page.locator("main form[enctype] button[type=submit]").click()
    number = page.locator(".xn-case-number").inner_text().strip()
    code = page.locator(".xn-query-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)  # as on the window's slip
    case = Case.objects.get(number=number)
    clerk = get_user_model().objects.get(username="clerk")
    actions.do_accept(case, acting_user=clerk)
    page.goto(base + reverse("applicants:progress"))
    page.locator("#id_number").fill(number)
    page.locator("#id_code").fill(code)
    page.locator("main form[action$='/progress/'] button[type=submit]").click()
    with translation.override("zh-hans"):
        accepted = str(Status.IN_REVIEW.label)
    assert page.locator(".xn-status").inner_text().strip() == accepted
    page.goto(base + reverse("applicants:case", args=[number]))
    assert page.locator(".xn-status").inner_text().strip() == accepted
    assert page.locator(".xn-documents a").count() == 1
    # The applicant rates the acceptance (好差评) from the same page.
    page.locator("#rate-level").select_option("2")
    page.locator("#rate-comment").fill("窗口一次告知清楚")
    page.locator(f"form[action$='/cases/{number}/rate/'] button[type=submit]").click()
    page.wait_for_load_state()
    from xiaoneng.feedback.models import Rating

    rating = Rating.objects.get(case=case)
    assert rating.moment == "acceptance"
    assert rating.level == 2
    assert rating.comment == "窗口一次告知清楚"
