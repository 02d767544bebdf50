"""The cases API: the same actions, scopes and messages as the workbench, over HTTP."""

import io
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.cases.serializers import CaseDetailSerializer
from xiaoneng.cases.testing import ID_NUMBER, at

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
MASKED_ID = "1101**********002X"
# The token with its user, his profile, roles, two of permissions, his unit up
# to its authority (two), then the count and the page: 9 however many cases.
LIST_QUERIES = 9


def detail_url(number: str) -> str:
    return f"{CASES}{number}/"


def action_url(number: str, action: str) -> str:
    return f"{CASES}{number}/actions/{action}/"


def application(**applicant) -> dict:
    values = {"kind": "person", "name": "张三", "id_number": ID_NUMBER, "phone": "13800000000"}
    values.update(applicant)
    return {"service_item": "TEST", "channel": "window", "applicant": values}


@pytest.fixture
def api_for(users):
    """An API client authenticated as the given demo user (by username)."""

    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(users[username])
        return client

    return make


@pytest.fixture
def clerk_api(users):
    """The integration's client: a token made by ``drf_create_token``."""
    call_command("drf_create_token", "clerk", stdout=io.StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=users.clerk).key}")
    return client


def post(client, number, action, data=None):
    return client.post(action_url(number, action), data or {}, format="json")


# -- authentication ------------------------------------------------------------------


def test_drf_create_token_gives_a_working_token(users, submit):
    case = submit()
    out = io.StringIO()
    call_command("drf_create_token", "clerk", stdout=out)
    key = Token.objects.get(user=users.clerk).key
    assert key in out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(CASES)
    assert response.status_code == 200
    assert [row["number"] for row in response.data["results"]] == [case.number]
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    # Session authentication comes first, so DRF answers 403 rather than 401.
    assert client.get(CASES).status_code in (401, 403)


def test_anonymous_requests_are_refused(submit):
    case = submit()
    client = APIClient()
    assert client.get(CASES).status_code in (401, 403)
    assert client.get(detail_url(case.number)).status_code in (401, 403)
    assert client.post(CASES, application(), format="json").status_code in (401, 403)
    assert post(client, case.number, "accept").status_code in (401, 403)
    assert Case.objects.get().status == "received"


# -- the whole life of a case ----------------------------------------------------------


