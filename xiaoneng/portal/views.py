"""The public portal: no login, nothing internal, nothing personal.

Views read through ``selectors`` only. Bad input (an unknown item, a month
that is not a month, a page that is not a number) is ignored or answered
with a 4xx, never a 500.
"""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiaoneng.cases.choices import Status
from xiaoneng.catalog.choices import Category
from xiaoneng.core import clock
from xiaoneng.core.masking import public_name
from xiaoneng.portal import navigation, selectors
from xiaoneng.portal.choices import AnnouncementCategory, LegalLevel
from xiaoneng.portal.forms import ResultFilterForm
from xiaoneng.portal.paging import SlicePage, page_number

PAGE_SIZE = 20
# Public figures may lag a few minutes behind the cases table; the cache
# keeps visitors from re-aggregating a year of cases (one pass over about a
# million rows at the department's scale) on every page view.
STATS_CACHE_SECONDS = 600


def _efficiency(today: date) -> selectors.Efficiency:
    key = f"portal:efficiency:{today.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = selectors.efficiency(today)
        cache.set(key, figures, STATS_CACHE_SECONDS)
    return figures


def home(request):
    today = clock.today()
    return render(
        request,
        "portal/home.html",
        {
            "categories": Category.choices,
            "quick_links": navigation.quick_links(),
            "announcements": selectors.announcements()[:6],
            "policies": selectors.policies()[:4],
            "figures": _efficiency(today).totals["year"],
            "item_count": selectors.guides().count(),
            "year": today.year,
        },
    )


# -- service guides -------------------------------------------------------------------


def guides(request):
    query = request.GET.get("q", "")[:50]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    items = selectors.guides(query, category)
    return render(
        request,
        "portal/guides.html",
        {"items": items, "query": query, "category": category, "categories": Category.choices},
    )


def _apply_url(item) -> str:
    """The online application form for this item, if the applicants' pages exist."""
    url = navigation.optional_url("applicants:apply_item", item.code)
    if url:
        return url
    plain = navigation.optional_url("applicants:apply")
    return f"{plain}?item={item.code}" if plain else ""


def guide(request, code: str):
    item = selectors.guide(code)
    if item is None:
        raise Http404(_("No such service item."))
    stages = list(item.stages.all())
    unit = item.unit
    apply_url = _apply_url(item) if item.online_allowed else ""
    return render(
        request,
        "portal/guide_detail.html",
        {
            "item": item,
            "materials": list(item.materials.all()),
            "stages": stages,
            "stage_days": sum(stage.budget_days for stage in stages),
            "venue": item.venue or unit.address,
            "office_hours": item.office_hours,
            "phone": item.phone or unit.phone or settings.DEPARTMENT_HOTLINE,
            "apply_url": apply_url,
        },
    )


# -- published results ------------------------------------------------------------------

RESULT_LABELS = {
    Status.COMPLETED: gettext_lazy("Licence granted"),
    Status.DENIED: gettext_lazy("Licence denied"),
    Status.REFUSED: gettext_lazy("Application not accepted"),
}
# A registration, a filing or a public service is done or not, not licensed.
OTHER_RESULT_LABELS = {
    **RESULT_LABELS,
    Status.COMPLETED: gettext_lazy("Completed"),
    Status.DENIED: gettext_lazy("Not granted"),
}


def results(request):
    form = ResultFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.results(
        item=filters.get("item"), start=filters.get("start"), end=filters.get("end")
    )
    page = SlicePage(rows, page_number(request), PAGE_SIZE)
    for row in page.object_list:
        row["applicant"] = public_name(row["applicant_kind"], row["applicant_name"])
        licensing = row["service_item__category"] == Category.LICENSING
        row["result"] = (RESULT_LABELS if licensing else OTHER_RESULT_LABELS)[row["status"]]
        row["concluded_on"] = row["decided_on"] or row["closed_on"]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/results.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


# -- staff badges ------------------------------------------------------------------------


def staff(request):
    units = selectors.staff_units()
    unit = None
    unit_code = request.GET.get("unit", "")
    if unit_code:
        unit = selectors.staff_units().filter(code=unit_code).first()
    paginator = Paginator(selectors.public_staff(unit), 24)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "portal/staff.html",
        {
            "units": units,
            "unit": unit,
            "page": page,
            "complaint_url": navigation.optional_url("feedback_portal:complaint_new"),
        },
    )


def staff_member(request, staff_no: str):
    member = selectors.staff_member(staff_no)
    if member is None:
        raise Http404(_("No such staff member."))
    return render(
        request,
        "portal/staff_member.html",
        {
            "member": member,
            "complaint_url": navigation.optional_url("feedback_portal:complaint_new"),
        },
    )


# -- announcements and policies -----------------------------------------------------------


def news(request):
    category = request.GET.get("category", "")
    if category not in AnnouncementCategory.values:
        category = ""
    paginator = Paginator(selectors.announcements(category), PAGE_SIZE)
    return render(
        request,
        "portal/news.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "category": category,
            "categories": AnnouncementCategory.choices,
        },
    )


def news_detail(request, pk: int):
    entry = get_object_or_404(selectors.announcements(), pk=pk)
    return render(request, "portal/news_detail.html", {"entry": entry})


def policies(request):
    query = request.GET.get("q", "")[:50]
    level = request.GET.get("level", "")
    if level not in LegalLevel.values:
        level = ""
    paginator = Paginator(selectors.policies(query, level), PAGE_SIZE)
    return render(
        request,
        "portal/policies.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "query": query,
            "level": level,
            "levels": LegalLevel.choices,
        },
    )


def policy_detail(request, pk: int):
    entry = get_object_or_404(selectors.policies(), pk=pk)
    return render(request, "portal/policy_detail.html", {"entry": entry})


# -- statistics -----------------------------------------------------------------------------


def _chart(rows: list[dict]) -> dict:
    """The chart's data island: names and rates in percent."""

    def percent(value):
        return round(value * 100, 1) if value is not None else None

    return {
        "names": [row["name"] for row in rows],
        "promised": [percent(row["rate"]) for row in rows],
        "statutory": [percent(row["rate_statutory"]) for row in rows],
        "labels": {
            "promised": _("Within the promised limit"),
            "statutory": _("Within the statutory limit"),
        },
    }


def statistics(request):
    period_name = request.GET.get("period", "year")
    if period_name not in selectors.PERIODS:
        period_name = "year"
    today = clock.today()
    figures = _efficiency(today)
    period = figures.month if period_name == "month" else figures.year
    units, items = figures.units[period_name], figures.items[period_name]
    return render(
        request,
        "portal/statistics.html",
        {
            "month": figures.totals["month"],
            "year": figures.totals["year"],
            "units": units,
            "items": items,
            "satisfaction_units": selectors.satisfaction(period, "unit"),
            "satisfaction_items": selectors.satisfaction(period, "item"),
            "period": period,
            "period_name": period_name,
            "today": today,
            "unit_chart": _chart(units),
            "item_chart": _chart(items),
        },
    )
