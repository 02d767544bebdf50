from decimal import Decimal

import pytest

from xiaoneng.cases.testing import ID_NUMBER, at
from xiaoneng.enforcement import services
from xiaoneng.enforcement.demo import ensure_benchmarks, ensure_penalty_items


@pytest.fixture
def penalty_setup(db):
    ensure_penalty_items()
    ensure_benchmarks()


@pytest.fixture
def open_penalty(penalty_setup, users):
    """Open a land case on 2026-03-02 (discovered the Friday before)."""

    def make(day="2026-03-02", **overrides):
        values = {
            "acting_user": users.handler,
            "violation_type": "illegal_land_use",
            "party_kind": "person",
            "party_name": "张三",
            "id_number": ID_NUMBER,
            "phone": "13800000000",
            "address": "宁夏银川市兴庆区解放西街100号",
            "discovered_on": at("2026-02-27").date(),
            "summary": "未经批准占用土地建设厂房",
            "evidence": "现场勘测笔录、询问笔录、现场照片",
            "area_m2": Decimal("1000"),
            "land_class": "construction",
            "restorable": True,
            "now": at(day),
        }
        values.update(overrides)
        return services.open_case(**values)

    return make


@pytest.fixture
def decided(open_penalty, users):
    """A case opened 2026-03-02, noticed 03-03 (fine 200,000 = 200/m², in range), decided 03-11."""

    def make(fine="200000", justification=""):
        case = open_penalty()
        services.serve_notice(
            case,
            acting_user=users.handler,
            fine=fine,
            justification=justification,
            now=at("2026-03-03"),
        )
        services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
        return services.approve_decision(case, acting_user=users.approver, now=at("2026-03-11", 15))

    return make
