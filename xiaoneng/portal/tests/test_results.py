"""Published results (办结公示): masked persons, organisations in full, search, paging."""

import pytest
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.core.masking import mask_person_name, public_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳娜娜", "欧**娜"),
        ("张", "*"),
        ("", ""),
        (" 李四 ", "李*"),
    ],
)
def test_mask_person_name(name, masked):
    assert mask_person_name(name) == masked


def test_organisation_is_published_in_full():
    assert public_name("org", "宁夏宝丰能源集团股份有限公司") == "宁夏宝丰能源集团股份有限公司"
    assert public_name("person", "马小明") == "马*明"


@pytest.fixture
def published(reviewed, submit, org_case, decide, users):
    granted = decide(reviewed("2026-02-09"), "2026-02-12", complete_on="2026-02-13")
    denied = decide(org_case, "2026-02-12", result="deny")
    refused = actions.do_refuse(
        submit("2026-03-02", applicant_name="王小二"),
        acting_user=users.clerk,
        reason="不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条",
        now=at("2026-03-02", 11),
    )
    still_open = reviewed("2026-03-03")
    return {"granted": granted, "denied": denied, "refused": refused, "open": still_open}


def test_results_list_completed_denied_and_refused_only(client, published):
    html = client.get(reverse("portal:results")).content.decode()
    for key in ("granted", "denied", "refused"):
        assert published[key].number in html
    assert published["open"].number not in html
    assert "张*" in html  # 张三, masked
    assert "张三" not in html
    assert "王*二" in html
    assert "宁夏宝丰能源集团股份有限公司" in html
    assert published["granted"].decision_number in html


def test_results_search_by_item_and_months(client, published, item):
    url = reverse("portal:results")
    feb = client.get(
        url, {"item": item.code, "start": "2026-02", "end": "2026-02"}
    ).content.decode()
    assert published["granted"].number in feb
    assert published["refused"].number not in feb
    march = client.get(url, {"start": "2026-03"}).content.decode()
    assert published["refused"].number in march
    assert published["granted"].number not in march
    other_item = client.get(url, {"item": "YDYS"}).content.decode()
    assert published["granted"].number not in other_item


def test_bad_filters_are_a_message_not_an_error(client, published):
    url = reverse("portal:results")
    response = client.get(url, {"start": "2026-13", "item": "NOPE", "page": "x"})
    assert response.status_code == 200
    response = client.get(url, {"start": "2026-03", "end": "2026-02"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_results_pages_without_counting(client, reviewed, decide, django_assert_max_num_queries):
    import xiaoneng.portal.views as views

    cases = [decide(reviewed("2026-02-09"), "2026-02-12", result="deny") for _ in range(3)]
    views_page_size = views.PAGE_SIZE
    views.PAGE_SIZE = 2
    try:
        first = client.get(reverse("portal:results"))
        second = client.get(reverse("portal:results"), {"page": 2})
    finally:
        views.PAGE_SIZE = views_page_size
    assert first.context["page"].has_next
    assert not second.context["page"].has_next
    assert cases[2].number in first.content.decode()  # newest first
    assert cases[0].number in second.content.decode()
    with django_assert_max_num_queries(6):
        client.get(reverse("portal:results"))


def test_results_name_what_a_registration_came_to_not_a_licence(client, published):
    """A licensing item's result is a licence granted or denied; other items are completed
    or not granted."""
    from xiaoneng.catalog.choices import Category

    granted = published["granted"]
    assert granted.service_item.category == Category.LICENSING
    rows = client.get(reverse("portal:results")).context["page"].object_list
    assert {row["number"]: str(row["result"]) for row in rows}[granted.number] == "准予许可"
    granted.service_item.category = Category.CONFIRMATION
    granted.service_item.save(update_fields=["category"])
    rows = client.get(reverse("portal:results")).context["page"].object_list
    assert {row["number"]: str(row["result"]) for row in rows}[granted.number] == "已办结"
