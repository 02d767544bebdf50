"""Staff pages and the API: who may see and do what."""

import re

import pytest
import time_machine

from xiaoneng.cases.testing import ID_NUMBER, at
from xiaoneng.enforcement import services


@pytest.fixture
def land_case(open_penalty):
    return open_penalty()


PAGES = ["enforcement:list", "enforcement:benchmarks"]


@pytest.mark.parametrize("name", PAGES)
def test_staff_pages_open_for_staff_and_refuse_admins(name, client_for, users, penalty_setup):
    from django.urls import reverse

    assert client_for(users.handler).get(reverse(name)).status_code == 200
    assert client_for(users.sysadmin).get(reverse(name)).status_code == 403


def test_detail_shows_the_benchmark_suggestion(client_for, users, land_case):
    response = client_for(users.handler).get(f"/enforcement/{land_case.number}/")
    assert response.status_code == 200
    suggestion = response.context["suggestion"]
    assert suggestion.tier == "ordinary"
    assert "notice" in [form.step_name for form in response.context["step_forms"]]


def test_other_region_and_admins_do_not_see_department_cases(client_for, users, land_case):
    url = f"/enforcement/{land_case.number}/"
    assert client_for(users.yc_supervisor).get(url).status_code == 404
    assert client_for(users.yc_clerk).get(url).status_code == 404
    assert client_for(users.sysadmin).get(url).status_code == 403
    page = client_for(users.yc_supervisor).get("/enforcement/")
    assert land_case.number not in page.content.decode()
    assert client_for(users.supervisor).get(url).status_code == 200


def test_open_page_is_for_handlers(client_for, users, penalty_setup):
    assert client_for(users.handler).get("/enforcement/new/").status_code == 200
    assert client_for(users.clerk).get("/enforcement/new/").status_code == 403
    assert client_for(users.yc_clerk).post("/enforcement/new/", {}).status_code == 403


def test_open_page_and_portal_read_the_limits_from_deadlines(
    client_for, client, users, penalty_setup, monkeypatch
):
    from xiaoneng.enforcement import deadlines

    monkeypatch.setattr(deadlines, "FILING_LIMIT_WORKDAYS", 12)
    monkeypatch.setattr(deadlines, "DECISION_LIMIT_CALENDAR_DAYS", 95)
    monkeypatch.setattr(deadlines, "PUBLISH_WORKDAYS", 6)
    html = client_for(users.handler).get("/enforcement/new/").content.decode()
    assert "within 12 working days" in html or "12个工作日" in html
    assert "within 95 days" in html or "95日" in html
    portal = client.get("/portal/penalties/").content.decode()
    assert "within 6 working days" in portal or "6个工作日" in portal


def test_list_pages_keep_the_filter(client_for, users, open_penalty, monkeypatch):
    from xiaoneng.enforcement import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    for _ in range(2):
        open_penalty()
    html = client_for(users.supervisor).get("/enforcement/?violation=illegal_land_use").content
    assert b"?violation=illegal_land_use&amp;page=2" in html


def test_the_public_list_keeps_its_search_on_the_next_page(client, users, decided, monkeypatch):
    from xiaoneng.enforcement import portal_views

    monkeypatch.setattr(portal_views, "PAGE_SIZE", 1)
    for _ in range(2):
        services.publish_decision(decided(), acting_user=users.handler, now=at("2026-03-12"))
    html = client.get("/portal/penalties/", {"q": "宁国土资罚"}).content.decode()
    assert "?q=%E5%AE%81%E5%9B%BD%E5%9C%9F%E8%B5%84%E7%BD%9A&amp;page=2" in html


def test_open_page_creates_a_case(client_for, users, penalty_setup):
    data = {
        "violation_type": "illegal_mining",
        "discovered_on": "2026-03-02",
        "party_kind": "person",
        "party_name": "王五",
        "id_number": ID_NUMBER,
        "summary": "无证采砂",
        "area_m2": "0",
        "land_class": "other",
        "restorable": "on",
        "illegal_gains": "80000",
    }
    with time_machine.travel(at("2026-03-03"), tick=False):
        response = client_for(users.handler).post("/enforcement/new/", data)
    assert response.status_code == 302
    assert "WFCK" in response["Location"]
    bad = client_for(users.handler).post("/enforcement/new/", {**data, "id_number": "123"})
    assert bad.status_code == 400


