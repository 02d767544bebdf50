"""Loading the demo service catalogue (the items themselves are in ``demo_items``).

Idempotent: rows are found by their natural keys (item code; item + order for
materials; item + stage code for stages) and saved only when a value
differs, so a second run writes nothing, not even history rows. It never
deletes: cases keep references to materials (PROTECT), and an item retired
by an official is deactivated in the admin instead.
"""

from decimal import Decimal

from django.db import transaction

from xiaoneng.catalog.choices import FeeKind
from xiaoneng.catalog.demo_items import ITEMS, OFFICE_HOURS, VENUE_PROVINCE, VENUE_YINCHUAN
from xiaoneng.catalog.models import Material, ServiceItem, Stage, validate_stage_plan
from xiaoneng.org.choices import RegionLevel
from xiaoneng.org.demo import DEPT_PHONE, _upsert
from xiaoneng.org.models import Unit

__all__ = ["ITEMS", "seed_catalog"]


def _item_values(spec: dict, unit: Unit) -> dict:
    fee_kind, amount, fee_unit, fee_basis = spec.get("fee", (FeeKind.FREE, "0", "", ""))
    province = spec["level"] == RegionLevel.PROVINCE
    return {
        "name": spec["name"],
        "category": spec["category"],
        "level": spec["level"],
        "unit": unit,
        "legal_basis": spec["legal_basis"],
        "conditions": spec["conditions"],
        "statutory_limit_days": spec["statutory"],
        "promised_limit_days": spec["promised"],
        "warning_days": None,
        "max_extension_days": spec["extension"],
        "fee_kind": fee_kind,
        "fee_amount": Decimal(amount),
        "fee_unit": fee_unit,
        "fee_basis": fee_basis,
        "online_allowed": spec.get("online", True),
        "venue": VENUE_PROVINCE if province else VENUE_YINCHUAN,
        "office_hours": OFFICE_HOURS,
        "phone": DEPT_PHONE if province else unit.phone,
        "is_active": True,
    }


def _check(instance) -> None:
    # Unique keys are the upsert's lookups; everything else is validated
    # before anything is written.
    instance.full_clean(validate_unique=False, validate_constraints=False)


def _seed_item(spec: dict, unit: Unit) -> ServiceItem:
    validate_stage_plan(spec["stages"])
    values = _item_values(spec, unit)
    _check(ServiceItem(code=spec["code"], **values))
    item, _changed = _upsert(ServiceItem, {"code": spec["code"]}, values)
    for order, fields in enumerate(spec["materials"], start=1):
        _check(Material(item=item, order=order, **fields))
        _upsert(Material, {"item": item, "order": order}, fields)
    for order, fields in enumerate(spec["stages"], start=1):
        values = {key: value for key, value in fields.items() if key != "code"}
        values["order"] = order
        _check(Stage(item=item, code=fields["code"], **values))
        _upsert(Stage, {"item": item, "code": fields["code"]}, values)
    return item


@transaction.atomic
def seed_catalog() -> dict:
    """Load the demo catalogue (needs ``seed_org`` first: items name their units)."""
    codes = {spec["unit"] for spec in ITEMS}
    units = Unit.objects.in_bulk(codes, field_name="code")
    for spec in ITEMS:
        _seed_item(spec, units[spec["unit"]])
    return {"service_items": len(ITEMS)}
