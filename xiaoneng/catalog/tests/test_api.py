"""The public catalogue API: anonymous reads, filters, constant queries, no writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.catalog.choices import StageKind
from xiaoneng.catalog.demo import ITEMS
from xiaoneng.catalog.models import Material, ServiceItem, Stage
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db

LIST = "/api/v1/service-items/"


def test_anonymous_list_has_every_active_item(client):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(ITEMS)
    assert {row["code"] for row in body["results"]} == {spec["code"] for spec in ITEMS}


def test_anonymous_detail_by_code_has_the_whole_guide(client):
    response = client.get(LIST + "CKXL/")
    assert response.status_code == 200
    item = response.json()
    assert item["code"] == "CKXL"
    assert item["name"] == "采矿权新立登记"
    assert item["category"] == "licensing"
    assert item["category_display"] == "行政许可"
    assert item["level"] == "province"
    assert item["unit"] == {"code": "NX-DLR-MINING", "name": "矿业权管理处"}
    assert "第六条" in item["legal_basis"]
    assert item["conditions"]
    assert (item["statutory_limit_days"], item["promised_limit_days"]) == (40, 25)
    assert (item["warning_days"], item["max_extension_days"]) == (5, 0)
    assert item["fee"]["kind"] == "per_unit"
    assert item["fee"]["amount"] == "1000.00"
    assert item["fee"]["unit"] == "平方公里·年"
    assert "第241号" in item["fee"]["basis"]
    assert item["online_allowed"] is True
    assert item["materials"][0] == {
        "order": 1,
        "name": "采矿权申请登记书及矿区范围图",
        "form": "original",
        "form_display": "原件",
        "copies": 3,
        "required": True,
        "note": "附电子文档",
    }
    stages = item["stages"]
    assert [stage["order"] for stage in stages] == [1, 2, 3, 4, 5, 6]
    committee = next(stage for stage in stages if stage["is_committee"])
    assert committee == {
        "order": 4,
        "code": "committee",
        "name": "矿业权审核委员会审议",
        "kind": "committee",
        "role": "reviewer",
        "budget_days": 5,
        "is_committee": True,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=confirmation", {"BDCDJ", "BDCFZ"}),
        ("category=public_service", {"BDCCX"}),
        ("level=city", {"LSYD", "BDCDJ", "BDCFZ", "BDCCX"}),
        ("online_allowed=false", {"NYDZY", "TDZS"}),
        ("search=探矿权", {"TKXL", "TKYX", "TKBL", "KQZR"}),
        ("search=ckx", {"CKXL"}),
        ("category=other_power&level=province", {"FKFA", "CLPS", "DZZH"}),
    ],
)
def test_filters(client, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == expected


def test_unknown_category_is_a_bad_request(client):
    assert client.get(LIST + "?category=nonsense").status_code == 400


def test_inactive_and_unknown_codes_are_not_found(client):
    ServiceItem.objects.filter(code="CKZX").update(is_active=False)
    assert client.get(LIST + "CKZX/").status_code == 404
    assert client.get(LIST + "NOPE/").status_code == 404


def add_item(code):
    item = ServiceItem.objects.create(
        code=code,
        name="新增事项",
        category="licensing",
        level="province",
        unit=Unit.objects.get(code="NX-DLR-SURVEY"),
        legal_basis="《中华人民共和国测绘法》第十一条",
        statutory_limit_days=20,
        promised_limit_days=10,
    )
    for order, kind in enumerate(["acceptance", "review", "decision", "issue"], start=1):
        Stage.objects.create(item=item, order=order, code=f"s{order}", name="环节", kind=kind,
                             role="clerk")  # fmt: skip
    Material.objects.create(item=item, order=1, name="申请书")


def test_list_query_count_does_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # count, items with units, materials, stages
        client.get(LIST)
    with CaptureQueriesContext(connection) as before:
        client.get(LIST)
    for number in range(5):
        add_item(f"NEW{number}")
    with CaptureQueriesContext(connection) as after:
        response = client.get(LIST)
    assert response.json()["count"] == len(ITEMS) + 5
    assert len(after) == len(before)


def test_detail_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(LIST + "TDZS/")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_never_writes_the_catalogue(client_for, users, method):
    client = client_for(users.sysadmin)  # not even the administrator of the catalogue
    url = LIST if method == "post" else LIST + "YDYS/"
    response = getattr(client, method)(url, {"code": "YDYS", "name": "篡改"}, "application/json")
    assert response.status_code in (403, 405)
    assert ServiceItem.objects.get(code="YDYS").name == "建设项目用地预审"


def test_schema_documents_the_catalogue(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/v1/service-items/" in schema
    assert "/api/v1/service-items/{code}/" in schema


def test_stage_kinds_in_the_api_are_the_engine_kinds(client):
    kinds = {stage["kind"] for row in client.get(LIST).json()["results"] for stage in row["stages"]}
    assert kinds == set(StageKind.values)
