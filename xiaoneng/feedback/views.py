"""Staff pages: complaints, ratings and rectifications (/feedback/).

Complaints are for supervisors and leaders of the region (leaders read,
supervisors act); ratings and rectifications are also seen by the business
staff of the rated unit, who record the fix. Every action is a POST to one
URL per action, calling one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.cases.forms import apply_errors
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core import clock
from xiaoneng.core.errors import TransitionError
from xiaoneng.feedback import selectors, services
from xiaoneng.feedback.choices import (
    ComplaintStatus,
    Level,
    Moment,
    RectificationStatus,
)
from xiaoneng.feedback.forms import COMPLAINT_ACTIONS, RECTIFICATION_ACTIONS
from xiaoneng.feedback.models import Complaint, RatingRectification
from xiaoneng.org.choices import Role
from xiaoneng.workdays.services import get_calendar

PAGE_SIZE = 30
OVERSIGHT_ROLES = {Role.SUPERVISOR.value, Role.LEADER.value}


def _require(user, roles) -> None:
    if not hasattr(user, "profile") or not (user_roles(user) & set(roles)):
        if set(roles) == OVERSIGHT_ROLES:
            raise PermissionDenied(_("This page is for supervisors and leaders."))
        raise PermissionDenied(_("Ratings and rectifications are for the business staff."))


def _oversight(user) -> bool:
    return bool(user_roles(user) & OVERSIGHT_ROLES)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# -- complaints ------------------------------------------------------------------


@login_required
def complaint_list(request):
    _require(request.user, OVERSIGHT_ROLES)
    status = request.GET.get("status", "open")
    if status not in {"", "open", *ComplaintStatus.values}:
        status = "open"
    area = request.GET.get("area", "")
    if area not in ProblemArea.values:
        area = ""
    page = _page(request, selectors.complaints_for(request.user, status=status, area=area))
    calendar, today = get_calendar(), clock.today()
    rows = [(c, selectors.complaint_limits(c, today, calendar)) for c in page.object_list]
    context = {
        "oversight": _oversight(request.user),
        "page": page,
        "rows": rows,
        "query": _query(request),
        "status": status,
        "area": area,
        "statuses": ComplaintStatus.choices,
        "areas": ProblemArea.choices,
    }
    return render(request, "feedback/complaint_list.html", context)


def _get_complaint(user, number) -> Complaint:
    complaint = (
        Complaint.objects.visible_to(user)
        .select_related("subject_unit", "subject_staff__user", "case", "order", "handled_by")
        .filter(number=number)
        .first()
    )
    if complaint is None:
        raise Http404(_("No such complaint."))
    return complaint


def _complaint_actions(complaint: Complaint, user) -> list[str]:
    if Role.SUPERVISOR not in user_roles(user):
        return []
    status = complaint.status
    names = []
    if status == ComplaintStatus.RECEIVED:
        names += ["accept", "decline"]
    if status in (ComplaintStatus.ACCEPTED, ComplaintStatus.INVESTIGATING):
        names += ["note", "finding"]
    if status == ComplaintStatus.FOUND:
        names.append("reply")
    if status != ComplaintStatus.DECLINED and complaint.order_id is None:
        names.append("order")
    return names


def _forms(actions, names, bound=None, bound_name=None):
    forms = []
    for name in names:
        label, form_class, _call = actions[name]
        form = bound if name == bound_name and bound is not None else form_class(prefix=name)
        forms.append({"name": name, "label": label, "form": form})
    return forms


def _render_complaint(request, complaint, *, bound=None, bound_name=None, status=200):
    context = {
        "oversight": True,
        "complaint": complaint,
        "limits": selectors.complaint_limits(complaint),
        "events": complaint.events.select_related("actor").order_by("at", "pk"),
        "action_forms": _forms(
            COMPLAINT_ACTIONS, _complaint_actions(complaint, request.user), bound, bound_name
        ),
    }
    return render(request, "feedback/complaint_detail.html", context, status=status)


@login_required
def complaint_detail(request, number):
    _require(request.user, OVERSIGHT_ROLES)
    return _render_complaint(request, _get_complaint(request.user, number))


@login_required
def complaint_evidence(request, number):
    _require(request.user, OVERSIGHT_ROLES)
    complaint = _get_complaint(request.user, number)
    if not complaint.evidence:
        raise Http404(_("No evidence was uploaded."))
    try:
        handle = complaint.evidence.open("rb")
    except FileNotFoundError:
        raise Http404(_("The evidence file is missing from storage.")) from None
    return FileResponse(
        handle,
        content_type=complaint.evidence_type,
        as_attachment=True,
        filename=f"{complaint.number}-evidence",
    )


def _run(request, obj, actions, name, render_detail, success_url):
    if name not in actions:
        raise Http404(_("No such action."))
    label, form_class, call = actions[name]
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            call(obj, request.user, form.cleaned_data)  # PermissionDenied, Http404 propagate
        except TransitionError as exc:
            messages.error(request, str(exc))
            return render_detail(request, obj, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Done: {action}.").format(action=label))
            return redirect(success_url)
    return render_detail(request, obj, bound=form, bound_name=name, status=400)


@login_required
@require_POST
def complaint_action(request, number, action):
    _require(request.user, OVERSIGHT_ROLES)
    complaint = _get_complaint(request.user, number)
    return _run(
        request,
        complaint,
        COMPLAINT_ACTIONS,
        action,
        _render_complaint,
        reverse("feedback:complaint_detail", args=[complaint.number]),
    )


# -- ratings and rectifications ------------------------------------------------------


@login_required
def rating_list(request):
    _require(request.user, BUSINESS_ROLES)
    level = request.GET.get("level", "")
    if level not in {str(value) for value in Level.values}:
        level = ""
    moment = request.GET.get("moment", "")
    if moment not in Moment.values:
        moment = ""
    page = _page(request, selectors.ratings_for(request.user, level=level, moment=moment))
    context = {
        "oversight": _oversight(request.user),
        "page": page,
        "query": _query(request),
        "level": level,
        "moment": moment,
        "levels": Level.choices,
        "moments": Moment.choices,
    }
    return render(request, "feedback/rating_list.html", context)


@login_required
def rectification_list(request):
    _require(request.user, BUSINESS_ROLES)
    status = request.GET.get("status", "open")
    if status not in {"", "open", *RectificationStatus.values}:
        status = "open"
    page = _page(request, selectors.rectifications_for(request.user, status=status))
    calendar, today = get_calendar(), clock.today()
    rows = [(r, selectors.rectification_limit(r, today, calendar)) for r in page.object_list]
    context = {
        "oversight": _oversight(request.user),
        "page": page,
        "rows": rows,
        "query": _query(request),
        "status": status,
        "statuses": RectificationStatus.choices,
    }
    return render(request, "feedback/rectification_list.html", context)


def _get_rectification(user, pk) -> RatingRectification:
    rectification = (
        RatingRectification.objects.visible_to(user)
        .select_related("rating__case", "rating__service_item", "unit", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if rectification is None:
        raise Http404(_("No such rectification."))
    return rectification


def _rectification_actions(rectification, user) -> list[str]:
    supervisor = Role.SUPERVISOR in user_roles(user)
    status = rectification.status
    names = []
    if status == RectificationStatus.VERIFYING and supervisor:
        names.append("verify")
    if status == RectificationStatus.FIXING and services.may_fix(rectification, user):
        names.append("fix")
    if status == RectificationStatus.ANSWERED and services.may_fix(rectification, user):
        names.append("visit")
    if status == RectificationStatus.APPEALED and supervisor:
        names.append("review")
    return names


def _render_rectification(request, rectification, *, bound=None, bound_name=None, status=200):
    context = {
        "oversight": _oversight(request.user),
        "rect": rectification,
        "rating": rectification.rating,
        "limit": selectors.rectification_limit(rectification),
        "events": rectification.events.select_related("actor").order_by("at", "pk"),
        "action_forms": _forms(
            RECTIFICATION_ACTIONS,
            _rectification_actions(rectification, request.user),
            bound,
            bound_name,
        ),
    }
    return render(request, "feedback/rectification_detail.html", context, status=status)


@login_required
def rectification_detail(request, pk):
    _require(request.user, BUSINESS_ROLES)
    return _render_rectification(request, _get_rectification(request.user, pk))


@login_required
@require_POST
def rectification_action(request, pk, action):
    _require(request.user, BUSINESS_ROLES)
    rectification = _get_rectification(request.user, pk)
    return _run(
        request,
        rectification,
        RECTIFICATION_ACTIONS,
        action,
        _render_rectification,
        reverse("feedback:rectification_detail", args=[rectification.pk]),
    )
