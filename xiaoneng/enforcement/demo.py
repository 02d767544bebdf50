# ruff: noqa: E501 -- the data tables read best one row per line.
"""Demo data: the two penalty items, the benchmark table and ~20 penalty cases.

``seed_enforcement`` is deterministic and idempotent: a second run adds
nothing. The cases go through the services, on dates in the past, so their
events, clocks and audit rows are what real use would have written.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from xiaoneng.catalog.choices import Category, StageKind
from xiaoneng.catalog.models import ServiceItem, Stage
from xiaoneng.core.validators import credit_code_check_character, id_check_character
from xiaoneng.enforcement import services
from xiaoneng.enforcement.choices import FineBasis, Tier, ViolationType
from xiaoneng.enforcement.models import DiscretionBenchmark, PenaltyFacts
from xiaoneng.org.models import Unit

# 立案 → 调查取证 → 告知 → 决定 → 执行 → 结案 (services.INVESTIGATION … CLOSING).
PENALTY_STAGES = [
    ("open", "立案", StageKind.ACCEPTANCE, "handler", 1),
    ("investigate", "调查取证", StageKind.REVIEW, "handler", 30),
    ("notice", "告知", StageKind.REVIEW, "handler", 10),
    ("decide", "决定", StageKind.DECISION, "approver", 5),
    ("execute", "执行", StageKind.ISSUE, "handler", 15),
    ("close", "结案", StageKind.ISSUE, "handler", 5),
]

ITEMS = [
    (
        "WFYD",
        "违法占地行政处罚",
        "《中华人民共和国土地管理法》第七十七条；《中华人民共和国土地管理法实施条例》第五十七条；"
        "《中华人民共和国行政处罚法》第六十条",
    ),
    (
        "WFCK",
        "违法采矿行政处罚",
        "《中华人民共和国矿产资源法》（2009年修正）第三十九条；《中华人民共和国矿产资源法实施细则》第四十二条；"
        "《中华人民共和国行政处罚法》第六十条",
    ),
]

# The legal basis of the benchmark rows (proofread, see below).
#
# Land (土地管理法 2019; 实施条例, State Council decree 743, in force 2021-09-01):
# - 土地管理法 Art. 77: 未经批准或者采取欺骗手段骗取批准，非法占用土地 — 责令退还,
#   限期拆除 or 没收, 可以并处罚款. 实施条例 Art. 57(1): that fine is 100 to 1,000 yuan
#   per m² of land illegally occupied (the 1998 条例's Art. 42 said "30 yuan or
#   less"). Checked against two independent published texts.
# - The other fines of the chapter, for the table's future rows (ranges checked
#   against a secondary source; article numbers of the 条例 NOT verified against
#   the official text): Art. 74 非法转让 → 条例 Art. 54, 10%–50% of the illegal
#   gains; Art. 75 破坏耕地种植条件 → Art. 55, 5–10 × the 耕地开垦费; Art. 76 拒不
#   复垦 → Art. 56, 2–5 × the 土地复垦费; 永久基本农田 used for orchards or fish
#   ponds → Art. 51, 2–5 × the 耕地开垦费; permanent buildings on temporary land →
#   Art. 52, 5–10 × the 土地复垦费; Art. 58: confiscated buildings handed to the
#   government within 90 days.
#
# Mining (矿产资源法 1986, amended 1996/2009; 实施细则, State Council decree 152):
# - 矿产资源法 Art. 39: 未取得采矿许可证擅自采矿 (and entering state-planned or
#   another's mining area, protected minerals) — stop, compensate, confiscate the
#   ore and the gains, 可以并处罚款; Art. 40: 超越批准的矿区范围采矿. 实施细则
#   Art. 42(1): the Art. 39 fine is at most 50% of the illegal gains; Art. 42(2):
#   the Art. 40 fine at most 30%. Checked against two published texts.
# - NEEDS LEGAL PROOFREADING: the 矿产资源法 was revised on 2024-11-08 and the new
#   text is in force since 2025-07-01, with a new chapter 7 (法律责任), new article
#   numbers and new fine ranges for unlicensed mining. The rows below still cite
#   the 2009 text, which governs acts before 2025-07-01 only; the new articles
#   and ranges could not be verified here and must be entered by the legal
#   office before a case about a later act is graded.
LAND_BASIS = "《土地管理法》第七十七条、《土地管理法实施条例》第五十七条第一款"
MINING_BASIS = "《矿产资源法》（2009年修正）第三十九条、《矿产资源法实施细则》第四十二条第（一）项"

# (violation, tier, area_min, area_max, land_classes, restorable, repeat, gains_min,
#  gains_max, basis, fine_min, fine_max, article, note)
BENCHMARKS = [
    (ViolationType.ILLEGAL_LAND_USE, Tier.MINOR, None, "500", "construction,other", True, False,
     None, None, FineBasis.PER_M2, "100", "200", LAND_BASIS, "首次违法、面积小、可恢复"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.ORDINARY, "500", "3000", "", None, None,
     None, None, FineBasis.PER_M2, "200", "500", LAND_BASIS, "非耕地或可恢复的耕地"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.ORDINARY, None, "500", "farmland", True, None,
     None, None, FineBasis.PER_M2, "200", "500", LAND_BASIS, "占用耕地面积小且可恢复"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.SERIOUS, "3000", "10000", "", None, None,
     None, None, FineBasis.PER_M2, "500", "800", LAND_BASIS, "面积较大"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.SERIOUS, None, None, "farmland", False, None,
     None, None, FineBasis.PER_M2, "500", "800", LAND_BASIS, "占用耕地且无法恢复"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.SERIOUS, None, None, "", None, True,
     None, None, FineBasis.PER_M2, "500", "800", LAND_BASIS, "再次违法"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.GRAVE, "10000", None, "", None, None,
     None, None, FineBasis.PER_M2, "800", "1000", LAND_BASIS, "面积巨大"),
    (ViolationType.ILLEGAL_LAND_USE, Tier.GRAVE, None, None, "basic_farmland", None, None,
     None, None, FineBasis.PER_M2, "800", "1000", LAND_BASIS, "占用永久基本农田"),
    (ViolationType.ILLEGAL_MINING, Tier.MINOR, None, None, "", True, False,
     None, "50000", FineBasis.GAINS_RATIO, "0.10", "0.20", MINING_BASIS, "违法所得五万元以下、可恢复"),
    (ViolationType.ILLEGAL_MINING, Tier.ORDINARY, None, None, "", None, None,
     "50000", "300000", FineBasis.GAINS_RATIO, "0.20", "0.30", MINING_BASIS, "违法所得五万至三十万元"),
    (ViolationType.ILLEGAL_MINING, Tier.SERIOUS, None, None, "", None, None,
     "300000", "1000000", FineBasis.GAINS_RATIO, "0.30", "0.40", MINING_BASIS,
     "违法所得三十万至一百万元"),
    (ViolationType.ILLEGAL_MINING, Tier.SERIOUS, None, None, "", False, None,
     None, None, FineBasis.GAINS_RATIO, "0.30", "0.40", MINING_BASIS, "矿山生态无法恢复"),
    (ViolationType.ILLEGAL_MINING, Tier.GRAVE, None, None, "", None, None,
     "1000000", None, FineBasis.GAINS_RATIO, "0.40", "0.50", MINING_BASIS, "违法所得一百万元以上"),
    (ViolationType.ILLEGAL_MINING, Tier.GRAVE, None, None, "", None, True,
     None, None, FineBasis.GAINS_RATIO, "0.40", "0.50", MINING_BASIS, "再次违法采矿"),
]  # fmt: skip


SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


# 土地管理法实施条例 Art. 57(1): 100 to 1,000 yuan per m² (the rows' lowest bound
# is the law's 100); 矿产资源法实施细则 Art. 42(1): at most 50% of the illegal gains.
STATUTORY_MAX = {FineBasis.PER_M2: Decimal("1000"), FineBasis.GAINS_RATIO: Decimal("0.5")}


def _decimal(value):
    return None if value is None else Decimal(value)


def ensure_penalty_items() -> dict[str, ServiceItem]:
    """The two penalty items with their stage plan (created once)."""
    unit = Unit.objects.get(code="NX-DLR-ENFORCE")
    items = {}
    for code, name, basis in ITEMS:
        item, created = ServiceItem.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": Category.PENALTY,
                "level": "province",
                "unit": unit,
                "legal_basis": basis,
                # Placeholders: each case converts Art. 60's 90 calendar days at opening.
                "statutory_limit_days": 60,
                "promised_limit_days": 60,
                # 自然资源行政处罚办法: an extension of at most 30 (calendar) days with the
                # head's approval; the case framework counts extensions in working
                # days, and 20 working days stay within 30 calendar days but for
                # a long holiday inside them. NEEDS LEGAL PROOFREADING.
                "max_extension_days": 20,
                "online_allowed": False,
            },
        )
        if created:
            for order, (stage_code, stage_name, kind, role, budget) in enumerate(PENALTY_STAGES):
                Stage.objects.create(
                    item=item,
                    order=order,
                    code=stage_code,
                    name=stage_name,
                    kind=kind,
                    role=role,
                    budget_days=budget,
                )
        items[code] = item
    return items


def ensure_benchmarks() -> int:
    """The benchmark table (only when none exists: an edited table is never overwritten)."""
    if DiscretionBenchmark.objects.exists():
        return 0
    rows = [
        DiscretionBenchmark(
            violation_type=violation,
            tier=tier,
            area_min=_decimal(area_min),
            area_max=_decimal(area_max),
            land_classes=classes,
            restorable=restorable,
            repeat_offence=repeat,
            gains_min=_decimal(gains_min),
            gains_max=_decimal(gains_max),
            fine_basis=basis,
            fine_min=Decimal(low),
            fine_max=Decimal(high),
            statutory_max=STATUTORY_MAX[basis],
            article=article,
            note=note,
        )
        for (violation, tier, area_min, area_max, classes, restorable, repeat, gains_min,
             gains_max, basis, low, high, article, note) in BENCHMARKS
    ]  # fmt: skip
    for row in rows:
        row.save()  # one by one: each gets its history row
    return len(rows)


LAND, MINE = ViolationType.ILLEGAL_LAND_USE, ViolationType.ILLEGAL_MINING

# name, kind, first 17 characters of the ID / credit code (the check character is
# computed), violation, area m², land class, restorable, illegal gains, repeat offence.
PARTIES = [
    ("马建军", "person", "64010419850312001", LAND, "320", "construction", True, "0", False),
    ("宁夏恒达建材有限公司", "org", "91640100MA76XK123", LAND, "2400", "farmland", True, "0", False),
    ("李春花", "person", "64030219901105442", LAND, "180", "farmland", True, "0", False),
    ("银川鑫源物流有限公司", "org", "91640100MA75PQ987", LAND, "5600", "construction", True, "0", False),
    ("杨志刚", "person", "64012119780623123", LAND, "900", "basic_farmland", False, "0", False),
    ("吴忠市利民养殖合作社", "org", "93640300MA77AB111", LAND, "1500", "farmland", False, "0", False),
    ("海学文", "person", "64022119820915001", LAND, "12000", "other", True, "0", False),
    ("石嘴山宏远煤业有限公司", "org", "91640200MA76CD222", MINE, "0", "other", True, "1800000", False),
    ("王德福", "person", "64038119731108003", MINE, "0", "other", True, "36000", False),
    ("中卫市砂石料场", "org", "91640500MA78EF333", MINE, "0", "other", False, "420000", False),
    ("田永强", "person", "64052219870402005", MINE, "0", "other", True, "120000", True),
    ("固原兴盛石料有限公司", "org", "91640400MA79GH444", MINE, "0", "other", True, "260000", False),
    ("苏海燕", "person", "64010519920318002", LAND, "260", "other", True, "0", True),
    ("平罗县金沙建筑公司", "org", "91640221MA7AJK555", LAND, "3600", "construction", True, "0", False),
    ("马福林", "person", "64032419801212007", MINE, "0", "other", True, "45000", False),
    ("贺兰山石材加工厂", "org", "91640122MA7BLM666", MINE, "0", "other", True, "760000", False),
    ("周晓东", "person", "64018119950707001", LAND, "640", "farmland", True, "0", False),
    ("灵武市宏图物流园", "org", "91640181MA7CNP777", LAND, "9800", "other", True, "0", True),
    ("撒国平", "person", "64042319760101003", LAND, "45", "construction", True, "0", False),
    ("青铜峡市永兴砖厂", "org", "91640381MA7DQR888", MINE, "0", "other", True, "95000", False),
]  # fmt: skip

# How far each case goes: 0 investigation, 1 notice, 2 proposed, 3 decided,
# 4 decided and published, 5 executed, 6 closed and published.
PROGRESS = [6, 6, 5, 4, 4, 3, 3, 6, 6, 4, 4, 3, 2, 2, 1, 1, 0, 0, 6, 3]


def seed_enforcement(*, base_day: str = "2026-01-05") -> int:
    """Penalty items, benchmarks and 20 cases (only when no penalty case exists yet)."""
    ensure_penalty_items()
    ensure_benchmarks()
    if PenaltyFacts.objects.exists():
        return 0
    User = get_user_model()
    handler = User.objects.get(username="handler")
    approver = User.objects.get(username="approver")
    from xiaoneng.workdays.services import get_calendar

    calendar = get_calendar()
    start = at(base_day).date()
    for index, (name, kind, code, violation, area, land, restorable, gains, repeat) in enumerate(
        PARTIES
    ):
        opened = calendar.add_workdays(start, 3 * index)
        day = at(opened.isoformat())
        case = services.open_case(
            acting_user=handler,
            violation_type=violation,
            party_kind=kind,
            party_name=name,
            id_number=_with_check(code, kind) if kind == "person" else "",
            credit_code=_with_check(code, kind) if kind == "org" else "",
            phone=f"1390951{1000 + index:04d}",
            address=f"宁夏银川市兴庆区解放东街{10 + index}号",
            discovered_on=opened - timedelta(days=2),
            summary=(
                f"未经批准擅自占用土地{area}平方米建设厂房及附属设施"
                if violation == ViolationType.ILLEGAL_LAND_USE
                else "未取得采矿许可证擅自开采建筑用砂石"
            ),
            location="宁夏回族自治区",
            evidence=(
                "现场勘测笔录、勘测定界图、询问笔录、现场照片"
                if violation == ViolationType.ILLEGAL_LAND_USE
                else "现场检查笔录、询问笔录、销售台账及收款凭证、现场照片"
            ),
            area_m2=Decimal(area),
            land_class=land,
            restorable=restorable,
            illegal_gains=Decimal(gains),
            repeat_offence=repeat,
            now=day,
        )
        _advance(case, PROGRESS[index], index, handler, approver, calendar, opened)
    return len(PARTIES)


def _with_check(first17: str, kind: str) -> str:
    if kind == "person":
        return first17 + id_check_character(first17)
    return first17 + credit_code_check_character(first17)


def _advance(case, progress, index, handler, approver, calendar, opened):
    from xiaoneng.enforcement.benchmarks import assess

    if progress < 1:
        return
    facts = case.penalty_facts
    assessment = assess(facts)
    # Every fifth case is fined below the range (a lighter penalty, 行政处罚法
    # Art. 32), with its justification.
    outside = index % 5 == 4
    fine = assessment.fine_min * (Decimal("0.8") if outside else Decimal("1"))
    fine = fine.quantize(Decimal("1")) if fine >= 1 else Decimal("1000")
    justification = "当事人主动消除违法后果，依法减轻处罚，经集体讨论决定" if outside else ""
    notice_day = calendar.add_workdays(opened, 10)
    services.serve_notice(
        case,
        acting_user=handler,
        fine=fine,
        justification=justification,
        now=at(notice_day.isoformat()),
    )
    if progress < 2:
        return
    propose_day = calendar.add_workdays(notice_day, 6)
    services.propose_decision(case, acting_user=handler, now=at(propose_day.isoformat()))
    if progress < 3:
        return
    decide_day = calendar.add_workdays(propose_day, 2)
    services.approve_decision(case, acting_user=approver, now=at(decide_day.isoformat()))
    if progress in (4, 6):
        publish_day = calendar.add_workdays(decide_day, 3)
        services.publish_decision(case, acting_user=handler, now=at(publish_day.isoformat()))
    if progress < 5:
        return
    execute_day = calendar.add_workdays(decide_day, 12)
    services.record_execution(
        case, acting_user=handler, amount_paid=fine, now=at(execute_day.isoformat())
    )
    if progress >= 6:
        services.close_case(
            case, acting_user=handler, now=at(calendar.add_workdays(execute_day, 2).isoformat())
        )
