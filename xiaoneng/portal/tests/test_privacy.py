"""Nothing internal or personal reaches a public page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from xiaoneng.cases.testing import CREDIT_CODE, ID_NUMBER
from xiaoneng.org.models import StaffProfile
from xiaoneng.portal.demo import seed_portal
from xiaoneng.portal.models import Announcement, PolicyDocument
from xiaoneng.portal.tests.conftest import OPINION

pytestmark = pytest.mark.django_db

ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
STAFF_MOBILE = "13987654321"


@pytest.fixture
def demo_like(reviewed, org_case, decide, users, item):
    """Decided cases of a person and an organisation, the demo content, a staff mobile."""
    decide(reviewed("2026-02-09"), "2026-02-12", complete_on="2026-02-13")
    decide(org_case, "2026-02-12", result="deny")
    seed_portal()
    for profile in StaffProfile.objects.all():
        profile.phone = STAFF_MOBILE
        profile.save(update_fields=["phone"])
    return item


def _every_page(item) -> list[str]:
    urls = [
        reverse(name)
        for name in (
            "portal:home",
            "portal:guides",
            "portal:results",
            "portal:staff",
            "portal:news",
            "portal:policies",
            "portal:statistics",
        )
    ]
    urls.append(reverse("portal:guide", args=[item.code]))
    urls += [
        reverse("portal:news_detail", args=[pk])
        for pk in Announcement.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("portal:policy_detail", args=[pk])
        for pk in PolicyDocument.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("portal:staff_member", args=[staff_no])
        for staff_no in StaffProfile.objects.filter(shown_in_public=True).values_list(
            "staff_no", flat=True
        )
    ]
    urls += [reverse("portal:staff") + "?page=2", reverse("portal:results") + "?item=TEST"]
    return urls


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_id_number_mobile_username_or_opinion_on_any_page(client, demo_like, language):
    client.cookies["django_language"] = language
    # Distinctive usernames (nx_staff01, yc_staff03, c640104_1, ...): short
    # ones like "clerk" are also English words of role labels.
    usernames = [
        name for name in get_user_model().objects.values_list("username", flat=True) if "_" in name
    ]
    assert usernames
    for url in _every_page(demo_like):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not ID_PATTERN.search(html), url
        assert not MOBILE_PATTERN.search(html), url
        assert ID_NUMBER not in html, url
        assert CREDIT_CODE not in html, url
        assert OPINION not in html, url
        assert "不符合土地利用总体规划" not in html, url  # reasons stay with the applicant
        for username in usernames:
            assert f">{username}<" not in html, (url, username)
            assert f"/{username}/" not in html, (url, username)
