"""The key-project board (重点项目用地保障): the list and one project's approvals.

Only staff with a business role see the board, and only the projects of
their scope (``KeyProject.objects.visible_to``); a project outside it is a
404. The forms on the project page post to the services, which check again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.cases.choices import Status
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core.errors import TransitionError
from xiaoneng.projects import procedure, selectors, services
from xiaoneng.projects.forms import LandForm, LinkForm, ServiceForm
from xiaoneng.workdays.choices import Light


def require_board(user) -> None:
    """The board is for staff with a business role (not the three administrators)."""
    if not hasattr(user, "profile") or not (user_roles(user) & BUSINESS_ROLES):
        raise PermissionDenied(_("The key-project board is for the department's business staff."))


def _project(request, code: str) -> KeyProject:
    require_board(request.user)
    project = selectors.visible_projects(request.user).filter(code=code).first()
    if project is None:
        raise Http404(_("No such key project."))
    return project


@login_required
def board(request):
    require_board(request.user)
    query = request.GET.get("q", "").strip()[:100]
    projects = list(selectors.visible_projects(request.user, query=query))
    figures = selectors.figures_for(projects)
    rows = [
        {
            "project": project,
            "figures": figures[project.pk],
            "share": selectors.land_share(project, figures[project.pk]),
        }
        for project in projects
    ]
    return render(
        request, "projects/board.html", {"rows": rows, "query": query, "chart": _chart(rows)}
    )


def _chart(rows) -> dict:
    """Approved vs planned land of the projects that plan any, for the board's chart."""
    planned = [row for row in rows if row["project"].planned_hectares]
    return {
        "names": [row["project"].name for row in planned],
        "planned": [float(row["project"].planned_hectares) for row in planned],
        "approved": [float(row["figures"].approved_hectares) for row in planned],
        "labels": {
            "planned": _("Planned land"),
            "approved": _("Approved land"),
            "unit": _("ha"),
        },
    }


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(
            message for messages_ in error.message_dict.values() for message in messages_
        )
    return " ".join(error.messages)


@login_required
def detail(request, code):
    project = _project(request, code)
    figures = selectors.figures_for([project])[project.pk]
    approvals = selectors.approvals_of(project, figures.next_code)
    for approval in approvals:
        approval.case.light_color = Light(approval.case.light).color
        approval.case.status_color = Status(approval.case.status).color
        approval.land_form = (
            approval.case.service_item.code in procedure.AREA_ITEM_CODES and approval.done
        )
    user = request.user
    context = {
        "project": project,
        "figures": figures,
        "share": selectors.land_share(project, figures),
        "approvals": approvals,
        "services": selectors.services_of(project),
        "can_link": services.works_for(project, user, services.LINK_ROLES),
        "can_serve": services.works_for(project, user, services.SERVICE_ROLES),
        "can_record_land": services.works_for(project, user, services.LAND_ROLES),
        "service_form": ServiceForm(),
        "link_form": LinkForm(),
        "land_form": LandForm(),
    }
    return render(request, "projects/detail.html", context)


def _run(request, action, success: str) -> None:
    try:
        action()
    except (ValidationError, TransitionError) as error:
        text = _error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, success)


@login_required
@require_POST
def link(request, code):
    project = _project(request, code)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a case number."))
        return redirect("projects:detail", code=project.code)
    case = Case.objects.visible_to(request.user).filter(number=form.cleaned_data["number"]).first()
    if case is None:
        messages.error(request, _("No such case in your scope."))
        return redirect("projects:detail", code=project.code)
    _run(
        request,
        lambda: services.link_case(project, case, acting_user=request.user),
        _("The case is on the project's board."),
    )
    return redirect("projects:detail", code=project.code)


@login_required
@require_POST
def add_service(request, code):
    project = _project(request, code)
    form = ServiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: every field but the place is required."))
        return redirect("projects:detail", code=project.code)
    data = form.cleaned_data
    _run(
        request,
        lambda: services.record_service(project, acting_user=request.user, **data),
        _("Recorded."),
    )
    return redirect("projects:detail", code=project.code)


@login_required
@require_POST
def record_land(request, code, number):
    project = _project(request, code)
    case = Case.objects.filter(key_project=project, number=number).first()
    if case is None:
        raise Http404(_("No such case on this project."))
    form = LandForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the approved area in hectares."))
        return redirect("projects:detail", code=project.code)
    _run(
        request,
        lambda: services.record_approved_land(
            case,
            hectares=form.cleaned_data["hectares"],
            farmland_hectares=form.cleaned_data["farmland_hectares"] or 0,
            acting_user=request.user,
        ),
        _("The approved land is recorded."),
    )
    return redirect("projects:detail", code=project.code)
