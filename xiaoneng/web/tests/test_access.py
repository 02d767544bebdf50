"""Who reaches which page: each role its own, every other role 403 (or the login page)."""

import pytest
from django.urls import reverse

from xiaoneng.web.navigation import ENTRIES

pytestmark = pytest.mark.django_db

ALL = [
    "clerk", "handler", "reviewer", "approver", "supervisor", "leader",
    "sysadmin", "secadmin", "auditadmin", "yc_clerk", "yc_supervisor",
]  # fmt: skip

# page → the demo users who may open it
PAGES = {
    "home": set(ALL),
    "org:units": set(ALL),
    "org:staff": set(ALL),
    "org:accounts": {"secadmin"},
    "org:account_create": {"secadmin"},
    "audit_log": {"auditadmin"},
    "login_log": {"auditadmin"},
}


@pytest.mark.parametrize("username", ALL)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_access_by_role(client_for, users, username, page):
    response = client_for(users[username]).get(reverse(page))
    expected = 200 if username in PAGES[page] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ALL)
def test_only_the_system_admin_enters_the_django_admin(client_for, users, username):
    response = client_for(users[username]).get(reverse("admin:index"))
    if username == "sysadmin":
        assert response.status_code == 200
        content = response.content.decode()
        assert "/admin/org/unit/" in content
        # Accounts and roles are not the system admin's duty.
        assert "/admin/auth/user/" not in content
        assert "/admin/auth/group/" not in content
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_system_admin_edits_a_unit_with_history(client_for, users):
    from xiaoneng.org.models import Unit

    client = client_for(users.sysadmin)
    unit = Unit.objects.get(code="NX-YC")
    assert client.get(reverse("admin:org_unit_change", args=[unit.pk])).status_code == 200
    history = client.get(reverse("admin:org_unit_history", args=[unit.pk]))
    assert history.status_code == 200


@pytest.mark.parametrize("username", ["secadmin", "auditadmin"])
def test_other_admin_duties_cannot_use_the_django_admin_pages(client_for, users, username):
    from xiaoneng.org.models import Unit

    unit = Unit.objects.get(code="NX-YC")
    response = client_for(users[username]).get(reverse("admin:org_unit_change", args=[unit.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("username", ALL)
def test_navigation_shows_only_reachable_entries(client_for, users, username):
    client = client_for(users[username])
    page = client.get(reverse("home"))
    shown = [item["url"] for item in page.context["nav_items"] + page.context["nav_more"]]
    for entry in ENTRIES:
        url = entry.url()
        if url in shown:
            assert client.get(url).status_code == 200, url
        else:
            assert client.get(url).status_code in {302, 403}, url


def test_the_bar_keeps_to_one_line_and_the_rest_is_under_more(client_for, users):
    """A supervisor's English bar ran off the screen at 1,400 px (eleven entries): the
    bar holds what fits, the rest moves under "More", in order, none lost."""
    from xiaoneng.web.context_processors import BAR_ENTRIES

    client = client_for(users.supervisor)
    chinese = client.get(reverse("home")).context
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home")).context

    def urls(context, key):
        return [item["url"] for item in context[key]]

    assert len(urls(english, "nav_items")) == BAR_ENTRIES["en"]
    assert len(urls(chinese, "nav_items")) <= BAR_ENTRIES["zh"]
    everything = urls(chinese, "nav_items") + urls(chinese, "nav_more")
    assert urls(english, "nav_items") + urls(english, "nav_more") == everything
    assert reverse("assessment:index") in urls(english, "nav_more")
    # The active entry under "More" marks the menu active.
    page = client.get(reverse("assessment:index"))
    assert page.context["nav_more_active"]


def test_home_shows_name_unit_and_role(client_for, users):
    content = client_for(users.yc_supervisor).get(reverse("home")).content.decode()
    assert "白永红" in content
    assert "银川市国土资源局" in content
    assert "纪检监察员" in content or "Supervisor" in content


def test_home_tiles_every_entry_of_the_menu_in_either_language(client_for, users):
    """The tiles followed the bar: in English (six entries before "More") three were lost."""
    import re

    client = client_for(users.handler)
    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        response = client.get(reverse("home"))
        context = response.context
        entries = [item["url"] for item in [*context["nav_items"], *context["nav_more"]]]
        tiles = re.findall(r'class="xn-card xn-tile" href="([^"]+)"', response.content.decode())
        assert tiles == [url for url in entries if url != reverse("home")], language
        assert reverse("assessment:index") in tiles


def test_staff_list_query_count_is_constant(client_for, users, django_assert_max_num_queries):
    client = client_for(users.supervisor)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("org:staff"))
    assert len(response.context["page"]) == 30


def test_yinchuan_clerk_cannot_list_staff_of_another_city(client_for, users):
    client = client_for(users.yc_clerk)
    response = client.get(reverse("org:staff") + "?q=supervisor")
    assert response.context["page"].paginator.count == 0
    listed = {p.unit.region.code for p in client.get(reverse("org:staff")).context["page"]}
    assert listed == {"640100"}


def test_bad_filter_input_is_a_form_error_not_a_500(client_for, users):
    client = client_for(users.supervisor)
    response = client.get(reverse("org:staff") + "?unit=not-a-number&page=zzz")
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    audit = client_for(users.auditadmin).get(reverse("audit_log") + "?date_from=2026-13-45")
    assert audit.status_code == 200
    assert "date_from" in audit.context["form"].errors


def test_audit_admin_sees_lockouts_and_account_changes(client_for, users):
    from django.db import transaction

    from xiaoneng.core import audit

    with transaction.atomic():
        audit.record("org.account_changed", actor=users.secadmin, new={"x": 1})
    client = client_for(users.auditadmin)
    response = client.get(reverse("audit_log") + "?verify=1")
    assert response.context["broken"] == []
    assert response.context["page"].paginator.count == 1


def test_only_the_best_matching_entry_is_active(client_for, users):
    response = client_for(users.clerk).get(reverse("cases:register"))
    active = [item["label"] for item in response.context["nav_items"] if item["active"]]
    assert [str(label) for label in active] == ["窗口登记"]
