"""Penalty cases and discretion benchmarks on the REST API (/api/v1/penalty-cases/ …).

Reads use the same scoped selectors as the pages (a case outside the scope
is a 404); each action calls one service function, whose refusals the
project's exception handler maps to 403 (role), 409 (state) and 400 (input).
Staff without a business role are refused (403) before anything is read.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core import clock
from xiaoneng.enforcement import deadlines, selectors, services
from xiaoneng.enforcement.benchmarks import assess
from xiaoneng.enforcement.choices import LandClass, PartyKind, ViolationType
from xiaoneng.enforcement.models import DiscretionBenchmark, PenaltyDecision, PenaltyFacts


class IsPenaltyStaff(permissions.BasePermission):
    message = _("Only staff with a business role see penalty cases.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user.is_authenticated and hasattr(user, "profile") and user_roles(user) & BUSINESS_ROLES
        )


class FactsSerializer(serializers.ModelSerializer):
    class Meta:
        model = PenaltyFacts
        exclude = ["id", "case"]


class DecisionSerializer(serializers.ModelSerializer):
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PenaltyDecision
        exclude = ["id", "case"]


class AssessmentSerializer(serializers.Serializer):
    tier = serializers.CharField()
    fine_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    fine_max = serializers.DecimalField(max_digits=14, decimal_places=2)
    statutory_max = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    article = serializers.CharField()


class PenaltyCaseSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    stage_name = serializers.CharField()
    party_kind = serializers.CharField(source="applicant_kind")
    party_name = serializers.CharField(source="applicant_name")
    handler = serializers.CharField(source="handler.username", read_only=True, default="")
    opened_on = serializers.DateField(source="accepted_on")
    decision_due = serializers.DateField(source="statutory_due_date")
    remaining_workdays = serializers.IntegerField(source="statutory_remaining_workdays")
    facts = FactsSerializer(source="penalty_facts")
    decision = DecisionSerializer(source="penalty_decision")
    suggestion = serializers.SerializerMethodField()

    def get_suggestion(self, case) -> dict | None:
        result = assess(case.penalty_facts)
        return AssessmentSerializer(result).data if result else None


class FactsInput(serializers.Serializer):
    summary = serializers.CharField(required=False)
    location = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)
    area_m2 = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    land_class = serializers.ChoiceField(choices=LandClass.choices, required=False)
    restorable = serializers.BooleanField(required=False)
    illegal_gains = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )
    repeat_offence = serializers.BooleanField(required=False)


class OpenInput(FactsInput):
    # Optional when facts are corrected, required when a case is opened.
    summary = serializers.CharField()
    violation_type = serializers.ChoiceField(choices=ViolationType.choices)
    discovered_on = serializers.DateField()
    late_opening_reason = serializers.CharField(required=False, allow_blank=True)
    party_kind = serializers.ChoiceField(choices=PartyKind.choices)
    party_name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(required=False, allow_blank=True)
    credit_code = serializers.CharField(required=False, allow_blank=True)
    legal_representative = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)


class FineInput(serializers.Serializer):
    fine = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class ProposeInput(FineInput):
    fine = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class StatementInput(serializers.Serializer):
    statement = serializers.CharField()


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class ExecutionInput(serializers.Serializer):
    amount_paid = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EmptyInput(serializers.Serializer):
    pass


def _step(name: str, payload, run, summary):
    """A POST action on one case: validate the payload, call the service, return the case."""

    def act(self, request, number=None):
        case = self.get_object()
        data = payload(data=request.data)
        data.is_valid(raise_exception=True)
        run(case, request.user, dict(data.validated_data))
        return Response(self._dump(case.number))

    act.__name__ = name
    act = extend_schema(
        tags=["enforcement"], summary=summary, request=payload, responses=PenaltyCaseSerializer
    )(act)
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name)(
        act
    )


@extend_schema_view(
    list=extend_schema(
        tags=["enforcement"],
        summary=_("Penalty cases in the user's scope"),
        description=format_lazy(
            _("?publication=overdue: decided cases not published within {days} working days."),
            days=deadlines.PUBLISH_WORKDAYS,
        ),
    ),
    retrieve=extend_schema(tags=["enforcement"], summary=_("One penalty case")),
    create=extend_schema(
        tags=["enforcement"],
        summary=_("Open a penalty case (investigating officers)"),
        request=OpenInput,
        responses={201: PenaltyCaseSerializer},
    ),
)
class PenaltyCaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Penalty cases: facts, benchmark suggestion, notice, decision, publication."""

    serializer_class = PenaltyCaseSerializer
    permission_classes = [permissions.IsAuthenticated, IsPenaltyStaff]
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    filterset_fields: list = []

    def get_queryset(self):
        cases = selectors.penalty_cases(self.request.user)
        if self.action == "list" and self.request.query_params.get("publication") == "overdue":
            overdue = selectors.overdue_publications(self.request.user, clock.today())
            cases = cases.filter(penalty_decision__in=overdue)
        return cases

    def _dump(self, number):
        return PenaltyCaseSerializer(selectors.penalty_case_for(self.request.user, number)).data

    def create(self, request, *args, **kwargs):
        data = OpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.open_case(acting_user=request.user, **data.validated_data)
        return Response(self._dump(case.number), status=status.HTTP_201_CREATED)

    facts = _step(
        "facts",
        FactsInput,
        lambda case, user, data: services.update_facts(case, acting_user=user, **data),
        _("Correct the facts during the investigation"),
    )
    notice = _step(
        "notice",
        FineInput,
        lambda case, user, data: services.serve_notice(case, acting_user=user, **data),
        _("Serve the notice of the intended penalty"),
    )
    statement = _step(
        "statement",
        StatementInput,
        lambda case, user, data: services.record_statement(case, acting_user=user, **data),
        _("Record the party's statement"),
    )
    hearing = _step(
        "hearing",
        EmptyInput,
        lambda case, user, data: services.request_hearing(case, acting_user=user),
        _("Record a hearing request (pauses the clock)"),
    )
    hearing_held = _step(
        "hearing_held",
        EmptyInput,
        lambda case, user, data: services.record_hearing(case, acting_user=user),
        _("Record that the hearing was held (the clock resumes)"),
    )
    propose = _step(
        "propose",
        ProposeInput,
        lambda case, user, data: services.propose_decision(case, acting_user=user, **data),
        _("Propose the decision"),
    )
    approve = _step(
        "approve",
        NoteInput,
        lambda case, user, data: services.approve_decision(case, acting_user=user, **data),
        _("Approve the proposed decision (approvers)"),
    )
    reject = _step(
        "reject",
        ReasonInput,
        lambda case, user, data: services.reject_decision(case, acting_user=user, **data),
        _("Send the proposal back (approvers)"),
    )
    execute = _step(
        "execute",
        ExecutionInput,
        lambda case, user, data: services.record_execution(case, acting_user=user, **data),
        _("Record the execution of the decision"),
    )
    close = _step(
        "close",
        EmptyInput,
        lambda case, user, data: services.close_case(case, acting_user=user),
        _("Close the case"),
    )
    publish = _step(
        "publish",
        EmptyInput,
        lambda case, user, data: services.publish_decision(case, acting_user=user),
        _("Publish the decision on the portal"),
    )


class BenchmarkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionBenchmark
        fields = [
            "id",
            "violation_type",
            "tier",
            "area_min",
            "area_max",
            "land_classes",
            "restorable",
            "repeat_offence",
            "gains_min",
            "gains_max",
            "fine_basis",
            "fine_min",
            "fine_max",
            "statutory_max",
            "article",
            "note",
        ]


@extend_schema_view(
    list=extend_schema(tags=["enforcement"], summary=_("Active discretion benchmarks")),
    retrieve=extend_schema(tags=["enforcement"], summary=_("One discretion benchmark")),
)
class BenchmarkViewSet(viewsets.ReadOnlyModelViewSet):
    """The discretion benchmark table (edited in the admin, with history)."""

    serializer_class = BenchmarkSerializer
    permission_classes = [permissions.IsAuthenticated, IsPenaltyStaff]

    def get_queryset(self):
        return selectors.active_benchmarks()
