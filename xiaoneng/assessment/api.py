"""Assessment results on the REST API (read only), with the pages' scopes.

Schemes: those the user is assessed under or assesses. Periods: of those
schemes. Scores: ``selectors.scores_visible_to`` — his own, his unit's (and,
for an approver, his unit's staff), and for supervisors and leaders every
score of their region and below; a score outside the scope is a 404. A
subject with no case in the period is not ranked (``ranked`` false, total and
rank null, grade empty) and listed after the ranked ones; an indicator that
did not apply has ``points`` null (``applicable`` false). Users
without a staff profile and a business role are refused (403). Scores are
those of the period's current version unless ``?version=`` asks for an
earlier one (kept as the record).
"""

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError

from xiaoneng.assessment import selectors
from xiaoneng.assessment.models import Indicator, IndicatorScore
from xiaoneng.assessment.serializers import (
    PeriodSerializer,
    SchemeSerializer,
    ScoreDetailSerializer,
    ScoreSerializer,
)
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles

TAG = "assessment"
# Best first; the subjects not ranked (no case in the period: rank null) last on every database.
RANK = F("rank").asc(nulls_last=True)


class AssessedStaff(permissions.BasePermission):
    message = _("Assessment results are for staff members.")

    def has_permission(self, request, view):
        user = request.user
        return hasattr(user, "profile") and bool(user_roles(user) & BUSINESS_ROLES)


def _int(request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: _("Give a whole number.")}) from None
    if value < 1:
        raise ValidationError({name: _("Give a whole number.")})
    return value


@extend_schema_view(
    list=extend_schema(tags=[TAG], summary=_("Scoring schemes the user is assessed under")),
    retrieve=extend_schema(tags=[TAG], summary=_("One scoring scheme with its indicators")),
)
class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """Scoring schemes (考评细则) with their indicators and grade bands."""

    permission_classes = [permissions.IsAuthenticated, AssessedStaff]
    serializer_class = SchemeSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            selectors.schemes_visible_to(self.request.user)
            .select_related("region")
            .prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position", "code"))
            )
            .order_by("code")
        )


SCHEME = OpenApiParameter("scheme", OpenApiTypes.STR, description="scheme code")
LABEL = OpenApiParameter("label", OpenApiTypes.STR, description="2026-Q3, 2026-07 or 2026")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG], summary=_("Assessment periods in the user's scope"), parameters=[SCHEME, LABEL]
    ),
    retrieve=extend_schema(tags=[TAG], summary=_("One assessment period")),
)
class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessment periods: status (computed / published) and the current version."""

    permission_classes = [permissions.IsAuthenticated, AssessedStaff]
    serializer_class = PeriodSerializer
    filter_backends = []

    def get_queryset(self):
        periods = selectors.periods_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("scheme"):
            periods = periods.filter(scheme__code=params["scheme"])
        if params.get("label"):
            periods = periods.filter(label=params["label"].strip().upper())
        return periods


PERIOD = OpenApiParameter("period", OpenApiTypes.INT, description="period id")
VERSION = OpenApiParameter(
    "version", OpenApiTypes.INT, description="an earlier version of the period (default: current)"
)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary=_("Scores in the user's scope (current versions unless asked)"),
        parameters=[PERIOD, VERSION],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary=_("One score with every indicator's figure, points and the ids counted"),
        responses={200: ScoreDetailSerializer},
    ),
)
class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of units and staff, best first within a period."""

    permission_classes = [permissions.IsAuthenticated, AssessedStaff]
    serializer_class = ScoreSerializer
    filter_backends = []

    def get_serializer_class(self):
        return ScoreDetailSerializer if self.action == "retrieve" else ScoreSerializer

    def get_queryset(self):
        user = self.request.user
        scores = selectors.scores_visible_to(user).select_related(
            "period__scheme", "staff", "unit", "region"
        )
        if self.action == "retrieve":
            return scores.prefetch_related(
                Prefetch("items", queryset=IndicatorScore.objects.order_by("position", "pk"))
            )
        period, version = _int(self.request, "period"), _int(self.request, "version")
        if period is not None:
            scores = scores.filter(period_id=period)
        if version is not None:
            if period is None:
                raise ValidationError({"version": _("Give the period with a version.")})
            return scores.filter(version=version).order_by(RANK, "unit__code", "staff_id")
        # Current versions only: the version of the score equals its period's.
        return scores.filter(version=F("period__version")).order_by(
            "-period__start", "period__scheme__code", RANK, "unit__code", "staff_id"
        )
