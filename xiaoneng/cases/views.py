"""The staff workbench: to-do queue, case list, case detail with its actions, window registration.

Views read through ``selectors`` and change a case only by calling an action
(through the action's form). The action's refusals map to HTTP as the API
maps them: out of scope 404, wrong role 403, wrong moment 409, bad input 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.cases import actions, selectors
from xiaoneng.cases.choices import (
    FINAL_STATUSES,
    SUPERVISION_EVENTS,
    Channel,
    DecisionResult,
    EventKind,
    PauseKind,
    Status,
)
from xiaoneng.cases.clock import read_clock
from xiaoneng.cases.extensions import case_page_actions, case_page_panels
from xiaoneng.cases.forms import ACTION_FORMS, CaseFilterForm, RegisterForm, apply_errors
from xiaoneng.cases.models import Case
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.masking import mask_address, mask_identifier, mask_phone
from xiaoneng.core.validators import validate_credit_code, validate_id_number
from xiaoneng.org.choices import Role
from xiaoneng.org.scope import authority_of
from xiaoneng.workdays.choices import Light, State
from xiaoneng.workdays.limits import overdue_days
from xiaoneng.workdays.services import get_calendar

PAGE_SIZE = 30
TABLE_TARGET = "case-table"  # the element HTMX swaps when the filters change
STAGE_MOVES = {EventKind.ACCEPTED, EventKind.ADVANCED, EventKind.SENT_BACK, EventKind.DECIDED}


# -- access ----------------------------------------------------------------------


def _require_case_staff(user) -> None:
    if not hasattr(user, "profile") or not (user_roles(user) & BUSINESS_ROLES):
        raise PermissionDenied(_("Only staff with a business role work on cases."))


def _require_clerk(user) -> None:
    if not hasattr(user, "profile") or Role.CLERK not in user_roles(user):
        raise PermissionDenied(_("Only a window clerk registers applications."))


def _get_case(user, number: str) -> Case:
    try:
        return selectors.case_for(user, number)
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


# -- lists -----------------------------------------------------------------------


def _paint(case) -> None:
    """Attach the badge colours of the choices (no query)."""
    case.light_color = Light(case.light).color
    case.status_color = Status(case.status).color


def _case_list(request, cases, *, mode: str):
    form = CaseFilterForm(request.GET or None, open_only=mode == "todo")
    form.is_valid()  # invalid filters are shown as errors and ignored
    cases = selectors.filter_cases(cases, getattr(form, "cleaned_data", {}))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        _paint(case)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "mode": mode,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
        "is_clerk": Role.CLERK in user_roles(request.user),
        "table_target": TABLE_TARGET,
    }
    if request.htmx and request.htmx.target == TABLE_TARGET:
        return render(request, "cases/_case_table.html", context)
    return render(request, "cases/case_list.html", context)


@login_required
def todo(request):
    _require_case_staff(request.user)
    return _case_list(request, selectors.todo_cases(request.user), mode="todo")


@login_required
def case_list(request):
    _require_case_staff(request.user)
    return _case_list(request, selectors.all_cases(request.user), mode="all")


# -- detail ----------------------------------------------------------------------


def _detail(label, text="", *, items=None, mono=False):
    return {"label": label, "text": text, "items": items or [], "mono": mono}


def describe_event(event) -> list[dict]:
    """The event's data as labelled lines (opinion, reason, missing list, document)."""
    data = event.data or {}
    lines = []
    kind = event.kind
    if kind == EventKind.SUBMITTED and data.get("channel") in Channel.values:
        lines.append(_detail(_("Channel"), Channel(data["channel"]).label))
    if kind == EventKind.ACCEPTED:
        lines.append(_detail(_("Accepted on"), data.get("accepted_on", "")))
        if data.get("deemed"):
            lines.append(_detail(_("Deemed accepted"), _("No notice within 5 working days")))
    if kind == EventKind.ASSIGNED:
        lines.append(_detail(_("Handler"), data.get("handler_name") or data.get("handler", "")))
    if kind in (EventKind.ADVANCED, EventKind.SENT_BACK) and data.get("to_stage"):
        lines.append(_detail(_("To stage"), data["to_stage"]))
    if kind in (EventKind.PAUSED, EventKind.RESUMED) and data.get("kind") in PauseKind.values:
        lines.append(_detail(_("Kind of pause"), PauseKind(data["kind"]).label))
    if kind == EventKind.RESUMED and data.get("start"):
        lines.append(_detail(_("Paused"), "{} – {}".format(data["start"], data.get("end", ""))))
    if kind == EventKind.DECIDED and data.get("result") in DecisionResult.values:
        lines.append(_detail(_("Decision"), DecisionResult(data["result"]).label))
    if "days" in data:
        lines.append(_detail(_("Working days"), str(data["days"])))
    if kind == EventKind.MATERIAL_ADDED:
        lines.append(_detail(_("Material"), data.get("name", "")))
        lines.append(_detail("SHA-256", data.get("sha256", "")[:16] + "…", mono=True))
    if data.get("missing"):
        lines.append(_detail(_("Missing materials"), items=data["missing"]))
    if data.get("order"):  # a supervision order's steps (the supervision app)
        lines.append(_detail(_("Supervision order"), data["order"]))
        if data.get("unit"):
            lines.append(_detail(_("Ordered unit"), data["unit"]))
        if data.get("due_date"):
            lines.append(_detail(_("Due date"), data["due_date"]))
    if data.get("reply"):
        lines.append(_detail(_("Reply"), data["reply"]))
    for key, label in [
        ("opinion", _("Opinion")),
        ("reason", _("Reason")),
        ("legal_basis", _("Legal basis")),
        ("note", _("Note")),
    ]:
        if data.get(key):
            lines.append(_detail(label, data[key]))
    if kind == EventKind.COMPLETED:
        lines.append(_detail(_("Fee charged (yuan)"), data.get("fee_charged", "")))
    if data.get("document"):
        lines.append(_detail(_("Document"), data["document"], mono=True))
    return lines


