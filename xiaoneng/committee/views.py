"""The committee pages: committees, meetings (agenda, attendance, tally, ballots), my ballots.

Members, secretaries, supervisors and leaders use them; every other user gets
403. A meeting outside the user's scope is a 404. Each POST calls one service;
a refused transition shows the meeting again with its message and 409, bad
input with 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.cases.models import Case
from xiaoneng.committee import selectors, services
from xiaoneng.committee.choices import MeetingStatus, MemberRole
from xiaoneng.committee.forms import (
    AddItemForm,
    AttendanceForm,
    CancelForm,
    ScheduleForm,
    VoteForm,
)
from xiaoneng.committee.models import AgendaItem, Committee, Meeting
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError

PAGE_SIZE = 30


def _require_use(user) -> None:
    if not selectors.may_use(user):
        raise PermissionDenied(
            _("Committee pages are for committee members, supervisors and leaders.")
        )


def _meeting(user, pk) -> Meeting:
    _require_use(user)
    try:
        return selectors.meeting_detail(user, pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(m for msgs in error.message_dict.values() for m in msgs)
    return " ".join(error.messages)


@login_required
def committee_list(request):
    _require_use(request.user)
    today = clock.today()
    committees = list(selectors.committees_for(request.user))
    for committee in committees:
        committee.current = [
            m
            for m in committee.memberships.all()
            if m.valid_from <= today and (m.valid_to is None or m.valid_to >= today)
        ]
        committee.my_role = next(
            (m.get_role_display() for m in committee.current if m.user_id == request.user.pk), ""
        )
    return render(request, "committee/list.html", {"committees": committees})


@login_required
def meeting_list(request):
    _require_use(request.user)
    meetings = selectors.meetings_for(request.user).order_by("-starts_at", "-pk")
    code = request.GET.get("committee") or ""
    if code:
        meetings = meetings.filter(committee__code=code)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    secretary_of = selectors.secretary_of(request.user, today)
    context = {
        "page": page,
        "query": urlencode({"committee": code}) if code else "",
        "secretary_of": secretary_of,
        "schedule_form": ScheduleForm(),
    }
    return render(request, "committee/meetings.html", context)


@login_required
@require_POST
def schedule(request, pk):
    _require_use(request.user)
    committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date, time and place of the meeting."))
        return redirect("committee:meetings")
    try:
        meeting = services.schedule_meeting(
            committee,
            acting_user=request.user,
            starts_at=form.cleaned_data["starts_at"],
            place=form.cleaned_data["place"],
        )
    except ValidationError as error:
        messages.error(request, _messages(error))
        return redirect("committee:meetings")
    messages.success(request, _("Meeting {number} is scheduled.").format(number=meeting.number))
    return redirect("committee:meeting", pk=meeting.pk)


def _detail_context(request, meeting) -> dict:
    user = request.user
    today = clock.today()
    role = selectors.seat_of(meeting, user, today)
    secretary = role == MemberRole.SECRETARY
    voter = selectors.is_voter_at(meeting, user)
    items = list(meeting.items.all())
    for item in items:
        item.my_ballot = next((b for b in item.ballots.all() if b.voter_id == user.pk), None)
        item.can_vote = (
            voter and meeting.status == MeetingStatus.OPEN and item.is_open and not item.my_ballot
        )
        live = secretary and item.is_open and meeting.status == MeetingStatus.OPEN
        item.live = services.count(item) if live else None
        item.show_ballots = not item.is_open
    context = {
        "meeting": meeting,
        "items": items,
        "attendance": list(meeting.attendance.all()),
        "secretary": secretary,
        "voter": voter,
        "vote_form": VoteForm(),
        "rule": meeting.frozen_rule,
    }
    if secretary and meeting.status == MeetingStatus.SCHEDULED:
        seats = selectors.voting_seats(meeting.committee, timezone.localdate(meeting.starts_at))
        present = [a.user_id for a in context["attendance"] if a.present]
        context["attendance_form"] = AttendanceForm(seats=seats, initial={"present": present})
        context["eligible"] = services.eligible_cases(meeting.committee, user)[:50]
        context["add_form"] = AddItemForm()
        context["cancel_form"] = CancelForm()
    return context


@login_required
def meeting_detail(request, pk, status=200):
    meeting = _meeting(request.user, pk)
    return render(
        request, "committee/meeting.html", _detail_context(request, meeting), status=status
    )


def _done(request, meeting_pk, run, success: str):
    """Run one service; on refusal show the meeting again with the message."""
    try:
        run()
    except TransitionError as error:
        messages.error(request, str(error))
        return meeting_detail(request, meeting_pk, status=409)
    except ValidationError as error:
        messages.error(request, _messages(error))
        return meeting_detail(request, meeting_pk, status=400)
    messages.success(request, success)
    return redirect("committee:meeting", pk=meeting_pk)


def _bad_input(request, meeting_pk, message):
    messages.error(request, message)
    return meeting_detail(request, meeting_pk, status=400)


@login_required
@require_POST
def meeting_action(request, pk, action):
    meeting = _meeting(request.user, pk)
    user = request.user
    if action == "add":
        form = AddItemForm(request.POST)
        if not form.is_valid():
            return _bad_input(request, pk, _("Give the case number."))
        case = Case.objects.filter(number=form.cleaned_data["case"].strip()).first()
        return _done(
            request,
            pk,
            lambda: services.add_agenda_item(meeting, acting_user=user, case=case),
            _("The case is on the agenda."),
        )
    if action == "attendance":
        seats = selectors.voting_seats(meeting.committee, timezone.localdate(meeting.starts_at))
        form = AttendanceForm(request.POST, seats=seats)
        if not form.is_valid():
            return _bad_input(request, pk, _("Choose the members present."))
        return _done(
            request,
            pk,
            lambda: services.record_attendance(
                meeting, acting_user=user, present_ids=form.cleaned_data["present"]
            ),
            _("The attendance is recorded."),
        )
    if action == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():
            return _bad_input(request, pk, _("Say why the meeting is cancelled."))
        return _done(
            request,
            pk,
            lambda: services.cancel_meeting(
                meeting, acting_user=user, reason=form.cleaned_data["reason"]
            ),
            _("The meeting is cancelled."),
        )
    simple = {
        "open": (services.open_meeting, _("The meeting is open for voting.")),
        "close": (services.close_meeting, _("The meeting is closed; the minutes are ready.")),
    }
    if action not in simple:
        raise Http404(_("No such action."))
    fn, success = simple[action]
    return _done(request, pk, lambda: fn(meeting, acting_user=user), success)


def _item(user, pk) -> AgendaItem:
    _require_use(user)
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if not Meeting.objects.visible_to(user).filter(pk=item.meeting_id).exists():
        raise Http404(_("No such agenda item."))
    return item


@login_required
@require_POST
def vote(request, pk):
    item = _item(request.user, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _bad_input(request, item.meeting_id, _("Choose your vote."))
    return _done(
        request,
        item.meeting_id,
        lambda: services.cast_ballot(
            item,
            acting_user=request.user,
            choice=form.cleaned_data["choice"],
            opinion=form.cleaned_data["opinion"],
        ),
        _("Your vote is recorded."),
    )


@login_required
@require_POST
def close_item(request, pk):
    item = _item(request.user, pk)
    return _done(
        request,
        item.meeting_id,
        lambda: services.close_item(item, acting_user=request.user),
        _("Voting on the item is closed."),
    )


@login_required
@require_POST
def remove_item(request, pk):
    item = _item(request.user, pk)
    return _done(
        request,
        item.meeting_id,
        lambda: services.remove_agenda_item(item, acting_user=request.user),
        _("The case is off the agenda."),
    )


@login_required
def minutes_pdf(request, pk):
    meeting = _meeting(request.user, pk)
    if meeting.status != MeetingStatus.CLOSED:
        raise Http404(_("The minutes are ready when the meeting is closed."))
    from xiaoneng.committee.minutes import render_minutes  # reportlab loads on demand

    response = HttpResponse(render_minutes(meeting), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{meeting.number}.pdf")
    return response


@login_required
def my_ballots(request):
    if not selectors.has_seat(request.user):
        raise PermissionDenied(_("This page is for committee members."))
    page = Paginator(selectors.ballots_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "committee/ballots.html", {"page": page, "query": ""})
