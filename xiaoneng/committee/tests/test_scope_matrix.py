"""Every page and API endpoint of the committees refuses the other region and the administrators.

The matrix names every route of the app (pages and API); a route added
without a line here fails ``test_the_matrix_covers_every_route``.
"""

import pytest
from django.urls import reverse

from xiaoneng.api_urls import router
from xiaoneng.committee import urls as page_urls
from xiaoneng.committee.models import Attendance, Ballot, Meeting

pytestmark = pytest.mark.django_db

# route name → (method, URL builder over the meeting); lists answer 200 but empty
# to another region's staff, every object route 404.
PAGES = {
    "committee:list": ("get", lambda m: reverse("committee:list"), "list"),
    "committee:meetings": ("get", lambda m: reverse("committee:meetings"), "list"),
    "committee:ballots": ("get", lambda m: reverse("committee:ballots"), "members"),
    "committee:schedule": (
        "post",
        lambda m: reverse("committee:schedule", args=[m.committee_id]),
        "object",
    ),
    "committee:meeting": ("get", lambda m: reverse("committee:meeting", args=[m.pk]), "object"),
    "committee:minutes": ("get", lambda m: reverse("committee:minutes", args=[m.pk]), "object"),
    "committee:meeting_action": (
        "post",
        lambda m: reverse("committee:meeting_action", args=[m.pk, "attendance"]),
        "object",
    ),
    "committee:vote": (
        "post",
        lambda m: reverse("committee:vote", args=[m.items.get().pk]),
        "object",
    ),
    "committee:close_item": (
        "post",
        lambda m: reverse("committee:close_item", args=[m.items.get().pk]),
        "object",
    ),
    "committee:remove_item": (
        "post",
        lambda m: reverse("committee:remove_item", args=[m.items.get().pk]),
        "object",
    ),
}
API = {
    "committee-list": ("get", lambda m: "/api/v1/committees/", "list"),
    "committee-detail": ("get", lambda m: f"/api/v1/committees/{m.committee_id}/", "object"),
    "committee-meeting-list": ("get", lambda m: "/api/v1/committee-meetings/", "list"),
    "committee-meeting-detail": (
        "get",
        lambda m: f"/api/v1/committee-meetings/{m.pk}/",
        "object",
    ),
    "committee-item-detail": (
        "get",
        lambda m: f"/api/v1/committee-items/{m.items.get().pk}/",
        "object",
    ),
    "committee-item-vote": (
        "post",
        lambda m: f"/api/v1/committee-items/{m.items.get().pk}/vote/",
        "object",
    ),
}
BODY = {
    "starts_at": "2026-03-20T09:00",
    "place": "x",
    "present": ["1"],
    "choice": "for",
    "reason": "x",
}


def test_the_matrix_covers_every_route():
    pages = {f"committee:{p.name}" for p in page_urls.urlpatterns}
    api = {
        u.name
        for u in router.urls
        if u.name and u.name.split("-")[0] == "committee" and not u.name.endswith("-root")
    }
    assert pages == set(PAGES)
    assert api == set(API)


def _call(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, BODY)


def _untouched(meeting):
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    assert not meeting.attendance_recorded
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert not Ballot.objects.exists()
    assert meeting.items.count() == 1
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("name", [*PAGES, *API])
def test_the_other_region_is_refused(name, meeting, users, client_for):
    method, url, kind = {**PAGES, **API}[name]
    response = _call(client_for(users.yc_supervisor), method, url(meeting))
    if kind == "object":
        assert response.status_code == 404, name
    elif kind == "members":
        assert response.status_code == 403, name
    else:  # a list: the outsider's region has no committee
        assert response.status_code == 200, name
        if name in API:
            assert response.json()["count"] == 0
        else:
            assert meeting.number not in response.content.decode()
    _untouched(meeting)


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin", "clerk"])
@pytest.mark.parametrize("name", [*PAGES, *API])
def test_administrators_and_clerks_are_refused(name, username, meeting, users, client_for):
    method, url, _kind = {**PAGES, **API}[name]
    response = _call(client_for(users[username]), method, url(meeting))
    assert response.status_code in (403, 404), (name, username, response.status_code)
    _untouched(meeting)


@pytest.mark.parametrize("name", [*PAGES, *API])
def test_anonymous_is_sent_to_log_in(name, meeting, client):
    method, url, _kind = {**PAGES, **API}[name]
    response = _call(client, method, url(meeting))
    assert response.status_code in ((302,) if name in PAGES else (401, 403)), name
    _untouched(meeting)