def _stage_plan(case) -> list[dict]:
    finished = case.status == Status.COMPLETED
    stopped = case.status in FINAL_STATUSES and not finished
    plan = []
    for index, stage in enumerate(case.stages):
        if finished or index < case.stage_index:
            state = "done"
        elif index == case.stage_index:
            state = "stopped" if stopped else "current"
        else:
            state = "todo"
        role = stage.get("role")
        plan.append(
            {
                "name": stage["name"],
                "role": Role(role).label if role in Role.values else "",
                "budget": stage.get("budget_days"),
                "state": state,
            }
        )
    return plan


def _action_form(case, action, *args):
    """The form of ``action`` on ``case``, with the choices it offers."""
    kwargs = {}
    if action == "request_supplement":
        kwargs["materials"] = [m.name for m in case.service_item.materials.all()]
    elif action == "assign":
        kwargs["handlers"] = selectors.handlers_of(case.authority)
    elif action == "attach_material":
        kwargs["materials"] = case.service_item.materials.all()
    return ACTION_FORMS[action](*args, case=case, **kwargs)


def _action_forms(case, allowed, bound=None) -> list:
    return [
        bound if bound is not None and bound.action == name else _action_form(case, name)
        for name in allowed
    ]


def _render_detail(request, case, *, bound=None, status=200):
    user = request.user
    allowed = actions.allowed_actions(case, user)
    events = list(case.events.order_by("seq"))
    pauses = list(case.pauses.order_by("start", "pk"))
    materials = list(case.materials.order_by("pk"))
    documents = list(case.documents.order_by("pk"))
    for event in events:
        event.details = describe_event(event)
    # The stored clock is as of the last event or sweep; the detail reads it for today.
    reading = read_clock(
        case, get_calendar(), clock.today(), pauses=[(p.start, p.end) for p in pauses]
    )
    reading["light_color"] = Light(reading["light"]).color
    reading["light_label"] = Light(reading["light"]).label
    reading["state_label"] = State(reading["clock_state"]).label
    for key, overdue in [
        ("remaining_workdays", "overdue_days"),
        ("statutory_remaining_workdays", "statutory_overdue_days"),
    ]:
        reading[overdue] = overdue_days(reading[key])
    # A supervisor's card or order, or a unit's reply to an order, is not handling the case.
    acting = (
        bool(allowed)
        or (case.handler_id is not None and case.handler_id == user.pk)
        or any(
            event.actor_id == user.pk and event.kind not in SUPERVISION_EVENTS for event in events
        )
    )
    identifier = case.applicant_id_display
    _paint(case)
    context = {
        "case": case,
        "clock": reading,
        "accepted": case.accepted_on is not None,
        "stages": _stage_plan(case),
        "events": events,
        "pauses": pauses,
        "materials": materials,
        "documents": documents,
        "action_forms": _action_forms(case, allowed, bound),
        "extra_actions": case_page_actions(case, user),
        "extra_panels": case_page_panels(case, user),
        "open_action": bound.action if bound is not None else "",
        "acting": acting,
        "identifier": identifier if acting else mask_identifier(identifier),
        "phone": case.phone if acting else mask_phone(case.phone),
        "address": case.address if acting else mask_address(case.address),
        # These events move the case; their "to stage" line names the new stage.
        "stage_moves": STAGE_MOVES,
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
def detail(request, number):
    return _render_detail(request, _get_case(request.user, number))


@login_required
@require_POST
def case_action(request, number, action):
    if action not in ACTION_FORMS:
        raise Http404(_("No such action."))
    case = _get_case(request.user, number)
    form = _action_form(case, action, request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.require_generic_step(case, action)
            done = form.run(request.user)  # PermissionDenied and Http404 propagate
        except TransitionError as exc:
            messages.error(request, str(exc))
            return _render_detail(request, _get_case(request.user, number), status=409)
        if done:
            messages.success(request, form.success)
            return redirect("cases:detail", number=number)
    # Nothing changed: show the form again with the messages.
    return _render_detail(request, _get_case(request.user, number), bound=form, status=400)


@login_required
def document_pdf(request, number, pk):
    case = _get_case(request.user, number)
    document = get_object_or_404(case.documents, pk=pk)
    from xiaoneng.cases.documents import render_pdf  # the PDF engine loads on demand

    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{document.number}.pdf")
    return response


@login_required
def material_file(request, number, pk):
    """A material's file, for the staff acting on the case (it holds personal data)."""
    case = _get_case(request.user, number)
    material = get_object_or_404(case.materials, pk=pk)
    acting = (
        case.handler_id == request.user.pk
        or bool(actions.allowed_actions(case, request.user))
        or case.events.filter(actor=request.user).exclude(kind__in=SUPERVISION_EVENTS).exists()
    )
    if not acting:
        raise PermissionDenied(_("Only the staff handling the case open its materials."))
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.name + extension.get(material.content_type, ""),
        content_type=material.content_type,
    )


# -- window registration -------------------------------------------------------


@login_required
def register(request):
    _require_clerk(request.user)
    authority = authority_of(request.user.profile.unit)
    form = RegisterForm(request.POST or None, authority=authority)
    if request.method == "POST":
        if form.is_valid():
            try:
                case = form.submit(request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Case {number} has been registered.").format(number=case.number),
                )
                return redirect("cases:detail", number=case.number)
        return render(request, "cases/register.html", {"form": form}, status=400)
    return render(request, "cases/register.html", {"form": form})


@login_required
@require_POST
def check_identifier(request, field):
    """Live check of an ID number or credit code while the clerk types (HTMX)."""
    _require_clerk(request.user)
    validate = {"id_number": validate_id_number, "credit_code": validate_credit_code}[field]
    value = request.POST.get(field, "").strip().upper()
    state, message = "valid", ""
    if not value:
        state = "empty"
    elif len(value) < 18:
        state = "partial"
    else:
        try:
            validate(value)
        except ValidationError as exc:
            state, message = "invalid", " ".join(exc.messages)
    return render(
        request,
        "cases/_identifier_feedback.html",
        {"name": field, "state": state, "length": len(value), "message": message},
    )
