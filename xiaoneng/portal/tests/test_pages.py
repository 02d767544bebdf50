"""Every public page answers anonymously, in Chinese and in English."""

import pytest
from django.urls import reverse

from xiaoneng.org.models import StaffProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_urls(item, content):
    staff_no = StaffProfile.objects.get(user__username="clerk").staff_no
    return [
        reverse("portal:home"),
        reverse("portal:guides"),
        reverse("portal:guide", args=[item.code]),
        reverse("portal:results"),
        reverse("portal:staff"),
        reverse("portal:staff_member", args=[staff_no]),
        reverse("portal:news"),
        reverse("portal:news_detail", args=[content["news"].pk]),
        reverse("portal:policies"),
        reverse("portal:policy_detail", args=[content["policy"].pk]),
        reverse("portal:statistics"),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_anonymously(client, page_urls, language):
    client.cookies["django_language"] = language
    for url in page_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, url
        # The header's navigation and the footer's hotline are on every page.
        assert reverse("portal:guides") in html
        assert "0951-12336" in html


def test_the_hotline_is_the_configured_one(client, settings):
    settings.DEPARTMENT_HOTLINE = "0951-5012336"
    html = client.get(reverse("portal:guides")).content.decode()
    assert 'href="tel:0951-5012336"' in html
    assert "0951-12336" not in html


def test_english_page_is_in_english(client, item):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    assert "Procedure" in html
    assert "Ningxia Hui Autonomous Region Department of Land and Resources" in html


def test_language_switch_posts_to_set_language(client, db):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en"' in html


def test_unpublished_announcement_and_policy_are_404(client, content):
    assert (
        client.get(reverse("portal:news_detail", args=[content["news_draft"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("portal:policy_detail", args=[content["policy_draft"].pk])).status_code
        == 404
    )
    news = client.get(reverse("portal:news")).content.decode()
    assert content["news"].title in news
    assert content["news_draft"].title not in news
    policies = client.get(reverse("portal:policies")).content.decode()
    assert content["policy"].title in policies
    assert content["policy_draft"].title not in policies


def test_announcement_scheduled_for_later_is_404(client, content):
    import time_machine

    with time_machine.travel("2026-02-01 10:00 +0800", tick=False):
        response = client.get(reverse("portal:news_detail", args=[content["news"].pk]))
    assert response.status_code == 404


def test_unknown_guide_and_staff_are_404(client, db):
    assert client.get(reverse("portal:guide", args=["NOPE"])).status_code == 404
    assert client.get(reverse("portal:staff_member", args=["NX9999"])).status_code == 404


def test_guide_links_a_print_stylesheet_and_the_print_button(client, item):
    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    assert 'href="/static/portal/print.css" media="print"' in html
    assert "data-xn-print" in html
    assert "/static/portal/portal.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_guide_shows_stages_materials_limits(client, item):
    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    for stage in item.stages.all():
        assert stage.name in html
    for material in item.materials.all():
        assert material.name in html
    assert item.legal_basis in html
    assert 'class="xn-flow"' in html


def test_guide_search_by_name_code_and_category(client, item):
    url = reverse("portal:guides")
    assert item.name in client.get(url, {"q": "测试用地"}).content.decode()
    assert item.name in client.get(url, {"q": "test"}).content.decode()
    assert item.name not in client.get(url, {"q": "采矿"}).content.decode()
    assert item.name in client.get(url, {"category": "licensing"}).content.decode()
    assert item.name not in client.get(url, {"category": "confirmation"}).content.decode()
    # An unknown category is ignored, not an error.
    assert client.get(url, {"category": "bogus"}).status_code == 200


def test_policy_search(client, content):
    url = reverse("portal:policies")
    assert content["policy"].title in client.get(url, {"q": "第二十九号"}).content.decode()
    assert content["policy"].title not in client.get(url, {"q": "矿产"}).content.decode()
    assert content["policy"].title in client.get(url, {"level": "law"}).content.decode()


def test_staff_filter_by_unit(client, users):
    clerk = users.clerk.profile
    handler = users.handler.profile
    html = client.get(reverse("portal:staff"), {"unit": handler.unit.code}).content.decode()
    assert handler.staff_no in html
    assert clerk.staff_no not in html


def test_admin_duties_and_hidden_staff_are_not_listed(client, users):
    html = client.get(reverse("portal:staff")).content.decode()
    assert users.sysadmin.profile.staff_no not in html
    profile = users.clerk.profile
    profile.shown_in_public = False
    profile.save(update_fields=["shown_in_public"])
    assert client.get(reverse("portal:staff_member", args=[profile.staff_no])).status_code == 404


def test_staff_without_photo_gets_initials(client, users):
    profile = users.handler.profile
    html = client.get(reverse("portal:staff_member", args=[profile.staff_no])).content.decode()
    assert '<span class="xn-initials">李</span>' in html


def test_guide_links_online_application_when_it_exists(client, item):
    from xiaoneng.portal.navigation import optional_url

    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    url = optional_url("applicants:apply_item", item.code)
    if url:
        assert f'href="{url}"' in html
    item.online_allowed = False
    item.save(update_fields=["online_allowed"])
    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    assert "data-xn-print" in html
    if url:
        assert f'href="{url}"' not in html


def test_badge_links_rating_and_complaint_about_the_person(client, users):
    from xiaoneng.portal.navigation import optional_url

    complaint = optional_url("feedback_portal:complaint_new")
    if not complaint:
        pytest.skip("the complaint form does not exist yet")
    staff_no = users.clerk.profile.staff_no
    html = client.get(reverse("portal:staff_member", args=[staff_no])).content.decode()
    assert f'href="{complaint}?staff={staff_no}"' in html


def test_a_logged_in_official_sees_the_same_public_pages(client_for, users, item):
    # The portal has no roles: staff of any region read it as the public does.
    client = client_for(users.yc_clerk)
    for url in (reverse("portal:home"), reverse("portal:results"), reverse("portal:staff")):
        assert client.get(url).status_code == 200
    html = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    assert reverse("cases:todo") not in html  # no staff navigation on the public site


@pytest.mark.parametrize("name", ["portal:staff", "portal:home", "portal:guides", "portal:news"])
def test_lists_cost_a_fixed_number_of_queries(client, content, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(reverse(name)).status_code == 200


def test_announcement_lines_are_paragraphs_and_escaped(client, content):
    entry = content["news"]
    entry.body = "第一段\n第二段 <script>x</script>"
    entry.save(update_fields=["body"])
    html = client.get(reverse("portal:news_detail", args=[entry.pk])).content.decode()
    assert "<p>第一段</p>" in html
    assert "<p>第二段 &lt;script&gt;x&lt;/script&gt;</p>" in html


def test_guide_without_venue_shows_no_invented_address(client, item):
    item.venue = ""
    item.save()
    item.unit.address = ""
    item.unit.save()
    response = client.get(reverse("portal:guide", args=[item.code]))
    assert response.status_code == 200
    assert response.context["venue"] == ""
    assert '<dd class="col-sm-8">—</dd>' in response.content.decode()
