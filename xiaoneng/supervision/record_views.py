"""The supervision record on the staff site: one card, one order, issuing them, and mine.

- ``cards/<pk>/``: a card with its appeal; the carded person appeals there,
  another supervisor upholds or revokes it.
- ``orders/<pk>/``: a supervision order (督办单) with its log; the ordered
  unit replies there, a supervisor closes or reopens it.
- ``cases/<number>/card/`` and ``cases/<number>/order/``: a supervisor issues
  a card or an order on a case he sees (an order also on one of its alerts).
- ``mine/``: the cards against a staff member (or, for a leader, his
  authority's units) and the orders to him or his unit.

A page shows what ``services.cards_visible_to`` / ``orders_visible_to`` let
the user see (anything else is a 404) and offers the forms the services'
own predicates allow. Each change is a POST to one URL calling one action;
refusals map as on the case page: out of scope 404, wrong role 403, wrong
moment 409 (the page again, with the message), bad input 400 (the form
again, the action's messages on its fields). Success redirects (PRG).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.cases.forms import apply_errors
from xiaoneng.cases.models import Case
from xiaoneng.cases.scope import user_roles
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.supervision import selectors, services
from xiaoneng.supervision.choices import CardColor, CardStatus, OrderStatus
from xiaoneng.supervision.forms import (
    AppealForm,
    CardIssueForm,
    DecideAppealForm,
    OrderCloseForm,
    OrderIssueForm,
    OrderReopenForm,
    OrderReplyForm,
)
from xiaoneng.supervision.models import Card, SupervisionOrder
from xiaoneng.workdays.services import recent_calendar

MINE_PAGE_SIZE = 20

# What the rules write as a card's evidence (``rules.py``), in words.
EVIDENCE_LABELS = {
    "as_of": gettext_lazy("Found on"),
    "due_date": gettext_lazy("Promised due date"),
    "remaining_workdays": gettext_lazy("Working days left"),
    "warning_days": gettext_lazy("Warning threshold (working days)"),
    "statutory_due_date": gettext_lazy("Statutory due date"),
    "statutory_remaining_workdays": gettext_lazy("Working days left of the statutory limit"),
    "stage": gettext_lazy("Stage"),
    "stage_started_on": gettext_lazy("Stage started on"),
    "budget_days": gettext_lazy("Stage budget (working days)"),
    "spent_workdays": gettext_lazy("Working days spent"),
    "last_event_on": gettext_lazy("Last step on"),
    "idle_workdays": gettext_lazy("Working days without a step"),
    "idle_days": gettext_lazy("Idle threshold (working days)"),
    "kind": gettext_lazy("Kind"),
    "start": gettext_lazy("From"),
    "days": gettext_lazy("Working days"),
    "max_days": gettext_lazy("Longest allowed (working days)"),
    "supplement_count": gettext_lazy("Notices of missing materials"),
    "fee_due": gettext_lazy("Fee due (yuan)"),
    "fee_charged": gettext_lazy("Fee charged (yuan)"),
    "actor": gettext_lazy("Acted by"),
}
# Internal references the page has no use for (and the issuer, which it shows anyway).
EVIDENCE_HIDDEN = {"pause", "event_seq", "last_event_seq", "document", "refusal_basis", "issued_by"}

ORDER_LOG_LABELS = {
    "issued": gettext_lazy("Order issued"),
    "replied": gettext_lazy("Reply of the unit"),
    "closed": gettext_lazy("Closed by the supervisor"),
    "reopened": gettext_lazy("Reopened by the supervisor"),
    "escalated": gettext_lazy("Overdue: escalated to the leader"),
}


def _require_staff(user) -> None:
    if not hasattr(user, "profile"):
        raise PermissionDenied(_("This page is for staff."))


# -- running one action ---------------------------------------------------------------


@dataclass
class Outcome:
    """What a page does with an action's form: the response, or the form to show again."""

    response: Any = None
    form: Any = None
    status: int = 200


