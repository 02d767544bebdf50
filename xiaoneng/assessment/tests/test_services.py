"""Who may compute, publish, score by hand, object and answer; and who sees which score."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiaoneng.assessment import selectors, services
from xiaoneng.assessment.choices import ObjectionOutcome, ObjectionStatus, PeriodStatus
from xiaoneng.assessment.models import ManualScore, Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1, authorities
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.models import AuditEvent
from xiaoneng.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(unit_scheme, decided, users):
    decided("NX-DLR-USE")
    decided("NX-YC", handler=users.yc_staff02)
    decided("NX-640104", handler=users.c640104_2)
    return services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period


@pytest.fixture
def staff_period(staff_scheme, decided, users):
    decided("NX-DLR-USE", handler=users.handler)
    decided("NX-DLR-USE", handler=users.nx_staff02)
    decided("NX-YC", handler=users.yc_staff02)
    decided("NX-640104", handler=users.c640104_2)
    return services.compute_period(staff_scheme, Q1, as_of=AFTER_Q1).period


def unit_score(period, code) -> Score:
    return Score.objects.get(period=period, version=period.version, unit__code=code)


# -- scopes -------------------------------------------------------------------------------


def codes(user, period):
    return sorted(s.unit.code for s in selectors.current_scores(period, user))


def test_a_county_sees_only_itself(period, users):
    assert codes(users.c640104_2, period) == ["NX-640104"]
    assert codes(users.c640104_1, period) == ["NX-640104"]


def test_a_city_leader_sees_his_city_and_its_counties(period, users):
    assert codes(users.yc_staff06, period) == authorities("6401")


def test_a_provincial_leader_sees_every_unit(period, users):
    assert codes(users.leader, period) == sorted([*authorities(), "NX-DLR-USE"])


def test_administrators_see_no_scores(period, users):
    assert codes(users.sysadmin, period) == []
    assert codes(users.auditadmin, period) == []


def test_staff_see_their_own_score_and_approvers_their_units_staff(staff_period, users):
    def staff_seen(user):
        return sorted(s.staff.username for s in selectors.current_scores(staff_period, user))

    assert staff_seen(users.handler) == ["handler"]
    assert staff_seen(users.reviewer) == []  # a colleague's score is not his to see
    assert staff_seen(users.yc_staff04) == ["yc_staff02"]  # the Yinchuan approver
    assert staff_seen(users.yc_supervisor) == ["c640104_2", "yc_staff02"]
    assert staff_seen(users.supervisor) == ["c640104_2", "handler", "nx_staff02", "yc_staff02"]


def test_regional_ranking_puts_counties_under_their_city(period, users):
    groups = selectors.regional_ranking(period)
    assert [g["region"].code for g in groups] == [
        "640000",
        "640100",
        "640200",
        "640300",
        "640400",
        "640500",
    ]
    assert sorted(s.unit.code for s in groups[0]["scores"]) == ["NX-DLR", "NX-DLR-USE"]
    yinchuan = groups[1]
    assert [s.unit.code for s in yinchuan["scores"]] == ["NX-YC"]
    counties = [c["region"].code for c in yinchuan["counties"]]
    assert counties == [code.removeprefix("NX-") for code in authorities("6401")[:-1]]
    assert [s.unit.code for s in yinchuan["counties"][0]["scores"]] == ["NX-640104"]
    # A county user's table holds his own county only.
    [mine] = selectors.regional_ranking(period, users.c640104_2)
    assert mine["scores"] == []
    assert [c["region"].code for c in mine["counties"]] == ["640104"]


def test_trend_lists_the_subjects_scores_across_periods(unit_scheme, decided, users, period):
    decided("NX-DLR-USE", on="2026-05-06", due="2026-05-20")
    services.compute_period(unit_scheme, "2026-Q2", as_of=AFTER_Q1.replace(month=7))
    scores = selectors.trend(unit_score(period, "NX-DLR-USE"))
    assert [s.period.label for s in scores] == ["2026-Q1", "2026-Q2"]


# -- computing and publishing ------------------------------------------------------------


def test_only_assessors_of_the_region_compute(unit_scheme, users):
    for user in (users.handler, users.approver, users.yc_supervisor, users.sysadmin):
        with pytest.raises(PermissionDenied):
            services.compute_period(unit_scheme, Q1, acting_user=user, as_of=AFTER_Q1)
    services.compute_period(unit_scheme, Q1, acting_user=users.supervisor, as_of=AFTER_Q1)


def test_a_person_recomputing_gives_a_reason(period, users):
    with pytest.raises(ValidationError):
        services.recompute_period(period, acting_user=users.supervisor, reason=" ")
    with pytest.raises(ValidationError):
        services.compute_period(period.scheme, Q1, acting_user=users.supervisor, as_of=AFTER_Q1)
    services.recompute_period(period, acting_user=users.supervisor, reason="数据更正")
    event = AuditEvent.objects.latest("pk")
    assert event.action == "assessment.recompute"
    assert event.new["reason"] == "数据更正"


def test_only_a_leader_publishes(period, users):
    with pytest.raises(PermissionDenied):
        services.publish_period(period, acting_user=users.supervisor)
    with pytest.raises(PermissionDenied):
        services.publish_period(period, acting_user=users.yc_staff06)  # a city leader
    period = services.publish_period(period, acting_user=users.leader)
    assert period.status == PeriodStatus.PUBLISHED
    assert period.published_by == users.leader


def test_published_results_never_change(period, users):
    services.publish_period(period, acting_user=users.leader)
    with pytest.raises(TransitionError):
        services.recompute_period(period, acting_user=users.supervisor, reason="更正")
    with pytest.raises(TransitionError):
        services.compute_period(period.scheme, Q1, as_of=AFTER_Q1)
    indicator = period.scheme.indicators.get(code="REVIEW")
    with pytest.raises(TransitionError):
        services.enter_manual_score(
            period,
            indicator,
            acting_user=users.supervisor,
            points=5,
            reason="评议",
            unit=Unit.objects.get(code="NX-YC"),
        )
    # Explicitly withdrawn, with a reason, it can be recomputed.
    with pytest.raises(ValidationError):
        services.unpublish_period(period, acting_user=users.leader, reason="")
    services.unpublish_period(period, acting_user=users.leader, reason="发现数据错误")
    services.recompute_period(period, acting_user=users.supervisor, reason="更正")
    period.refresh_from_db()
    assert (period.status, period.version) == (PeriodStatus.COMPUTED, 2)


def test_public_grades_only_after_publication(period, users):
    assert list(selectors.public_periods()) == []
    assert list(selectors.published_unit_grades(period)) == []
    period = services.publish_period(period, acting_user=users.leader)
    assert list(selectors.public_periods()) == [period]
    assert len(selectors.published_unit_grades(period)) == len(authorities()) + 1


# -- manual scores ----------------------------------------------------------------------


def test_manual_score_counts_from_the_recomputation(period, users):
    indicator = period.scheme.indicators.get(code="REVIEW")
    yc = Unit.objects.get(code="NX-YC")
    entry = services.enter_manual_score(
        period, indicator, acting_user=users.supervisor, points="6.5", reason="评议一般", unit=yc
    )
    assert unit_score(period, "NX-YC").total == D("100.00")
    services.enter_manual_score(
        period,
        indicator,
        acting_user=users.supervisor,
        points="7",
        reason="复议后",
        unit=yc,
        recompute=True,
    )
    period.refresh_from_db()
    score = unit_score(period, "NX-YC")
    item = score.items.get(definition__code="REVIEW")
    assert item.points == D("7.00")  # the latest entry counts
    assert item.evidence["manual"]["reason"] == "复议后"
    assert score.total == D("97.00")
    assert ManualScore.objects.filter(pk=entry.pk).exists()  # the older entry stays


@pytest.mark.parametrize("points", ["11", "-1", "abc", "", "NaN"])
def test_manual_points_outside_the_weight_are_refused(period, users, points):
    indicator = period.scheme.indicators.get(code="REVIEW")
    with pytest.raises(ValidationError) as error:
        services.enter_manual_score(
            period,
            indicator,
            acting_user=users.supervisor,
            points=points,
            reason="x",
            unit=Unit.objects.get(code="NX-YC"),
        )
    assert "points" in error.value.message_dict


def test_manual_score_needs_an_assessor_and_a_reason(period, users):
    indicator = period.scheme.indicators.get(code="REVIEW")
    yc = Unit.objects.get(code="NX-YC")
    with pytest.raises(PermissionDenied):
        services.enter_manual_score(
            period, indicator, acting_user=users.handler, points=5, reason="x", unit=yc
        )
    with pytest.raises(ValidationError):
        services.enter_manual_score(
            period, indicator, acting_user=users.supervisor, points=5, reason="", unit=yc
        )
    with pytest.raises(PermissionDenied):  # the leader works at the department
        services.enter_manual_score(
            period,
            indicator,
            acting_user=users.leader,
            points=5,
            reason="自评",
            unit=Unit.objects.get(code="NX-DLR"),
        )


# -- objections -------------------------------------------------------------------------


def test_objection_flow_dismissed(period, users):
    score = unit_score(period, "NX-YC")
    with pytest.raises(PermissionDenied):
        services.raise_objection(score, acting_user=users.handler, reason="不服")
    objection = services.raise_objection(score, acting_user=users.yc_staff02, reason="数据有误")
    with pytest.raises(TransitionError):
        services.raise_objection(score, acting_user=users.yc_staff02, reason="再次")
    assert objection in selectors.objections_to_answer(users.supervisor)
    # The city's own leader is an assessor of nothing province-wide, and of his own unit never.
    assert objection not in selectors.objections_to_answer(users.yc_staff06)
    with pytest.raises(PermissionDenied):
        services.answer_objection(
            objection, acting_user=users.yc_staff06, answer="驳回", outcome="dismissed"
        )
    with pytest.raises(ValidationError):
        services.answer_objection(objection, acting_user=users.supervisor, answer="", outcome="x")
    with pytest.raises(TransitionError):
        services.publish_period(period, acting_user=users.leader)  # an objection is open
    objection = services.answer_objection(
        objection, acting_user=users.supervisor, answer="经核实数据无误", outcome="dismissed"
    )
    assert objection.status == ObjectionStatus.ANSWERED
    assert objection.answered_by == users.supervisor
    with pytest.raises(TransitionError):
        services.answer_objection(
            objection, acting_user=users.supervisor, answer="再答", outcome="dismissed"
        )
    services.publish_period(period, acting_user=users.leader)


def test_nobody_answers_an_objection_to_his_own_score(staff_scheme, decided, users):
    decided("NX-DLR-DISCIPLINE", handler=users.nx_staff09)
    period = services.compute_period(staff_scheme, Q1, as_of=AFTER_Q1).period
    score = Score.objects.get(period=period, staff=users.nx_staff09)
    objection = services.raise_objection(score, acting_user=users.nx_staff09, reason="不服")
    with pytest.raises(PermissionDenied):
        services.answer_objection(
            objection, acting_user=users.nx_staff09, answer="自己答", outcome="dismissed"
        )
    services.answer_objection(
        objection, acting_user=users.supervisor, answer="维持", outcome="dismissed"
    )


def test_objection_adjusted_records_the_points_and_recomputes(period, users):
    score = unit_score(period, "NX-YC")
    item = score.items.get(definition__code="ONTIME")
    objection = services.raise_objection(
        score, acting_user=users.yc_staff02, reason="逾期系系统故障", item=item
    )
    with pytest.raises(ValidationError):
        services.answer_objection(
            objection, acting_user=users.supervisor, answer="调整", outcome="adjusted"
        )  # no points
    objection = services.answer_objection(
        objection,
        acting_user=users.supervisor,
        answer="系统故障属实，调整为满分",
        outcome=ObjectionOutcome.ADJUSTED,
        points="40",
    )
    assert objection.adjustment.points == D("40.00")
    assert objection.adjustment.reason == "系统故障属实，调整为满分"
    period.refresh_from_db()
    assert period.version == 2
    new = unit_score(period, "NX-YC")
    assert new.items.get(definition__code="ONTIME").points == D("40.00")
    # The objection concerned version 1: a new objection goes to the new score.
    with pytest.raises(TransitionError):
        services.raise_objection(score, acting_user=users.yc_staff02, reason="again")


def test_adjusting_a_published_period_is_refused(period, users):
    services.publish_period(period, acting_user=users.leader)
    score = unit_score(period, "NX-YC")
    objection = services.raise_objection(
        score, acting_user=users.yc_staff02, reason="不服", item=score.items.first()
    )
    with pytest.raises(TransitionError):
        services.answer_objection(
            objection, acting_user=users.supervisor, answer="调整", outcome="adjusted", points=1
        )


def test_my_scores_and_objections_by_scope(period, staff_period, users):
    mine = list(selectors.my_scores(users.handler))
    assert {(s.period.scheme.code, s.staff_id) for s in mine} == {
        ("T-UNIT", None),  # his unit's score (NX-DLR-USE)
        ("T-STAFF", users.handler.pk),
    }
    score = unit_score(period, "NX-YC")
    objection = services.raise_objection(score, acting_user=users.yc_staff02, reason="不服")
    assert list(selectors.objections_visible_to(users.yc_staff02)) == [objection]
    assert list(selectors.objections_visible_to(users.yc_supervisor)) == [objection]
    assert list(selectors.objections_visible_to(users.szs_staff05)) == []  # another city
    assert list(selectors.objections_visible_to(users.handler)) == []
    # The Yinchuan supervisor sees it but assesses nothing province-wide: not his to answer.
    assert list(selectors.objections_to_answer(users.yc_supervisor)) == []
    assert list(selectors.objections_to_answer(users.supervisor)) == [objection]
