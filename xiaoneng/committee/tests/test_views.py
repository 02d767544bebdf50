"""Pages, minutes and API: who may do what, and the other region sees nothing."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from xiaoneng.cases.testing import at
from xiaoneng.committee import services
from xiaoneng.committee.choices import Choice, ItemResult, MeetingStatus
from xiaoneng.committee.models import Ballot

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(in_session, meeting, voters, users):
    """The meeting closed: 5 present; one recused, then 3 for and 1 against."""
    in_session(5)
    item = meeting.items.get()
    services.cast_ballot(item, acting_user=voters[4], choice=Choice.RECUSE, opinion="亲属任职")
    for user, choice in zip(voters[:4], ["for", "for", "for", "against"], strict=True):
        services.cast_ballot(item, acting_user=user, choice=choice, opinion="同意报批")
    services.close_item(item, acting_user=users.reviewer)
    return services.close_meeting(meeting, acting_user=users.reviewer)


PAGES = ["committee:list", "committee:meetings"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_for_members_and_readers_refused_to_others(name, land, users, client_for):
    for user in ("approver", "reviewer", "handler", "supervisor", "leader"):
        assert client_for(users[user]).get(reverse(name)).status_code == 200, user
    for user in ("clerk", "sysadmin", "auditadmin"):
        assert client_for(users[user]).get(reverse(name)).status_code == 403, user


def test_the_other_region_sees_no_committee_or_meeting(meeting, users, client_for):
    client = client_for(users.yc_supervisor)
    response = client.get(reverse("committee:list"))
    assert response.status_code == 200
    assert not response.context["committees"]
    assert not list(client.get(reverse("committee:meetings")).context["page"])
    assert client.get(reverse("committee:meeting", args=[meeting.pk])).status_code == 404
    assert client.get("/api/v1/committees/").json()["count"] == 0
    assert client.get(f"/api/v1/committee-meetings/{meeting.pk}/").status_code == 404


def test_meeting_page_shows_the_secretary_his_forms_and_the_member_a_ballot(
    in_session, meeting, users, client_for
):
    page = client_for(users.reviewer).get(reverse("committee:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert "attendance_form" in page.context
    in_session(5)
    page = client_for(users.approver).get(reverse("committee:meeting", args=[meeting.pk]))
    assert page.context["voter"]
    assert page.context["items"][0].can_vote
    assert page.context["items"][0].live is None  # members do not see the running tally
    page = client_for(users.reviewer).get(reverse("committee:meeting", args=[meeting.pk]))
    assert page.context["items"][0].live.present == 5


def test_vote_through_the_page_once(in_session, meeting, users, client_for):
    in_session(5)
    item = meeting.items.get()
    url = reverse("committee:vote", args=[item.pk])
    client = client_for(users.approver)
    assert client.post(url, {"choice": "for", "opinion": "同意"}).status_code == 302
    assert client.post(url, {"choice": "against"}).status_code == 409
    assert client.post(url, {"choice": "maybe"}).status_code == 400
    assert Ballot.objects.get(item=item, voter=users.approver).choice == Choice.FOR
    assert client_for(users.supervisor).post(url, {"choice": "for"}).status_code == 403
    assert client_for(users.clerk).post(url, {"choice": "for"}).status_code == 403
    assert client_for(users.yc_supervisor).post(url, {"choice": "for"}).status_code == 404


def test_secretary_actions_refused_to_members_and_readers(meeting, users, voters, client_for):
    actions = ["open", "close", "attendance", "add", "cancel"]
    for user in (users.approver, users.supervisor):
        client = client_for(user)
        for action in actions:
            url = reverse("committee:meeting_action", args=[meeting.pk, action])
            response = client.post(url, {"reason": "x", "case": "x", "present": [voters[0].pk]})
            assert response.status_code == 403, (user, action)
        item = meeting.items.get()
        for name in ("committee:close_item", "committee:remove_item"):
            assert client.post(reverse(name, args=[item.pk])).status_code == 403
        response = client.post(
            reverse("committee:schedule", args=[meeting.committee_id]),
            {"starts_at": "2026-03-20T09:00", "place": "x"},
        )
        assert response.status_code == 403
    outsider = client_for(users.yc_supervisor)
    for action in actions:
        url = reverse("committee:meeting_action", args=[meeting.pk, action])
        assert outsider.post(url, {"reason": "x"}).status_code == 404, action
    item = meeting.items.get()
    for name in ("committee:close_item", "committee:remove_item"):
        assert outsider.post(reverse(name, args=[item.pk])).status_code == 404
    assert (
        client_for(users.clerk).post(reverse("committee:close_item", args=[item.pk])).status_code
        == 403
    )


def test_secretary_runs_the_meeting_through_the_pages(meeting, users, voters, client_for):
    client = client_for(users.reviewer)
    url = reverse("committee:meeting_action", args=[meeting.pk, "open"])
    assert client.post(url).status_code == 409  # no attendance yet
    attendance = reverse("committee:meeting_action", args=[meeting.pk, "attendance"])
    assert client.post(attendance, {"present": [u.pk for u in voters[:4]]}).status_code == 302
    assert client.post(url).status_code == 409  # 4 of 7: no quorum
    assert client.post(attendance, {"present": [u.pk for u in voters[:6]]}).status_code == 302
    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN


def test_minutes_pdf_holds_the_tally(decided, users, client_for):
    url = reverse("committee:minutes", args=[decided.pk])
    response = client_for(users.leader).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # pypdf, as the notices' tests: Debian's pdftotext needs poppler-data (the
    # Adobe-GB1 map) to read the non-embedded STSong-Light, which is not installed here.
    reader = PdfReader(BytesIO(response.content))
    compact = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert decided.number in compact
    assert "同意3票，不同意1票，弃权0票，回避1人" in compact
    assert "结论：通过" in compact
    assert "亲属任职" in compact
    assert "张海涛" in compact
    assert "王志强" in compact
    # Dates as the official notices write them (cases.documents.chinese_date).
    closed = timezone.localtime(decided.closed_at).date()
    assert f"{closed.year}年{closed.month}月{closed.day}日" in compact
    assert client_for(users.clerk).get(url).status_code == 403
    assert client_for(users.yc_supervisor).get(url).status_code == 404


def test_minutes_only_for_a_closed_meeting(meeting, users, client_for):
    url = reverse("committee:minutes", args=[meeting.pk])
    assert client_for(users.reviewer).get(url).status_code == 404


def test_my_ballots_for_members_only(decided, users, voters, client_for):
    response = client_for(voters[0]).get(reverse("committee:ballots"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 1
    for user in (users.supervisor, users.clerk, users.yc_supervisor):
        assert client_for(user).get(reverse("committee:ballots")).status_code == 403
    # The tab is offered to those it opens for: a supervisor reads the committees, no ballots.
    ballots_tab = f'href="{reverse("committee:ballots")}"'
    assert ballots_tab in client_for(voters[0]).get(reverse("committee:list")).content.decode()
    reader = client_for(users.supervisor).get(reverse("committee:list"))
    assert reader.status_code == 200
    assert ballots_tab not in reader.content.decode()


def test_api_reads_and_votes(in_session, meeting, users, voters, client_for):
    in_session(5)
    item = meeting.items.get()
    client = client_for(users.leader)
    assert client.get("/api/v1/committees/").json()["count"] == 2
    assert client.get(f"/api/v1/committee-meetings/{meeting.pk}/").json()["items"][0]["tally"] == {}
    url = f"/api/v1/committee-items/{item.pk}/vote/"
    assert client.post(url, {"choice": "for"}).status_code == 403  # a reader does not vote
    member = client_for(voters[1])
    # The ballot is the requester's own, whatever the body claims.
    response = member.post(url, {"choice": "for", "opinion": "同意", "voter": "approver"})
    assert response.status_code == 201
    assert response.json()["voter"] == voters[1].username
    assert not Ballot.objects.filter(item=item, voter=users.approver).exists()
    assert member.post(url, {"choice": "for"}).status_code == 409
    assert member.post(url, {"choice": "yes"}).status_code == 400
    assert client_for(users.clerk).get("/api/v1/committees/").status_code == 403
    assert client_for(users.clerk).post(url, {"choice": "for"}).status_code == 403
    assert client_for(users.yc_supervisor).post(url, {"choice": "for"}).status_code == 404
    assert (
        client_for(users.yc_supervisor).get(f"/api/v1/committee-items/{item.pk}/").status_code
        == 404
    )


def test_closed_item_result_is_on_the_case_page(decided, users, client_for):
    item = decided.items.get()
    assert item.result == ItemResult.PASSED
    response = client_for(users.approver).get(reverse("cases:detail", args=[item.case.number]))
    assert response.status_code == 200


def test_every_read_refuses_a_user_without_seat_or_supervising_role(decided, users, client_for):
    item = decided.items.get()
    client = client_for(users.clerk)
    urls = [
        reverse("committee:meeting", args=[decided.pk]),
        reverse("committee:minutes", args=[decided.pk]),
        "/api/v1/committees/",
        "/api/v1/committee-meetings/",
        f"/api/v1/committee-meetings/{decided.pk}/",
        f"/api/v1/committee-items/{item.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    outsider = client_for(users.yc_supervisor)
    assert outsider.get("/api/v1/committee-meetings/").json()["count"] == 0


def test_lists_cost_the_same_queries_however_many_meetings(
    decided, users, client_for, django_assert_max_num_queries
):
    client = client_for(users.leader)
    with django_assert_max_num_queries(17):
        assert client.get(reverse("committee:meetings")).status_code == 200
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("committee:meetings"))
    for day in (11, 12, 13):
        services.schedule_meeting(
            decided.committee,
            acting_user=users.reviewer,
            starts_at=at(f"2026-03-{day}", 14),
            place="第二会议室",
        )
    with CaptureQueriesContext(connection) as after:
        assert "第二会议室" in client.get(reverse("committee:meetings")).content.decode()
    assert len(after) == len(before)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("committee:list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("committee:meeting", args=[decided.pk])).status_code == 200
