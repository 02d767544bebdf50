"""The read API of schemes, periods and scores: the pages' scopes, bad input as 400."""

import io

import pytest
from django.core.management import call_command

from xiaoneng.assessment import services
from xiaoneng.assessment.choices import NOT_RANKED
from xiaoneng.assessment.models import Score
from xiaoneng.assessment.tests.conftest import AFTER_Q1, Q1, authorities

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(unit_scheme, decided, users):
    decided("NX-DLR-USE")
    decided("NX-YC", handler=users.yc_staff02)
    decided("NX-640104", handler=users.c640104_2)
    return services.compute_period(unit_scheme, Q1, as_of=AFTER_Q1).period


def api(client_for, user, path):
    return client_for(user).get("/api/v1/" + path)


def units(response) -> list[str]:
    return sorted(row["unit"] for row in response.json()["results"])


def test_anonymous_and_administrators_are_refused(client, client_for, users, period):
    assert client.get("/api/v1/assessment-scores/").status_code in (401, 403)
    for name in ("sysadmin", "secadmin", "auditadmin"):
        assert api(client_for, users[name], "assessment-scores/").status_code == 403
        assert api(client_for, users[name], "assessment-periods/").status_code == 403


def test_scores_follow_the_scope(client_for, users, period):
    # Every authority of the scheme's region is scored, and the office that has a case.
    assert units(api(client_for, users.leader, "assessment-scores/")) == sorted(
        [*authorities(), "NX-DLR-USE"]
    )
    assert units(api(client_for, users.yc_supervisor, "assessment-scores/")) == authorities("6401")
    assert units(api(client_for, users.c640104_2, "assessment-scores/")) == ["NX-640104"]


def test_subjects_not_ranked_come_last_with_null_total_and_rank(client_for, users, period):
    rows = api(client_for, users.leader, f"assessment-scores/?period={period.pk}").json()
    rows = rows["results"]
    ranked = [row for row in rows if row["ranked"]]
    assert sorted(row["unit"] for row in ranked) == ["NX-640104", "NX-DLR-USE", "NX-YC"]
    assert rows[: len(ranked)] == ranked  # best first, the subjects not ranked after
    assert [row["rank"] for row in ranked] == sorted(row["rank"] for row in ranked)
    for row in rows[len(ranked) :]:
        assert (row["total"], row["grade"], row["rank"]) == (None, "", None)
        assert row["grade_label"] == str(NOT_RANKED)
    szs = next(row for row in rows if row["unit"] == "NX-SZS")
    detail = api(client_for, users.leader, f"assessment-scores/{szs['id']}/").json()
    ontime = next(item for item in detail["items"] if item["code"] == "ONTIME")
    red = next(item for item in detail["items"] if item["code"] == "RED")
    assert (ontime["points"], ontime["applicable"]) == (None, False)
    assert (red["points"], red["applicable"]) == ("20.00", True)


def test_a_score_outside_the_scope_is_a_404(client_for, users, period):
    yc = Score.objects.get(period=period, unit__code="NX-YC")
    assert api(client_for, users.c640104_2, f"assessment-scores/{yc.pk}/").status_code == 404
    response = api(client_for, users.yc_clerk, f"assessment-scores/{yc.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "NX-YC"
    assert body["current"] is True
    ontime = next(item for item in body["items"] if item["code"] == "ONTIME")
    item = yc.items.get(definition__code="ONTIME")
    assert ontime["evidence"]["cases"] == item.evidence["cases"]


def test_current_versions_by_default_and_an_earlier_one_on_request(client_for, users, period):
    services.recompute_period(period, acting_user=users.supervisor, reason="复核", as_of=AFTER_Q1)
    current = api(client_for, users.leader, f"assessment-scores/?period={period.pk}").json()
    assert {row["version"] for row in current["results"]} == {2}
    old = api(client_for, users.leader, f"assessment-scores/?period={period.pk}&version=1").json()
    assert {row["version"] for row in old["results"]} == {1}
    assert {row["current"] for row in old["results"]} == {False}


@pytest.mark.parametrize("query", ["period=x", "version=1", "period=1&version=0"])
def test_bad_filters_are_a_400(client_for, users, period, query):
    response = api(client_for, users.leader, f"assessment-scores/?{query}")
    assert response.status_code == 400


def test_periods_and_schemes(client_for, users, period):
    periods = api(client_for, users.c640104_2, "assessment-periods/").json()["results"]
    assert [(p["scheme"], p["label"], p["version"]) for p in periods] == [("T-UNIT", Q1, 1)]
    filtered = api(client_for, users.leader, "assessment-periods/?label=2026-q1&scheme=T-UNIT")
    assert len(filtered.json()["results"]) == 1
    scheme = api(client_for, users.c640104_2, "assessment-schemes/T-UNIT/").json()
    assert [i["code"] for i in scheme["indicators"]] == [
        "ONTIME",
        "DAYS",
        "RED",
        "YELLOW",
        "REVIEW",
    ]
    # Shizuishan's bureau is scored (not ranked: no case), so its staff see the scheme.
    assert api(client_for, users.szs_staff02, "assessment-schemes/T-UNIT/").status_code == 200
    # A scheme the user neither is assessed under nor assesses does not exist for him: the
    # clerk's office (审批办) had no case and offices are scored only when they have one.
    assert api(client_for, users.clerk, "assessment-schemes/T-UNIT/").status_code == 404


def test_schema_documents_the_assessment_and_validates(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("assessment-schemes", "assessment-periods", "assessment-scores"):
        assert f"/api/v1/{path}/" in schema
    call_command(
        "spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO(), stderr=io.StringIO()
    )
