"""The assessment in a real browser: the ranking chart draws under the CSP and a
leader drills down from the ranking to the cases behind an indicator."""

import pytest
from django.urls import reverse

from xiaoneng.assessment import services
from xiaoneng.assessment.models import Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period(transactional_org, unit_scheme, decided, users):
    decided("NX-DLR-USE")
    decided("NX-DLR-USE", on="2026-02-25", due="2026-02-20")  # late
    decided("NX-YC", handler=users.yc_staff02)
    return services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period


def test_leader_drills_down_from_the_ranking_to_the_cases(browser_context, period):
    score = Score.objects.get(period=period, unit__code="NX-DLR-USE")
    ontime = score.items.get(definition__code="ONTIME")
    page = browser_context.new_page()
    base = browser_context.base_url
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill("Demo@2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + reverse("home"))
    page.goto(base + reverse("assessment:period", args=[period.pk]))
    page.locator("#as-ranking svg").wait_for()
    # The bureaus without a case are listed, not ranked, after the ranked units.
    unranked = Score.objects.filter(period=period, rank__isnull=True).count()
    assert unranked
    assert page.locator(".xn-as-ranking tr.xn-as-unranked-row").count() == unranked
    page.locator(".xn-as-ranking").get_by_role("link", name="土地利用管理处").click()
    page.wait_for_url(base + reverse("assessment:score", args=[score.pk]))
    assert page.locator("[data-figure=total]").inner_text() == str(score.total)
    page.locator(
        f"a[href='{reverse('assessment:item', args=[score.pk, ontime.pk])}']"
    ).first.click()
    page.wait_for_url(base + reverse("assessment:item", args=[score.pk, ontime.pk]))
    rows = page.locator(".xn-as-evidence tbody tr")
    assert rows.count() == len(ontime.evidence["cases"]) == 2
