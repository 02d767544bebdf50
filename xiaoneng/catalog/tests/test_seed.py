"""The demo catalogue: real items, valid plans, and a second seed writes nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from xiaoneng.catalog.choices import Category, FeeKind, StageKind
from xiaoneng.catalog.demo import ITEMS, seed_catalog
from xiaoneng.catalog.models import Material, ServiceItem, Stage, validate_stage_plan
from xiaoneng.org.choices import RegionLevel, Role

pytestmark = pytest.mark.django_db


def seeded():
    codes = [spec["code"] for spec in ITEMS]
    return ServiceItem.objects.filter(code__in=codes).prefetch_related("materials", "stages")


def test_the_catalogue_holds_18_to_22_items_with_unique_codes():
    codes = [spec["code"] for spec in ITEMS]
    assert 18 <= len(codes) <= 22
    assert len(set(codes)) == len(codes)
    assert seeded().count() == len(codes)


def test_every_seeded_item_passes_full_validation():
    for item in seeded():
        item.full_clean()
        validate_stage_plan(list(item.stages.all()))
        for row in [*item.materials.all(), *item.stages.all()]:
            row.full_clean()


def test_every_item_has_its_basis_limits_materials_and_stages():
    for item in seeded():
        assert "《" in item.legal_basis, item.code
        assert "条" in item.legal_basis, item.code
        assert 1 <= item.promised_limit_days <= item.statutory_limit_days, item.code
        assert 3 <= item.materials.count() <= 7, item.code
        stages = list(item.stages.all())
        assert 4 <= len(stages) <= 6, item.code
        assert [stage.order for stage in stages] == list(range(1, len(stages) + 1))
        # The window has its day; the stages after it share out the promised limit.
        assert stages[0].role == Role.CLERK
        assert sum(stage.budget_days for stage in stages[1:]) <= item.promised_limit_days
        if item.fee_kind != FeeKind.FREE:
            assert item.fee_basis, item.code
            assert item.fee_amount > 0, item.code
        assert all([item.venue, item.office_hours, item.phone]), item.code


def test_committee_items_go_to_the_review_committees():
    committee = {
        item.code
        for item in seeded()
        if any(stage.kind == StageKind.COMMITTEE for stage in item.stages.all())
    }
    assert {"NYDZY", "TDZS", "CKXL", "KQZR"} <= committee
    for stage in Stage.objects.filter(kind=StageKind.COMMITTEE):
        assert stage.role == Role.REVIEWER


def test_the_real_limits_and_fees_of_key_items():
    items = {item.code: item for item in seeded().select_related("unit")}
    # 矿产资源开采登记管理办法 Art. 6: 40 days; no Art. 42 extension on a special limit.
    assert (items["CKXL"].statutory_limit_days, items["CKXL"].max_extension_days) == (40, 0)
    assert "第六条" in items["CKXL"].legal_basis
    # 不动产登记暂行条例 Art. 20: 30 working days; 发改价格规〔2016〕2559号: 80 yuan per case.
    assert items["BDCDJ"].statutory_limit_days == 30
    assert (items["BDCDJ"].fee_kind, items["BDCDJ"].fee_for()) == (FeeKind.FIXED, 80)
    assert items["BDCFZ"].fee_for() == 550
    assert "2559" in items["BDCDJ"].fee_basis
    assert items["CKXL"].fee_for(3) == 3000  # 1000 yuan per km² and year, 3 km²
    assert items["YDYS"].statutory_limit_days == 20
    assert items["LSYD"].level == RegionLevel.CITY
    assert items["LSYD"].unit.code == "NX-YC"
    assert items["BDCDJ"].category == Category.CONFIRMATION
    assert {item.category for item in items.values()} >= {
        Category.LICENSING,
        Category.CONFIRMATION,
        Category.OTHER_POWER,
        Category.PUBLIC_SERVICE,
    }


def snapshot():
    return {
        "items": list(ServiceItem.objects.order_by("code").values()),
        "materials": list(Material.objects.order_by("pk").values()),
        "stages": list(Stage.objects.order_by("pk").values()),
        "history": [
            ServiceItem.history.count(),
            Material.history.count(),
            Stage.history.count(),
        ],
    }


def test_seeding_twice_changes_nothing_not_even_history():
    before = snapshot()  # the test database was seeded once already
    assert seed_catalog() == {"service_items": len(ITEMS)}
    assert snapshot() == before


def test_seeding_restores_an_edited_value_and_records_it():
    item = ServiceItem.objects.get(code="YDYS")
    item.promised_limit_days = 9
    item.save()
    seed_catalog()
    item.refresh_from_db()
    assert item.promised_limit_days == 12
    assert item.history.count() == 3  # created, edited, restored


def test_seed_demo_reports_the_catalogue(settings):
    settings.DEBUG = True
    out = StringIO()
    # A small demo: the 2,000 cases of `make run` take minutes and are the same code.
    call_command("seed_demo", cases=30, stdout=out)
    assert json.loads(out.getvalue())["service_items"] == len(ITEMS)
