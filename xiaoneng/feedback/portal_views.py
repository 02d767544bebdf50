"""Public pages: file a complaint, follow it with its code, read the published rates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xiaoneng.cases.forms import apply_errors
from xiaoneng.core import clock, ratelimit
from xiaoneng.feedback import selectors, services
from xiaoneng.feedback.choices import ComplaintStatus, SubjectKind
from xiaoneng.feedback.forms import ComplaintForm, TrackForm

# Tracking lookups per IP address and window: enough for a person who
# mistypes, far too few to guess a ten-character code.
TRACK_LIMIT = 10
TRACK_WINDOW_SECONDS = 15 * 60
# Submissions per IP address and hour: a family or an office may file a few,
# a script may not flood the supervisors.
SUBMIT_LIMIT = 10
SUBMIT_WINDOW_SECONDS = 60 * 60


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        if _rate_limited(request, "submit", SUBMIT_LIMIT, SUBMIT_WINDOW_SECONDS):
            form.add_error(None, _("Too many complaints from your network. Please try later."))
            return render(request, "feedback/portal/complaint_new.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint, code = services.submit_complaint(
                    subject_kind=data["subject_kind"],
                    unit_code=data["unit"],
                    staff_no=data["staff"],
                    case_number=data["case"],
                    area=data["area"],
                    description=data["description"],
                    anonymous=data["anonymous"],
                    name=data["name"],
                    phone=data["phone"],
                    evidence=data["evidence"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                response = render(
                    request,
                    "feedback/portal/complaint_done.html",
                    {"complaint": complaint, "code": code},
                )
                add_never_cache_headers(response)
                return response
        return render(request, "feedback/portal/complaint_new.html", {"form": form}, status=400)
    initial = {}
    for field, kind in (
        ("case", SubjectKind.CASE),
        ("staff", SubjectKind.STAFF),
        ("unit", SubjectKind.UNIT),
    ):
        value = request.GET.get(field, "").strip()[:40]
        if value:
            initial[field] = value
            initial.setdefault("subject_kind", kind)
    form = ComplaintForm(initial=initial)
    return render(request, "feedback/portal/complaint_new.html", {"form": form})


def _rate_limited(request, scope: str, limit: int, window: int) -> bool:
    """Count this request against the client's allowance in ``scope``; True once it is spent."""
    return not ratelimit.allow(request, scope=f"fb-{scope}", limit=limit, window=window)


@require_http_methods(["GET", "POST"])
def complaint_track(request):
    context = {"form": TrackForm(), "complaint": None, "not_found": False}
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        context["form"] = form
        if _rate_limited(request, "track", TRACK_LIMIT, TRACK_WINDOW_SECONDS):
            context["limited"] = True
            status = 429
        elif form.is_valid():
            complaint = services.find_complaint(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
            if complaint is None:
                # A fresh form: a wrong code and an unknown number give the same page.
                context["form"] = TrackForm()
                context["not_found"] = True
                status = 404
            else:
                context["complaint"] = complaint
                context["declined"] = complaint.status == ComplaintStatus.DECLINED
                context["form"] = TrackForm()
        else:
            status = 400
    response = render(request, "feedback/portal/complaint_track.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _pct(row) -> str:
    if not row or row["rate"] is None:
        return "—"
    return "{:.1f}%".format(row["rate"] * 100)


def rates(request):
    today = clock.today()
    month_start = today.replace(day=1)
    year_start = date(today.year, 1, 1)
    tables = []
    for by, title, header in (
        ("unit", _("By unit"), _("Unit")),
        ("item", _("By service item"), _("Service item")),
    ):
        month = {row["key"]: row for row in selectors.satisfaction_rates(month_start, today, by)}
        year = selectors.satisfaction_rates(year_start, today, by)
        rows = [
            {
                "year": row,
                "month": month.get(row["key"]),
                "year_pct": _pct(row),
                "month_pct": _pct(month.get(row["key"])),
            }
            for row in year
        ]
        tables.append({"by": by, "title": title, "header": header, "rows": rows})
    context = {
        "tables": tables,
        "today": today,
        "month_start": month_start,
        "year_start": year_start,
    }
    return render(request, "feedback/portal/rates.html", context)
