"""Every page and API endpoint: the right role gets it; the wrong role and region do not."""

from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader

from xiaoneng.campaign import discipline, services, study
from xiaoneng.campaign.choices import SourceKind
from xiaoneng.campaign.models import Problem
from xiaoneng.cases.testing import at


@pytest.fixture
def world(users, units, campaign):
    """A problem at the land-use office, one at Yinchuan, a session and a check."""
    problem = services.raise_problem(
        acting_user=users.supervisor,
        unit=units["NX-DLR-USE"],
        area="service",
        severity="minor",
        title="窗口解释不清",
        source_kind=SourceKind.RATING,
        now=at("2026-03-09"),
    )
    yc_problem = services.raise_problem(
        acting_user=users.yc_supervisor,
        unit=units["NX-YC"],
        area="efficiency",
        severity="minor",
        title="银川问题",
        now=at("2026-03-09"),
    )
    session = study.schedule_session(
        campaign,
        acting_user=users.leader,
        topic="土地管理法",
        speaker="法规处",
        starts_at=at("2026-03-10", 15),
        ends_at=at("2026-03-10", 17),
        place="会议室",
        audience=[units["NX-DLR-USE"]],
    )
    attendance = study.sign_in(session, acting_user=users.handler, now=at("2026-03-10", 15))
    study.confirm_attendance(attendance, acting_user=users.leader)
    check = discipline.record_check(
        acting_user=users.supervisor,
        unit=units["NX-DLR-USE"],
        checked_at=at("2026-03-10", 8),
        findings=[(users.handler, "chatting_gaming", "上班玩游戏")],
        now=at("2026-03-10", 12),
    )
    return {
        "campaign": campaign,
        "problem": problem,
        "yc_problem": yc_problem,
        "session": session,
        "check": check,
        "finding": check.findings.get(),
    }


def test_index_and_detail(users, client_for, world):
    campaign = world["campaign"]
    assert client_for(users.handler).get("/campaign/").status_code == 200
    response = client_for(users.handler).get(f"/campaign/{campaign.pk}/")
    assert response.status_code == 200
    assert "刘卉" in response.content.decode()  # the head of the leading group


def test_pages_refuse_anonymous(client):
    assert client.get("/campaign/").status_code == 302


@pytest.mark.parametrize(
    ("path", "allowed", "refused"),
    [
        ("/campaign/{c}/board/", "leader", "handler"),
        ("/campaign/{c}/board/summary.pdf", "supervisor", "clerk"),
        ("/campaign/checks/", "supervisor", "reviewer"),
    ],
)
def test_oversight_pages_refuse_other_roles(users, client_for, world, path, allowed, refused):
    path = path.format(c=world["campaign"].pk)
    assert client_for(users[allowed]).get(path).status_code == 200
    assert client_for(users[refused]).get(path).status_code == 403


def test_admin_duty_without_business_role_is_refused_the_board(users, client_for, world):
    path = "/campaign/{}/board/".format(world["campaign"].pk)
    assert client_for(users.sysadmin).get(path).status_code == 403


def test_problem_pages_scoped(users, client_for, world):
    problem, yc_problem = world["problem"], world["yc_problem"]
    assert client_for(users.handler).get(f"/campaign/problems/{problem.pk}/").status_code == 200
    assert client_for(users.clerk).get(f"/campaign/problems/{problem.pk}/").status_code == 404
    client = client_for(users.yc_supervisor)
    assert client.get(f"/campaign/problems/{problem.pk}/").status_code == 404
    assert client.get(f"/campaign/problems/{yc_problem.pk}/").status_code == 200
    ledger = client.get("/campaign/problems/").content.decode()
    assert yc_problem.number in ledger
    assert problem.number not in ledger


def test_yinchuan_board_shows_nothing_of_the_department(users, client_for, world):
    response = client_for(users.yc_supervisor).get(
        "/campaign/{}/board/".format(world["campaign"].pk)
    )
    assert response.status_code == 200
    board = response.context["board"]
    assert [label for label, *_rest in board.units] == ["银川局"]
    assert board.totals["problems"] == 1
    assert board.totals["findings"] == 0


