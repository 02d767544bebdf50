"""Alerts, cards and appeals, supervision orders and notices on the REST API.

The API adds no rule of its own: reads go through the scoped selectors of
``services.py`` (an object outside the user's scope is a 404), writes through
its actions, whose refusals the project's exception handler turns into 403
(role), 409 (state) and 400 (input) with the action's message. Lists fetch
their relations with ``select_related``/``prefetch_related``: a page costs
the same number of queries however many rows it holds.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xiaoneng.cases.models import Case
from xiaoneng.cases.serializers import CaseErrorSerializer
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.supervision import services
from xiaoneng.supervision.choices import CardColor, CardStatus, Level, OrderStatus
from xiaoneng.supervision.models import Alert, Card, CardAppeal, Notification, SupervisionOrder
from xiaoneng.supervision.serializers import (
    AlertSerializer,
    AppealDecisionSerializer,
    CardAppealSerializer,
    CardIssueSerializer,
    CardSerializer,
    NotificationSerializer,
    OrderCloseSerializer,
    OrderIssueSerializer,
    OrderReopenSerializer,
    OrderReplySerializer,
    ReasonSerializer,
    SupervisionOrderSerializer,
    UnreadCountSerializer,
)

ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Bad input: messages by field.")),
    403: OpenApiResponse(CaseErrorSerializer, description=_("The user's role may not do this.")),
    404: OpenApiResponse(CaseErrorSerializer, description=_("Not found in the user's scope.")),
    409: OpenApiResponse(
        CaseErrorSerializer, description=_("The object's state does not allow this.")
    ),
}


def _case(number: str | None) -> Case | None:
    """The case named in a request body; the service decides whether the user may see it."""
    if number is None:
        return None
    case = Case.objects.filter(number=number).first()
    if case is None:
        raise Http404(_("No such case."))
    return case


# -- alerts ------------------------------------------------------------------------


class AlertFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    open = filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label=_("Open"))
    rule = filters.CharFilter(field_name="rule__code", label=_("Rule code"))
    unit = filters.CharFilter(field_name="unit__code", label=_("Unit code"))
    case = filters.CharFilter(field_name="case__number", label=_("Case number"))

    class Meta:
        model = Alert
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["supervision"], summary=_("Alerts in the user's scope")),
    retrieve=extend_schema(
        tags=["supervision"],
        summary=_("One alert with its evidence"),
        responses={200: AlertSerializer, 404: ERRORS[404]},
    ),
)
class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Alerts opened by the anomaly rules; opened and closed by the sweep only."""

    serializer_class = AlertSerializer
    filterset_class = AlertFilter

    def get_queryset(self):
        return services.alerts_visible_to(self.request.user).select_related(
            "rule", "case", "unit", "handler"
        )


# -- cards ---------------------------------------------------------------------------


