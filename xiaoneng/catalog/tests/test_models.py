"""Item rules: validation, fees, warning threshold, and the snapshot a case keeps."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiaoneng.catalog.choices import Category, FeeKind, StageKind
from xiaoneng.catalog.models import ServiceItem, Stage, validate_stage_plan
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db


def new_item(**overrides):
    values = {
        "code": "TESTX",
        "name": "测试事项",
        "category": Category.LICENSING,
        "level": "province",
        "unit": Unit.objects.get(code="NX-DLR-USE"),
        "legal_basis": "《中华人民共和国行政许可法》第四十二条",
        "statutory_limit_days": 20,
        "promised_limit_days": 15,
    }
    return ServiceItem(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"promised_limit_days": 21}, "promised_limit_days"),
        ({"fee_kind": FeeKind.FREE, "fee_amount": Decimal("10")}, "fee_amount"),
        ({"fee_kind": FeeKind.FIXED, "fee_amount": Decimal("80")}, "fee_basis"),
        (
            {"fee_kind": FeeKind.PER_UNIT, "fee_amount": Decimal("5"), "fee_basis": "某文件"},
            "fee_unit",
        ),
        ({"statutory_limit_days": 0}, "statutory_limit_days"),
    ],
)
def test_inconsistent_items_are_refused_on_the_right_field(overrides, field):
    with pytest.raises(ValidationError) as error:
        new_item(**overrides).full_clean()
    assert field in error.value.message_dict


def test_a_consistent_item_is_accepted():
    new_item(promised_limit_days=20).full_clean()


def test_fee_for_each_rule():
    assert new_item().fee_for(5) == 0
    fixed = new_item(fee_kind=FeeKind.FIXED, fee_amount=Decimal("80.00"))
    assert fixed.fee_for(3) == Decimal("80.00")
    per_unit = new_item(fee_kind=FeeKind.PER_UNIT, fee_amount=Decimal("1000.00"))
    assert per_unit.fee_for(Decimal("2.5")) == Decimal("2500.00")
    assert per_unit.fee_for(None) == 0


def test_warning_threshold_defaults_to_a_fifth_of_the_promised_limit():
    assert new_item(promised_limit_days=15).effective_warning_days == 3
    assert new_item(promised_limit_days=3).effective_warning_days == 1
    assert new_item(warning_days=5).effective_warning_days == 5


def test_rules_snapshot_holds_limits_and_the_ordered_stage_plan():
    snapshot = ServiceItem.objects.get(code="CKXL").rules_snapshot()
    assert {key: snapshot[key] for key in snapshot if key != "stages"} == {
        "statutory_limit_days": 40,
        "promised_limit_days": 25,
        "warning_days": 5,
        "max_extension_days": 0,
    }
    assert [stage["kind"] for stage in snapshot["stages"]] == [
        StageKind.ACCEPTANCE,
        StageKind.REVIEW,
        StageKind.REVIEW,
        StageKind.COMMITTEE,
        StageKind.DECISION,
        StageKind.ISSUE,
    ]
    assert snapshot["stages"][0] == {
        "code": "accept",
        "name": "受理",
        "kind": "acceptance",
        "role": "clerk",
        "budget_days": 1,
    }


def test_rules_snapshot_is_a_copy_that_later_edits_do_not_reach():
    item = ServiceItem.objects.get(code="YDYS")
    snapshot = item.rules_snapshot()
    item.promised_limit_days = 10
    item.save()
    Stage.objects.filter(item=item, code="preliminary").update(budget_days=9)
    assert snapshot["promised_limit_days"] == 12
    assert snapshot["stages"][1]["budget_days"] == 4
    assert item.rules_snapshot()["stages"][1]["budget_days"] == 9


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ([], "The first stage must be acceptance."),
        (["review", "decision"], "The first stage must be acceptance."),
        (["acceptance", "review", "issue"], "A procedure has exactly one decision stage."),
        (["acceptance", "decision", "decision"], "A procedure has exactly one decision stage."),
        (
            ["acceptance", "issue", "decision"],
            "Only review and committee stages may come before the decision.",
        ),
        (["acceptance", "decision", "review"], "Only an issue stage may follow the decision."),
    ],
)
def test_bad_stage_plans_are_refused(kinds, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        validate_stage_plan([{"kind": kind, "role": Role.CLERK} for kind in kinds])