def _act(request, form, call) -> Outcome:
    """Validate ``form`` and ``call(data)`` the action; keep the action's refusals on the form.

    PermissionDenied and Http404 propagate (403, 404); a TransitionError is
    shown as a message over the page (409); a ValidationError lands on the
    form's fields (400).
    """
    if form.is_valid():
        try:
            done = call(form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return Outcome(status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return Outcome(response=done)
    return Outcome(form=form, status=400)


def _success(request, text: str, to: str, **kwargs):
    messages.success(request, text)
    return redirect(to, **kwargs)


# -- cards ----------------------------------------------------------------------------


def _get_card(user, pk: int) -> Card:
    try:
        return selectors.card_for(user, pk)
    except Card.DoesNotExist:
        raise Http404(_("No such card.")) from None


def _evidence(evidence: dict) -> list[tuple[str, str]]:
    """The evidence a rule wrote, in words; working days past a limit said as such."""
    rows = []
    for key, value in (evidence or {}).items():
        if key in EVIDENCE_HIDDEN or value in ("", None):
            continue
        label = EVIDENCE_LABELS.get(key, key)
        if key.endswith("remaining_workdays") and isinstance(value, int) and value < 0:
            value = _("{n} working days overdue").format(n=-value)
        rows.append((str(label), str(value)))
    return rows


def _pending_appeal(card):
    return next((appeal for appeal in card.appeals.all() if appeal.decided_at is None), None)


def _card_forms(card, user, bound=None) -> dict:
    """The forms the user may use on the card now: appeal, or decide the pending appeal."""
    forms = {}
    if (
        card.status == CardStatus.VALID
        and not card.appeals.all()
        and services.may_appeal(card, user)
    ):
        forms["appeal"] = AppealForm(prefix="appeal")
    if (
        card.status == CardStatus.APPEALED
        and _pending_appeal(card) is not None
        and services.may_decide(card, user)
    ):
        forms["decide"] = DecideAppealForm(prefix="decide")
    if bound is not None and bound.prefix in forms:
        forms[bound.prefix] = bound
    return forms


def _render_card(request, card, *, bound=None, status=200):
    user = request.user
    forms = _card_forms(card, user, bound)
    issuer_decides = (
        card.status == CardStatus.APPEALED
        and card.issued_by_id == user.pk
        and Role.SUPERVISOR in user_roles(user)
    )
    context = {
        "card": card,
        "color_css": "danger" if card.color == CardColor.RED else "warning",
        "status_css": CARD_STATUS_CSS.get(card.status, "secondary"),
        "evidence": _evidence(card.evidence),
        "appeals": list(card.appeals.all()),
        "appeal_form": forms.get("appeal"),
        "decide_form": forms.get("decide"),
        "pending": _pending_appeal(card),
        "issuer_decides": issuer_decides,
    }
    return render(request, "supervision/card_detail.html", context, status=status)


CARD_STATUS_CSS = {
    CardStatus.VALID: "danger",
    CardStatus.APPEALED: "info",
    CardStatus.UPHELD: "dark",
    CardStatus.REVOKED: "secondary",
}


@login_required
def card_detail(request, pk: int):
    return _render_card(request, _get_card(request.user, pk))


def _appeal(card, user, data) -> str:
    services.appeal_card(card, acting_user=user, reason=data["reason"])
    return _("Your appeal has been submitted; the supervisors will decide on it.")


def _decide(card, user, data) -> str:
    appeal = _pending_appeal(card)
    if appeal is None:
        raise TransitionError(_("This card has not been appealed."))
    uphold = data["decision"] == CardStatus.UPHELD
    services.decide_appeal(appeal, acting_user=user, uphold=uphold, reason=data["reason"])
    if uphold:
        return _("The appeal is rejected: the card stands.")
    return _("The appeal is granted: the card is revoked.")


# name -> (form, permission check (card, user), action (card, user, data) -> message)
CARD_ACTIONS = {
    "appeal": (AppealForm, services.require_may_appeal, _appeal),
    "decide": (DecideAppealForm, services.require_may_decide, _decide),
}


def _card_action(request, pk: int, name: str):
    form_class, require, act = CARD_ACTIONS[name]
    card = _get_card(request.user, pk)
    require(card, request.user)

    def call(data):
        text = act(card, request.user, data)
        return _success(request, text, "supervision:card", pk=card.pk)

    outcome = _act(request, form_class(request.POST, prefix=name), call)
    if outcome.response is not None:
        return outcome.response
    return _render_card(
        request, _get_card(request.user, pk), bound=outcome.form, status=outcome.status
    )


@login_required
@require_POST
def card_appeal(request, pk: int):
    return _card_action(request, pk, "appeal")


@login_required
@require_POST
def card_decide(request, pk: int):
    return _card_action(request, pk, "decide")


# -- orders -----------------------------------------------------------------------------


def _get_order(user, pk: int) -> SupervisionOrder:
    try:
        return selectors.order_for(user, pk)
    except SupervisionOrder.DoesNotExist:
        raise Http404(_("No such supervision order.")) from None


def _order_log(order) -> list[dict]:
    """The order's log in order, each step with its label and the full name of who acted."""
    log = order.history_log or []
    usernames = {entry.get("by") for entry in log} | {
        entry.get("text") for entry in log if entry.get("what") == "escalated"
    }
    names = {
        user.get_username(): services.person_name(user)
        for user in get_user_model().objects.filter(username__in=usernames - {"", None})
    }
    steps = []
    for entry in log:
        what = entry.get("what", "")
        text = entry.get("text", "")
        if what == "escalated":
            text = names.get(text, text)
        at = parse_datetime(entry.get("at", ""))
        steps.append(
            {
                "what": what,
                "label": ORDER_LOG_LABELS.get(what, what),
                "at": timezone.localtime(at) if at is not None else None,
                "by": names.get(entry.get("by"), entry.get("by", "")),
                "text": text,
                "due_date": entry.get("due_date", ""),
            }
        )
    return steps


def _order_allowed(order, user) -> dict:
    """Which of the order's actions the user may take now (the services' own predicates)."""
    supervisor = Role.SUPERVISOR in user_roles(user)
    return {
        "reply": order.status == OrderStatus.OPEN and services.may_reply(order, user),
        "close": order.status == OrderStatus.REPLIED and supervisor,
        "reopen": order.status != OrderStatus.OPEN and supervisor,
    }


def _render_order(request, order, *, bound=None, status=200):
    allowed = _order_allowed(order, request.user)
    forms = {}
    for name, ok in allowed.items():
        if ok:
            forms[name] = ORDER_ACTIONS[name].form(prefix=name)
    if bound is not None and bound.prefix in forms:
        forms[bound.prefix] = bound
    context = {
        "order": order,
        "clock": selectors.order_clock(order, clock.today(), recent_calendar()),
        "term_start": selectors.term_start(order),
        "log": _order_log(order),
        "forms": forms,
        "status_css": ORDER_STATUS_CSS.get(order.status, "secondary"),
    }
    return render(request, "supervision/order_detail.html", context, status=status)


ORDER_STATUS_CSS = {
    OrderStatus.OPEN: "primary",
    OrderStatus.REPLIED: "info",
    OrderStatus.CLOSED: "secondary",
}


@login_required
def order_detail(request, pk: int):
    return _render_order(request, _get_order(request.user, pk))


@dataclass(frozen=True)
class OrderAction:
    form: Any
    require: Any  # (order, user) -> None, raises PermissionDenied
    call: Any  # (order, user, data) -> the order
    success: Any  # order -> message


def _require_supervisor(order, user) -> None:
    services.require_role(user, Role.SUPERVISOR)


ORDER_ACTIONS = {
    "reply": OrderAction(
        OrderReplyForm,
        services.require_may_reply,
        lambda order, user, data: services.reply_order(
            order, acting_user=user, reply=data["reply"]
        ),
        lambda order: _("Your reply has been sent to the supervisor who issued the order."),
    ),
    "close": OrderAction(
        OrderCloseForm,
        _require_supervisor,
        lambda order, user, data: services.close_order(order, acting_user=user, note=data["note"]),
        lambda order: _("Supervision order {number} is closed.").format(number=order.number),
    ),
    "reopen": OrderAction(
        OrderReopenForm,
        _require_supervisor,
        lambda order, user, data: services.reopen_order(
            order, acting_user=user, reason=data["reason"], limit_days=data["limit_days"]
        ),
        lambda order: _("Supervision order {number} is reopened: act by {due}.").format(
            number=order.number, due=order.due_date.isoformat()
        ),
    ),
}


@login_required
@require_POST
def order_action(request, pk: int, action: str):
    spec = ORDER_ACTIONS.get(action)
    if spec is None:
        raise Http404(_("No such action."))
    order = _get_order(request.user, pk)
    spec.require(order, request.user)

    def call(data):
        done = spec.call(order, request.user, data)
        return _success(request, spec.success(done), "supervision:order", pk=order.pk)

    outcome = _act(request, spec.form(request.POST, prefix=action), call)
    if outcome.response is not None:
        return outcome.response
    return _render_order(
        request, _get_order(request.user, pk), bound=outcome.form, status=outcome.status
    )


# -- issuing on a case ----------------------------------------------------------------------


def _case_for_supervisor(user, number: str) -> Case:
    """The case, if the user sees it (else 404), for a supervisor (else 403)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("authority__region", "unit", "handler", "service_item")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404(_("No such case."))
    services.require_role(user, Role.SUPERVISOR)
    return case


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def issue_card(request, number: str):
    case = _case_for_supervisor(request.user, number)
    form = CardIssueForm(_posted(request), case=case)
    status = 200
    if request.method == "POST":

        def call(data):
            card = services.issue_card(
                case,
                acting_user=request.user,
                color=data["color"],
                reason=data["reason"],
                carded_user=data["carded_user"],
                carded_unit=data["carded_unit"],
            )
            return _success(
                request,
                _("The {card} has been issued; the carded person or unit is told.").format(
                    card=card.get_color_display()
                ),
                "supervision:card",
                pk=card.pk,
            )

        outcome = _act(request, form, call)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    context = {"case": case, "form": form}
    return render(request, "supervision/issue_card.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issue_order(request, number: str):
    case = _case_for_supervisor(request.user, number)
    alerts = services.alerts_visible_to(request.user).filter(case=case).select_related("rule")
    wanted = request.GET.get("alert", "")
    alert = alerts.filter(pk=wanted).first() if wanted.isdigit() else None
    form = OrderIssueForm(
        _posted(request), case=case, user=request.user, alerts=alerts, alert=alert
    )
    status = 200
    if request.method == "POST":

        def call(data):
            order = services.issue_order(
                acting_user=request.user,
                case=case,
                alert=data["alert"],
                unit=data["unit"],
                handler=data["handler"],
                instruction=data["instruction"],
                limit_days=data["limit_days"],
            )
            return _success(
                request,
                _("Supervision order {number} has been issued: act by {due}.").format(
                    number=order.number, due=order.due_date.isoformat()
                ),
                "supervision:order",
                pk=order.pk,
            )

        outcome = _act(request, form, call)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
        alert = form.cleaned_data.get("alert")  # the posted one, if it is the case's
    context = {"case": case, "form": form, "alert": alert}
    return render(request, "supervision/issue_order.html", context, status=status)


# -- my supervision ----------------------------------------------------------------------------


def _appeal_state(card, user) -> dict:
    """How the card stands for the one it is against: appealable, pending, decided.

    Every card listed is against the user or, for a leader, a unit of his
    authority (``selectors.my_cards``): ``services.may_appeal`` without its
    walk up the unit tree per row. A unit card that also names a person is
    that person's to appeal. The card's page checks again.
    """
    appeals = list(card.appeals.all())
    appeal = appeals[-1] if appeals else None
    appealable = (
        card.status == CardStatus.VALID
        and appeal is None
        and card.carded_user_id in (None, user.pk)
    )
    return {"appeal": appeal, "appealable": appealable}


@login_required
def mine(request):
    """The cards against me (or my authority's units, for a leader) and the orders to me."""
    user = request.user
    _require_staff(user)
    cards = Paginator(selectors.my_cards(user), MINE_PAGE_SIZE).get_page(request.GET.get("cards"))
    orders = Paginator(selectors.my_orders(user), MINE_PAGE_SIZE).get_page(
        request.GET.get("orders")
    )
    for card in cards:
        card.state = _appeal_state(card, user)
        card.color_css = "danger" if card.color == CardColor.RED else "warning"
    today, calendar = clock.today(), recent_calendar()
    for order in orders:
        order.clock = selectors.order_clock(order, today, calendar)
    query = request.GET.copy()
    context = {
        "cards": cards,
        "orders": orders,
        "cards_query": _without(query, "cards"),
        "orders_query": _without(query, "orders"),
        "leader": Role.LEADER in user_roles(user),
    }
    return render(request, "supervision/mine.html", context)


def _without(query, key: str) -> str:
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()
