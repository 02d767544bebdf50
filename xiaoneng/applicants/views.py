"""The applicant's pages on the public portal (/portal/).

Accounts (register, log in, my applications, my case), online application
(with an account or one-off) and the progress lookup by case number and
query code. Views read through ``selectors`` and write through ``services``;
a refusal maps to HTTP as elsewhere: not his case 404, not an applicant
account 403, wrong moment 409, bad input 400, too many lookups 429.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from xiaoneng.applicants import selectors, services
from xiaoneng.applicants.forms import (
    ApplicantLoginForm,
    ApplicationForm,
    ProgressForm,
    RateForm,
    RegisterForm,
    SupplementForm,
)
from xiaoneng.cases.choices import (
    DocumentKind,
    EventKind,
    Status,
)
from xiaoneng.cases.forms import apply_errors
from xiaoneng.core import codes, ratelimit
from xiaoneng.core.errors import TransitionError
from xiaoneng.core.masking import mask_identifier, public_name
from xiaoneng.feedback import services as feedback_services
from xiaoneng.feedback.models import RatingRectification

PAGE_SIZE = 20
RATE_SALT = "xiaoneng.applicants.rate"
RATE_TOKEN_AGE = 3600  # seconds a lookup result's rating form stays valid
# What of an event's details the applicant sees (internal notes never).
PUBLIC_DETAILS = {
    EventKind.SUPPLEMENT_REQUESTED: ("missing",),
    EventKind.REFUSED: ("reason", "legal_basis"),
    EventKind.DECIDED: ("reason",),
    EventKind.PAUSED: ("reason",),
}
TOO_MANY = gettext_noop(
    "Too many progress lookups from your address. Please wait a minute and try again."
)


def _conflict(request, message: str):
    """Wrong moment (409): the page says why."""
    return render(request, "applicants/message.html", {"message": message}, status=409)


def lookups_per_minute() -> int:
    return getattr(settings, "APPLICANTS_LOOKUPS_PER_MINUTE", 10)


# -- access ----------------------------------------------------------------------------


def applicant_required(view):
    """A logged-in applicant account (to the portal login otherwise); staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "applicants:login")
        request.applicant = services.applicant_of(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _rating():
    """The feedback app's rating service, when it is installed (else None)."""
    try:
        from xiaoneng.feedback.choices import Level, Moment
        from xiaoneng.feedback.selectors import rateable_moments
        from xiaoneng.feedback.services import rate_case
    except ImportError:
        return None
    return rate_case, rateable_moments, Moment, Level


def _rate_form(case, data=None, token=""):
    """The rating form for the moments still open to rating (the service's rules), or None."""
    rating = _rating()
    if rating is None:
        return None
    _rate_case, rateable_moments, moment, level = rating
    moments = [(value, moment(value).label) for value in rateable_moments(case)]
    if not moments:
        return None
    return RateForm(data, moments=moments, levels=level.choices, initial={"token": token})


# -- accounts --------------------------------------------------------------------------


def register(request):
    if getattr(request.user, "applicant", None) is not None:
        return redirect("applicants:account")
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                profile = services.register_applicant(
                    username=data["username"],
                    name=data["name"],
                    password=data["password1"],
                    kind=data["kind"],
                    id_number=data["id_number"],
                    credit_code=data["credit_code"],
                    request=request,
                )
            except ValidationError as exc:
                if "password" in getattr(exc, "error_dict", {}):
                    exc.error_dict["password1"] = exc.error_dict.pop("password")
                apply_errors(form, exc)
            else:
                login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your account is ready."))
                return redirect("applicants:account")
        status = 400
    return render(request, "applicants/register.html", {"form": form}, status=status)


class ApplicantLoginView(LoginView):
    template_name = "applicants/login.html"
    authentication_form = ApplicantLoginForm
    next_page = "applicants:account"


login_view = ApplicantLoginView.as_view()


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("applicants:login")


@applicant_required
def account(request):
    page = Paginator(selectors.cases_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        case.status_color = Status(case.status).color
    return render(request, "applicants/account.html", {"page": page, "profile": request.applicant})


# -- online application ----------------------------------------------------------------


def apply(request):
    return render(request, "applicants/apply_list.html", {"items": selectors.online_items()})


@never_cache
def apply_item(request, code):
    item = get_object_or_404(selectors.online_items().select_related("unit"), code=code)
    profile = None
    if request.user.is_authenticated:
        # A staff member logged in here would apply as staff: the window is his.
        profile = services.applicant_of(request.user)
    form = ApplicationForm(request.POST or None, request.FILES or None, item=item, profile=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case, code = services.submit_application(
                    acting_user=request.user if profile is not None else None,
                    service_item=item,
                    applicant=form.applicant_fields(),
                    materials=form.material_files(),
                    authority=form.cleaned_data.get("authority"),
                    request=request,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                # The code is shown on this response only; never_cache keeps it out of caches.
                return render(
                    request,
                    "applicants/submitted.html",
                    {"case": case, "code": codes.display(code), "item": item},
                )
        status = 400
    context = {"item": item, "form": form, "profile": profile}
    return render(request, "applicants/apply_form.html", context, status=status)


# -- the applicant's case --------------------------------------------------------------


def _timeline(case) -> tuple[list[dict], bool]:
    """The public events as rows, and whether the clock was ever paused."""
    rows, paused = [], False
    for kind, at, stage_name, data in selectors.public_events(case):
        kind = EventKind(kind)
        paused = paused or kind == EventKind.PAUSED
        details = {key: data.get(key) for key in PUBLIC_DETAILS.get(kind, ())}
        rows.append(
            {
                "label": kind.label,
                "at": at,
                "stage": stage_name,
                "missing": details.pop("missing", None) or [],
                "details": [value for value in details.values() if value],
            }
        )
    return rows, paused


def _progress_context(case) -> dict:
    timeline, paused = _timeline(case)
    return {
        "case": case,
        "item_name": selectors.item_name(case.service_item_id),
        "status_label": Status(case.status).label,
        "status_color": Status(case.status).color,
        "stage_name": case.stage_name if case.is_open else "",
        "timeline": timeline,
        # Every pause writes a public PAUSED event: without one there is nothing to read.
        "pauses": list(case.pauses.all()) if paused else [],
        "applicant_masked": public_name(case.applicant_kind, case.applicant_name),
        "identifier_masked": mask_identifier(case.applicant_id_display),
    }


def _open_notice(case):
    """The missing materials of the open one-time notice, or None."""
    if case.status != Status.SUPPLEMENT:
        return None
    notice = case.documents.filter(kind=DocumentKind.SUPPLEMENT).order_by("-pk").first()
    return (notice.content.get("missing") or []) if notice else []


def _case_page(request, case, *, supplement_form=None, rate_form=None, status=200):
    missing = _open_notice(case)
    if missing is not None and supplement_form is None:
        supplement_form = SupplementForm(missing=missing)
    context = _progress_context(case)
    context.update(
        documents=list(case.documents.order_by("pk")),
        materials=list(case.materials.only("name", "uploaded_at", "size").order_by("pk")),
        supplement_form=supplement_form,
        rate_form=rate_form or _rate_form(case),
        kinds=DocumentKind,
        rectifications=list(
            RatingRectification.objects.filter(rating__case=case).select_related("rating")
        ),
    )
    return render(request, "applicants/case.html", context, status=status)


@applicant_required
def case_detail(request, number):
    return _case_page(request, selectors.own_case(request.user, number))


@applicant_required
@require_POST
def supplement(request, number):
    case = selectors.own_case(request.user, number)
    missing = _open_notice(case)
    if missing is None:
        return _conflict(request, _("No notice of missing materials is open on this case."))
    form = SupplementForm(request.POST, request.FILES, missing=missing)
    if form.is_valid():
        try:
            services.submit_supplement(
                case, acting_user=request.user, files=form.files_given(), request=request
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except TransitionError as exc:
            return _conflict(request, str(exc))
        else:
            messages.success(request, _("The materials were uploaded; the window will check them."))
            return redirect("applicants:case", number=case.number)
    return _case_page(request, case, supplement_form=form, status=400)


@applicant_required
def document_pdf(request, number, pk):
    case = selectors.own_case(request.user, number)
    document = get_object_or_404(case.documents, pk=pk)
    from xiaoneng.cases.documents import render_pdf  # the PDF engine loads on demand

    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{document.number}.pdf")
    return response


def _rate(request, case, form) -> bool:
    rate_case = _rating()[0]
    data = form.cleaned_data
    try:
        rate_case(case, moment=data["moment"], level=data["level"], comment=data["comment"])
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    except TransitionError as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, _("Thank you for your rating."))
    return True


@applicant_required
@require_POST
def rate_own(request, number):
    case = selectors.own_case(request.user, number)
    form = _rate_form(case, request.POST)
    if form is None:
        return _conflict(request, _("This case cannot be rated now."))
    if form.is_valid() and _rate(request, case, form):
        return redirect("applicants:case", number=case.number)
    return _case_page(request, case, rate_form=form, status=400)


@applicant_required
@require_POST
def appeal_verdict(request, number, pk):
    """The applicant appeals (申诉) the verdict on the rectification of his bad rating."""
    case = selectors.own_case(request.user, number)
    rectification = get_object_or_404(RatingRectification, pk=pk, rating__case=case)
    try:
        feedback_services.appeal_rectification(rectification, reason=request.POST.get("reason"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _case_page(request, case, status=400)
    except TransitionError as exc:
        return _conflict(request, str(exc))
    messages.success(request, _("Your appeal was sent; a supervisor will review the verdict."))
    return redirect("applicants:case", number=case.number)


# -- progress lookup -------------------------------------------------------------------


def _too_many(request):
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts.append(_(TOO_MANY))
    return render(request, "applicants/too_many.html", {"texts": texts}, status=429)


@never_cache
def progress(request):
    """GET: the form. POST: number and code → the public progress, or one answer for no match."""
    if request.method != "POST":
        return render(request, "applicants/progress.html", {"form": ProgressForm()})
    if not ratelimit.allow(request, scope="progress", limit=lookups_per_minute()):
        return _too_many(request)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return render(request, "applicants/progress.html", {"form": form}, status=400)
    case = selectors.lookup(form.cleaned_data["number"], form.cleaned_data["code"])
    if case is None:
        # The same page whether the number is unknown or the code wrong: the
        # form comes back empty, so nothing tells the two apart.
        context = {"form": ProgressForm(), "not_found": True}
        return render(request, "applicants/progress.html", context)
    token = signing.dumps(case.pk, salt=RATE_SALT)
    context = _progress_context(case)
    context["rate_form"] = _rate_form(case, token=token)
    return render(request, "applicants/progress_result.html", context)


@require_POST
def rate_lookup(request):
    """Rate a case found by the lookup: the signed token stands for number and code."""
    from xiaoneng.cases.models import Case

    try:
        pk = signing.loads(request.POST.get("token", ""), salt=RATE_SALT, max_age=RATE_TOKEN_AGE)
        case = Case.objects.get(pk=pk)
    except (signing.BadSignature, Case.DoesNotExist):
        raise PermissionDenied(_("Look the case up again to rate it.")) from None
    form = _rate_form(case, request.POST, token=request.POST.get("token", ""))
    if form is None:
        return _conflict(request, _("This case cannot be rated now."))
    if form.is_valid() and _rate(request, case, form):
        return render(request, "applicants/rated.html", {"number": case.number})
    context = _progress_context(case)
    context["rate_form"] = form
    return render(request, "applicants/progress_result.html", context, status=400)


@login_required
@require_POST
@never_cache
def issue_query_code(request, number):
    """The window clerk issues a case's query code: the slip to print, shown once."""
    from xiaoneng.cases.models import Case

    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related("service_item", "authority"),
        number=number,
    )
    code = services.issue_query_code(case, acting_user=request.user, request=request)
    context = {
        "case": case,
        "code": code,
        "code_display": codes.display(code),
        "lookup_url": request.build_absolute_uri(reverse("applicants:progress")),
    }
    return render(request, "applicants/query_code_slip.html", context)
