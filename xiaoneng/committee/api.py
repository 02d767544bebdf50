"""Committees, meetings and votes on the REST API (same scope and roles as the pages).

Reads are scoped like the pages (a meeting outside the user's scope is a 404;
a user with neither a seat nor a supervisor's or leader's role gets 403). The
one write is the vote, through ``services.cast_ballot``: the member votes for
himself only; refusals come back as 403 (not a member present), 409 (closed,
already voted) and 400 (bad input). The tally of an item is shown once its
vote is closed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xiaoneng.cases.serializers import CaseErrorSerializer
from xiaoneng.committee import selectors, services
from xiaoneng.committee.choices import Choice
from xiaoneng.committee.models import AgendaItem, Ballot, Committee, Meeting, Membership


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = Membership
        fields = ["username", "name", "role", "valid_from", "valid_to"]


class CommitteeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    memberships = MembershipSerializer(many=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "unit",
            "stage_name",
            "quorum_numerator",
            "quorum_denominator",
            "decision_numerator",
            "decision_denominator",
            "decision_base",
            "decision_strict",
            "abstentions_in_base",
            "is_active",
            "memberships",
        ]


class BallotSerializer(serializers.ModelSerializer):
    voter = serializers.CharField(source="voter.username")

    class Meta:
        model = Ballot
        fields = ["voter", "choice", "opinion", "cast_at"]


class AgendaItemSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number")
    title = serializers.CharField(source="case.title")
    meeting = serializers.CharField(source="meeting.number")
    tally = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "order",
            "case",
            "title",
            "result",
            "tally",
            "closed_at",
            "ballots",
        ]

    def get_tally(self, item) -> dict:
        return item.tally if not item.is_open else {}

    def get_ballots(self, item) -> list:
        if item.is_open:
            return []
        return BallotSerializer(item.ballots.all(), many=True).data


class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.code")
    items = AgendaItemSerializer(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "number",
            "committee",
            "starts_at",
            "place",
            "status",
            "member_count",
            "present_count",
            "rule",
            "opened_at",
            "closed_at",
            "items",
        ]


class VoteSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=Choice.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class _CommitteeAccess:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.may_use(request.user):
            raise PermissionDenied(
                _("Committee data is for committee members, supervisors and leaders.")
            )


ITEMS = Prefetch(
    "items",
    queryset=AgendaItem.objects.select_related("case", "meeting").prefetch_related(
        Prefetch("ballots", queryset=Ballot.objects.select_related("voter"))
    ),
)


@extend_schema_view(
    list=extend_schema(tags=["committee"], summary=_("Review committees in the user's scope")),
    retrieve=extend_schema(tags=["committee"], summary=_("One committee with its members")),
)
class CommitteeViewSet(_CommitteeAccess, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer

    def get_queryset(self):
        return selectors.committees_for(self.request.user).order_by("code")


@extend_schema_view(
    list=extend_schema(tags=["committee"], summary=_("Committee meetings in the user's scope")),
    retrieve=extend_schema(tags=["committee"], summary=_("One meeting with its agenda")),
)
class MeetingViewSet(_CommitteeAccess, viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("committee")
            .prefetch_related(ITEMS)
            .order_by("-starts_at")
        )


@extend_schema_view(
    retrieve=extend_schema(tags=["committee"], summary=_("One agenda item")),
)
class AgendaItemViewSet(_CommitteeAccess, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AgendaItemSerializer

    def get_queryset(self):
        visible = Meeting.objects.visible_to(self.request.user).values("pk")
        return (
            AgendaItem.objects.filter(meeting__in=visible)
            .select_related("case", "meeting")
            .prefetch_related(Prefetch("ballots", queryset=Ballot.objects.select_related("voter")))
        )

    @extend_schema(
        tags=["committee"],
        summary=_("Vote on the item (a member present, for himself, once)"),
        request=VoteSerializer,
        responses={
            201: BallotSerializer,
            400: None,
            403: CaseErrorSerializer,
            409: CaseErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        item = self.get_object()
        payload = VoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ballot = services.cast_ballot(item, acting_user=request.user, **payload.validated_data)
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)
