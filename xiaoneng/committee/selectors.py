"""Reads of the committee pages and API, scoped by the user (``models.committee_filter``)."""

from django.db.models import Count, Prefetch, Q

from xiaoneng.cases.scope import user_roles
from xiaoneng.committee.choices import VOTING_ROLES, MeetingStatus, MemberRole
from xiaoneng.committee.models import AgendaItem, Ballot, Committee, Meeting, Membership

READER_ROLES = {"supervisor", "leader"}


def has_seat(user) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user).exists()


def may_use(user) -> bool:
    """Committee pages are for members, secretaries, supervisors and leaders."""
    if not user.is_authenticated or not hasattr(user, "profile"):
        return False
    return bool(user_roles(user) & READER_ROLES) or has_seat(user)


def committees_for(user):
    return (
        Committee.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("role", "user_id"),
            )
        )
        .annotate(
            meeting_count=Count(
                "meetings", filter=~Q(meetings__status=MeetingStatus.CANCELLED), distinct=True
            )
        )
    )


def meetings_for(user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee")
        .annotate(item_count=Count("items", distinct=True))
    )


def meeting_detail(user, pk: int) -> Meeting:
    """The meeting with its agenda, ballots and attendance, or DoesNotExist."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee__unit", "created_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("case__service_item")
                .prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.select_related("voter"))
                )
                .order_by("order"),
            ),
            "attendance__user",
        )
        .get(pk=pk)
    )


def ballots_of(user):
    return (
        Ballot.objects.filter(voter=user)
        .select_related("item__meeting__committee", "item__case")
        .order_by("-cast_at")
    )


def seat_of(meeting, user, day) -> str | None:
    row = meeting.committee.members_on(day).filter(user=user).first()
    return row.role if row else None


def is_voter_at(meeting, user) -> bool:
    return any(
        a.user_id == user.pk and a.present and a.role in VOTING_ROLES
        for a in meeting.attendance.all()
    )


def voting_seats(committee, day):
    return committee.voters_on(day).order_by("role", "user__username")


def secretary_of(user, day):
    """The active committees whose secretary ``user`` is on ``day`` (one query)."""
    seats = (
        Membership.objects.filter(user=user, role=MemberRole.SECRETARY, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("committee_id")
    )
    return Committee.objects.filter(pk__in=seats, is_active=True).order_by("code")