def test_lifecycle_over_http(item, clerk_api, api_for, time_machine):
    time_machine.move_to(at("2026-02-09"), tick=False)
    response = clerk_api.post(CASES, application(), format="json")
    assert response.status_code == 201, response.data
    case = response.data
    number = case["number"]
    assert response["Location"].endswith(detail_url(number))
    assert case["status"] == "received"
    assert case["stage"] == "受理"
    assert case["stage_kind"] == "acceptance"
    # The acceptance window of Art. 32: five working days, Saturday 14 Feb worked.
    assert case["due_date"] == "2026-02-14"
    assert case["light"] == "green"
    assert "accept" in case["allowed_actions"]

    time_machine.move_to(at("2026-02-09", 11), tick=False)
    case = post(clerk_api, number, "accept").data
    assert case["status"] == "in_review"
    assert case["stage"] == "初审"
    assert case["accepted_on"] == "2026-02-09"
    # 15 promised and 20 statutory working days across the Spring Festival.
    assert case["due_date"] == "2026-03-06"
    assert case["statutory_due_date"] == "2026-03-13"
    assert case["remaining_workdays"] == 15
    assert case["statutory_remaining_workdays"] == 20
    assert case["unconfirmed"] is False
    assert case["clock_state"] == "running"

    case = post(clerk_api, number, "assign", {"handler": "handler"}).data
    assert case["handler"] == "handler"

    time_machine.move_to(at("2026-02-12"), tick=False)
    case = post(api_for("handler"), number, "advance", {"opinion": "材料齐全，符合条件。"}).data
    assert case["stage"] == "审核"
    assert case["light"] == "green"

    time_machine.move_to(at("2026-03-04"), tick=False)
    case = post(api_for("reviewer"), number, "advance", {"opinion": "同意。"}).data
    assert case["stage"] == "决定"
    assert case["stage_kind"] == "decision"
    # Two promised days left (5 and 6 March): within the warning threshold of 3.
    assert case["remaining_workdays"] == 2
    assert case["light"] == "yellow"
    # The reviewer has passed the case on: he may still reassign it, no more.
    assert case["allowed_actions"] == ["assign"]

    time_machine.move_to(at("2026-03-09"), tick=False)
    approver = api_for("approver")
    assert "decide" in approver.get(detail_url(number)).data["allowed_actions"]
    case = post(approver, number, "decide", {"result": "approve"}).data
    assert case["status"] == "approved"
    assert case["stage"] == "办结发证"
    assert case["decision_result"] == "approve"
    assert case["decision_number"].startswith("宁国土资许〔2026〕")
    # Decided one working day after the promised due date: red, and stopped.
    assert case["light"] == "red"
    assert case["clock_state"] == "stopped"

    time_machine.move_to(at("2026-03-10"), tick=False)
    case = post(clerk_api, number, "complete").data
    assert case["status"] == "completed"
    assert case["fee_charged"] == "0.00"
    assert [event["kind"] for event in case["events"]] == [
        "submitted",
        "accepted",
        "assigned",
        "advanced",
        "advanced",
        "decided",
        "completed",
    ]
    assert [doc["kind"] for doc in case["documents"]] == ["acceptance", "approval"]
    assert case["allowed_actions"] == []


def test_every_other_action_answers_with_the_case(clerk_api, api_for, reviewed, time_machine):
    time_machine.move_to(at("2026-02-09", 15), tick=False)
    # Before acceptance: the one-time notice, then a refusal.
    number = clerk_api.post(CASES, application(), format="json").data["number"]
    response = post(clerk_api, number, "request_supplement", {"missing": ["申请书", "批准文件"]})
    assert response.status_code == 200
    assert response.data["status"] == "supplement"
    assert response.data["documents"][-1]["kind"] == "supplement"
    response = post(
        clerk_api, number, "refuse", {"reason": "不属于本机关职权", "legal_basis": "第三十二条"}
    )
    assert response.data["status"] == "refused"

    # Under review: pause and resume, extension asked and granted, sent back, withdrawn.
    number = reviewed().number
    handler = api_for("handler")
    response = post(handler, number, "pause", {"kind": "expert_review", "reason": "专家评审"})
    assert response.data["status"] == "paused"
    assert response.data["clock_state"] == "paused"
    assert response.data["pauses"][0]["kind"] == "expert_review"
    assert response.data["pauses"][0]["end"] is None
    response = post(handler, number, "resume")
    assert response.data["status"] == "in_review"
    assert response.data["pauses"][0]["end"] is not None
    response = post(handler, number, "request_extension", {"days": 5, "reason": "需现场核查"})
    assert response.data["extension_status"] == "requested"
    due = response.data["due_date"]
    response = post(api_for("approver"), number, "approve_extension")
    assert response.data["extension_days"] == 5
    assert response.data["due_date"] > due
    post(handler, number, "advance", {"opinion": "同意"})
    response = post(api_for("reviewer"), number, "send_back", {"reason": "补充论证"})
    assert response.data["stage"] == "初审"
    response = post(clerk_api, number, "withdraw", {"reason": "申请人书面撤回"})
    assert response.data["status"] == "withdrawn"

    number = reviewed().number
    post(handler, number, "request_extension", {"days": 3, "reason": "需现场核查"})
    response = post(api_for("approver"), number, "reject_extension", {"note": "理由不足"})
    assert response.data["extension_status"] == "rejected"
    assert response.data["extension_days"] == 0


# -- refusals: 404, 403, 409, 400 ---------------------------------------------------------