class CardFilter(filters.FilterSet):
    color = filters.ChoiceFilter(
        choices=[c for c in CardColor.choices if c[0] != CardColor.NONE], label=_("Card")
    )
    status = filters.ChoiceFilter(choices=CardStatus.choices, label=_("Status"))
    case = filters.CharFilter(field_name="case__number", label=_("Case number"))
    carded_user = filters.CharFilter(field_name="carded_user__username", label=_("Carded person"))

    class Meta:
        model = Card
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["supervision"], summary=_("Cards in the user's scope")),
    retrieve=extend_schema(
        tags=["supervision"],
        summary=_("One card with its appeal"),
        responses={200: CardSerializer, 404: ERRORS[404]},
    ),
    create=extend_schema(
        tags=["supervision"],
        summary=_("Issue a card (supervisors)"),
        request=CardIssueSerializer,
        responses={201: CardSerializer, **ERRORS},
    ),
)
class CardViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Red and yellow cards; never deleted — an appeal may revoke one."""

    serializer_class = CardSerializer
    filterset_class = CardFilter

    def get_queryset(self):
        return (
            services.cards_visible_to(self.request.user)
            .select_related("case", "rule", "carded_user", "carded_unit", "issued_by")
            .prefetch_related(
                Prefetch(
                    "appeals",
                    queryset=CardAppeal.objects.select_related("appellant", "decided_by"),
                )
            )
        )

    def _respond(self, card, code=status.HTTP_200_OK) -> Response:
        card = self.get_queryset().get(pk=card.pk)
        return Response(CardSerializer(card, context={"request": self.request}).data, status=code)

    def create(self, request, *args, **kwargs):
        payload = CardIssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        card = services.issue_card(_case(data.pop("case")), acting_user=request.user, **data)
        return self._respond(card, status.HTTP_201_CREATED)

    @extend_schema(
        tags=["supervision"],
        summary=_("Appeal against the card (the carded person, once)"),
        request=ReasonSerializer,
        responses={201: CardSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        card = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.appeal_card(card, acting_user=request.user, **payload.validated_data)
        return self._respond(card, status.HTTP_201_CREATED)

    @extend_schema(
        tags=["supervision"],
        summary=_("Uphold or revoke an appealed card (supervisors)"),
        request=AppealDecisionSerializer,
        responses={200: CardSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="decide-appeal", url_name="decide-appeal")
    def decide_appeal(self, request, pk=None):
        card = self.get_object()
        payload = AppealDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        appeal = card.appeals.order_by("-submitted_at").first()
        if appeal is None:
            services.require_role(request.user, Role.SUPERVISOR)
            raise TransitionError(_("This card has not been appealed."))
        services.decide_appeal(appeal, acting_user=request.user, **payload.validated_data)
        return self._respond(card)


class AppealFilter(filters.FilterSet):
    pending = filters.BooleanFilter(
        field_name="decided_at", lookup_expr="isnull", label=_("Awaiting a decision")
    )
    case = filters.CharFilter(field_name="card__case__number", label=_("Case number"))

    class Meta:
        model = CardAppeal
        fields = []


@extend_schema_view(
    list=extend_schema(
        tags=["supervision"], summary=_("Appeals against cards in the user's scope")
    ),
    retrieve=extend_schema(
        tags=["supervision"],
        summary=_("One appeal"),
        responses={200: CardAppealSerializer, 404: ERRORS[404]},
    ),
)
class CardAppealViewSet(viewsets.ReadOnlyModelViewSet):
    """Appeals (申诉) against cards; they are filed and decided on the card
    (``cards/{id}/appeal/``, ``cards/{id}/decide-appeal/``)."""

    serializer_class = CardAppealSerializer
    filterset_class = AppealFilter

    def get_queryset(self):
        return (
            services.appeals_visible_to(self.request.user)
            .select_related("appellant", "decided_by")
            .order_by("-submitted_at")
        )


# -- orders --------------------------------------------------------------------------


class OrderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    unit = filters.CharFilter(field_name="unit__code", label=_("Unit code"))
    case = filters.CharFilter(field_name="case__number", label=_("Case number"))
    escalated = filters.BooleanFilter(
        field_name="escalated_at", lookup_expr="isnull", exclude=True, label=_("Escalated")
    )

    class Meta:
        model = SupervisionOrder
        fields = []


def _order_action(name: str, payload_class, run, summary):
    def act(self, request, pk=None):
        order = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        order = run(order, acting_user=request.user, **payload.validated_data)
        return self._respond(order)

    act.__name__ = act.__qualname__ = name
    act = action(detail=True, methods=["post"])(act)
    return extend_schema(
        tags=["supervision"],
        summary=summary,
        request=payload_class,
        responses={200: SupervisionOrderSerializer, **ERRORS},
    )(act)


@extend_schema_view(
    list=extend_schema(tags=["supervision"], summary=_("Supervision orders in the user's scope")),
    retrieve=extend_schema(
        tags=["supervision"],
        summary=_("One supervision order with its history"),
        responses={200: SupervisionOrderSerializer, 404: ERRORS[404]},
    ),
    create=extend_schema(
        tags=["supervision"],
        summary=_("Issue a supervision order (supervisors)"),
        request=OrderIssueSerializer,
        responses={201: SupervisionOrderSerializer, **ERRORS},
    ),
)
class SupervisionOrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supervision orders (督办): issue, reply, close, reopen; overdue ones escalate."""

    serializer_class = SupervisionOrderSerializer
    filterset_class = OrderFilter

    def get_queryset(self):
        return services.orders_visible_to(self.request.user).select_related(
            "case", "unit", "handler", "issued_by", "replied_by", "escalated_to"
        )

    def _respond(self, order, code=status.HTTP_200_OK) -> Response:
        order = self.get_queryset().get(pk=order.pk)
        return Response(SupervisionOrderSerializer(order).data, status=code)

    def create(self, request, *args, **kwargs):
        payload = OrderIssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data["case"] = _case(data.get("case"))
        if data.get("alert") is not None:
            data["alert"] = Alert.objects.filter(pk=data["alert"]).first()
            if data["alert"] is None:
                raise Http404(_("No such alert."))
        order = services.issue_order(acting_user=request.user, **data)
        return self._respond(order, status.HTTP_201_CREATED)

    reply = _order_action(
        "reply", OrderReplySerializer, services.reply_order, _("Reply to the order (its unit)")
    )
    close = _order_action(
        "close", OrderCloseSerializer, services.close_order, _("Close a replied order")
    )
    reopen = _order_action(
        "reopen",
        OrderReopenSerializer,
        services.reopen_order,
        _("Reopen the order with a new due date"),
    )


# -- notifications --------------------------------------------------------------------


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))

    class Meta:
        model = Notification
        fields = []


@extend_schema_view(
    list=extend_schema(tags=["notifications"], summary=_("The user's own notices, newest first")),
    retrieve=extend_schema(
        tags=["notifications"],
        summary=_("One of the user's notices"),
        responses={200: NotificationSerializer, 404: ERRORS[404]},
    ),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The in-app notice list: each user sees his own notices only."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        return services.notifications_of(self.request.user)

    @extend_schema(
        tags=["notifications"],
        summary=_("Mark the notice read"),
        request=None,
        responses={200: NotificationSerializer, 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = services.mark_read(self.get_object(), acting_user=request.user)
        return Response(NotificationSerializer(notice).data)

    @extend_schema(
        tags=["notifications"],
        summary=_("Mark every notice read"),
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(acting_user=request.user)})

    @extend_schema(
        tags=["notifications"],
        summary=_("How many notices are unread"),
        responses={200: UnreadCountSerializer},
    )
    @action(detail=False, methods=["get"], url_path="unread-count", url_name="unread-count")
    def unread_count(self, request):
        return Response({"unread": services.unread_count(request.user)})
