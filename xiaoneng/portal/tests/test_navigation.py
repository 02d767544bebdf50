"""The header shows the pages that exist, and marks the current one."""

import pytest
from django.urls import reverse

from xiaoneng.portal import navigation
from xiaoneng.portal.navigation import PortalEntry, nav_items

pytestmark = pytest.mark.django_db


def test_entries_that_do_not_resolve_are_left_out():
    items = nav_items(
        [PortalEntry("Home", "portal:home", "/portal/"), PortalEntry("Nope", "nope:missing")],
        "/portal/",
    )
    assert [item["url"] for item in items] == ["/portal/"]


def test_longest_prefix_is_active():
    items = nav_items(navigation.NAVIGATION, reverse("portal:guide", args=["YDYS"]))
    active = [item for item in items if item["active"]]
    assert [item["url"] for item in active] == [reverse("portal:guides")]
    home = nav_items(navigation.NAVIGATION, reverse("portal:home"))
    assert [item["url"] for item in home if item["active"]] == [reverse("portal:home")]


def test_header_marks_the_current_page(client):
    html = client.get(reverse("portal:staff")).content.decode()
    assert f'href="{reverse("portal:staff")}" aria-current="page"' in html


def test_optional_url_is_empty_for_a_missing_page():
    assert navigation.optional_url("feedback_portal:no_such_page") == ""
    assert navigation.optional_url("portal:guide", "YDYS") == reverse("portal:guide", args=["YDYS"])