def test_step_by_wrong_role_is_refused(client_for, users, land_case):
    url = f"/enforcement/{land_case.number}/notice/"
    body = {"notice-fine": "200000"}
    assert client_for(users.approver).post(url, body).status_code == 403
    assert client_for(users.clerk).post(url, body).status_code == 403
    assert client_for(users.yc_supervisor).post(url, body).status_code == 404
    assert client_for(users.sysadmin).post(url, body).status_code == 403


def test_out_of_range_notice_without_justification_is_a_400(client_for, users, land_case):
    url = f"/enforcement/{land_case.number}/notice/"
    with time_machine.travel(at("2026-03-03"), tick=False):
        response = client_for(users.handler).post(url, {"notice-fine": "900000"})
        assert response.status_code == 400
        ok = client_for(users.handler).post(
            url, {"notice-fine": "900000", "notice-justification": "情节恶劣"}
        )
        assert ok.status_code == 302


def test_early_decision_is_a_409(client_for, users, land_case):
    services.serve_notice(land_case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    with time_machine.travel(at("2026-03-04"), tick=False):
        response = client_for(users.handler).post(f"/enforcement/{land_case.number}/propose/", {})
    assert response.status_code == 409


# -- API -----------------------------------------------------------------------------


def test_api_lists_and_reads_in_scope(client_for, users, land_case):
    client = client_for(users.handler)
    listed = client.get("/api/v1/penalty-cases/").json()
    assert [row["number"] for row in listed["results"]] == [land_case.number]
    one = client.get(f"/api/v1/penalty-cases/{land_case.number}/").json()
    assert one["suggestion"]["tier"] == "ordinary"
    assert client.get("/api/v1/discretion-benchmarks/").status_code == 200


def test_api_refuses_other_region_and_wrong_roles(client_for, users, land_case):
    url = f"/api/v1/penalty-cases/{land_case.number}/"
    assert client_for(users.yc_supervisor).get(url).status_code == 404
    assert client_for(users.yc_supervisor).get("/api/v1/penalty-cases/").json()["results"] == []
    for admin in (users.sysadmin, users.auditadmin):
        client = client_for(admin)
        assert client.get("/api/v1/penalty-cases/").status_code == 403
        assert client.get("/api/v1/discretion-benchmarks/").status_code == 403
        assert client.get(url).status_code == 403
    notice = client_for(users.approver).post(
        url + "notice/", {"fine": "200000"}, content_type="application/json"
    )
    assert notice.status_code == 403
    for name in ("notice", "propose", "approve", "publish", "facts"):
        outsider = client_for(users.yc_supervisor).post(
            url + name + "/", {"fine": "1"}, content_type="application/json"
        )
        assert outsider.status_code == 404
        admin = client_for(users.sysadmin).post(
            url + name + "/", {}, content_type="application/json"
        )
        assert admin.status_code == 403
    opened = client_for(users.clerk).post(
        "/api/v1/penalty-cases/", {}, content_type="application/json"
    )
    assert opened.status_code in (400, 403)


def test_api_runs_the_procedure(client_for, users, land_case):
    url = f"/api/v1/penalty-cases/{land_case.number}/"
    handler = client_for(users.handler)
    with time_machine.travel(at("2026-03-03"), tick=False):
        bad = handler.post(url + "notice/", {"fine": "900000"}, content_type="application/json")
        assert bad.status_code == 400
        assert "justification" in bad.json()
        ok = handler.post(url + "notice/", {"fine": "200000"}, content_type="application/json")
        assert ok.status_code == 200
        assert ok.json()["stage_name"] == "告知"
        early = handler.post(url + "propose/", {}, content_type="application/json")
        assert early.status_code == 409
    with time_machine.travel(at("2026-03-11"), tick=False):
        handler = client_for(users.handler)  # a new session: the old one timed out
        assert (
            handler.post(url + "propose/", {}, content_type="application/json").status_code == 200
        )
        approver = client_for(users.approver)
        done = approver.post(url + "approve/", {}, content_type="application/json")
        assert done.status_code == 200
        assert done.json()["decision"]["status"] == "decided"
        assert (
            approver.post(url + "publish/", {}, content_type="application/json").status_code == 200
        )


def test_api_open_validates_party(client_for, users, penalty_setup):
    body = {
        "violation_type": "illegal_land_use",
        "discovered_on": "2026-03-02",
        "party_kind": "org",
        "party_name": "某公司",
        "credit_code": "91350100M000100Y44",
        "summary": "占地",
        "area_m2": "10",
    }
    with time_machine.travel(at("2026-03-03"), tick=False):
        client = client_for(users.handler)
        bad = client.post("/api/v1/penalty-cases/", body, content_type="application/json")
        assert bad.status_code == 400
        body["credit_code"] = "91350100M000100Y43"
        # Without a summary of the violation: a 400 naming the field (it was a 500).
        missing = client.post(
            "/api/v1/penalty-cases/",
            {k: v for k, v in body.items() if k != "summary"},
            content_type="application/json",
        )
        assert missing.status_code == 400
        assert "summary" in missing.json()
        # A discovery before the official calendar begins: a 400, not a 500.
        ancient = client.post(
            "/api/v1/penalty-cases/",
            {**body, "discovered_on": "0458-01-17", "late_opening_reason": "补录"},
            content_type="application/json",
        )
        assert ancient.status_code == 400
        assert "discovered_on" in ancient.json()
        ok = client.post("/api/v1/penalty-cases/", body, content_type="application/json")
        assert ok.status_code == 201


# -- portal --------------------------------------------------------------------------

ID_RE = re.compile(r"\d{17}[\dX]")
PHONE_RE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def test_portal_shows_only_published_decisions_masked(client, users, open_penalty):
    case = open_penalty(summary="当事人张三（身份证 11010519491231002X，电话 13800000000）占地建房")
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    services.approve_decision(case, acting_user=users.approver, now=at("2026-03-11", 15))
    detail_url = f"/portal/penalties/{case.number}/"
    assert client.get(detail_url).status_code == 404  # not published yet
    assert case.number not in client.get("/portal/penalties/").content.decode()
    services.publish_decision(case, acting_user=users.handler, now=at("2026-03-12"))
    listing = client.get("/portal/penalties/")
    assert listing.status_code == 200
    page = client.get(detail_url)
    assert page.status_code == 200
    for html in (listing.content.decode(), page.content.decode()):
        assert not ID_RE.search(html)
        assert not PHONE_RE.search(html)
        assert "张三" not in html.replace("当事人张*", "")
        assert "解放西街" not in html
    html = page.content.decode()
    assert "200,000.00" in html
    assert "第五十七条" in html
    assert "张*" in html


def test_portal_list_url_name():
    from django.urls import reverse

    assert reverse("enforcement_portal:decisions") == "/portal/penalties/"


def test_staff_page_masks_the_party_id_for_supervisors(client_for, users, land_case):
    url = f"/enforcement/{land_case.number}/"
    assert ID_NUMBER in client_for(users.handler).get(url).content.decode()
    html = client_for(users.supervisor).get(url).content.decode()
    assert ID_NUMBER not in html
    assert "1101**********002X" in html


def test_api_lists_overdue_publications_for_supervisors(client_for, users, decided):
    case = decided()
    with time_machine.travel(at("2026-03-23"), tick=False):
        rows = client_for(users.supervisor).get("/api/v1/penalty-cases/?publication=overdue")
        assert [row["number"] for row in rows.json()["results"]] == [case.number]
        other = client_for(users.yc_supervisor).get("/api/v1/penalty-cases/?publication=overdue")
        assert other.json()["results"] == []


def test_schema_states_the_publication_limit_from_deadlines(client, db):
    import json

    from xiaoneng.enforcement import deadlines

    schema = json.dumps(client.get("/api/schema/?format=json").json(), ensure_ascii=False)
    days = deadlines.PUBLISH_WORKDAYS
    assert f"not published within {days} working days" in schema or f"{days}个工作日" in schema
    assert "{days}" not in schema


# -- a penalty case in its own words -------------------------------------------------


def test_a_penalty_case_reads_as_decided_and_closed_not_licensed(
    client, client_for, users, decided
):
    """Its statuses are the licensing ones underneath; the pages say what a penalty is at."""
    from django.urls import reverse
    from django.utils import translation

    case = decided()
    with translation.override("en"):
        assert case.get_status_display() == "Penalty decided, being executed"
    staff = client_for(users.handler)
    for url in (reverse("enforcement:list"), f"/enforcement/{case.number}/", "/cases/all/"):
        html = staff.get(url).content.decode()
        assert "已作出处罚决定，执行中" in html, url
        assert "准予许可，待发证</span>" not in html, url  # (a status filter may offer it)
    services.record_execution(
        case, acting_user=users.handler, amount_paid="200000", now=at("2026-03-20")
    )
    case = services.close_case(case, acting_user=users.handler, now=at("2026-03-23"))
    assert "已结案" in staff.get(reverse("enforcement:list")).content.decode()
    # A closed penalty case is published as a penalty decision, not as a licence granted.
    assert case.number not in client.get(reverse("portal:results")).content.decode()


def test_the_status_filter_tells_a_decided_penalty_from_a_licence_awaiting_issue(
    client_for, users, decided
):
    """Both are "approved" underneath: "licence awaiting issue" no longer lists penalties."""
    case = decided()
    staff = client_for(users.handler)

    def listed(status):
        response = staff.get("/cases/all/", {"status": status})
        assert response.status_code == 200
        return {row.number for row in response.context["page"]}

    assert listed("penalty_decided") == {case.number}
    assert case.number not in listed("approved")
    html = staff.get("/cases/").content.decode()
    assert '<option value="penalty_decided">已作出处罚决定，执行中</option>' in html


def test_amounts_are_grouped_by_thousands_in_chinese_as_in_english(client_for, users, decided):
    """Django's zh_Hans formats leave 200000.00 ungrouped; the decision's PDF writes 200,000.00."""
    case = decided()
    staff = client_for(users.handler)
    html = staff.get(f"/enforcement/{case.number}/").content.decode()
    assert "200,000.00</dd>" in html  # the fine
    assert "200,000.00–500,000.00" in html  # the benchmark's range
    assert "罚款200,000.00元至500,000.00元" in html  # the suggestion
    assert "200000.00" not in html.replace('value="200000.00"', "")  # (a number input's value)
    staff.cookies["django_language"] = "en"
    html = staff.get(f"/enforcement/{case.number}/").content.decode()
    assert "Fine (yuan)" in html  # (the page is English)
    assert "200,000.00</dd>" in html


def test_benchmarks_read_in_words_not_codes(client_for, users, penalty_setup):
    """The land classes were shown as their codes (basic_farmland), the gains ungrouped."""
    from django.urls import reverse

    html = client_for(users.handler).get(reverse("enforcement:benchmarks")).content.decode()
    assert "basic_farmland" not in html
    assert "地类：永久基本农田" in html  # a Chinese colon (it was ASCII, as in English)
    assert "; " not in html.split("<tbody>")[1]
    assert "建设用地、其他土地" in html
    assert "违法所得 1,000,000.00–∞ 元" in html
    assert "适用条件" in html


def test_benchmarks_list_each_violation_mildest_tier_first(client_for, users, penalty_setup):
    """The tiers were sorted by their codes (grave, minor, ordinary, serious): 严重 came first."""
    from django.urls import reverse

    from xiaoneng.enforcement.choices import Tier
    from xiaoneng.enforcement.selectors import active_benchmarks

    rows = list(active_benchmarks())
    assert len({row.violation_type for row in rows}) > 1
    for violation in {row.violation_type for row in rows}:
        tiers = [Tier(row.tier).severity for row in rows if row.violation_type == violation]
        assert tiers == sorted(tiers)
        assert len(set(tiers)) > 1
    html = client_for(users.handler).get(reverse("enforcement:benchmarks")).content.decode()
    body = html.split("<tbody>")[1]
    assert body.index("轻微") < body.index("一般") < body.index("较重") < body.index("严重")


def test_the_decision_limit_reads_as_overdue_not_as_negative_days_left(
    client_for, users, land_case, decided
):
    from xiaoneng.workdays.services import get_calendar

    url = f"/enforcement/{land_case.number}/"
    late = get_calendar().add_workdays(land_case.statutory_due_date, 3)
    with time_machine.travel(at(late.isoformat()), tick=False):
        html = client_for(users.handler).get(url).content.decode()
    assert 'data-overdue="3"' in html
    assert "超期3个工作日" in html
    assert "剩余-" not in html
    case = decided()
    html = client_for(users.handler).get(f"/enforcement/{case.number}/").content.decode()
    assert "已于2026-03-11作出决定" in html
