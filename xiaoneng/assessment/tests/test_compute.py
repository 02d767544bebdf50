"""Computing a period: figures, points, the frozen snapshot and the evidence behind each figure."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from xiaoneng.assessment import selectors, services
from xiaoneng.assessment.choices import Grade, Rule, Source, Subject
from xiaoneng.assessment.models import IndicatorScore, Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1, authorities
from xiaoneng.cases.models import Case
from xiaoneng.cases.testing import at
from xiaoneng.core.models import AuditEvent
from xiaoneng.feedback.models import Rating
from xiaoneng.org.models import Unit
from xiaoneng.supervision import services as supervision
from xiaoneng.supervision.choices import RuleCode
from xiaoneng.supervision.models import Alert, AnomalyRule

pytestmark = pytest.mark.django_db


def compute(scheme, label=Q1, **kwargs):
    return services.compute_period(scheme, label, as_of=AFTER_Q1, **kwargs)


def item_of(score, code) -> IndicatorScore:
    return score.items.get(definition__code=code)


@pytest.fixture
def use_cases(decided):
    """NX-DLR-USE: ten cases decided in Q1, one of them late and slow; one decided in April."""
    cases = [decided(elapsed=5) for _ in range(9)]
    late = decided(on="2026-03-02", due="2026-02-27", elapsed=15)
    decided(on="2026-04-02", due="2026-03-20")  # decided after the period: not counted
    return cases, late


def test_unit_score_on_hand_computed_figures(unit_scheme, use_cases):
    result = compute(unit_scheme)
    assert (result.units, result.staff) == (len(authorities()) + 1, 0)
    score = Score.objects.get(period=result.period, unit__code="NX-DLR-USE")
    ontime = item_of(score, "ONTIME")
    # 9 of 10 on time = 90 % → 40 × (90 − 80) / 20 = 20
    assert (ontime.numerator, ontime.denominator, ontime.figure) == (9, 10, D("90.0000"))
    assert ontime.points == D("20.00")
    # mean(9 × 5/10, 15/10) = 0.6 → 20 × (0.6 − 1.0) / (0.5 − 1.0) = 16
    days = item_of(score, "DAYS")
    assert days.figure == D("0.6000")
    assert days.points == D("16.00")
    assert item_of(score, "RED").points == D("20.00")
    assert item_of(score, "RED").count == 0
    assert item_of(score, "REVIEW").points == D("10.00")  # manual, nothing entered: full
    assert score.total == D("76.00")
    assert score.grade == Grade.PASS
    assert score.rank == 1  # the bureaus without a case in the period are not ranked
    assert score.region.code == "640000"
    assert score.version == result.period.version == 1


def test_evidence_lists_exactly_the_cases_counted(unit_scheme, use_cases):
    cases, late = use_cases
    period = compute(unit_scheme).period
    score = Score.objects.get(period=period, unit__code="NX-DLR-USE")
    ontime = item_of(score, "ONTIME")
    assert sorted(ontime.evidence["cases"]) == sorted(c.pk for c in [*cases, late])
    assert ontime.evidence["late_cases"] == [late.pk]
    assert list(selectors.evidence(ontime, "late_cases")) == [late]
    assert set(selectors.evidence(ontime, "cases")) == {*cases, late}
    kinds = [(kind, count) for kind, _label, count in selectors.evidence_kinds(ontime)]
    assert kinds == [("cases", 10), ("late_cases", 1)]
    with pytest.raises(KeyError):
        selectors.evidence(ontime, "cards")


def test_units_are_ranked_with_ties(unit_scheme, decided):
    for _ in range(2):
        decided("NX-DLR-USE")
        decided("NX-DLR-MINING")
    decided("NX-DLR-FARMLAND", on="2026-03-02", due="2026-02-27")
    period = compute(unit_scheme).period
    ranks = {s.unit.code: (s.rank, s.total) for s in selectors.current_scores(period)}
    assert ranks["NX-DLR-USE"] == ranks["NX-DLR-MINING"] == (1, D("100.00"))
    assert ranks["NX-DLR-FARMLAND"][0] == 3
    assert ranks["NX-YC"] == (None, None)  # no case: not ranked, listed last
    ordered = [s.unit.code for s in selectors.current_scores(period)]
    assert sorted(ordered[:2]) == ["NX-DLR-MINING", "NX-DLR-USE"]
    assert ordered[2] == "NX-DLR-FARMLAND"


def test_offices_with_nothing_recorded_get_no_score_but_bureaus_do(unit_scheme, decided):
    decided("NX-DLR-USE")
    period = compute(unit_scheme).period
    scores = {s.unit.code: s for s in selectors.current_scores(period)}
    assert sorted(scores) == sorted([*authorities(), "NX-DLR-USE"])
    county = scores["NX-640104"]  # no case in the period: inactivity is never rewarded
    assert (county.total, county.grade, county.rank) == (None, "", None)
    assert not county.is_ranked
    ontime = item_of(county, "ONTIME")
    assert (ontime.figure, ontime.points, ontime.is_applicable) == (None, None, False)
    assert item_of(county, "RED").points == D("20.00")  # deductions always apply


def test_scheme_of_a_city_reads_only_its_region(scheme_for, decided):
    scheme = scheme_for(
        Subject.UNIT,
        [("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 100, 80, 100, None)],
        region="640100",
    )
    decided("NX-DLR-USE")
    decided("NX-YC")
    decided("NX-640104")
    decided("NX-SZS")
    period = compute(scheme).period
    codes = sorted(s.unit.code for s in selectors.current_scores(period))
    assert codes == authorities("6401")
    assert "NX-640104" in codes
    assert "NX-YC" in codes


def test_staff_scores_follow_the_handler(staff_scheme, decided, users):
    decided(handler=users.handler)
    decided(handler=users.handler, on="2026-03-02", due="2026-02-27")
    decided("NX-YC", handler=users.yc_staff02)
    result = compute(staff_scheme)
    assert (result.units, result.staff) == (0, 2)
    mine = Score.objects.get(period=result.period, staff=users.handler)
    assert mine.unit.code == "NX-DLR-USE"
    # 1 of 2 on time = 50 % → 0 of 60; no red card → 40
    assert item_of(mine, "ONTIME").points == D("0.00")
    assert mine.total == D("40.00")
    assert Score.objects.get(period=result.period, staff=users.yc_staff02).total == D("100.00")


def test_snapshot_does_not_change_when_a_case_changes_afterwards(unit_scheme, use_cases):
    cases, late = use_cases
    period = compute(unit_scheme).period
    score = Score.objects.get(period=period, unit__code="NX-DLR-USE")
    Case.objects.filter(pk=cases[0].pk).update(decided_on=date(2026, 3, 30))  # now late too
    score.refresh_from_db()
    ontime = item_of(score, "ONTIME")
    assert (ontime.numerator, ontime.points, score.total) == (9, D("20.00"), D("76.00"))
    # An explicit recomputation writes version 2 and keeps version 1.
    services.recompute_period(
        period, acting_user=users_supervisor(), reason="案件更正", as_of=AFTER_Q1
    )
    period.refresh_from_db()
    assert period.version == 2
    assert Score.objects.filter(period=period, unit__code="NX-DLR-USE").count() == 2
    new = selectors.current_scores(period).get(unit__code="NX-DLR-USE")
    assert item_of(new, "ONTIME").numerator == 8
    assert item_of(new, "ONTIME").evidence["late_cases"] == sorted([cases[0].pk, late.pk])
    score.refresh_from_db()
    assert score.total == D("76.00")


def users_supervisor():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="supervisor")


def test_frozen_definition_survives_an_edit_of_the_scheme(unit_scheme, use_cases):
    period = compute(unit_scheme).period
    unit_scheme.indicators.filter(code="ONTIME").update(weight=D(50))
    item = item_of(selectors.current_scores(period).get(unit__code="NX-DLR-USE"), "ONTIME")
    assert item.definition["weight"] == "40.00"
    assert item.points == D("20.00")


def test_one_audit_event_per_computation(unit_scheme, use_cases):
    before = AuditEvent.objects.count()
    period = compute(unit_scheme).period
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id) == ("assessment.compute", str(period.pk))
    compute(unit_scheme)  # the system recomputes (the command): audited as such
    assert AuditEvent.objects.latest("pk").action == "assessment.recompute"


def test_a_period_under_way_is_refused(unit_scheme):
    with pytest.raises(ValidationError) as error:
        services.compute_period(unit_scheme, "2026-Q2", as_of=date(2026, 6, 30))
    assert "period" in error.value.message_dict


@pytest.fixture
def carded(reviewed, users):
    """Three red cards to the handler in February: one stands, one revoked, one under appeal."""
    case = reviewed()
    issue = {
        "acting_user": users.supervisor,
        "color": "red",
        "reason": "超期",
        "carded_user": users.handler,
    }
    standing = supervision.issue_card(case, now=at("2026-02-20"), **issue)
    revoked = supervision.issue_card(case, now=at("2026-02-21"), **issue)
    pending = supervision.issue_card(case, now=at("2026-02-22"), **issue)
    appeal = supervision.appeal_card(
        revoked, acting_user=users.handler, reason="已按时办理", now=at("2026-02-23")
    )
    supervision.decide_appeal(
        appeal,
        acting_user=users.nx_staff09,
        uphold=False,
        reason="核实无误，撤销",
        now=at("2026-02-24"),
    )
    supervision.appeal_card(pending, acting_user=users.handler, reason="申诉", now=at("2026-02-25"))
    return standing, revoked, pending


def test_a_revoked_card_is_not_counted(staff_scheme, carded, users):
    standing, revoked, pending = carded
    period = compute(staff_scheme).period
    red = item_of(Score.objects.get(period=period, staff=users.handler), "RED")
    assert red.count == 1
    assert red.points == D("30.00")
    assert red.evidence["cards"] == [standing.pk]
    assert red.evidence["pending_cards"] == [pending.pk]
    assert list(selectors.evidence(red, "cards")) == [standing]
    assert revoked.pk not in red.evidence["cards"] + red.evidence["pending_cards"]


def test_unit_cards_count_against_the_carded_unit(unit_scheme, reviewed, users):
    case = reviewed()
    unit = Unit.objects.get(code="NX-DLR-USE")
    card = supervision.issue_card(
        case,
        acting_user=users.supervisor,
        color="yellow",
        reason="窗口服务不规范",
        carded_unit=unit,
        now=at("2026-03-03"),
    )
    period = compute(unit_scheme).period
    yellow = item_of(Score.objects.get(period=period, unit=unit), "YELLOW")
    assert (yellow.count, yellow.points, yellow.evidence["cards"]) == (1, D("8.00"), [card.pk])


def test_legal_breaches_and_satisfaction(scheme_for, reviewed, decided, users):
    scheme = scheme_for(
        Subject.UNIT,
        [
            ("BREACH", Source.LEGAL_BREACHES, Rule.DEDUCTION, 10, None, None, 4),
            ("SATISFY", Source.SATISFACTION_RATE, Rule.LINEAR, 10, 50, 100, None),
        ],
    )
    case = reviewed()
    unit = Unit.objects.get(code="NX-DLR-USE")
    rule = AnomalyRule.objects.get(code=RuleCode.STATUTORY_PASSED)
    scope = {"authority": case.authority, "service_item": case.service_item}
    alert = Alert.objects.create(
        rule=rule, case=case, unit=unit, level="breach", opened_on=date(2026, 3, 9), **scope
    )
    Alert.objects.create(
        rule=AnomalyRule.objects.get(code=RuleCode.PROMISED_PASSED),
        case=case,
        unit=unit,
        **scope,
        level="violation",
        opened_on=date(2026, 3, 9),
    )  # not a legal breach
    rated = [decided() for _ in range(4)]
    for number, (case_row, level) in enumerate(zip(rated, [1, 2, 4, 3], strict=True)):
        Rating.objects.create(
            case=case_row,
            moment="completion",
            level=level,
            rated_on=date(2026, 3, 10 + number),
            unit=unit,
            service_item=case_row.service_item,
        )
    period = compute(scheme).period
    score = Score.objects.get(period=period, unit=unit)
    breach = item_of(score, "BREACH")
    assert (breach.count, breach.points, breach.evidence["alerts"]) == (1, D("6.00"), [alert.pk])
    satisfy = item_of(score, "SATISFY")
    # 3 of 4 satisfied = 75 % → 10 × (75 − 50) / 50 = 5
    assert (satisfy.figure, satisfy.points) == (D("75.0000"), D("5.00"))
    bad = Rating.objects.get(level=4)
    assert satisfy.evidence["bad_ratings"] == [bad.pk]


def test_every_source_computes_on_an_empty_record(scheme_for, decided):
    rows = [
        (source.value[:20], source, Rule.LINEAR, 5, 50, 100, None)
        for source in [
            Source.ON_TIME_STATUTORY,
            Source.SATISFACTION_RATE,
            Source.RECTIFICATION_ON_TIME,
            Source.CAMPAIGN_TASKS,
            Source.STUDY_ATTENDANCE,
        ]
    ] + [
        (source.value[:20], source, Rule.DEDUCTION, 5, None, None, 1)
        for source in [
            Source.LEGAL_BREACHES,
            Source.OVERDUE_ORDERS,
            Source.SUBSTANTIATED_COMPLAINTS,
        ]
    ]
    decided()
    for subject in (Subject.UNIT, Subject.STAFF):
        scheme = scheme_for(subject, rows)
        period = compute(scheme).period
        score = selectors.current_scores(period).get(unit__code="NX-DLR-USE")
        assert score.total == D("40.00")
        assert score.items.count() == len(rows)


def test_a_period_with_nothing_recorded_scores_only_the_bureaus(unit_scheme, staff_scheme):
    result = compute(unit_scheme)
    assert (result.units, result.staff, result.period.version) == (len(authorities()), 0, 1)
    staff = compute(staff_scheme)
    assert (staff.units, staff.staff) == (0, 0)


def test_the_drill_down_lists_every_evidence_kind_with_its_records(unit_scheme, use_cases):
    cases, late = use_cases
    period = compute(unit_scheme).period
    ontime = item_of(selectors.current_scores(period).get(unit__code="NX-DLR-USE"), "ONTIME")
    groups = selectors.evidence(ontime)
    assert [(kind, list(rows)) for kind, _label, rows in groups] == [
        ("cases", sorted([*cases, late], key=lambda c: c.pk)),
        ("late_cases", [late]),
    ]


def test_a_rate_without_figure_rescales_the_total(scheme_for, decided, reviewed, users):
    scheme = scheme_for(
        Subject.UNIT,
        [
            ("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 40, 80, 100, None),
            ("SATISFY", Source.SATISFACTION_RATE, Rule.LINEAR, 20, 80, 100, None),
            ("RED", Source.RED_CARDS, Rule.DEDUCTION, 40, None, None, 10),
        ],
    )
    decided()
    decided(on="2026-03-02", due="2026-02-27")  # 1 of 2 on time: 50 % → 0 of 40
    period = compute(scheme).period
    score = Score.objects.get(period=period, unit__code="NX-DLR-USE")
    assert item_of(score, "SATISFY").points is None  # no rating: not applicable
    # (0 + 40) × 100 ÷ 80 = 50
    assert (score.total, score.grade, score.rank) == (D("50.00"), Grade.FAIL, 1)
