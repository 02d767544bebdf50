"""The staff workbench: who reaches which page, the to-do queue, the detail's
action panel, each action through its form, and window registration."""

import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from xiaoneng.cases import actions
from xiaoneng.cases.forms import ACTION_FORMS
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.cases.testing import CREDIT_CODE, ID_NUMBER, at
from xiaoneng.core.masking import mask_identifier
from xiaoneng.org.models import StaffProfile

pytestmark = pytest.mark.django_db

STAFF = ["clerk", "handler", "reviewer", "approver", "supervisor", "leader"]
OUTSIDERS = ["yc_clerk", "yc_supervisor"]
ADMINS = ["sysadmin", "secadmin", "auditadmin"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def today():
    """Every request happens on Tuesday 2026-02-10, the day after the cases arrive."""
    with time_machine.travel(at("2026-02-10"), tick=False):
        yield


def detail_url(case):
    return reverse("cases:detail", args=[case.number])


def action_url(case, action):
    return reverse("cases:action", args=[case.number, action])


def shown_actions(response) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode()))


def shows(response, message) -> bool:
    return str(escape(message)) in response.content.decode()


def state(case):
    case.refresh_from_db()
    return (case.status, case.stage_index, case.handler_id, case.event_count, case.last_event_hash)


def at_stage(reviewed, users, stage: int):
    """A reviewed case moved on to ``stage`` (2 review, 3 decision)."""
    case = reviewed()
    if stage >= 2:
        case = actions.do_advance(case, acting_user=users.handler, opinion="同意")
    if stage >= 3:
        case = actions.do_advance(case, acting_user=users.reviewer, opinion="同意")
    return case


# -- who reaches which page -----------------------------------------------------------


@pytest.mark.parametrize("username", STAFF + OUTSIDERS + ADMINS)
@pytest.mark.parametrize("page", ["cases:todo", "cases:list", "cases:register"])
def test_pages_by_role(client_for, users, username, page):
    allowed = {"clerk", "yc_clerk"} if page == "cases:register" else set(STAFF + OUTSIDERS)
    response = client_for(users[username]).get(reverse(page))
    assert response.status_code == (200 if username in allowed else 403)


@pytest.mark.parametrize("page", ["cases:todo", "cases:list", "cases:register"])
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("clerk", 200),
        ("handler", 200),
        ("supervisor", 200),
        ("leader", 200),
        ("yc_clerk", 404),
        ("yc_supervisor", 404),
        ("sysadmin", 404),
    ],
)
def test_case_detail_by_role_and_region(submit, client_for, users, username, status):
    case = submit()
    assert client_for(users[username]).get(detail_url(case)).status_code == status


def test_navigation_offers_the_workbench(client_for, users):
    clerk = [i["url"] for i in client_for(users.clerk).get("/").context["nav_items"]]
    assert reverse("cases:todo") in clerk
    assert reverse("cases:register") in clerk
    handler = [i["url"] for i in client_for(users.handler).get("/").context["nav_items"]]
    assert reverse("cases:todo") in handler
    assert reverse("cases:register") not in handler
    admin = [i["url"] for i in client_for(users.sysadmin).get("/").context["nav_items"]]
    assert reverse("cases:todo") not in admin


# -- the action panel shows exactly the allowed actions ---------------------------------


@pytest.mark.parametrize("stage", [0, 1, 2, 3])
@pytest.mark.parametrize("username", STAFF)
def test_detail_shows_exactly_the_allowed_actions(
    submit, reviewed, client_for, users, stage, username
):
    case = submit() if stage == 0 else at_stage(reviewed, users, stage)
    response = client_for(users[username]).get(detail_url(case))
    assert response.status_code == 200
    case.refresh_from_db()
    assert shown_actions(response) == set(actions.allowed_actions(case, users[username]))


def test_supervisor_sees_everything_but_acts_on_nothing(reviewed, client_for, users):
    case = reviewed()
    response = client_for(users.supervisor).get(detail_url(case))
    assert shown_actions(response) == set()
    content = response.content.decode()
    assert "张三" in content
    assert ID_NUMBER not in content
    assert mask_identifier(ID_NUMBER) == "1101**********002X"
    assert mask_identifier(ID_NUMBER) in content
    assert "13800000000" not in content


def test_staff_acting_on_the_case_see_the_full_id_number(reviewed, client_for, users):
    case = reviewed()
    assert ID_NUMBER in client_for(users.handler).get(detail_url(case)).content.decode()


def test_every_action_has_a_form():
    assert set(ACTION_FORMS) == set(actions.GUARDS)


# -- the to-do queue ----------------------------------------------------------------------