def test_rectification_through_the_pages(users, client_for, world):
    problem = world["problem"]
    url = f"/campaign/problems/{problem.pk}/"
    client = client_for(users.handler)
    assert client.post(url + "plan/", {"measures": ""}).status_code == 400
    assert client.post(url + "plan/", {"measures": "培训"}).status_code == 302
    pdf = SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "application/pdf")
    response = client.post(url + "report/", {"text": "完成", "final": "on", "evidence": pdf})
    assert response.status_code == 302
    assert client.post(url + "verify/", {"passed": "yes"}).status_code == 403
    client = client_for(users.yc_supervisor)
    assert client.post(url + "verify/", {"passed": "yes"}).status_code == 404
    client = client_for(users.supervisor)
    assert client.post(url + "verify/", {"passed": "no"}).status_code == 400
    assert client.post(url + "verify/", {"passed": "no", "reason": "不足"}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == "rectifying"
    assert client.post(url + "verify/", {"passed": "yes"}).status_code == 409


def test_ledger_excel_export(users, client_for, world):
    response = client_for(users.supervisor).get("/campaign/problems/?format=xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert world["problem"].number in numbers
    assert world["yc_problem"].number in numbers  # the department's supervisor sees the province


def test_session_pages(users, client_for, world):
    session = world["session"]
    assert client_for(users.handler).get(f"/campaign/sessions/{session.pk}/").status_code == 200
    assert client_for(users.yc_clerk).get(f"/campaign/sessions/{session.pk}/").status_code == 404
    client = client_for(users.handler)
    url = f"/campaign/sessions/{session.pk}/confirm/"
    attendance = session.attendances.get()
    assert client.post(url, {"attendance": attendance.pk}).status_code == 403
    assert (
        client_for(users.handler)
        .get("/campaign/{}/sessions/".format(world["campaign"].pk))
        .status_code
        == 200
    )


def test_findings_page_and_explanation(users, client_for, world):
    finding = world["finding"]
    assert "上班玩游戏" in client_for(users.handler).get("/campaign/findings/").content.decode()
    assert (
        "上班玩游戏" not in client_for(users.reviewer).get("/campaign/findings/").content.decode()
    )
    url = f"/campaign/findings/{finding.pk}/explain/"
    assert client_for(users.reviewer).post(url, {"explanation": "x"}).status_code == 404
    assert client_for(users.handler).post(url, {"explanation": "误会"}).status_code == 302


def test_record_check_page(users, client_for, units, world):
    data = {
        "unit": units["NX-DLR-USE"].pk,
        "checked_at": "2026-03-11T08:30",
        "person": ["reviewer"],
        "kind": ["absent"],
        "description": ["脱岗"],
    }
    with time_machine.travel("2026-03-11 12:00 +0800", tick=False):
        assert client_for(users.leader).post("/campaign/checks/new/", data).status_code == 403
        assert (
            client_for(users.yc_supervisor).post("/campaign/checks/new/", data).status_code == 404
        )
        assert client_for(users.supervisor).post("/campaign/checks/new/", data).status_code == 302


def test_a_check_names_the_person_by_staff_number(users, client_for, units, world):
    """Supervisors know the staff number of the badge, not a login name: both are taken."""
    from xiaoneng.campaign.models import Finding

    reviewer = users.reviewer
    client = client_for(users.supervisor)
    page = client.get("/campaign/checks/").content.decode()
    assert f'<option value="{reviewer.profile.staff_no}">{reviewer.get_full_name()}' in page
    data = {
        "unit": units["NX-DLR-USE"].pk,
        "checked_at": "2026-03-11T08:30",
        "person": [reviewer.profile.staff_no.lower(), "NX9999"],
        "kind": ["absent", "absent"],
        "description": ["脱岗", "迟到"],
    }
    with time_machine.travel("2026-03-11 12:00 +0800", tick=False):
        refused = client.post("/campaign/checks/new/", data)
        assert refused.status_code == 400
        assert Finding.objects.filter(person=reviewer).count() == 0  # nothing half-written
        data["person"] = [reviewer.profile.staff_no.lower(), ""]
        assert client.post("/campaign/checks/new/", data).status_code == 302
    assert Finding.objects.filter(person=reviewer, description="脱岗").count() == 1
    # A leader reads the checks but records none: no list of staff to name.
    leader_page = client_for(users.leader).get("/campaign/checks/").content.decode()
    assert reviewer.profile.staff_no not in leader_page
    # A city's supervisor is offered his region's staff only.
    city_page = client_for(users.yc_supervisor).get("/campaign/checks/").content.decode()
    assert f'<option value="{reviewer.profile.staff_no}">' not in city_page


def compact(text):
    return "".join(str(text).split())


def test_summary_pdf_contains_the_board_figures(users, client_for, world):
    client = client_for(users.leader)
    board = client.get("/campaign/{}/board/".format(world["campaign"].pk)).context["board"]
    response = client.get("/campaign/{}/board/summary.pdf".format(world["campaign"].pk))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(BytesIO(response.content)).pages
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert world["campaign"].name in text
    assert board.totals["problems"] == 3  # two raised, one from the check
    assert "{}{}".format(compact(_("Problems found")), board.totals["problems"]) in text
    assert "{}{}".format(compact(_("Discipline findings")), board.totals["findings"]) in text
    for label, found, rectified, overdue in board.units:
        label = compact(label)
        assert f"{label}{found}{rectified}{overdue}" in text
    for rate in board.attendance:
        figures = f"{rate.expected}{rate.present}{rate.excused}{rate.absent}{rate.rate}%"
        assert compact(rate.label) + figures in text
    assert board.attendance[0].rate == 50.0  # the land-use office: 1 of 2 present


@pytest.mark.parametrize(
    "endpoint", ["campaigns", "campaign-problems", "study-sessions", "discipline-findings"]
)
def test_api_lists_scoped(users, client_for, world, endpoint):
    assert client_for(users.handler).get(f"/api/v1/{endpoint}/").status_code == 200
    assert client_for(users.supervisor).get(f"/api/v1/{endpoint}/").status_code == 200


def test_api_problem_scope(users, client_for, world):
    problem = world["problem"]
    data = client_for(users.handler).get(f"/api/v1/campaign-problems/{problem.pk}/").json()
    assert data["light"] in ("green", "yellow", "red")
    assert data["source_kind"] == "rating"
    yc = client_for(users.yc_supervisor)
    assert yc.get(f"/api/v1/campaign-problems/{problem.pk}/").status_code == 404
    numbers = {row["number"] for row in yc.get("/api/v1/campaign-problems/").json()["results"]}
    assert numbers == {world["yc_problem"].number}


def test_api_checks_for_oversight_only(users, client_for, world):
    check = world["check"]
    assert (
        client_for(users.supervisor).get(f"/api/v1/discipline-checks/{check.pk}/").status_code
        == 200
    )
    assert client_for(users.handler).get("/api/v1/discipline-checks/").status_code == 403
    assert (
        client_for(users.yc_supervisor).get(f"/api/v1/discipline-checks/{check.pk}/").status_code
        == 404
    )
    finding = world["finding"]
    assert (
        client_for(users.handler).get(f"/api/v1/discipline-findings/{finding.pk}/").status_code
        == 200
    )
    assert (
        client_for(users.reviewer).get(f"/api/v1/discipline-findings/{finding.pk}/").status_code
        == 404
    )


def test_api_refuses_anonymous_and_other_region_campaign_rows(client, users, client_for, world):
    assert client.get("/api/v1/campaigns/").status_code in (401, 403)
    session = world["session"]
    assert (
        client_for(users.yc_clerk).get(f"/api/v1/study-sessions/{session.pk}/").status_code == 404
    )
    data = (
        client_for(users.handler).get("/api/v1/campaigns/{}/".format(world["campaign"].pk)).json()
    )
    assert data["group"][0]["role"] in ("head", "member")


def test_department_only_campaign_is_hidden_from_yinchuan(users, units, client_for):
    from datetime import date

    from xiaoneng.campaign import campaigns

    own = campaigns.create_campaign(
        acting_user=users.leader,
        name="厅机关专项活动",
        organiser=units["NX-DLR"],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 6, 30),
        units=[units["NX-DLR"], units["NX-DLR-USE"]],
    )
    for path in ["/campaign/{}/", "/campaign/{}/sessions/", "/campaign/{}/checklist/"]:
        assert client_for(users.yc_supervisor).get(path.format(own.pk)).status_code == 404
    assert client_for(users.yc_supervisor).get(f"/campaign/{own.pk}/board/").status_code == 404
    assert client_for(users.yc_clerk).get(f"/api/v1/campaigns/{own.pk}/").status_code == 404
    assert client_for(users.handler).get(f"/campaign/{own.pk}/").status_code == 200


def test_checklist_pages(users, client_for, world):
    campaign = world["campaign"]
    client = client_for(users.handler)
    assert client.get(f"/campaign/{campaign.pk}/checklist/").status_code == 200
    assert client.get(f"/campaign/{campaign.pk}/checklist/mine/").status_code == 200
    assert not campaign.checklists.exists()  # looking does not start a checklist
    url = f"/campaign/{campaign.pk}/checklist/mine/"
    assert client.post(url, {}).status_code == 400  # every question must be answered
    from xiaoneng.campaign.campaigns import active_items

    data = {f"result_{item.pk}": "ok" for item in active_items()}
    first = next(iter(active_items()))
    data[f"result_{first.pk}"] = "problem"
    data[f"text_{first.pk}"] = "学习不积极"
    assert client.post(url, data).status_code == 302
    sheet = campaign.checklists.get(person=users.handler)
    assert sheet.answers.count() == 15
    assert client.post(url, data).status_code == 409


def test_manager_actions_refuse_staff_and_other_region(users, units, client_for, world):
    campaign = world["campaign"]
    data = {
        "topic": "x",
        "speaker": "y",
        "starts_at": "2026-12-01T15:00",
        "ends_at": "2026-12-01T17:00",
        "place": "z",
        "audience": [units["NX-DLR-USE"].pk],
    }
    url = f"/campaign/{campaign.pk}/sessions/new/"
    assert client_for(users.handler).post(url, data).status_code == 403
    assert client_for(users.yc_supervisor).post(url, data).status_code == 403
    assert client_for(users.leader).post(url, data).status_code == 302
    assert client_for(users.leader).post(url, {**data, "ends_at": "bad"}).status_code == 400
    assert client_for(users.leader).post(url, {**data, "audience": ["x"]}).status_code == 400


def test_task_and_plan_pages_refuse_other_units(users, units, campaign, client_for):
    from datetime import date

    from xiaoneng.campaign import campaigns

    phase = campaign.phases.get()
    task = campaigns.add_phase_task(
        phase,
        acting_user=users.leader,
        title="本单位动员",
        issued_on=date(2026, 3, 2),
        limit_days=5,
        unit=units["NX-DLR-USE"],
    )
    campaigns.request_submissions(
        campaign, acting_user=users.leader, kind="plan", issued_on=date(2026, 3, 2), limit_days=10
    )
    plan = campaign.submissions.get(unit=units["NX-DLR-USE"])
    assert client_for(users.clerk).post(f"/campaign/tasks/{task.pk}/done/").status_code == 404
    assert client_for(users.yc_clerk).post(f"/campaign/tasks/{task.pk}/done/").status_code == 404
    url = f"/campaign/submissions/{plan.pk}/"
    assert client_for(users.clerk).post(url, {"text": "x"}).status_code == 404
    assert client_for(users.yc_supervisor).post(url, {"text": "x"}).status_code == 404
    assert client_for(users.handler).post(url, {"text": "方案"}).status_code == 302
    assert client_for(users.handler).post(f"/campaign/tasks/{task.pk}/done/").status_code == 302


def test_index_shows_task_lights_as_of_today(users, units, campaign, client_for):
    from datetime import date

    from xiaoneng.campaign import campaigns

    campaigns.add_phase_task(
        campaign.phases.get(),
        acting_user=users.leader,
        title="本单位动员学习",
        issued_on=date(2026, 3, 2),
        limit_days=10,
        unit=units["NX-DLR-USE"],
    )  # due Monday 2026-03-16
    for day, light in [("2026-03-05", "green"), ("2026-03-13", "yellow"), ("2026-03-17", "red")]:
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            page = client_for(users.handler).get("/campaign/").content.decode()
        assert f'data-light="{light}"' in page, day


def test_board_query_count_is_bounded(users, client_for, world, django_assert_max_num_queries):
    client = client_for(users.leader)
    client.get("/campaign/{}/board/".format(world["campaign"].pk))
    with django_assert_max_num_queries(40):
        client.get("/campaign/{}/board/".format(world["campaign"].pk))


def test_leading_group_forms(users, units, client_for, world):
    campaign = world["campaign"]
    phase = campaign.phases.get()
    task = {"phase": phase.pk, "title": "新任务", "issued_on": "2026-03-02", "limit_days": "5"}
    url = f"/campaign/{campaign.pk}/manage/"
    assert client_for(users.handler).post(url + "task/", task).status_code == 403
    assert client_for(users.yc_supervisor).post(url + "task/", task).status_code == 403
    leader = client_for(users.leader)
    assert leader.post(url + "task/", {**task, "limit_days": "x"}).status_code == 400
    assert leader.post(url + "task/", task).status_code == 302
    assert phase.tasks.filter(title="新任务").exists()
    ask = {"kind": "ideas", "issued_on": "2026-03-02", "limit_days": "20"}
    assert leader.post(url + "request/", ask).status_code == 302
    assert campaign.submissions.filter(kind="ideas").count() == 5
    seat = {"username": "reviewer", "role": "deputy"}
    assert leader.post(url + "member/", seat).status_code == 302
    assert campaign.group.get(user=users.reviewer).role == "deputy"
    assert (
        leader.post(url + "member/", {"username": "yc_clerk", "role": "member"}).status_code == 302
    )
    responsible = {"unit": units["NX-DLR-USE"].pk, "username": "reviewer"}
    assert leader.post(url + "responsible/", responsible).status_code == 302
    assert campaign.units.get(unit=units["NX-DLR-USE"]).responsible == users.reviewer
    assert (
        leader.post(url + "responsible/", {**responsible, "username": "clerk"}).status_code == 400
    )
    assert leader.post(url + "nonsense/", {}).status_code == 404


def test_api_problem_list_query_count_is_constant(
    users, units, client_for, world, django_assert_max_num_queries
):
    for index in range(5):
        services.raise_problem(
            acting_user=users.supervisor,
            unit=units["NX-DLR-USE"],
            area="service",
            severity="minor",
            title=f"问题{index}",
        )
    client = client_for(users.supervisor)
    client.get("/api/v1/campaign-problems/")
    with django_assert_max_num_queries(18):  # constant: no query per row
        response = client.get("/api/v1/campaign-problems/")
    assert response.json()["count"] == 8


def test_ledger_bad_unit_is_a_400(users, client_for, world):
    response = client_for(users.supervisor).get("/campaign/problems/?unit=abc")
    assert response.status_code == 400


def test_the_ledger_pages_by_fifty_and_tells_a_late_rectification(users, units, client_for, world):
    """It showed the first 500 problems and no more; a late one read "red" once verified."""
    for number in range(50):
        services.raise_problem(
            acting_user=users.supervisor,
            unit=units["NX-DLR-USE"],
            area="efficiency",
            severity="minor",
            title=f"问题{number}",
            limit_days=5,
            now=at("2026-03-10"),
        )
    problem = world["problem"]
    services.plan_rectification(
        problem, acting_user=users.handler, measures="培训", now=at("2026-03-10")
    )
    services.report_progress(
        problem, acting_user=users.handler, text="完成", final=True, now=at("2026-06-01")
    )
    services.verify_rectification(
        problem, acting_user=users.supervisor, passed=True, now=at("2026-06-02")
    )
    client = client_for(users.supervisor)
    first = client.get("/campaign/problems/")
    assert len(first.context["rows"]) == 50
    assert "第 1 页，共 2 页" in first.content.decode()
    second = client.get("/campaign/problems/?page=2")
    total = Problem.objects.count()  # the world's two, the check's finding, these fifty
    assert total > 50
    assert len(second.context["rows"]) == total - 50
    shown = {row.number for row in [*first.context["rows"], *second.context["rows"]]}
    assert len(shown) == total
    html = client.get(f"/campaign/problems/{problem.pk}/").content.decode()
    assert "逾期完成" in html
    narrowed = client.get("/campaign/problems/", {"unit": units["NX-YC"].pk})
    assert [row.number for row in narrowed.context["rows"]] == [world["yc_problem"].number]


def test_ledger_excel_headers_follow_the_language(users, client_for, world):
    client = client_for(users.supervisor)
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/campaign/problems/?format=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert next(sheet.iter_rows(max_row=1, values_only=True))[0] == "编号"
    client.cookies["django_language"] = "en"
    response = client.get("/campaign/problems/?format=xlsx")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert next(sheet.iter_rows(max_row=1, values_only=True))[0] == "Number"


def test_detail_lists_each_phase_tasks(users, client_for, world):
    campaign = world["campaign"]
    response = client_for(users.leader).get(f"/campaign/{campaign.pk}/")
    assert response.status_code == 200
    phases = response.context["phases"]
    assert [phase for phase, _tasks in phases] == list(campaign.phases.all())
    for phase, tasks in phases:
        assert all(task.phase_id == phase.pk for task in tasks)
        assert all(hasattr(task, "reading") for task in tasks)
