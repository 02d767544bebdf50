"""The public progress lookup: number and code by POST, one answer for every miss, rate-limited."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.choices import EventKind, PauseKind, Status
from xiaoneng.cases.testing import ID_NUMBER, at

pytestmark = pytest.mark.django_db

PROGRESS = reverse("applicants:progress")
CSRF = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def lookup(client, number, code):
    return client.post(PROGRESS, {"number": number, "code": code})


def without_csrf(response) -> bytes:
    return CSRF.sub(b"", response.content)


@pytest.fixture
def paused(apply_online, users):
    """A one-off case accepted, assigned, with opinions and a pause; returns (case, code)."""
    case, code = apply_online()
    case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    case = actions.do_assign(case, acting_user=users.clerk, handler=users.handler)
    case = actions.do_advance(case, acting_user=users.handler, opinion="内部意见：同意上报")
    case = actions.do_assign(case, acting_user=users.clerk, handler=users.handler)
    case = actions.do_pause(
        case, acting_user=users.reviewer, kind=PauseKind.EXPERT_REVIEW, reason="组织专家评审"
    )
    return case, code


def test_get_shows_the_form_and_counts_nothing(client):
    for _ in range(15):
        response = client.get(PROGRESS)
    assert response.status_code == 200
    assert b'method="post"' in response.content


def test_lookup_shows_public_progress_only(client, paused, users):
    case, code = paused
    response = lookup(client, case.number.lower(), code.lower())  # typed loosely
    assert response.status_code == 200
    context = response.context
    assert context["case"] == case
    assert context["status_label"] == Status.PAUSED.label
    assert context["stage_name"] == "审核"
    labels = [row["label"] for row in context["timeline"]]
    assert labels == [
        EventKind.SUBMITTED.label,
        EventKind.ACCEPTED.label,
        EventKind.PAUSED.label,
    ]
    content = response.content.decode()
    assert "组织专家评审" in content
    assert str(PauseKind.EXPERT_REVIEW.label) in content
    assert case.due_date.isoformat() in content
    # Nothing internal: opinions, staff names, staff accounts, applicant's data in clear.
    for secret in ["内部意见", users.handler.get_full_name(), users.clerk.get_full_name()]:
        assert secret
        assert secret not in content
    assert ID_NUMBER not in content
    assert not re.search(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])", content)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", content)
    assert "李四" not in content
    assert "李*" in content
    assert "解放西街" not in content


def test_wrong_code_and_unknown_number_answer_identically(client, apply_online):
    case, code = apply_online()
    wrong_code = lookup(client, case.number, "ABCDEFGHJK")
    unknown = lookup(client, "640000-2026-NONE-00001", code)
    assert wrong_code.status_code == unknown.status_code == 200
    assert without_csrf(wrong_code) == without_csrf(unknown)
    assert case.number.encode() not in wrong_code.content
    assert dict(wrong_code.items()).keys() == dict(unknown.items()).keys()


def test_lookup_is_one_indexed_query_for_the_case(client, apply_online):
    case, code = apply_online()
    with CaptureQueriesContext(connection) as queries:
        assert lookup(client, case.number, code).status_code == 200
    lookup_sql = [q["sql"] for q in queries.captured_queries if "applicants_querycode" in q["sql"]]
    assert len(lookup_sql) == 1
    assert "c.number = " in lookup_sql[0]
    assert lookup_sql[0].count(" JOIN ") == 1
    assert len(queries.captured_queries) <= 6


def test_eleventh_lookup_in_a_minute_is_429(client, apply_online, today):
    case, code = apply_online()
    for _ in range(10):
        assert lookup(client, case.number, "WRONG00000").status_code == 200
    response = lookup(client, case.number, code)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many progress lookups" in content
    assert re.search(r"[\u4e00-\u9fff]", content)
    # Another address is counted apart, and the next minute starts again.
    other = client.post(PROGRESS, {"number": case.number, "code": code}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 200
    today.shift(61)
    assert lookup(client, case.number, code).status_code == 200


def test_missing_fields_are_400(client):
    assert client.post(PROGRESS, {"number": "X"}).status_code == 400


def test_codes_never_travel_in_urls(client, apply_online):
    case, code = apply_online()
    response = client.get(PROGRESS, {"number": case.number, "code": code})
    assert response.status_code == 200
    assert "case" not in response.context


def test_rating_from_a_lookup_result(client, apply_online, users):
    pytest.importorskip("xiaoneng.feedback.services")
    from xiaoneng.feedback.models import Rating

    case, code = apply_online()
    assert lookup(client, case.number, code).context["rate_form"] is None  # not accepted yet
    actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    result = lookup(client, case.number, code)
    form = result.context["rate_form"]
    assert form is not None
    token = form["token"].value()
    response = client.post(
        reverse("applicants:rate_lookup"),
        {"token": token, "moment": "acceptance", "level": "1", "comment": "很快"},
    )
    assert response.status_code == 200
    assert Rating.objects.filter(case=case, moment="acceptance").exists()
    again = client.post(
        reverse("applicants:rate_lookup"), {"token": token, "moment": "acceptance", "level": "2"}
    )
    # The moment is rated: the form is no longer offered and a second rating is refused.
    assert again.status_code == 409
    assert Rating.objects.filter(case=case).count() == 1
    assert lookup(client, case.number, code).context["rate_form"] is None
    forged = client.post(
        reverse("applicants:rate_lookup"), {"token": "x", "moment": "acceptance", "level": "2"}
    )
    assert forged.status_code == 403
