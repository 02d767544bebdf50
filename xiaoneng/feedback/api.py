"""Complaints, ratings and rectifications on the REST API (/api/v1/).

The same scopes as the staff pages: complaints for supervisors and leaders
of the region, ratings and rectifications also for the business staff of the
rated unit. Reads go through the models' ``visible_to``; writes call the
services, whose refusals the project's exception handler maps to 403 / 409 /
400.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.feedback import services
from xiaoneng.feedback.choices import (
    AppealDecision,
    ApplicantView,
    ComplaintStatus,
    Finding,
    Moment,
    RectificationStatus,
    Verdict,
    VisitMethod,
)
from xiaoneng.feedback.models import (
    Complaint,
    ComplaintEvent,
    Rating,
    RatingRectification,
    RectificationEvent,
)
from xiaoneng.feedback.selectors import complaint_limits, rectification_limit
from xiaoneng.org.choices import Role
from xiaoneng.workdays.services import get_calendar

OVERSIGHT_ROLES = {Role.SUPERVISOR.value, Role.LEADER.value}


class _HasRole(permissions.BasePermission):
    roles: set = set()
    message = _("Your role may not use this.")

    def has_permission(self, request, view):
        user = request.user
        return hasattr(user, "profile") and bool(user_roles(user) & self.roles)


class IsOverseer(_HasRole):
    roles = OVERSIGHT_ROLES


class IsBusinessStaff(_HasRole):
    roles = set(BUSINESS_ROLES)


# -- serializers ------------------------------------------------------------------


def _calendar(serializer):
    """One calendar per response, not one look-up per row."""
    context = serializer.context  # the root serializer's dict, shared by every row
    if "calendar" not in context:
        context["calendar"] = get_calendar()
    return context["calendar"]


class FeedbackLimitSerializer(serializers.Serializer):
    label = serializers.CharField()
    due_date = serializers.DateField()
    remaining = serializers.IntegerField()
    light = serializers.CharField()
    state = serializers.CharField()
    unconfirmed = serializers.BooleanField()


class ComplaintEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ComplaintEvent
        fields = ["kind", "at", "actor", "text"]


class ComplaintSerializer(serializers.ModelSerializer):
    subject_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject_staff = serializers.SlugRelatedField(slug_field="staff_no", read_only=True)
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    order = serializers.SlugRelatedField(slug_field="number", read_only=True)
    limits = serializers.SerializerMethodField()
    events = ComplaintEventSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "number",
            "subject_kind",
            "subject_unit",
            "subject_staff",
            "case",
            "area",
            "anonymous",
            "name",
            "phone",
            "description",
            "received_at",
            "received_on",
            "accept_due",
            "reply_due",
            "status",
            "accepted_on",
            "declined_on",
            "decline_reason",
            "finding",
            "finding_text",
            "found_on",
            "reply",
            "replied_on",
            "order",
            "limits",
            "events",
        ]

    def get_limits(self, obj) -> list[dict]:
        return FeedbackLimitSerializer(
            complaint_limits(obj, calendar=_calendar(self)), many=True
        ).data


class RatingSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    service_item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id",
            "case",
            "moment",
            "level",
            "comment",
            "rated_at",
            "rated_on",
            "channel",
            "unit",
            "service_item",
        ]


class RectificationEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RectificationEvent
        fields = ["kind", "at", "actor", "text"]


class RectificationSerializer(serializers.ModelSerializer):
    rating = RatingSerializer(read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    limit = serializers.SerializerMethodField()
    events = RectificationEventSerializer(many=True, read_only=True)

    class Meta:
        model = RatingRectification
        fields = [
            "id",
            "rating",
            "unit",
            "status",
            "opened_on",
            "limit_days",
            "due_date",
            "verdict",
            "verdict_reason",
            "verified_on",
            "fix",
            "answer",
            "answered_on",
            "visit_on",
            "visit_method",
            "visit_view",
            "visit_note",
            "appeal_reason",
            "appealed_at",
            "appeal_decision",
            "appeal_review",
            "appeal_reviewed_on",
            "closed_on",
            "limit",
            "events",
        ]

    def get_limit(self, obj) -> dict:
        return FeedbackLimitSerializer(rectification_limit(obj, calendar=_calendar(self))).data


class FeedbackEmptySerializer(serializers.Serializer):
    pass


class FeedbackReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FeedbackTextSerializer(serializers.Serializer):
    text = serializers.CharField()


class FeedbackFindingSerializer(serializers.Serializer):
    finding = serializers.ChoiceField(choices=Finding.choices)
    text = serializers.CharField()


class FeedbackOrderSerializer(serializers.Serializer):
    instruction = serializers.CharField()
    limit_days = serializers.IntegerField(min_value=1, max_value=60)


class FeedbackVerifySerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackFixSerializer(serializers.Serializer):
    fix = serializers.CharField()
    answer = serializers.CharField()


class FeedbackVisitSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    method = serializers.ChoiceField(choices=VisitMethod.choices)
    view = serializers.ChoiceField(choices=ApplicantView.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=AppealDecision.choices)
    reason = serializers.CharField()


# -- viewsets ---------------------------------------------------------------------


def _action(name, payload_class, run, summary, response_class, tag):
    def act(self, request, **kwargs):
        obj = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        run(obj, request.user, payload.validated_data)
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(response_class(fresh).data)

    act.__name__ = act.__qualname__ = name
    act = action(detail=True, methods=["post"])(act)
    return extend_schema(
        tags=[tag], summary=summary, request=payload_class, responses={200: response_class}
    )(act)


class ComplaintFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("Status"))
    area = filters.ChoiceFilter(choices=ProblemArea.choices, label=_("Problem area"))
    finding = filters.ChoiceFilter(choices=Finding.choices, label=_("Finding"))
    unit = filters.CharFilter(field_name="subject_unit__code", label=_("Unit code"))

    class Meta:
        model = Complaint
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["feedback"], summary=_("Complaints in the user's region")),
    retrieve=extend_schema(tags=["feedback"], summary=_("One complaint with its timeline")),
)
class ComplaintViewSet(viewsets.ReadOnlyModelViewSet):
    """Complaints (投诉举报): accept or decline, investigate, find, reply, order."""

    serializer_class = ComplaintSerializer
    permission_classes = [permissions.IsAuthenticated, IsOverseer]
    filterset_class = ComplaintFilter
    lookup_field = "number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            Complaint.objects.visible_to(self.request.user)
            .select_related("subject_unit", "subject_staff", "case", "order")
            .prefetch_related("events__actor")
            .order_by("-received_at", "-pk")
        )

    accept = _action(
        "accept",
        FeedbackEmptySerializer,
        lambda obj, user, data: services.accept_complaint(obj, acting_user=user),
        _("Accept the complaint"),
        ComplaintSerializer,
        "feedback",
    )
    decline = _action(
        "decline",
        FeedbackReasonSerializer,
        lambda obj, user, data: services.decline_complaint(obj, acting_user=user, **data),
        _("Decline the complaint with a reason"),
        ComplaintSerializer,
        "feedback",
    )
    note = _action(
        "note",
        FeedbackTextSerializer,
        lambda obj, user, data: services.add_investigation_note(obj, acting_user=user, **data),
        _("Add an investigation note"),
        ComplaintSerializer,
        "feedback",
    )
    finding = _action(
        "finding",
        FeedbackFindingSerializer,
        lambda obj, user, data: services.record_finding(obj, acting_user=user, **data),
        _("Record the finding"),
        ComplaintSerializer,
        "feedback",
    )
    reply = _action(
        "reply",
        FeedbackTextSerializer,
        lambda obj, user, data: services.reply_complaint(obj, acting_user=user, **data),
        _("Reply to the complainant"),
        ComplaintSerializer,
        "feedback",
    )
    order = _action(
        "order",
        FeedbackOrderSerializer,
        lambda obj, user, data: services.order_on_complaint(obj, acting_user=user, **data),
        _("Issue a supervision order on the complaint"),
        ComplaintSerializer,
        "feedback",
    )


class RatingFilter(filters.FilterSet):
    moment = filters.ChoiceFilter(choices=Moment.choices, label=_("Moment"))
    level = filters.NumberFilter(label=_("Level"))
    unit = filters.CharFilter(field_name="unit__code", label=_("Unit code"))
    item = filters.CharFilter(field_name="service_item__code", label=_("Item code"))
    case = filters.CharFilter(field_name="case__number", label=_("Case number"))

    class Meta:
        model = Rating
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["feedback"], summary=_("Satisfaction ratings in the user's scope")),
    retrieve=extend_schema(tags=["feedback"], summary=_("One rating")),
)
class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """Satisfaction ratings (好差评); the applicant rates on the portal."""

    serializer_class = RatingSerializer
    permission_classes = [permissions.IsAuthenticated, IsBusinessStaff]
    filterset_class = RatingFilter

    def get_queryset(self):
        return (
            Rating.objects.visible_to(self.request.user)
            .select_related("case", "unit", "service_item")
            .order_by("-rated_at", "-pk")
        )


class RectificationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RectificationStatus.choices, label=_("Status"))
    unit = filters.CharFilter(field_name="unit__code", label=_("Unit code"))

    class Meta:
        model = RatingRectification
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["feedback"], summary=_("Rectifications of bad ratings")),
    retrieve=extend_schema(tags=["feedback"], summary=_("One rectification with its timeline")),
)
class RectificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Rectifications of bad ratings: verify, fix and answer, return visit, appeal review."""

    serializer_class = RectificationSerializer
    permission_classes = [permissions.IsAuthenticated, IsBusinessStaff]
    filterset_class = RectificationFilter

    def get_queryset(self):
        return (
            RatingRectification.objects.visible_to(self.request.user)
            .select_related("rating__case", "rating__unit", "rating__service_item", "unit")
            .prefetch_related("events__actor")
            .order_by("-opened_on", "-pk")
        )

    verify = _action(
        "verify",
        FeedbackVerifySerializer,
        lambda obj, user, data: services.verify_rectification(
            obj, acting_user=user, valid=data["verdict"] == Verdict.VALID, reason=data["reason"]
        ),
        _("Verify the bad rating (supervisors)"),
        RectificationSerializer,
        "feedback",
    )
    fix = _action(
        "fix",
        FeedbackFixSerializer,
        lambda obj, user, data: services.record_fix(obj, acting_user=user, **data),
        _("Record the rectification and the answer"),
        RectificationSerializer,
        "feedback",
    )
    visit = _action(
        "visit",
        FeedbackVisitSerializer,
        lambda obj, user, data: services.record_return_visit(
            obj,
            acting_user=user,
            visited_on=data["visited_on"],
            method=data["method"],
            view=data["view"],
            note=data["note"],
        ),
        _("Record the return visit"),
        RectificationSerializer,
        "feedback",
    )
    review = _action(
        "review",
        FeedbackReviewSerializer,
        lambda obj, user, data: services.review_appeal(
            obj,
            acting_user=user,
            overturn=data["decision"] == AppealDecision.OVERTURNED,
            reason=data["reason"],
        ),
        _("Review the applicant's appeal (supervisors)"),
        RectificationSerializer,
        "feedback",
    )