def todo_numbers(client, query="") -> list[str]:
    response = client.get(reverse("cases:todo") + query)
    assert response.status_code == 200
    return [case.number for case in response.context["page"]]


def test_todo_holds_what_waits_on_each_user(submit, reviewed, client_for, users):
    received = submit()
    with_handler = reviewed()
    at_review = at_stage(reviewed, users, 2)
    at_decision = at_stage(reviewed, users, 3)
    assert todo_numbers(client_for(users.clerk)) == [received.number]
    assert set(todo_numbers(client_for(users.handler))) == {
        with_handler.number,
        at_review.number,
        at_decision.number,
    }
    assert todo_numbers(client_for(users.reviewer)) == [at_review.number]
    assert todo_numbers(client_for(users.approver)) == [at_decision.number]
    assert todo_numbers(client_for(users.supervisor)) == []
    assert todo_numbers(client_for(users.yc_clerk)) == []
    listed = client_for(users.supervisor).get(reverse("cases:list")).context["page"]
    assert listed.paginator.count == 4


def test_every_case_in_a_queue_offers_its_user_an_action(submit, reviewed, client_for, users):
    submit()
    reviewed()
    at_stage(reviewed, users, 2)
    case = at_stage(reviewed, users, 3)
    actions.do_request_extension(case, acting_user=users.handler, days=3, reason="专家评审")
    for username in STAFF:
        user = users[username]
        for case in client_for(user).get(reverse("cases:todo")).context["page"]:
            full = Case.objects.get(pk=case.pk)
            assert actions.allowed_actions(full, user) or full.handler_id == user.pk


def test_extension_request_waits_on_the_approver(reviewed, client_for, users):
    case = reviewed()
    assert todo_numbers(client_for(users.approver)) == []
    actions.do_request_extension(case, acting_user=users.handler, days=3, reason="现场踏勘")
    assert todo_numbers(client_for(users.approver)) == [case.number]


def test_an_approved_case_moves_from_the_handler_to_the_clerk(reviewed, client_for, users):
    case = at_stage(reviewed, users, 3)
    actions.do_decide(case, acting_user=users.approver, result="approve")
    assert todo_numbers(client_for(users.handler)) == []
    assert todo_numbers(client_for(users.clerk)) == [case.number]


def test_unassigned_handler_stage_waits_on_the_clerk_and_every_handler(submit, client_for, users):
    case = actions.do_accept(submit(), acting_user=users.clerk, now=at("2026-02-09", 11))
    assert todo_numbers(client_for(users.clerk)) == [case.number]
    other_handler = StaffProfile.objects.get(staff_no="NX0013").user
    assert todo_numbers(client_for(other_handler)) == [case.number]


def test_todo_is_sorted_green_channel_first_then_fewest_days(submit, client_for, users):
    early = submit("2026-02-04")  # fewer days left in its acceptance window
    late = submit("2026-02-09")
    project = KeyProject.objects.create(code="KP1", name="银川河东机场三期")
    green = submit("2026-02-09", key_project=project)
    assert todo_numbers(client_for(users.clerk)) == [green.number, early.number, late.number]


def test_filters_narrow_the_list(submit, reviewed, item, client_for, users):
    received = submit(applicant_name="宁夏某矿业有限公司")
    project = KeyProject.objects.create(code="KP1", name="银川河东机场三期")
    green = submit(key_project=project)
    accepted = reviewed()
    client = client_for(users.supervisor)

    def listed(query):
        response = client.get(reverse("cases:list") + query)
        assert response.status_code == 200
        return {case.number for case in response.context["page"]}

    everything = {received.number, green.number, accepted.number}
    assert listed("") == everything
    assert listed("?item=TEST") == everything
    assert listed("?status=in_review") == {accepted.number}
    assert listed("?stage=初审") == {accepted.number}
    assert listed("?green=on") == {green.number}
    assert listed("?q=矿业") == {received.number}
    assert listed("?q=" + accepted.number[-5:]) == {accepted.number}
    assert listed("?light=red") == set()
    response = client.get(reverse("cases:list") + "?item=NOPE&light=blue&page=zz")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"item", "light"}


