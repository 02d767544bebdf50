from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.templatetags.static import static

from xiaoneng.core import clock
from xiaoneng.core.hashchain import verify_chain
from xiaoneng.core.models import AuditEvent
from xiaoneng.web.forms import AuditFilterForm
from xiaoneng.web.selectors import work_figures

PAGE_SIZE = 50


def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


@login_required
def home(request):
    profile = getattr(request.user, "profile", None)
    if profile is None and hasattr(request.user, "applicant"):
        # An applicant who signed in here belongs on the public site's own pages.
        return redirect("applicants:account")
    context = {"profile": profile}
    if profile is not None:
        context["roles"] = profile.roles
        context["unit"] = profile.unit
        context["figures"] = work_figures(request.user, clock.today())
    return render(request, "web/home.html", context)


@login_required
@permission_required("core.view_audit_log", raise_exception=True)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__icontains=data["action"])
        if data["actor"]:
            events = events.filter(
                Q(actor_name__icontains=data["actor"]) | Q(actor__username__iexact=data["actor"])
            )
        if data["date_from"]:
            events = events.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(created_at__date__lte=data["date_to"])
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    broken = verify_chain(AuditEvent.objects.chain_rows()) if "verify" in request.GET else None
    return render(
        request,
        "web/audit_log.html",
        {"form": form, "page": page, "broken": broken, "query": _query_without_page(request)},
    )


@login_required
@permission_required("core.view_audit_log", raise_exception=True)
def login_log(request):
    failures = request.GET.get("kind") == "failure"
    logs = (AccessFailureLog if failures else AccessLog).objects.order_by("-attempt_time")
    username = request.GET.get("username", "").strip()[:150]
    if username:
        logs = logs.filter(username__iexact=username)
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/login_log.html",
        {
            "page": page,
            "username": username,
            "failures": failures,
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
