"""Who sees which project, and who is refused (every page and API endpoint)."""

import pytest
from django.urls import reverse

from xiaoneng.cases.models import KeyProject
from xiaoneng.projects import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(project):
    """Projects in 永宁县 and 兴庆区 (Yinchuan) and in 沙坡头区 (Zhongwei)."""
    return (
        project(code="KP-YN", county="640121"),
        project(code="KP-XQ", county="640104"),
        project(code="KP-ZW", county="640502"),
    )


def _codes(user):
    return set(KeyProject.objects.visible_to(user).values_list("code", flat=True))


def test_scopes(three, users):
    assert _codes(users.clerk) == {"KP-YN", "KP-XQ", "KP-ZW"}  # department staff see all
    assert _codes(users.supervisor) == {"KP-YN", "KP-XQ", "KP-ZW"}
    assert _codes(users.c640121_1) == {"KP-YN"}  # a county bureau: its county
    assert _codes(users.c640104_2) == {"KP-XQ"}
    for name in ("yc_clerk", "yc_supervisor", "yc_staff06"):  # Yinchuan: nothing outside it
        assert _codes(users[name]) == {"KP-YN", "KP-XQ"}
    assert _codes(users.zw_staff01) == {"KP-ZW"}
    for name in ("sysadmin", "secadmin", "auditadmin"):
        assert _codes(users[name]) == set()


def test_the_coordinator_sees_his_project_anywhere(project, users):
    project(code="KP-ZW", county="640502", coordinator="yc_clerk")
    assert "KP-ZW" in _codes(users.yc_clerk)


def test_pages_and_api_follow_the_scope(three, client_for, users):
    client = client_for(users.c640121_1)
    board = client.get(reverse("projects:board"))
    assert [row["project"].code for row in board.context["rows"]] == ["KP-YN"]
    assert client.get(reverse("projects:detail", args=["KP-YN"])).status_code == 200
    assert client.get(reverse("projects:detail", args=["KP-ZW"])).status_code == 404
    api = client.get("/api/v1/key-projects/").json()
    assert [row["code"] for row in api["results"]] == ["KP-YN"]
    assert client.get("/api/v1/key-projects/KP-ZW/").status_code == 404
    assert client.get("/api/v1/key-projects/KP-ZW/approvals/").status_code == 404

    client = client_for(users.yc_supervisor)
    assert client.get(reverse("projects:detail", args=["KP-ZW"])).status_code == 404
    assert client.get("/api/v1/key-projects/KP-ZW/").status_code == 404
    for url in (
        reverse("projects:link", args=["KP-ZW"]),
        reverse("projects:add_service", args=["KP-ZW"]),
        reverse("projects:record_land", args=["KP-ZW", "X"]),
    ):
        assert client.post(url, {}).status_code == 404


GETS = [
    lambda: reverse("projects:board"),
    lambda: reverse("projects:detail", args=["KP-YN"]),
    lambda: "/api/v1/key-projects/",
    lambda: "/api/v1/key-projects/KP-YN/",
    lambda: "/api/v1/key-projects/KP-YN/approvals/",
]
POSTS = [
    lambda: reverse("projects:link", args=["KP-YN"]),
    lambda: reverse("projects:add_service", args=["KP-YN"]),
    lambda: reverse("projects:record_land", args=["KP-YN", "X"]),
]


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_administrators_are_refused_everywhere(three, client_for, users, username):
    client = client_for(users[username])
    for url in GETS:
        assert client.get(url()).status_code == 403, url()
    for url in POSTS:
        assert client.post(url(), {}).status_code == 403, url()


def test_anonymous_is_sent_to_login_or_refused(three, client):
    for url in GETS[:2] + POSTS:
        assert client.get(url()).status_code in (302, 405)
    for url in GETS[2:]:
        assert client.get(url()).status_code in (401, 403)


def test_navigation_entry_for_business_staff_only(client_for, users):
    assert "/projects/" in client_for(users.handler).get("/").content.decode()
    assert 'href="/projects/"' not in client_for(users.sysadmin).get("/").content.decode()


def test_wrong_business_role_may_not_act(three, case_of, client_for, users):
    kp = three[0]
    case = case_of("YDYS")
    # A clerk registers cases and a supervisor watches: neither links nor records.
    for name in ("clerk", "supervisor"):
        client = client_for(users[name])
        response = client.post(reverse("projects:link", args=[kp.code]), {"number": case.number})
        assert response.status_code == 403
    response = client_for(users.supervisor).post(
        reverse("projects:add_service", args=[kp.code]),
        {"kind": "onsite", "held_on": "2026-04-01", "participants": "甲", "notes": "乙"},
    )
    assert response.status_code == 403
    assert not kp.services.exists()
    case.refresh_from_db()
    assert case.key_project_id is None
    services.link_case(kp, case, acting_user=users.reviewer)  # the coordinator may


def test_the_refusal_tests_cover_every_route():
    """GETS and POSTS (refused to administrators, the other region and anonymous users
    above) name every page and API route of the board: a new one must be added there."""
    from xiaoneng.api_urls import router
    from xiaoneng.projects import urls as page_urls

    with_args = {"projects:detail": ["KP-YN"], "projects:link": ["KP-YN"]}
    with_args |= {"projects:add_service": ["KP-YN"], "projects:record_land": ["KP-YN", "X"]}
    pages = {
        reverse(f"projects:{p.name}", args=with_args.get(f"projects:{p.name}", []))
        for p in page_urls.urlpatterns
    }
    api = {u.name for u in router.urls if u.name and u.name.startswith("key-project-")}
    covered = {url() for url in GETS + POSTS}
    assert pages <= covered
    assert api == {"key-project-list", "key-project-detail", "key-project-approvals"}
    assert {
        "/api/v1/key-projects/",
        "/api/v1/key-projects/KP-YN/",
        "/api/v1/key-projects/KP-YN/approvals/",
    } <= covered
