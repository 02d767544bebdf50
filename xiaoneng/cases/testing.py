"""Case fixtures shared by every app's tests (registered in the root conftest)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.cases import actions
from xiaoneng.catalog.choices import Category, StageKind
from xiaoneng.catalog.models import Material, ServiceItem, Stage
from xiaoneng.org.models import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"  # GB 11643's own example
CREDIT_CODE = "91350100M000100Y43"  # GB 32100's own example


def at(day: str, hour: int = 10) -> datetime:
    """An aware time on a day in Asia/Shanghai, e.g. at("2026-02-09")."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


@pytest.fixture
def item(db):
    """A provincial licensing item: 20 statutory, 15 promised days, five stages."""
    service_item = ServiceItem.objects.create(
        code="TEST",
        name="测试用地审批",
        category=Category.LICENSING,
        level="province",
        unit=Unit.objects.get(code="NX-DLR-USE"),
        legal_basis="《中华人民共和国行政许可法》第四十二条",
        statutory_limit_days=20,
        promised_limit_days=15,
        max_extension_days=10,
    )
    for order, (code, name, kind, role, budget) in enumerate(
        [
            ("accept", "受理", StageKind.ACCEPTANCE, "clerk", 1),
            ("first", "初审", StageKind.REVIEW, "handler", 6),
            ("review", "审核", StageKind.REVIEW, "reviewer", 4),
            ("decide", "决定", StageKind.DECISION, "approver", 3),
            ("issue", "办结发证", StageKind.ISSUE, "clerk", 1),
        ]
    ):
        Stage.objects.create(
            item=service_item,
            order=order,
            code=code,
            name=name,
            kind=kind,
            role=role,
            budget_days=budget,
        )
    Material.objects.create(item=service_item, order=1, name="申请书")
    Material.objects.create(item=service_item, order=2, name="建设项目批准文件")
    return service_item


@pytest.fixture
def submit(item, users):
    def make(day="2026-02-09", **overrides):
        values = {
            "acting_user": users.clerk,
            "service_item": item,
            "channel": "window",
            "applicant_kind": "person",
            "applicant_name": "张三",
            "id_number": ID_NUMBER,
            "phone": "13800000000",
            "now": at(day),
        }
        values.update(overrides)
        return actions.do_submit(**values)

    return make


@pytest.fixture
def reviewed(submit, users):
    """A case accepted on 2026-02-09 and handed to the handler."""

    def make(day="2026-02-09"):
        case = submit(day)
        case = actions.do_accept(case, acting_user=users.clerk, now=at(day, 11))
        return actions.do_assign(
            case, acting_user=users.clerk, handler=users.handler, now=at(day, 12)
        )

    return make
