"""Staff pages of penalty cases: register, opening, the case with its steps, benchmarks.

Every step posts one form to one service function; refusals map to HTTP as
everywhere: out of scope 404, wrong role 403, wrong moment 409, bad input 400.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xiaoneng.cases.choices import DocumentKind, Status
from xiaoneng.cases.forms import apply_errors
from xiaoneng.cases.models import Case
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.masking import mask_identifier
from xiaoneng.enforcement import deadlines, forms, selectors, services
from xiaoneng.enforcement.benchmarks import assess
from xiaoneng.enforcement.choices import DecisionStatus, ViolationType
from xiaoneng.org.choices import Role

PAGE_SIZE = 30
HANDLER, APPROVER = {Role.HANDLER}, {Role.APPROVER}


def require_penalty_staff(user) -> None:
    if not hasattr(user, "profile") or not (user_roles(user) & BUSINESS_ROLES):
        raise PermissionDenied(_("Only staff with a business role see penalty cases."))


def _get_case(user, number: str) -> Case:
    try:
        return selectors.penalty_case_for(user, number)
    except Case.DoesNotExist:
        raise Http404(_("No such penalty case.")) from None


@dataclass(frozen=True)
class Step:
    label: Any
    roles: set
    form: type
    run: Any  # (case, user, cleaned_data) -> None
    button: str = "primary"


STEPS = {
    "facts": Step(
        gettext_lazy("Save the facts"),
        HANDLER,
        forms.FactsForm,
        lambda case, user, data: services.update_facts(case, acting_user=user, **data),
        "outline-primary",
    ),
    "notice": Step(
        gettext_lazy("Serve the notice of the intended penalty"),
        HANDLER,
        forms.NoticeForm,
        lambda case, user, data: services.serve_notice(case, acting_user=user, **data),
    ),
    "statement": Step(
        gettext_lazy("Record the statement"),
        HANDLER,
        forms.StatementForm,
        lambda case, user, data: services.record_statement(case, acting_user=user, **data),
        "outline-primary",
    ),
    "hearing": Step(
        gettext_lazy("The party requests a hearing"),
        HANDLER,
        forms.EmptyForm,
        lambda case, user, data: services.request_hearing(case, acting_user=user),
        "outline-secondary",
    ),
    "hearing_held": Step(
        gettext_lazy("The hearing has been held"),
        HANDLER,
        forms.EmptyForm,
        lambda case, user, data: services.record_hearing(case, acting_user=user),
    ),
    "propose": Step(
        gettext_lazy("Propose the decision"),
        HANDLER,
        forms.ProposeForm,
        lambda case, user, data: services.propose_decision(case, acting_user=user, **data),
    ),
    "approve": Step(
        gettext_lazy("Approve the decision"),
        APPROVER,
        forms.NoteForm,
        lambda case, user, data: services.approve_decision(case, acting_user=user, **data),
        "success",
    ),
    "reject": Step(
        gettext_lazy("Send the proposal back"),
        APPROVER,
        forms.ReasonForm,
        lambda case, user, data: services.reject_decision(case, acting_user=user, **data),
        "outline-danger",
    ),
    "execute": Step(
        gettext_lazy("Record the execution"),
        HANDLER,
        forms.ExecutionForm,
        lambda case, user, data: services.record_execution(case, acting_user=user, **data),
    ),
    "close": Step(
        gettext_lazy("Close the case"),
        HANDLER,
        forms.EmptyForm,
        lambda case, user, data: services.close_case(case, acting_user=user),
    ),
    "publish": Step(
        gettext_lazy("Publish on the portal"),
        HANDLER | APPROVER,
        forms.EmptyForm,
        lambda case, user, data: services.publish_decision(case, acting_user=user),
        "outline-success",
    ),
}


def available_steps(case: Case, user) -> list[str]:
    """The steps to offer ``user`` now (the services decide; this only picks the buttons)."""
    roles = user_roles(user)
    facts, decision = case.penalty_facts, case.penalty_decision
    own = case.handler_id in (None, user.pk)
    steps = []
    if Role.HANDLER in roles and own:
        if case.status == Status.IN_REVIEW and case.stage_index == services.INVESTIGATION:
            steps += ["facts", "notice"]
        elif case.stage_index == services.NOTICE and case.status == Status.PAUSED:
            steps += ["statement", "hearing_held"]
        elif case.stage_index == services.NOTICE and case.status == Status.IN_REVIEW:
            steps.append("statement")
            if facts.hearing_right and facts.hearing_requested_on is None:
                steps.append("hearing")
            steps.append("propose")
        elif case.status == Status.APPROVED:
            steps.append("execute" if case.stage_index == services.EXECUTION else "close")
    if Role.APPROVER in roles and decision.status == DecisionStatus.PROPOSED:
        steps += ["approve", "reject"]
    if (
        roles & {Role.HANDLER, Role.APPROVER}
        and decision.status == DecisionStatus.DECIDED
        and decision.published_on is None
    ):
        steps.append("publish")
    return steps


def _step_form(case, name, data=None):
    step = STEPS[name]
    initial = {}
    if name == "facts":
        facts = case.penalty_facts
        initial = {field: getattr(facts, field) for field in services.FACT_FIELDS}
    elif name == "execute":
        initial = {"amount_paid": case.penalty_decision.fine}
    form = step.form(data, initial=initial, prefix=name)
    form.step_name, form.step = name, step
    return form


@login_required
def case_list(request):
    require_penalty_staff(request.user)
    cases = selectors.penalty_cases(request.user)
    violation = request.GET.get("violation", "")
    if violation in ViolationType.values:
        cases = cases.filter(penalty_facts__violation_type=violation)
    today = clock.today()
    overdue = selectors.overdue_publications(request.user, today)
    if request.GET.get("tab") == "unpublished":
        cases = cases.filter(penalty_decision__in=overdue)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    tab = request.GET.get("tab", "")
    kept = {"tab": tab if tab == "unpublished" else "", "violation": violation}
    return render(
        request,
        "enforcement/case_list.html",
        {
            "page": page,
            "violations": ViolationType.choices,
            "violation": violation,
            "tab": tab,
            "query": urlencode({key: value for key, value in kept.items() if value}),
            "overdue_count": overdue.count(),
            "may_open": Role.HANDLER in user_roles(request.user),
        },
    )


@login_required
def open_case(request):
    if not hasattr(request.user, "profile") or Role.HANDLER not in user_roles(request.user):
        raise PermissionDenied(_("Only an investigating officer opens a penalty case."))
    form = forms.OpenCaseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.open_case(acting_user=request.user, **form.values())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Penalty case {number} has been opened.").format(number=case.number)
                )
                return redirect("enforcement:detail", number=case.number)
        return render(request, "enforcement/open.html", _open_context(form), status=400)
    return render(request, "enforcement/open.html", _open_context(form))


def _open_context(form) -> dict:
    return {
        "form": form,
        "filing_days": deadlines.FILING_LIMIT_WORKDAYS,
        "decision_days": deadlines.DECISION_LIMIT_CALENDAR_DAYS,
    }


def _render_detail(request, case, *, bound=None, status=200):
    facts, decision = case.penalty_facts, case.penalty_decision
    today = clock.today()
    step_forms = [
        bound if bound is not None and bound.step_name == name else _step_form(case, name)
        for name in available_steps(case, request.user)
    ]
    # Personal data in full only for the staff handling the case (DESIGN.md §2).
    handling = case.handler_id == request.user.pk or Role.APPROVER in user_roles(request.user)
    context = {
        "case": case,
        "party_id": case.applicant_id_display
        if handling
        else mask_identifier(case.applicant_id_display),
        "facts": facts,
        "decision": decision,
        "decision_document": case.documents.filter(kind=DocumentKind.PENALTY).first(),
        "suggestion": assess(facts),
        "step_forms": step_forms,
        "waiting": services.waiting_for_party(facts, today)
        if facts.notice_served_on and case.stage_index == services.NOTICE
        else "",
        "publication_light": selectors.publication_light(decision, today),
        "publication_overdue": decision.publish_due is not None
        and decision.published_on is None
        and today > decision.publish_due,
    }
    return render(request, "enforcement/detail.html", context, status=status)


@login_required
def detail(request, number):
    require_penalty_staff(request.user)
    return _render_detail(request, _get_case(request.user, number))


@login_required
@require_POST
def step(request, number, name):
    require_penalty_staff(request.user)
    if name not in STEPS:
        raise Http404(_("No such step."))
    case = _get_case(request.user, number)
    if not (user_roles(request.user) & STEPS[name].roles):
        raise PermissionDenied(_("Your role may not take this step."))
    form = _step_form(case, name, request.POST)
    if form.is_valid():
        try:
            STEPS[name].run(case, request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
            return _render_detail(request, _get_case(request.user, number), status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Done: {step}.").format(step=STEPS[name].label))
            return redirect("enforcement:detail", number=number)
    return _render_detail(request, _get_case(request.user, number), bound=form, status=400)


@login_required
def benchmarks(request):
    require_penalty_staff(request.user)
    return render(request, "enforcement/benchmarks.html", {"rows": selectors.active_benchmarks()})
