"""Cases on the REST API: list, detail, registration and one endpoint per action.

The API adds no rule of its own: reads go through ``Case.objects.visible_to``
(a case outside the user's scope is a 404), writes through the actions in
``actions.py``, whose refusals the project's exception handler turns into
403 (role), 409 (state) and 400 (input) with the action's message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse

from xiaoneng.cases import actions
from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.cases.serializers import (
    CaseAssignSerializer,
    CaseCompletionSerializer,
    CaseCreateSerializer,
    CaseDecisionSerializer,
    CaseDetailSerializer,
    CaseErrorSerializer,
    CaseExtensionDecisionSerializer,
    CaseExtensionRequestSerializer,
    CaseOpinionSerializer,
    CasePauseRequestSerializer,
    CaseReasonSerializer,
    CaseRefusalSerializer,
    CaseSerializer,
    CaseSupplementRequestSerializer,
)
from xiaoneng.catalog.models import Stage
from xiaoneng.workdays.choices import Light


@dataclass(frozen=True)
class ApiAction:
    """One lifecycle action as an endpoint: its payload and the action it calls."""

    run: Callable[..., Case]
    payload: type[serializers.Serializer] | None
    summary: str


ACTIONS = {
    "accept": ApiAction(actions.do_accept, None, _("Accept the application (Art. 32)")),
    "request_supplement": ApiAction(
        actions.do_request_supplement,
        CaseSupplementRequestSerializer,
        _("One-time notice listing every missing material (Art. 32)"),
    ),
    "refuse": ApiAction(actions.do_refuse, CaseRefusalSerializer, _("Refuse to accept")),
    "assign": ApiAction(actions.do_assign, CaseAssignSerializer, _("Assign a handler")),
    "advance": ApiAction(
        actions.do_advance, CaseOpinionSerializer, _("Forward to the next stage with an opinion")
    ),
    "send_back": ApiAction(
        actions.do_send_back, CaseReasonSerializer, _("Send back to the previous stage")
    ),
    "pause": ApiAction(
        actions.do_pause, CasePauseRequestSerializer, _("Pause the clock (Art. 45)")
    ),
    "resume": ApiAction(actions.do_resume, None, _("Resume the clock")),
    "request_extension": ApiAction(
        actions.do_request_extension,
        CaseExtensionRequestSerializer,
        _("Request the one extension (Art. 42)"),
    ),
    "approve_extension": ApiAction(
        actions.do_approve_extension, CaseExtensionDecisionSerializer, _("Approve the extension")
    ),
    "reject_extension": ApiAction(
        actions.do_reject_extension, CaseExtensionDecisionSerializer, _("Reject the extension")
    ),
    "decide": ApiAction(actions.do_decide, CaseDecisionSerializer, _("Grant or deny (Art. 38)")),
    "complete": ApiAction(
        actions.do_complete, CaseCompletionSerializer, _("Issue and close the case")
    ),
    "withdraw": ApiAction(actions.do_withdraw, CaseReasonSerializer, _("Record the withdrawal")),
}


def api_allowed_actions(case, user) -> list[str]:
    """The actions ``user`` may take on ``case`` now, among those this API offers."""
    return [name for name in actions.allowed_actions(case, user) if name in ACTIONS]


def detail_context(case, request) -> dict:
    """Who is asking decides what the representation of one case shows."""
    user = request.user
    allowed = api_allowed_actions(case, user)
    return {
        "request": request,
        "allowed_actions": allowed,
        # The staff handling the case see the applicant's data unmasked
        # (DESIGN.md §2): whoever may act on it now, and its handler.
        "unmasked": bool(allowed) or case.handler_id == user.pk,
        "internal": bool(user_roles(user) & BUSINESS_ROLES),
    }


def with_record(queryset):
    """Fetch what the detail representation shows, in one query per relation."""
    return queryset.prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.order_by("seq")),
        "pauses",
        "documents",
        "materials",
    )


class CaseFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    light = filters.ChoiceFilter(choices=Light.choices, label=_("Light"))
    service_item = filters.CharFilter(field_name="service_item__code", label=_("Service item code"))
    stage = filters.CharFilter(method="filter_stage", label=_("Current stage (name or code)"))
    green_channel = filters.BooleanFilter(method="filter_green_channel", label=_("Green channel"))
    received_after = filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received on or after")
    )
    received_before = filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received on or before")
    )
    handler = filters.CharFilter(field_name="handler__username", label=_("Handler (username)"))

    class Meta:
        model = Case
        fields = []

    def filter_stage(self, queryset, name, value):
        # A name is matched on the stage_name column. A code lives only in the
        # plan the case kept (``rules``): the catalogue says at which position
        # of which item's plan the code stands, and the case's own plan is
        # checked at that one position, so JSON is read only for rows that
        # already match the item and the stage index.
        match = Q(stage_name=value)
        positions = Stage.objects.filter(item__stages__code=value).order_by("item_id", "order")
        index, item_id = 0, None
        for stage_item, stage_code in positions.values_list("item_id", "code"):
            index = index + 1 if stage_item == item_id else 0
            item_id = stage_item
            if stage_code == value:
                match |= Q(
                    service_item_id=item_id,
                    stage_index=index,
                    **{f"rule_set__rules__stages__{index}__code": value},
                )
        return queryset.filter(match)

    def filter_green_channel(self, queryset, name, value):
        return queryset.filter(key_project__isnull=not value)


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Bad input: messages by field.")),
    403: OpenApiResponse(CaseErrorSerializer, description=_("The user's role may not do this.")),
    404: OpenApiResponse(CaseErrorSerializer, description=_("No such case in the user's scope.")),
    409: OpenApiResponse(
        CaseErrorSerializer, description=_("The case's state does not allow this.")
    ),
}


@extend_schema_view(
    list=extend_schema(tags=["cases"], summary=_("Cases in the user's scope, most urgent first")),
    retrieve=extend_schema(
        tags=["cases"],
        summary=_("One case with its events, pauses, documents and materials"),
        responses={200: CaseDetailSerializer, 404: ERRORS[404]},
    ),
    create=extend_schema(
        tags=["cases"],
        summary=_("Register an application (window clerks)"),
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    ),
)
class CaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Licensing cases; the case number is the identifier in URLs."""

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "number"
    lookup_value_regex = r"[^/.]+"

    def get_queryset(self):
        queryset = Case.objects.visible_to(self.request.user).select_related(
            "service_item", "handler", "rule_set"
        )
        if self.action == "list":
            queryset = queryset.by_urgency()
            # by_urgency ends on received_at; the number makes pages stable.
            return queryset.order_by(*queryset.query.order_by, "number")
        if self.action == "retrieve":
            return with_record(queryset)
        return queryset

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        return Response(CaseDetailSerializer(case, context=detail_context(case, request)).data)

    def create(self, request, *args, **kwargs):
        payload = CaseCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            case = actions.do_submit(acting_user=request.user, **payload.submit_kwargs())
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                CaseCreateSerializer.nest_errors(error.message_dict)
            ) from error
        response = self._respond(case, status.HTTP_201_CREATED)
        response["Location"] = reverse("case-detail", args=[case.number], request=request)
        return response

    def _respond(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        """The detail representation of ``case`` as an action left it."""
        case = with_record(Case.objects.select_related("service_item", "handler", "rule_set")).get(
            pk=case.pk
        )
        context = detail_context(case, self.request)
        return Response(CaseDetailSerializer(case, context=context).data, status=code)

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[^/.]+)")
    def unknown_action(self, request, number=None, name=None):
        raise NotFound(
            _("There is no action “{name}”. The actions are: {names}.").format(
                name=name, names=", ".join(ACTIONS)
            )
        )

    @classmethod
    def get_extra_actions(cls):
        # The router tries the routes in this order: the catch-all goes last.
        return sorted(super().get_extra_actions(), key=lambda view: view is cls.unknown_action)

    def _act(self, request, name: str) -> Response:
        spec = ACTIONS[name]
        case = self.get_object()
        actions.require_generic_step(case, name)
        data = {}
        if spec.payload is not None:
            payload = spec.payload(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        case = spec.run(case, acting_user=request.user, **data)
        return self._respond(case)


def _endpoint(name: str, spec: ApiAction):
    def act(self, request, number=None):
        return self._act(request, name)

    act.__name__ = act.__qualname__ = f"act_{name}"
    act = action(
        detail=True, methods=["post"], url_path=f"actions/{name}", url_name=f"action-{name}"
    )(act)
    # After @action, which replaces the function's kwargs where the schema sits.
    return extend_schema(
        operation_id=f"cases_{name}",
        tags=["cases"],
        summary=spec.summary,
        request=spec.payload,
        responses={200: CaseDetailSerializer, **ERRORS},
    )(act)


# One route per action, so the schema documents each with its own body.
for _name, _spec in ACTIONS.items():
    setattr(CaseViewSet, f"act_{_name}", _endpoint(_name, _spec))
