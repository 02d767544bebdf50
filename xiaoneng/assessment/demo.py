"""Demo assessment: the default schemes (units and staff) and the last two quarters computed.

Idempotent: schemes and indicators are found by code; a period already
computed is left as it is (recomputing is an audited act of an assessor).
"""

from datetime import timedelta
from decimal import Decimal

from xiaoneng.assessment import scoring, services
from xiaoneng.assessment.choices import Rule, Source, Subject
from xiaoneng.assessment.models import Indicator, Period, Scheme
from xiaoneng.core.clock import today
from xiaoneng.org.models import Region

D = Decimal

# (code, name, source, rule, weight, zero_at, full_at, per_occurrence)
UNIT_INDICATORS = [
    ("ONTIME", "承诺时限按时办结率", Source.ON_TIME_PROMISED, Rule.LINEAR, 25, 80, 100, None),
    ("LEGAL", "法定时限按时办结率", Source.ON_TIME_STATUTORY, Rule.LINEAR, 15, 90, 100, None),
    ("DAYS", "实际用时与承诺时限之比", Source.DAYS_RATIO, Rule.LINEAR, 10, "1.2", "0.6", None),
    ("BREACH", "超法定时限（违法）", Source.LEGAL_BREACHES, Rule.DEDUCTION, 10, None, None, 5),
    ("RED", "红牌", Source.RED_CARDS, Rule.DEDUCTION, 10, None, None, 2),
    ("YELLOW", "黄牌", Source.YELLOW_CARDS, Rule.DEDUCTION, 5, None, None, 1),
    ("ORDER", "督办逾期", Source.OVERDUE_ORDERS, Rule.DEDUCTION, 5, None, None, 2),
    ("COMPLAINT", "投诉查实", Source.SUBSTANTIATED_COMPLAINTS, Rule.DEDUCTION, 5, None, None, 3),
    ("SATISFY", "好差评满意率", Source.SATISFACTION_RATE, Rule.LINEAR, 5, 80, 100, None),
    ("RECTIFY", "差评整改按时率", Source.RECTIFICATION_ON_TIME, Rule.LINEAR, 5, 50, 100, None),
    ("REVIEW", "领导评议", Source.MANUAL, Rule.MANUAL, 5, None, None, None),
]
STAFF_INDICATORS = [
    ("ONTIME", "承诺时限按时办结率", Source.ON_TIME_PROMISED, Rule.LINEAR, 40, 80, 100, None),
    ("DAYS", "实际用时与承诺时限之比", Source.DAYS_RATIO, Rule.LINEAR, 15, "1.2", "0.6", None),
    ("RED", "红牌", Source.RED_CARDS, Rule.DEDUCTION, 15, None, None, 5),
    ("YELLOW", "黄牌", Source.YELLOW_CARDS, Rule.DEDUCTION, 10, None, None, 2),
    ("COMPLAINT", "投诉查实", Source.SUBSTANTIATED_COMPLAINTS, Rule.DEDUCTION, 10, None, None, 5),
    ("STUDY", "集中学习出勤率", Source.STUDY_ATTENDANCE, Rule.LINEAR, 10, 60, 100, None),
]
SCHEMES = [
    (
        "XN-UNIT",
        "单位行政效能考评细则",
        Subject.UNIT,
        "按季度考评全区国土资源系统各单位：按时办结、用时、红黄牌、督办、投诉、好差评与整改。",
        UNIT_INDICATORS,
    ),
    (
        "XN-STAFF",
        "工作人员行政效能考评细则",
        Subject.STAFF,
        "按季度考评承办人员：按时办结、用时、红黄牌、投诉查实与集中学习出勤。",
        STAFF_INDICATORS,
    ),
]


def _decimal(value):
    return None if value is None else D(str(value))


def seed_schemes() -> list[Scheme]:
    province = Region.objects.get(code="640000")
    schemes = []
    for code, name, subject, description, indicators in SCHEMES:
        scheme = Scheme.objects.filter(code=code).first()
        if scheme is None:
            scheme = Scheme.objects.create(
                code=code,
                name=name,
                subject=subject,
                region=province,
                description=description,
            )
            for position, row in enumerate(indicators, start=1):
                icode, iname, source, rule, weight, zero_at, full_at, per = row
                indicator = Indicator(
                    scheme=scheme,
                    code=icode,
                    name=iname,
                    position=position,
                    source=source,
                    rule=rule,
                    weight=D(weight),
                    zero_at=_decimal(zero_at),
                    full_at=_decimal(full_at),
                    per_occurrence=_decimal(per),
                )
                indicator.full_clean()
                indicator.save()
        schemes.append(scheme)
    return schemes


def last_quarters(day, count: int = 2) -> list[str]:
    """Labels of the ``count`` quarters that ended before ``day``, oldest first."""
    labels = []
    _kind, start, _end = scoring.period_bounds(scoring.quarter_label(day))
    for _ in range(count):
        start = start - timedelta(days=1)
        labels.append(scoring.quarter_label(start))
        _kind, start, _end = scoring.period_bounds(labels[-1])
    return list(reversed(labels))


# The leadership review (领导评议) of the latest quarter: (unit code, points, reason).
REVIEWS = [
    ("NX-YC", "4.5", "窗口服务规范，群众反映良好，个别事项一次性告知不完整。"),
    ("NX-SZS", "3.5", "专项整治推进较慢，整改台账更新不及时。"),
]


def seed_assessment() -> dict:
    """The default schemes, the last two quarters computed; the older quarter's unit grades
    published by the leader (the portal's page), on the latest quarter of the unit scheme the
    leader's review scores and a unit's objection, so every page has content."""
    computed = 0
    for scheme in seed_schemes():
        for label in last_quarters(today()):
            if Period.objects.filter(scheme=scheme, label=label).exists():
                continue
            period = services.compute_period(scheme, label).period
            computed += 1
            if scheme.code == "XN-UNIT":
                if label == last_quarters(today())[-1]:
                    _review(period)
                else:
                    _publish(period)
    return {"assessment_periods": computed}


def _publish(period: Period) -> None:
    """The older quarter's unit grades, published by the leader: the portal page has content."""
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.filter(username="leader").first()
    if leader is not None:
        services.publish_period(period, acting_user=leader)


def _review(period: Period) -> None:
    from django.contrib.auth import get_user_model

    from xiaoneng.assessment.models import Score
    from xiaoneng.org.models import Unit

    users = get_user_model().objects
    leader = users.filter(username="leader").first()
    indicator = period.scheme.indicators.filter(code="REVIEW").first()
    if leader is None or indicator is None:
        return
    for code, points, reason in REVIEWS:
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            services.enter_manual_score(
                period, indicator, acting_user=leader, points=points, reason=reason, unit=unit
            )
    period = services.recompute_period(period, acting_user=leader, reason="录入领导评议得分").period
    score = Score.objects.filter(period=period, version=period.version, unit__code="NX-SZS").first()
    objector = users.filter(username="szs_staff04").first()
    if score is not None and objector is not None:
        services.raise_objection(
            score,
            acting_user=objector,
            item=score.items.filter(definition__code="REVIEW").first(),
            reason="本季度专项整治台账已按月更新，请复核领导评议得分。",
        )