def test_a_case_of_another_region_does_not_exist_for_its_outsiders(submit, api_for):
    case = submit()
    outsider = api_for("yc_clerk")
    assert outsider.get(CASES).data["results"] == []
    assert outsider.get(detail_url(case.number)).status_code == 404
    response = post(outsider, case.number, "accept")
    assert response.status_code == 404
    assert response.data["detail"]
    assert Case.objects.get().status == "received"


def test_wrong_role_is_403_with_a_message(submit, api_for):
    case = submit()
    response = post(api_for("handler"), case.number, "accept")
    assert response.status_code == 403
    assert response.data["detail"]
    response = api_for("handler").post(CASES, application(), format="json")
    assert response.status_code == 403
    assert Case.objects.get().status == "received"
    assert Case.objects.count() == 1


def test_illegal_transitions_are_409_and_change_nothing(reviewed, api_for, clerk_api):
    case = reviewed()
    response = post(api_for("approver"), case.number, "decide", {"result": "approve"})
    assert response.status_code == 409
    assert "初审" in response.data["detail"]
    response = post(clerk_api, case.number, "complete")
    assert response.status_code == 409
    assert response.data["detail"]
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.events.count() == 3


def test_unknown_action_is_404(submit, clerk_api):
    case = submit()
    response = post(clerk_api, case.number, "approve_everything")
    assert response.status_code == 404
    assert "approve_everything" in response.data["detail"]
    assert "request_supplement" in response.data["detail"]
    assert post(clerk_api, case.number, "attach_material").status_code == 404
    assert Case.objects.get().event_count == 1


def test_invalid_id_number_is_400_naming_the_field_and_stores_nothing(item, clerk_api):
    response = clerk_api.post(CASES, application(id_number="110105194912310021"), format="json")
    assert response.status_code == 400
    assert set(response.data) == {"applicant"}
    assert "id_number" in response.data["applicant"]
    response = clerk_api.post(
        CASES,
        application(kind="org", name="宁夏某矿业有限公司", id_number="", credit_code="X"),
        format="json",
    )
    assert "credit_code" in response.data["applicant"]
    assert not Case.objects.exists()


def test_request_shapes_are_checked_before_the_action(clerk_api, reviewed, api_for):
    response = clerk_api.post(CASES, {**application(), "service_item": "NOPE"}, format="json")
    assert response.status_code == 400
    assert "service_item" in response.data
    response = clerk_api.post(CASES, {"channel": "fax"}, format="json")
    assert {"service_item", "channel", "applicant"} <= set(response.data)

    case = reviewed()
    handler = api_for("handler")
    response = post(handler, case.number, "request_extension", {"days": "ten", "reason": "x"})
    assert response.status_code == 400
    assert "days" in response.data
    response = post(handler, case.number, "request_extension", {"days": 30, "reason": "x"})
    assert response.status_code == 400
    assert "days" in response.data
    response = post(handler, case.number, "advance", {"opinion": "  "})
    assert response.status_code == 400
    assert "opinion" in response.data
    response = post(clerk_api, case.number, "assign", {"handler": "nobody"})
    assert response.status_code == 400
    assert "handler" in response.data
    case.refresh_from_db()
    assert case.extension_status == "none"
    assert case.stage["name"] == "初审"


@pytest.mark.parametrize("missing", [[], [""], "申请书", [1], None])
def test_missing_materials_must_be_a_list_of_names(submit, clerk_api, missing):
    case = submit()
    response = post(clerk_api, case.number, "request_supplement", {"missing": missing})
    assert response.status_code == 400
    assert "missing" in response.data
    assert Case.objects.get().status == "received"


