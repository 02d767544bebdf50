"""The campaign on the REST API (read only): campaigns, problems with their rectification,
study sessions, work-discipline checks and findings.

Same scopes as the pages: every queryset is the model's ``visible_to(user)``
(an object outside it is a 404); the checks list is for supervisors and
leaders (403 for others), a finding is seen only by them and the person.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from xiaoneng.campaign.models import (
    Campaign,
    DisciplineCheck,
    Finding,
    GroupMember,
    Phase,
    PhaseTask,
    Problem,
    ProgressReport,
    StudySession,
    Verification,
)
from xiaoneng.cases.scope import user_roles
from xiaoneng.core import clock
from xiaoneng.workdays.choices import Light
from xiaoneng.workdays.services import get_calendar


class HasProfile(permissions.BasePermission):
    message = _("Only staff with a profile may use this.")

    def has_permission(self, request, view):
        return hasattr(request.user, "profile")


class Oversees(permissions.BasePermission):
    message = _("Only supervisors and leaders may use this.")

    def has_permission(self, request, view):
        return hasattr(request.user, "profile") and bool(
            user_roles(request.user) & {"supervisor", "leader"}
        )


@extend_schema_field(serializers.ChoiceField(choices=Light.choices))
class LightField(serializers.Field):
    """The clock's light of a dated row, read as of today."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        # One calendar and one "today" per response, not one read per row.
        context = self.context
        if "calendar" not in context:
            context["calendar"], context["today"] = get_calendar(), clock.today()
        return value.clock(context["calendar"], context["today"]).light


def _name(user):
    return user.get_full_name() or user.get_username() if user else None


# -- serializers -----------------------------------------------------------------------------


class TaskSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", default=None)
    light = LightField()

    class Meta:
        model = PhaseTask
        fields = ["id", "title", "unit", "issued_on", "limit_days", "due_date", "done_on", "light"]


class PhaseSerializer(serializers.ModelSerializer):
    tasks = TaskSerializer(many=True)

    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on", "goals", "tasks"]


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    name = serializers.SerializerMethodField()
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = GroupMember
        fields = ["username", "name", "role", "unit", "duty"]

    def get_name(self, obj) -> str:
        return _name(obj.user)


class CampaignSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.code")
    phases = PhaseSerializer(many=True)
    group = MemberSerializer(many=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "organiser",
            "starts_on",
            "ends_on",
            "description",
            "personal_checklists",
            "phases",
            "group",
        ]


class ReportSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")

    class Meta:
        model = ProgressReport
        fields = ["author", "text", "final", "content_type", "sha256", "created_at"]


class VerificationSerializer(serializers.ModelSerializer):
    verified_by = serializers.CharField(source="verified_by.username")

    class Meta:
        model = Verification
        fields = ["verified_by", "passed", "reason", "created_at"]


class ProblemSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    responsible = serializers.CharField(source="responsible.username", default=None)
    reports = ReportSerializer(many=True)
    verifications = VerificationSerializer(many=True)
    light = LightField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "number",
            "campaign",
            "unit",
            "area",
            "severity",
            "title",
            "description",
            "source_kind",
            "raised_on",
            "responsible",
            "measures",
            "limit_days",
            "due_date",
            "status",
            "closed_on",
            "overdue_flagged_on",
            "light",
            "reports",
            "verifications",
        ]


class SessionSerializer(serializers.ModelSerializer):
    audience = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    organiser = serializers.CharField(source="organiser.username")

    class Meta:
        model = StudySession
        fields = [
            "id",
            "campaign",
            "number",
            "topic",
            "speaker",
            "starts_at",
            "ends_at",
            "place",
            "audience",
            "organiser",
        ]


class FindingSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.username")
    check_id = serializers.IntegerField(source="check_row_id")
    unit = serializers.CharField(source="check_row.unit.code")
    checked_at = serializers.DateTimeField(source="check_row.checked_at")

    class Meta:
        model = Finding
        fields = [
            "id",
            "check_id",
            "unit",
            "checked_at",
            "person",
            "kind",
            "description",
            "explanation",
            "explained_at",
            "problem",
        ]


class CheckSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    checked_by = serializers.CharField(source="checked_by.username")
    findings = FindingSerializer(many=True)

    class Meta:
        model = DisciplineCheck
        fields = [
            "id",
            "campaign",
            "unit",
            "checked_at",
            "checked_by",
            "unannounced",
            "notes",
            "content_type",
            "sha256",
            "findings",
        ]


# -- viewsets -----------------------------------------------------------------------------


TAG = ["campaign"]


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("Campaigns the user's units take part in")),
    retrieve=extend_schema(tags=TAG, summary=_("One campaign with phases, tasks and group")),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    permission_classes = [permissions.IsAuthenticated, HasProfile]

    def get_queryset(self):
        return (
            Campaign.objects.visible_to(self.request.user)
            .select_related("organiser")
            .prefetch_related("phases__tasks__unit", "group__user", "group__unit")
        )


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("Problems and their rectification in scope")),
    retrieve=extend_schema(tags=TAG, summary=_("One problem with reports and verifications")),
)
class ProblemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProblemSerializer
    permission_classes = [permissions.IsAuthenticated, HasProfile]
    filterset_fields = ["status", "area", "source_kind", "campaign"]

    def get_queryset(self):
        return (
            Problem.objects.visible_to(self.request.user)
            .select_related("unit", "responsible")
            .prefetch_related("reports__author", "verifications__verified_by")
        )


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("Study sessions addressed to units in scope")),
    retrieve=extend_schema(tags=TAG, summary=_("One study session")),
)
class StudySessionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    permission_classes = [permissions.IsAuthenticated, HasProfile]
    filterset_fields = ["campaign"]

    def get_queryset(self):
        return (
            StudySession.objects.visible_to(self.request.user)
            .select_related("organiser")
            .prefetch_related("audience")
            .order_by("starts_at")
        )


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("Work-discipline checks (supervisors, leaders)")),
    retrieve=extend_schema(tags=TAG, summary=_("One work-discipline check")),
)
class DisciplineCheckViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CheckSerializer
    permission_classes = [permissions.IsAuthenticated, Oversees]

    def get_queryset(self):
        return (
            DisciplineCheck.objects.visible_to(self.request.user)
            .select_related("unit", "checked_by")
            .prefetch_related("findings__person", "findings__check_row__unit")
        )


@extend_schema_view(
    list=extend_schema(tags=TAG, summary=_("Findings seen by supervisors, leaders, the person")),
    retrieve=extend_schema(tags=TAG, summary=_("One finding")),
)
class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FindingSerializer
    permission_classes = [permissions.IsAuthenticated, HasProfile]

    def get_queryset(self):
        return Finding.objects.visible_to(self.request.user).select_related(
            "person", "check_row__unit"
        )