def test_htmx_filtering_swaps_only_the_table(submit, client_for, users):
    submit()
    client = client_for(users.clerk)
    partial = client.get(reverse("cases:todo"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-table")
    assert partial.status_code == 200
    assert partial.templates[0].name == "cases/_case_table.html"
    assert "<html" not in partial.content.decode()
    full = client.get(reverse("cases:todo"))
    assert "<html" in full.content.decode()
    assert 'hx-target="#case-table"' in full.content.decode()


def test_lists_paginate_by_thirty(submit, client_for, users):
    for _ in range(31):
        submit()
    client = client_for(users.clerk)
    assert len(client.get(reverse("cases:todo")).context["page"]) == 30
    assert len(client.get(reverse("cases:todo") + "?page=2").context["page"]) == 1


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["clerk", "handler", "supervisor"])
def test_list_queries_do_not_grow_with_the_cases(
    reviewed, client_for, users, username, django_assert_max_num_queries
):
    client = client_for(users[username])
    for _ in range(5):
        reviewed()
    few = {page: count_queries(client, reverse(page)) for page in ["cases:todo", "cases:list"]}
    for _ in range(35):
        reviewed()
    for page, count in few.items():
        with django_assert_max_num_queries(count):
            response = client.get(reverse(page))
        expected = 30 if page == "cases:list" or username == "handler" else 0
        assert len(response.context["page"]) == expected
        # session, user, profile, roles, permissions, unit (and region or parent),
        # stage names, COUNT, one page of rows, items for the filter, session save,
        # and the navigation's question whether the user sits on a review committee.
        assert count <= 17, (page, count)


def test_detail_queries_do_not_grow_with_the_events(
    reviewed, client_for, users, django_assert_max_num_queries
):
    client = client_for(users.handler)
    short = reviewed()
    long = reviewed()
    for day in ["2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13", "2026-02-14"]:
        long = actions.do_pause(
            long, acting_user=users.handler, kind="hearing", reason="听证", now=at(day)
        )
        long = actions.do_resume(long, acting_user=users.handler, now=at(day, 16))
    assert long.event_count > short.event_count + 8
    count = count_queries(client, detail_url(short))
    with django_assert_max_num_queries(count):
        client.get(detail_url(long))
    # 20 for the case itself, and 4 for the supervision panel (CASE_PAGE_PANELS): the
    # case's cards, its orders and the two lookups of the orders' scope (the offices
    # of the handler's authority).
    assert count <= 24


# -- each action through its form -------------------------------------------------------


def post(client, case, action, data=None, **extra):
    return client.post(action_url(case, action), data or {}, **extra)


def test_lifecycle_through_the_forms(submit, client_for, users):
    case = submit()
    clerk, handler = client_for(users.clerk), None

    response = post(clerk, case, "accept")
    assert response.status_code == 302
    assert response["Location"] == detail_url(case)
    case.refresh_from_db()
    assert (case.status, case.stage_index) == ("in_review", 1)

    assert post(clerk, case, "assign", {"assign-handler": users.handler.pk}).status_code == 302
    case.refresh_from_db()
    assert case.handler == users.handler

    handler = client_for(users.handler)
    assert post(handler, case, "advance", {"advance-opinion": "材料齐全，同意"}).status_code == 302
    reviewer = client_for(users.reviewer)
    assert (
        post(reviewer, case, "send_back", {"send_back-reason": "补充踏勘记录"}).status_code == 302
    )
    case.refresh_from_db()
    assert case.stage_index == 1
    handler = client_for(users.handler)
    assert post(handler, case, "advance", {"advance-opinion": "已补充"}).status_code == 302
    reviewer = client_for(users.reviewer)
    assert post(reviewer, case, "advance", {"advance-opinion": "同意"}).status_code == 302

    handler = client_for(users.handler)
    pause = {"pause-kind": "expert_review", "pause-reason": "组织专家评审"}
    assert post(handler, case, "pause", pause).status_code == 302
    case.refresh_from_db()
    assert case.status == "paused"
    assert post(handler, case, "resume").status_code == 302
    extension = {"request_extension-days": "5", "request_extension-reason": "专家意见分歧"}
    assert post(handler, case, "request_extension", extension).status_code == 302

    approver = client_for(users.approver)
    assert (
        post(approver, case, "approve_extension", {"approve_extension-note": "同意"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.extension_days == 5
    assert post(approver, case, "decide", {"decide-result": "approve"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "approved"

    clerk = client_for(users.clerk)
    assert post(clerk, case, "complete", {"complete-fee_charged": "0"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "completed"
    assert case.fee_charged == Decimal("0")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "submitted", "accepted", "assigned", "advanced", "sent_back", "advanced", "advanced",
        "paused", "resumed", "extension_requested", "extension_approved", "decided", "completed",
    ]  # fmt: skip
    page = clerk.get(detail_url(case)).content.decode()
    for text in ["材料齐全，同意", "补充踏勘记录", "组织专家评审", "专家意见分歧"]:
        assert text in page


def test_supplement_lists_checked_and_typed_materials(submit, client_for, users):
    case = submit()
    response = post(
        client_for(users.clerk),
        case,
        "request_supplement",
        {"request_supplement-missing": ["申请书"], "request_supplement-other": "权属证明\n\n"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "supplement"
    assert case.documents.get().content["missing"] == ["申请书", "权属证明"]
    page = client_for(users.clerk).get(detail_url(case)).content.decode()
    assert "权属证明" in page


def test_refuse_withdraw_deny_and_reject_extension(submit, reviewed, client_for, users):
    clerk = client_for(users.clerk)
    refused = submit()
    data = {"refuse-reason": "不属于本机关职权", "refuse-legal_basis": "行政许可法第三十二条"}
    assert post(clerk, refused, "refuse", data).status_code == 302
    refused.refresh_from_db()
    assert refused.status == "refused"

    withdrawn = submit()
    assert (
        post(clerk, withdrawn, "withdraw", {"withdraw-reason": "申请人书面撤回"}).status_code == 302
    )
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"

    denied = at_stage(reviewed, users, 3)
    actions.do_request_extension(denied, acting_user=users.handler, days=3, reason="评审")
    approver = client_for(users.approver)
    assert post(approver, denied, "reject_extension").status_code == 302
    data = {"decide-result": "deny", "decide-reason": "不符合土地利用总体规划"}
    assert post(approver, denied, "decide", data).status_code == 302
    denied.refresh_from_db()
    assert (denied.status, denied.extension_status) == ("denied", "rejected")


def test_material_upload_and_download(submit, client_for, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submit()
    clerk = client_for(users.clerk)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    material = case.service_item.materials.get(name="申请书")
    data = {"attach_material-material": material.pk, "attach_material-file": upload}
    assert post(clerk, case, "attach_material", data).status_code == 302
    row = case.materials.get()
    assert row.name == "申请书"
    response = clerk.get(reverse("cases:material_file", args=[case.number, row.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    supervisor = client_for(users.supervisor)
    assert (
        supervisor.get(reverse("cases:material_file", args=[case.number, row.pk])).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("stage", "username", "action", "data", "field"),
    [
        (2, "reviewer", "advance", {"advance-opinion": "  "}, "opinion"),
        (2, "reviewer", "send_back", {}, "reason"),
        (0, "clerk", "refuse", {"refuse-reason": "不符合条件"}, "legal_basis"),
        (0, "clerk", "request_supplement", {}, "missing"),
        (1, "handler", "pause", {"pause-reason": "听证"}, "kind"),
        (1, "handler", "request_extension", {"request_extension-days": "99"}, "days"),
        (3, "approver", "decide", {"decide-result": "deny"}, "reason"),
        (3, "approver", "decide", {}, "result"),
        (1, "clerk", "assign", {"assign-handler": "999999"}, "handler"),
        (1, "clerk", "withdraw", {}, "reason"),
        (1, "handler", "attach_material", {}, "file"),
    ],
)
def test_bad_input_is_400_with_the_message_and_changes_nothing(
    submit, reviewed, client_for, users, stage, username, action, data, field
):
    case = submit() if stage == 0 else at_stage(reviewed, users, stage)
    before = state(case)
    response = post(client_for(users[username]), case, action, data)
    assert response.status_code == 400
    form = next(f for f in response.context["action_forms"] if f.action == action)
    assert form.errors[field]
    assert shows(response, form.errors[field][0])
    assert (
        f'id="panel-{action}" class="accordion-collapse collapse show"' in response.content.decode()
    )
    assert state(case) == before


def test_assigning_a_handler_of_another_authority_is_refused(submit, client_for, users):
    case = submit()
    yc_handler = StaffProfile.objects.get(user__username="yc_staff02").user
    before = state(case)
    response = post(client_for(users.clerk), case, "assign", {"assign-handler": yc_handler.pk})
    assert response.status_code == 400
    assert state(case) == before


def test_disguised_file_is_refused_with_its_message(submit, client_for, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submit()
    upload = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all")
    data = {"attach_material-name": "申请书", "attach_material-file": upload}
    response = post(client_for(users.clerk), case, "attach_material", data)
    assert response.status_code == 400
    form = next(f for f in response.context["action_forms"] if f.action == "attach_material")
    assert "scan.pdf" in form.errors["file"][0]
    assert shows(response, form.errors["file"][0])
    assert not case.materials.exists()


def test_wrong_role_gets_403_and_other_region_404(submit, client_for, users):
    case = submit()
    before = state(case)
    assert post(client_for(users.handler), case, "accept").status_code == 403
    assert post(client_for(users.supervisor), case, "accept").status_code == 403
    assert post(client_for(users.yc_clerk), case, "accept").status_code == 404
    assert post(client_for(users.clerk), case, "no_such_action").status_code == 404
    assert client_for(users.clerk).get(action_url(case, "accept")).status_code == 405
    assert state(case) == before


def test_illegal_transition_is_409_with_the_message(reviewed, client_for, users):
    case = reviewed()
    before = state(case)
    response = post(client_for(users.clerk), case, "accept")
    assert response.status_code == 409
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    assert shows(response, messages[0])
    assert state(case) == before


def test_document_pdf_is_served(submit, client_for, users):
    pytest.importorskip("xiaoneng.cases.documents")
    case = actions.do_accept(submit(), acting_user=users.clerk, now=at("2026-02-09", 11))
    document = case.documents.get()
    response = client_for(users.supervisor).get(
        reverse("cases:document_pdf", args=[case.number, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = client_for(users.yc_clerk).get(
        reverse("cases:document_pdf", args=[case.number, document.pk])
    )
    assert other.status_code == 404


# -- window registration ------------------------------------------------------------------


def registration(**overrides):
    data = {
        "service_item": "TEST",
        "channel": "window",
        "applicant_kind": "person",
        "applicant_name": "李四",
        "id_number": ID_NUMBER,
        "phone": "13900000000",
        "address": "银川市兴庆区解放东街1号",
        "title": "某某项目用地",
    }
    data.update(overrides)
    return data


def test_clerk_registers_an_application(item, client_for, users):
    response = client_for(users.clerk).post(reverse("cases:register"), registration())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(case)
    assert (case.applicant_name, case.id_number, case.status) == ("李四", ID_NUMBER, "received")
    assert case.events.get().kind == "submitted"


def test_organisation_registers_with_its_credit_code(item, client_for, users):
    data = registration(
        applicant_kind="org",
        applicant_name="宁夏某矿业有限公司",
        id_number="",
        credit_code=CREDIT_CODE.lower(),
        legal_representative="王五",
    )
    assert client_for(users.clerk).post(reverse("cases:register"), data).status_code == 302
    assert Case.objects.get().credit_code == CREDIT_CODE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"applicant_kind": "org", "credit_code": "91350100M000100Y44"}, "credit_code"),
        ({"applicant_name": ""}, "applicant_name"),
        ({"phone": ""}, "phone"),
        ({"service_item": "NOPE"}, "service_item"),
    ],
)
def test_bad_registration_is_400_and_stores_nothing(item, client_for, users, overrides, field):
    response = client_for(users.clerk).post(reverse("cases:register"), registration(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert shows(response, response.context["form"].errors[field][0])
    assert not Case.objects.exists()


def test_registration_offers_only_active_items_of_the_clerks_level(item, client_for, users):
    form = client_for(users.clerk).get(reverse("cases:register")).context["form"]
    offered = form.fields["service_item"].queryset
    assert item in offered
    assert all(i.level == "province" and i.is_active for i in offered)
    yc_form = client_for(users.yc_clerk).get(reverse("cases:register")).context["form"]
    assert item not in yc_form.fields["service_item"].queryset


@pytest.mark.parametrize(
    ("url", "field", "value", "expected"),
    [
        ("cases:check_id_number", "id_number", ID_NUMBER, "text-success"),
        ("cases:check_id_number", "id_number", ID_NUMBER.lower(), "text-success"),
        ("cases:check_id_number", "id_number", "110105194912310021", "text-danger"),
        ("cases:check_id_number", "id_number", "1101051949", "text-muted"),
        ("cases:check_credit_code", "credit_code", CREDIT_CODE, "text-success"),
        ("cases:check_credit_code", "credit_code", "91350100M000100Y44", "text-danger"),
    ],
)
def test_live_validation_answers_with_the_field_feedback(
    client_for, users, url, field, value, expected
):
    response = client_for(users.clerk).post(reverse(url), {field: value}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'class="{expected}"' in content
    assert "<html" not in content
    if expected == "text-danger":
        assert "GB " in content


def test_live_validation_is_for_clerks_and_posts(client_for, users):
    url = reverse("cases:check_id_number")
    assert client_for(users.handler).post(url, {"id_number": ID_NUMBER}).status_code == 403
    assert client_for(users.clerk).get(url).status_code == 405


def test_registration_form_wires_the_live_check(item, client_for, users):
    content = client_for(users.clerk).get(reverse("cases:register")).content.decode()
    assert f'hx-post="{reverse("cases:check_id_number")}"' in content
    assert 'hx-target="#id_id_number_error"' in content
    assert "<script>" not in content
    assert "style=" not in content