def test_messages_are_chinese_unless_english_was_chosen(reviewed, api_for):
    case = reviewed()
    client = api_for("handler")
    response = post(client, case.number, "request_extension", {"days": "ten", "reason": "x"})
    assert response.data["days"] == ["请填写合法的整数值。"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post(client, case.number, "request_extension", {"days": "ten", "reason": "x"})
    assert response.data["days"] == ["A valid integer is required."]
    response = post(client, case.number, "decide", {"result": "approve"})
    assert response.status_code == 409
    assert response.data["detail"].startswith("The case is not at a stage")


# -- reading -------------------------------------------------------------------------------


def test_detail_shows_the_record_and_the_users_actions(
    reviewed, users, api_for, clerk_api, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = reviewed()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    actions.do_attach_material(
        case, acting_user=users.clerk, name="申请书", file=SimpleUploadedFile("a.pdf", pdf)
    )
    data = api_for("handler").get(detail_url(case.number)).data
    assert [event["seq"] for event in data["events"]] == [1, 2, 3, 4]
    accepted = data["events"][1]
    assert accepted["kind"] == "accepted"
    assert accepted["kind_display"]
    assert accepted["actor_name"]
    assert accepted["stage_name"] == "初审"
    assert accepted["data"]["accepted_on"] == "2026-02-09"
    assert data["documents"][0]["kind"] == "acceptance"
    assert data["documents"][0]["number"]
    assert data["documents"][0]["issued_on"] == "2026-02-09"
    [material] = data["materials"]
    assert material["name"] == "申请书"
    assert material["content_type"] == "application/pdf"
    assert material["size"] == len(pdf)
    assert len(material["sha256"]) == 64
    assert set(data["allowed_actions"]) == {"advance", "pause", "request_extension"}
    assert "attach_material" not in clerk_api.get(detail_url(case.number)).data["allowed_actions"]


def test_personal_data_is_unmasked_only_for_those_handling_the_case(submit, api_for, clerk_api):
    case = submit(address="宁夏银川市金凤区北京中路1号")
    handling = clerk_api.get(detail_url(case.number)).data["applicant"]
    assert handling == {
        "kind": "person",
        "name": "张三",
        "id_number": ID_NUMBER,
        "credit_code": "",
        "legal_representative": "",
        "phone": "13800000000",
        "address": "宁夏银川市金凤区北京中路1号",
    }
    # A supervisor watches the case but does not handle it.
    watching = api_for("supervisor").get(detail_url(case.number)).data
    assert watching["allowed_actions"] == []
    assert watching["applicant"]["id_number"] == MASKED_ID
    assert watching["applicant"]["phone"] == "138****0000"
    assert watching["applicant"]["address"] == "宁夏银川市金****"
    # Lists are masked for everyone.
    [row] = clerk_api.get(CASES).data["results"]
    assert row["applicant"]["id_number"] == MASKED_ID
    assert "events" not in row


def test_event_details_stay_internal(reviewed):
    case = reviewed()
    external = CaseDetailSerializer(case, context={"internal": False}).data
    assert [event["kind"] for event in external["events"]] == ["submitted", "accepted"]
    assert all("data" not in event for event in external["events"])
    internal = CaseDetailSerializer(case, context={"internal": True}).data
    assert internal["events"][2]["data"]["handler"] == "handler"


def test_list_filters(submit, reviewed, users, api_for, clerk_api):
    project = KeyProject.objects.create(code="KP1", name="银川河东机场扩建")
    plain = submit("2026-02-02")
    green = submit("2026-02-03", key_project=project)
    under_review = reviewed("2026-02-09")

    def numbers(**params):
        response = clerk_api.get(CASES, params)
        assert response.status_code == 200, response.data
        return [row["number"] for row in response.data["results"]]

    everything = numbers()
    assert everything[0] == green.number  # green channel first
    assert set(everything) == {plain.number, green.number, under_review.number}
    assert numbers(status="in_review") == [under_review.number]
    assert numbers(green_channel="true") == [green.number]
    assert set(numbers(green_channel="false")) == {plain.number, under_review.number}
    assert numbers(stage="初审") == [under_review.number]
    assert numbers(stage="first") == [under_review.number]
    assert set(numbers(stage="accept")) == {plain.number, green.number}
    assert numbers(stage="审核") == []
    assert numbers(handler="handler") == [under_review.number]
    assert numbers(received_after="2026-02-03", received_before="2026-02-03") == [green.number]
    assert len(numbers(service_item="TEST")) == 3
    assert numbers(service_item="OTHER") == []
    light = Case.objects.get(pk=under_review.pk).light
    assert under_review.number in numbers(light=light)
    assert clerk_api.get(CASES, {"status": "lost"}).status_code == 400
    assert clerk_api.get(CASES, {"received_after": "yesterday"}).status_code == 400
    row = clerk_api.get(detail_url(green.number)).data
    assert row["green_channel"] is True
    assert row["service_item"] == "TEST"
    assert row["service_item_name"] == "测试用地审批"


def test_list_costs_the_same_queries_for_5_and_25_cases(
    submit, users, clerk_api, django_assert_max_num_queries
):
    project = KeyProject.objects.create(code="KP1", name="重点项目")

    def make(count):
        for index in range(count):
            case = submit(key_project=project if index % 3 == 0 else None)
            if index % 2:
                case = actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
                actions.do_assign(case, acting_user=users.clerk, handler=users.handler)

    def list_queries(expected):
        with django_assert_max_num_queries(LIST_QUERIES) as captured:
            response = clerk_api.get(CASES)
        assert len(response.data["results"]) == expected
        return len(captured)

    make(5)
    few = list_queries(5)
    make(20)
    assert list_queries(25) == few


def test_detail_costs_a_fixed_number_of_queries(reviewed, users, clerk_api):
    case = reviewed()
    clerk_api.get(detail_url(case.number))  # the token's first use
    with CaptureQueriesContext(connection) as before:
        clerk_api.get(detail_url(case.number))
    for day, opinion in [("2026-02-10", "一"), ("2026-02-12", "二")]:
        actions.do_pause(
            case, acting_user=users.handler, kind="hearing", reason=opinion, now=at(day)
        )
        actions.do_resume(case, acting_user=users.handler, now=at(day, 16))
    with CaptureQueriesContext(connection) as after:
        clerk_api.get(detail_url(case.number))
    assert len(after) == len(before)


# -- the schema -----------------------------------------------------------------------------


def test_schema_documents_every_action_and_validates(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/cases/{number}/actions/" in text
    for name in ("accept", "request_supplement", "decide", "withdraw"):
        assert f"/api/v1/cases/{{number}}/actions/{name}/" in text
    call_command(
        "spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO(), stderr=io.StringIO()
    )


# -- concurrency (PostgreSQL) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's (SQLite serialises writers)",
)
def test_two_decisions_at_once_one_applies_the_other_is_409(transactional_org, item, submit):
    users = {user.username: user for user in get_user_model().objects.all()}
    case = submit()
    case = actions.do_accept(case, acting_user=users["clerk"], now=at("2026-02-09", 11))
    case = actions.do_assign(case, acting_user=users["clerk"], handler=users["handler"])
    case = actions.do_advance(case, acting_user=users["handler"], opinion="同意")
    case = actions.do_advance(case, acting_user=users["reviewer"], opinion="同意")
    barrier = threading.Barrier(2)
    codes = []

    def decide(username, result):
        client = APIClient()
        client.force_authenticate(users[username])
        try:
            barrier.wait()
            response = post(client, case.number, "decide", {"result": result, "reason": "理由"})
            codes.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("approver", "approve")),
        threading.Thread(target=decide, args=("nx_staff08", "deny")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    case = Case.objects.get(pk=case.pk)
    assert case.events.filter(kind="decided").count() == 1
    assert case.documents.filter(kind__in=["approval", "denial"]).count() == 1
    assert case.status in ("approved", "denied")
