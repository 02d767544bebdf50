"""Every assessment page: the right role and region get it; the wrong ones do not.

Refusals: an object outside the user's scope is a 404, the wrong role a 403,
bad input a 400 and the wrong state (published, computed already) a 409.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.assessment import services
from xiaoneng.assessment.choices import (
    NOT_RANKED,
    ObjectionStatus,
    PeriodStatus,
    Rule,
    Source,
    Subject,
)
from xiaoneng.assessment.models import ManualScore, Objection, Period, Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1, authorities

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(unit_scheme, decided, users):
    """Q1 of the unit scheme: the land-use office, Yinchuan's bureau and Xingqing's (a county)."""
    decided("NX-DLR-USE")
    decided("NX-DLR-USE", on="2026-02-25", due="2026-02-20")  # late
    decided("NX-YC", handler=users.yc_staff02)
    decided("NX-640104", handler=users.c640104_2)
    return services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period


@pytest.fixture
def staff_period(staff_scheme, decided, users):
    decided("NX-DLR-USE", handler=users.handler)
    decided("NX-YC", handler=users.yc_staff02)
    return services.compute_period(staff_scheme, Q1, as_of=AFTER_Q1).period


def unit_score(period, code) -> Score:
    return Score.objects.get(period=period, version=period.version, unit__code=code)


def get(client_for, user, path):
    return client_for(user).get(path)


def post(client_for, user, path, data=None):
    return client_for(user).post(path, data or {})


# -- the index, the navigation ---------------------------------------------------------


def test_pages_refuse_anonymous(client, period):
    assert client.get("/assessment/").status_code == 302
    assert client.get(f"/assessment/periods/{period.pk}/").status_code == 302


def test_index_lists_periods_and_my_unit_score(client_for, users, period):
    response = get(client_for, users.reviewer, "/assessment/")
    assert response.status_code == 200
    page = response.content.decode()
    assert Q1 in page
    # The reviewer belongs to the land-use office: its score is his unit's.
    assert f"/assessment/scores/{unit_score(period, 'NX-DLR-USE').pk}/" in page
    assert "/assessment/compute/" not in page  # not an assessor


def test_index_offers_computing_to_assessors_only(client_for, users, period):
    assert (
        'action="/assessment/compute/"'
        in get(client_for, users.supervisor, "/assessment/").content.decode()
    )


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_are_refused(client_for, users, period, username):
    user = users[username]
    assert get(client_for, user, "/assessment/").status_code == 403
    assert get(client_for, user, f"/assessment/periods/{period.pk}/").status_code == 403


def test_navigation_shows_the_assessment_to_business_staff(client_for, users):
    assert 'href="/assessment/"' in get(client_for, users.handler, "/").content.decode()
    assert 'href="/assessment/"' not in get(client_for, users.secadmin, "/").content.decode()


# -- the ranking page -----------------------------------------------------------------


def test_provincial_leader_sees_every_unit_with_the_city_and_its_county_side_by_side(
    client_for, users, period
):
    response = get(client_for, users.leader, f"/assessment/periods/{period.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("NX-DLR-USE", "NX-YC", "NX-640104"):
        assert f"/assessment/scores/{unit_score(period, code).pk}/" in page
    side = response.context["regions"]
    assert [c["region"].code for c in side["cities"]] == [
        "640100",
        "640200",
        "640300",
        "640400",
        "640500",
    ]
    yinchuan = next(c for c in side["cities"] if c["region"].code == "640100")
    assert [s.unit.code for s in yinchuan["bureau"]] == ["NX-YC"]
    # Every county bureau is scored; Xingqing (a case) ranked first, the others not ranked.
    counties = [u for u in authorities("6401") if u != "NX-YC"]
    assert [s.unit.code for s in yinchuan["counties"]] == ["NX-640104"] + [
        u for u in counties if u != "NX-640104"
    ]
    # The department itself had no case: not ranked, after its ranked office.
    assert [s.unit.code for s in side["province"]] == ["NX-DLR-USE", "NX-DLR"]


def test_subjects_without_a_case_are_not_ranked_and_shown_with_dashes(client_for, users, period):
    response = get(client_for, users.leader, f"/assessment/periods/{period.pk}/")
    scores = response.context["scores"]
    ranked = [s for s in scores if s.is_ranked]
    assert {s.unit.code for s in ranked} == {"NX-DLR-USE", "NX-YC", "NX-640104"}
    assert scores[: len(ranked)] == ranked  # listed after the ranked ones
    assert response.context["not_ranked"] == len(scores) - 3
    assert sum(g["n"] for g in response.context["grades"]) == 3
    # The chart draws the ranked totals only.
    chart = response.context["chart"]
    assert chart["totals"] == [float(s.total) for s in ranked]
    assert None not in chart["totals"]
    page = response.content.decode()
    assert str(NOT_RANKED) in page
    assert "None" not in page
    szs = unit_score(period, "NX-SZS")
    assert (szs.total, szs.grade, szs.rank) == (None, "", None)
    row = next(r for r in response.context["table"] if r["score"] == szs)
    ontime = row["cells"][0]
    assert (ontime["points"], ontime["na"], ontime["short"]) == (None, True, False)
    # The score page: "—" for the total, the rank and the rate indicators; the reason told.
    response = get(client_for, users.szs_staff02, f"/assessment/scores/{szs.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="total">—<' in page
    assert 'data-figure="rank">—<' in page
    assert 'data-note="not-ranked"' in page
    assert "None" not in page
    assert response.context["chart"]["totals"] == [None]
    ontime = szs.items.get(definition__code="ONTIME")
    response = get(
        client_for, users.szs_staff02, f"/assessment/scores/{szs.pk}/indicators/{ontime.pk}/"
    )
    assert response.status_code == 200
    assert 'data-figure="points">—' in response.content.decode()
    # The index lists the unit's score with dashes too.
    page = get(client_for, users.szs_staff02, "/assessment/").content.decode()
    assert f"/assessment/scores/{szs.pk}/" in page
    assert "None" not in page


def test_a_ranked_total_is_rescaled_over_the_indicators_that_apply(
    client_for, users, scheme_for, decided
):
    scheme = scheme_for(
        Subject.UNIT,
        [
            ("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 60, 80, 100, None),
            ("SATISFY", Source.SATISFACTION_RATE, Rule.LINEAR, 20, 80, 100, None),
            ("RED", Source.RED_CARDS, Rule.DEDUCTION, 20, None, None, 5),
        ],
        code="T-RESCALE",
    )
    decided("NX-YC", handler=users.yc_staff02)
    period = services.compute_period(scheme, Q1, as_of=AFTER_Q1).period
    score = unit_score(period, "NX-YC")
    assert score.total == D("100.00")  # 80 of the 80 points that apply, over 100
    response = get(client_for, users.yc_clerk, f"/assessment/scores/{score.pk}/")
    page = response.content.decode()
    assert 'data-note="rescaled"' in page
    assert 'data-indicator="SATISFY"><span class="text-muted"' in page
    assert [row["applicable"] for row in response.context["items"]] == [True, False, True]


def test_trend_lists_a_subject_not_ranked_after_the_ranked_ones(client_for, users, period):
    response = get(client_for, users.leader, f"/assessment/schemes/{period.scheme_id}/trend/")
    rows = response.context["rows"]
    ranked = [r["unit"].code for r in rows if r["last"].rank is not None]
    assert set(ranked) == {"NX-DLR-USE", "NX-YC", "NX-640104"}
    assert [r["unit"].code for r in rows[:3]] == ranked
    assert "None" not in response.content.decode()


def test_a_county_sees_only_itself(client_for, users, period):
    response = get(client_for, users.c640104_2, f"/assessment/periods/{period.pk}/")
    assert response.status_code == 200
    assert [s.unit.code for s in response.context["scores"]] == ["NX-640104"]
    other = unit_score(period, "NX-YC")
    assert get(client_for, users.c640104_2, f"/assessment/scores/{other.pk}/").status_code == 404


def test_a_period_of_another_region_is_not_found(client_for, users, scheme_for, decided):
    scheme = scheme_for(
        Subject.UNIT,
        [("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 100, 80, 100, None)],
        region="640100",
        code="T-YC",
    )
    decided("NX-YC", handler=users.yc_staff02)
    yinchuan = services.compute_period(scheme, Q1, as_of=AFTER_Q1).period
    assert (
        get(client_for, users.yc_supervisor, f"/assessment/periods/{yinchuan.pk}/").status_code
        == 200
    )
    # A handler of the department neither assesses Yinchuan nor is scored there.
    assert get(client_for, users.handler, f"/assessment/periods/{yinchuan.pk}/").status_code == 404


def test_ranking_page_query_count_does_not_grow_with_units(client_for, users, period, decided):
    client = client_for(users.leader)
    path = f"/assessment/periods/{period.pk}/"
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        client.get(path)
    for code in ("NX-SZS", "NX-WZ", "NX-GY", "NX-ZW", "NX-640105"):
        decided(code)
    services.recompute_period(
        period, acting_user=users.supervisor, reason="更多单位", as_of=AFTER_Q1
    )
    with CaptureQueriesContext(connection) as after:
        assert client.get(path).status_code == 200
    assert len(after) <= len(before) + 2


def test_an_unknown_version_is_not_found(client_for, users, period):
    path = f"/assessment/periods/{period.pk}/"
    assert get(client_for, users.leader, path + "?version=9").status_code == 404
    assert get(client_for, users.leader, path + "?version=x").status_code == 404


def test_an_earlier_version_stays_readable_after_recomputation(client_for, users, period):
    old = unit_score(period, "NX-YC")
    services.recompute_period(period, acting_user=users.supervisor, reason="复核", as_of=AFTER_Q1)
    period.refresh_from_db()
    response = get(client_for, users.leader, f"/assessment/periods/{period.pk}/?version=1")
    assert response.status_code == 200
    assert old in response.context["scores"]
    assert "version 1" in response.content.decode() or "版本" in response.content.decode()


# -- computing, publishing, recomputing ----------------------------------------------------


def test_only_an_assessor_computes(client_for, users, unit_scheme, decided):
    decided("NX-DLR-USE")
    data = {"scheme": unit_scheme.pk, "label": Q1}
    assert post(client_for, users.handler, "/assessment/compute/", data).status_code == 403
    assert not Period.objects.exists()


def test_assessor_computes_a_period(client_for, users, unit_scheme, decided, time_machine):
    time_machine.move_to("2026-04-10 09:00 +0800", tick=False)
    decided("NX-DLR-USE")
    response = post(
        client_for,
        users.supervisor,
        "/assessment/compute/",
        {"scheme": unit_scheme.pk, "label": Q1},
    )
    period = Period.objects.get(scheme=unit_scheme, label=Q1)
    assert response.status_code == 302
    assert response["Location"] == f"/assessment/periods/{period.pk}/"
    assert period.version == 1
    assert period.computed_by == users.supervisor


@pytest.mark.parametrize("label", ["2026-Q5", "Q3", "", "2026-13"])
def test_a_bad_period_label_is_a_400(client_for, users, unit_scheme, label):
    response = post(
        client_for,
        users.supervisor,
        "/assessment/compute/",
        {"scheme": unit_scheme.pk, "label": label},
    )
    assert response.status_code == 400


def test_a_period_not_ended_is_a_400(client_for, users, unit_scheme, time_machine):
    time_machine.move_to("2026-03-20 09:00 +0800", tick=False)
    response = post(
        client_for,
        users.supervisor,
        "/assessment/compute/",
        {"scheme": unit_scheme.pk, "label": Q1},
    )
    assert response.status_code == 400
    assert "2026-Q1" in response.content.decode()


def test_computing_a_computed_period_again_is_a_409(client_for, users, period):
    response = post(
        client_for,
        users.supervisor,
        "/assessment/compute/",
        {"scheme": period.scheme_id, "label": period.label},
    )
    assert response.status_code == 409


def test_only_a_leader_publishes(client_for, users, period):
    path = f"/assessment/periods/{period.pk}/publish/"
    assert post(client_for, users.supervisor, path).status_code == 403
    assert post(client_for, users.c640104_2, path).status_code == 403
    assert post(client_for, users.leader, path).status_code == 302
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED
    assert period.published_by == users.leader


def test_a_published_period_refuses_recomputation_until_unpublished(client_for, users, period):
    post(client_for, users.leader, f"/assessment/periods/{period.pk}/publish/")
    recompute = f"/assessment/periods/{period.pk}/recompute/"
    assert post(client_for, users.supervisor, recompute, {"reason": "复核"}).status_code == 409
    unpublish = f"/assessment/periods/{period.pk}/unpublish/"
    assert post(client_for, users.leader, unpublish, {"reason": ""}).status_code == 400
    assert post(client_for, users.leader, unpublish, {"reason": "数据更正"}).status_code == 302
    assert post(client_for, users.supervisor, recompute, {"reason": "数据更正"}).status_code == 302
    period.refresh_from_db()
    assert (period.status, period.version) == (PeriodStatus.COMPUTED, 2)
    assert Score.objects.filter(period=period, version=1).exists()  # the old rows are kept


def test_recomputing_needs_a_reason_and_an_assessor(client_for, users, period):
    path = f"/assessment/periods/{period.pk}/recompute/"
    assert post(client_for, users.supervisor, path, {"reason": " "}).status_code == 400
    assert post(client_for, users.c640104_2, path, {"reason": "想重算"}).status_code == 403


def test_an_unknown_action_is_a_404(client_for, users, period):
    assert (
        post(client_for, users.leader, f"/assessment/periods/{period.pk}/delete/").status_code
        == 404
    )


# -- manual scores ---------------------------------------------------------------------------


def test_manual_scores_page_is_for_assessors(client_for, users, period):
    path = f"/assessment/periods/{period.pk}/manual/"
    assert get(client_for, users.reviewer, path).status_code == 403
    assert get(client_for, users.supervisor, path).status_code == 200


def test_assessor_enters_a_manual_score_and_the_period_is_recomputed(client_for, users, period):
    review = period.scheme.indicators.get(code="REVIEW")
    yinchuan = unit_score(period, "NX-YC")
    response = post(
        client_for,
        users.supervisor,
        f"/assessment/periods/{period.pk}/manual/",
        {"indicator": review.pk, "subject": yinchuan.unit_id, "points": "6", "reason": "作风评议"},
    )
    assert response.status_code == 302
    entry = ManualScore.objects.get()
    assert (entry.points, entry.entered_by) == (D("6.00"), users.supervisor)
    period.refresh_from_db()
    assert period.version == 2
    new = unit_score(period, "NX-YC")
    assert new.items.get(indicator=review).points == D("6.00")


def test_manual_points_above_the_weight_are_a_400(client_for, users, period):
    review = period.scheme.indicators.get(code="REVIEW")
    response = post(
        client_for,
        users.supervisor,
        f"/assessment/periods/{period.pk}/manual/",
        {
            "indicator": review.pk,
            "subject": unit_score(period, "NX-YC").unit_id,
            "points": "11",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert not ManualScore.objects.exists()


# -- the drill-down ------------------------------------------------------------------------


def test_score_drills_down_to_exactly_the_cases_counted(client_for, users, period):
    score = unit_score(period, "NX-DLR-USE")
    ontime = score.items.get(definition__code="ONTIME")
    counted = sorted(ontime.evidence["cases"])
    late = ontime.evidence["late_cases"]
    assert len(counted) == 2
    assert len(late) == 1
    page = get(client_for, users.reviewer, f"/assessment/scores/{score.pk}/").content.decode()
    assert f"/assessment/scores/{score.pk}/indicators/{ontime.pk}/" in page
    response = get(
        client_for, users.reviewer, f"/assessment/scores/{score.pk}/indicators/{ontime.pk}/"
    )
    assert response.status_code == 200
    shown = [row[0][0] for row in response.context["table"]["rows"]]
    from xiaoneng.cases.models import Case

    assert shown == list(
        Case.objects.filter(pk__in=counted).order_by("pk").values_list("number", flat=True)
    )
    response = get(
        client_for,
        users.reviewer,
        f"/assessment/scores/{score.pk}/indicators/{ontime.pk}/?kind=late_cases",
    )
    assert [row[0][0] for row in response.context["table"]["rows"]] == list(
        Case.objects.filter(pk__in=late).values_list("number", flat=True)
    )


def test_unknown_evidence_kind_and_foreign_item_are_404(client_for, users, period):
    score = unit_score(period, "NX-DLR-USE")
    other = unit_score(period, "NX-YC").items.first()
    ontime = score.items.get(definition__code="ONTIME")
    base = f"/assessment/scores/{score.pk}/indicators/"
    assert get(client_for, users.leader, f"{base}{ontime.pk}/?kind=secrets").status_code == 404
    assert get(client_for, users.leader, f"{base}{other.pk}/").status_code == 404


def test_staff_see_their_own_score_not_a_colleagues(client_for, users, staff_period):
    mine = Score.objects.get(period=staff_period, staff=users.handler)
    assert get(client_for, users.handler, f"/assessment/scores/{mine.pk}/").status_code == 200
    assert get(client_for, users.reviewer, f"/assessment/scores/{mine.pk}/").status_code == 404
    yc = Score.objects.get(period=staff_period, staff=users.yc_staff02)
    assert get(client_for, users.handler, f"/assessment/scores/{yc.pk}/").status_code == 404


def test_trend_page_lists_the_scopes_subjects(client_for, users, period):
    response = get(client_for, users.c640104_2, f"/assessment/schemes/{period.scheme_id}/trend/")
    assert response.status_code == 200
    assert [row["unit"].code for row in response.context["rows"]] == ["NX-640104"]
    assert (
        get(
            client_for, users.sysadmin, f"/assessment/schemes/{period.scheme_id}/trend/"
        ).status_code
        == 403
    )
    assert get(client_for, users.leader, "/assessment/schemes/999999/trend/").status_code == 404


# -- objections ------------------------------------------------------------------------------


def test_objection_flow_raised_by_the_unit_and_dismissed_by_an_assessor(client_for, users, period):
    score = unit_score(period, "NX-YC")
    item = score.items.get(definition__code="ONTIME")
    path = f"/assessment/scores/{score.pk}/object/"
    # A leader of the province sees the score but it is not his: refused.
    assert post(client_for, users.leader, path, {"reason": "x"}).status_code == 403
    # A county member cannot even see it.
    assert post(client_for, users.c640104_2, path, {"reason": "x"}).status_code == 404
    assert post(client_for, users.yc_clerk, path, {"reason": ""}).status_code == 400
    response = post(client_for, users.yc_clerk, path, {"item": item.pk, "reason": "已依法暂停计时"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.item, objection.raised_by) == (item, users.yc_clerk)
    # The objection is listed for the assessor, who answers it.
    assert objection in get(client_for, users.leader, "/assessment/objections/").context["page"]
    answer = f"/assessment/objections/{objection.pk}/answer/"
    assert (
        post(client_for, users.leader, answer, {"outcome": "dismissed", "answer": ""}).status_code
        == 400
    )
    assert (
        post(
            client_for, users.leader, answer, {"outcome": "dismissed", "answer": "暂停无书面告知"}
        ).status_code
        == 302
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ANSWERED
    assert (objection.answered_by, objection.outcome) == (users.leader, "dismissed")
    page = get(client_for, users.yc_clerk, f"/assessment/scores/{score.pk}/").content.decode()
    assert "暂停无书面告知" in page
    # Answered twice: the wrong state.
    assert (
        post(
            client_for, users.leader, answer, {"outcome": "dismissed", "answer": "再答"}
        ).status_code
        == 409
    )


def test_an_adjusted_answer_recomputes_and_shows_the_new_score(client_for, users, period):
    score = unit_score(period, "NX-YC")
    objection = services.raise_objection(score, acting_user=users.yc_clerk, reason="评议不公")
    review = period.scheme.indicators.get(code="REVIEW")
    response = post(
        client_for,
        users.leader,
        f"/assessment/objections/{objection.pk}/answer/",
        {"outcome": "adjusted", "answer": "经复核调整", "points": "8", "indicator": review.pk},
    )
    period.refresh_from_db()
    new = unit_score(period, "NX-YC")
    assert response.status_code == 302
    assert response["Location"] == f"/assessment/scores/{new.pk}/"
    assert new.items.get(indicator=review).points == D("8.00")


def test_the_scored_unit_cannot_answer_its_own_objection(client_for, users, period):
    score = unit_score(period, "NX-YC")
    objection = services.raise_objection(score, acting_user=users.yc_clerk, reason="不服")
    # Yinchuan's supervisor is an assessor of the region but belongs to the unit scored.
    response = post(
        client_for,
        users.yc_supervisor,
        f"/assessment/objections/{objection.pk}/answer/",
        {"outcome": "dismissed", "answer": "驳回"},
    )
    assert response.status_code in (403, 404)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


def test_an_objection_outside_the_scope_is_not_found(client_for, users, period):
    score = unit_score(period, "NX-YC")
    objection = services.raise_objection(score, acting_user=users.yc_clerk, reason="不服")
    response = post(
        client_for,
        users.c640104_2,
        f"/assessment/objections/{objection.pk}/answer/",
        {"outcome": "dismissed", "answer": "驳回"},
    )
    assert response.status_code == 404


# -- the portal -------------------------------------------------------------------------------


def test_portal_shows_unit_grades_only_once_published(client, users, period, staff_period):
    page = client.get("/portal/assessment/").content.decode()
    assert "银川市国土资源局" not in page
    services.publish_period(period, acting_user=users.leader)
    response = client.get("/portal/assessment/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "银川市国土资源局" in page
    assert "兴庆区" in page
    # The bureaus without a case: "—" and "not ranked", after the ranked units of the city.
    assert str(NOT_RANKED) in page
    assert "None" not in page
    yinchuan = next(g for g in response.context["regions"] if g["region"].code == "640100")
    codes = [s.unit.code for s in yinchuan["rows"]]
    assert codes[:2] == ["NX-YC", "NX-640104"]
    assert all(s.total is None for s in yinchuan["rows"][2:])
    # Staff scores never reach the public site.
    services.publish_period(staff_period, acting_user=users.leader)
    assert users.handler.get_full_name() not in client.get("/portal/assessment/").content.decode()
    assert client.get(f"/portal/assessment/{staff_period.pk}/").status_code == 404
    assert client.get(f"/portal/assessment/{period.pk}/").status_code == 200


def test_drill_down_lists_the_red_card_counted(client_for, users, unit_scheme, decided):
    from xiaoneng.cases.testing import at
    from xiaoneng.supervision.models import Card

    case = decided("NX-YC", handler=users.yc_staff02)
    card = Card.objects.create(
        color="red",
        case=case,
        authority=case.authority,
        service_item=case.service_item,
        carded_unit=case.unit,
        carded_user=users.yc_staff02,
        reason="超过承诺时限",
        issued_at=at("2026-02-12"),
    )
    period = services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period
    score = unit_score(period, "NX-YC")
    red = score.items.get(definition__code="RED")
    assert red.evidence["cards"] == [card.pk]
    assert red.points == D("15.00")
    response = get(
        client_for, users.yc_clerk, f"/assessment/scores/{score.pk}/indicators/{red.pk}/?kind=cards"
    )
    assert response.status_code == 200
    rows = response.context["table"]["rows"]
    assert len(rows) == 1
    assert rows[0][1] == (case.number, f"/cases/{case.number}/")
    assert "超过承诺时限" in response.content.decode()


def test_index_query_count_does_not_grow_with_schemes(client_for, users, scheme_for):
    client = client_for(users.leader)
    scheme_for(Subject.UNIT)
    client.get("/assessment/")
    with CaptureQueriesContext(connection) as before:
        client.get("/assessment/")
    for region in ("640000", "640100", "640200"):
        scheme_for(Subject.STAFF, region=region)
    with CaptureQueriesContext(connection) as after:
        assert client.get("/assessment/").status_code == 200
    assert len(after) == len(before)
