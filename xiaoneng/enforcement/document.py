"""The content of the penalty decision (行政处罚决定书) issued when the approver decides.

The decision is a case document of kind "penalty" (``cases.actions.
do_decide_penalty``), rendered to PDF by ``cases.documents`` like every other
decision of a case. Its content is written here, once, from the facts and the
decision as they stand when it is signed: the document keeps what was decided
even if the benchmark table changes later.

Language: an official document of a Chinese authority is issued in Chinese
whatever language the approver uses, so the words are Chinese literals and
deliberately not gettext (as in ``cases.documents``).
"""

from decimal import Decimal

from xiaoneng.enforcement.choices import LandClass, Tier, ViolationType

VIOLATIONS = {
    ViolationType.ILLEGAL_LAND_USE: "未经批准非法占用土地",
    ViolationType.ILLEGAL_MINING: "未取得采矿许可证擅自采矿",
}
LAND_CLASSES = {
    LandClass.FARMLAND: "耕地",
    LandClass.BASIC_FARMLAND: "永久基本农田",
    LandClass.CONSTRUCTION: "建设用地",
    LandClass.OTHER: "其他土地",
}
TIERS = {
    Tier.MINOR: "轻微",
    Tier.ORDINARY: "一般",
    Tier.SERIOUS: "较重",
    Tier.GRAVE: "严重",
}


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount: Decimal | None) -> str:
    """12,345.60 — amounts as a decision writes them (after 人民币, before 元)."""
    return "—" if amount is None else f"{Decimal(amount):,.2f}"


def _statement(facts) -> str:
    """What the party did with his rights after the notice."""
    parts = []
    if facts.statement_received_on:
        text = (facts.statement or "").strip()
        parts.append(
            f"当事人于{_date(facts.statement_received_on)}提出了陈述、申辩"
            + (f"，称：{text}" if text else "")
            + "。本机关对当事人提出的事实、理由和证据进行了复核"
        )
    if facts.hearing_held_on:
        parts.append(f"本机关于{_date(facts.hearing_held_on)}依法组织了听证")
    elif facts.hearing_requested_on:
        parts.append("当事人要求听证")
    if not parts:
        parts.append(
            "当事人在规定期限内未提出陈述、申辩" + ("，也未要求听证" if facts.hearing_right else "")
        )
    return "；".join(parts) + "。"


def decision_content(case, facts, decision) -> dict:
    """The content of the decision document of ``case`` (its facts and proposed decision)."""
    lines = [
        ["违法行为类型", VIOLATIONS.get(facts.violation_type, facts.violation_type)],
        ["发现日期", _date(facts.discovered_on)],
    ]
    if facts.violation_type == ViolationType.ILLEGAL_LAND_USE or facts.area_m2:
        lines.append(["涉及面积", f"{yuan(facts.area_m2)}平方米"])
        lines.append(["土地类别", LAND_CLASSES.get(facts.land_class, facts.land_class)])
    lines.append(["能否恢复原状", "能够恢复" if facts.restorable else "不能恢复"])
    lines.append(["违法所得", f"人民币{yuan(facts.illegal_gains)}元"])
    lines.append(["是否再次违法", "是" if facts.repeat_offence else "否"])
    scope = ""
    if decision.range_min is not None and decision.range_max is not None:
        scope = f"人民币{yuan(decision.range_min)}元至{yuan(decision.range_max)}元"
    return {
        "violation": VIOLATIONS.get(facts.violation_type, facts.violation_type),
        "summary": facts.summary,
        "location": facts.location,
        "evidence": facts.evidence,
        "facts": lines,
        "notice_served_on": facts.notice_served_on.isoformat() if facts.notice_served_on else "",
        "hearing_right": facts.hearing_right,
        "statement": _statement(facts),
        "article": decision.article,
        "tier": TIERS.get(decision.tier, decision.tier),
        "range": scope,
        "fine": yuan(decision.fine),
        "out_of_range": decision.out_of_range,
        "justification": decision.justification if decision.out_of_range else "",
    }
