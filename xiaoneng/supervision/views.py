"""The supervision centre (监察中心) and the staff's notification list.

The centre is for supervisors and leaders and shows their region only (the
scope of ``Case.objects.visible_to``). Each figure is one aggregate query in
``selectors``; each list is one page query plus one COUNT, with an Excel
export of the same filtered queryset (``?format=xlsx``).
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xiaoneng.cases.scope import user_roles
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core import clock
from xiaoneng.core.forms import StyledFormMixin
from xiaoneng.org.choices import Role
from xiaoneng.supervision import exports, selectors, services
from xiaoneng.supervision.choices import CardColor, CardStatus, Level, RuleCode
from xiaoneng.supervision.models import Notification
from xiaoneng.supervision.panels import centre_panels

PAGE_SIZE = 30
TABLE_TARGET = "sv-table"
CENTRE_ROLES = {Role.SUPERVISOR, Role.LEADER}


def _require_centre(user) -> None:
    if not hasattr(user, "profile") or not (user_roles(user) & CENTRE_ROLES):
        raise PermissionDenied(_("The supervision centre is for supervisors and leaders."))


# -- filters -------------------------------------------------------------------------


class CentreFilterForm(StyledFormMixin, forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    item = forms.ModelChoiceField(
        label=gettext_lazy("Service item"),
        queryset=ServiceItem.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All items"),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[("", gettext_lazy("All levels")), *Level.choices],
    )
    rule = forms.ChoiceField(
        label=gettext_lazy("Rule"),
        required=False,
        choices=[("", gettext_lazy("All rules")), *RuleCode.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Card status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *CardStatus.choices],
    )
    color = forms.ChoiceField(
        label=gettext_lazy("Card"),
        required=False,
        choices=[
            ("", gettext_lazy("Both colours")),
            *[c for c in CardColor.choices if c[0] != CardColor.NONE],
        ],
    )

    def __init__(self, *args, regions, extra=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Whole scope"))] + [
            (region.code, "{} {}".format("\u3000" * _indent(region), region.name))
            for region in regions
        ]
        keep = {"date_from", "date_to", "region", "item", *extra}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in self.fields:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} xn-filter-choice".strip()


def _indent(region) -> int:
    return {"province": 0, "city": 1}.get(region.level, 2)


def _filters(request, extra=(), regions=None):
    if regions is None:
        regions = selectors.regions_in_scope(request.user)
    form = CentreFilterForm(request.GET or None, regions=regions, extra=extra)
    form.is_valid()  # invalid filters are shown as errors and ignored
    data = getattr(form, "cleaned_data", {})
    return form, selectors.Filters.from_data(data), data


def _query(request, drop=("page", "format")) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


# -- the centre ------------------------------------------------------------------------


@login_required
def centre(request):
    _require_centre(request.user)
    regions = list(selectors.regions_in_scope(request.user))
    form, filters, _data = _filters(request, regions=regions)
    today = clock.today()
    cases = selectors.centre_cases(request.user, filters)
    orders = selectors.centre_orders(request.user, filters)
    figures, figures_at = _cached_breakdown(regions, selectors.centre_lights(request.user, filters))
    trend = selectors.tallied_trend(request.user, filters, today) or _cached_trend(cases, today)
    trend["labels"] = {
        "received": _("Received"),
        "closed": _("Closed"),
        "late": _("Closed after the promised limit"),
    }
    context = {
        "form": form,
        "query": _query(request),
        "filtered": any(request.GET.values()),
        "cases": figures.totals,
        "alerts": selectors.alert_figures(request.user, filters),
        "cards": selectors.card_figures(request.user, filters),
        "orders": selectors.order_figures(orders, today),
        "regions": figures.regions,
        "items": figures.items,
        "units": figures.units,
        "trend": trend,
        "levels": [(level, level.label, level.color) for level in Level],
        "today": today,
        "figures_at": figures_at,
        "lists": [(key, value["title"]) for key, value in LISTS.items()],
        "panels": centre_panels(request.user, today),
    }
    return render(request, "supervision/centre.html", context)


TREND_SECONDS = 600
FIGURES_SECONDS = 60


def _scope_key(prefix: str, rows) -> str:
    # Keyed by the SQL of the scoped, filtered cases (or lights): two users share
    # an entry only when they would read exactly the same rows.
    return f"{prefix}:{hashlib.sha256(str(rows.query).encode()).hexdigest()[:32]}"


def _cached_breakdown(regions, lights):
    """The open-case figures by light, region, unit and item, and when they were counted.

    One aggregate over the lights of every open case of the scope (an
    index-only scan of ``CaseLight``): kept a minute per scope and filters, so
    the centre opens fast however many look at it. The page says when they
    were counted; the lists behind them are always live.
    """
    key = _scope_key("sv-figures", lights)
    cached = cache.get(key)
    if cached is None:
        cached = (selectors.breakdown(regions, lights), timezone.now())
        cache.set(key, cached, FIGURES_SECONDS)
    return cached


def _cached_trend(cases, today):
    """The 12-month trend counted from the cases, kept 10 minutes per scope and filters.

    Read when the monthly tallies cannot answer (a filter by period, or no
    fresh tallies): it is the one figure that reads every case of the year
    (a full scan: 90 ms at 100,000 cases on PostgreSQL, over a second at
    1,000,000); past months never change and the current one may lag by
    minutes, while the live counters above it do not.
    """
    key = _scope_key(f"sv-trend:{today.isoformat()}", cases)
    trend = cache.get(key)
    if trend is None:
        trend = selectors.trend(cases, today)
        cache.set(key, trend, TREND_SECONDS)
    return dict(trend)


# -- lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, its value, optionally a link and a badge colour."""

    header: Any
    value: Any  # obj -> str | int | date | None
    link: Any = None  # obj -> url
    badge: Any = None  # obj -> bootstrap colour
    css: str = ""

    def cell(self, obj):
        value = self.value(obj)
        if value is None:
            return ""
        return (
            value if isinstance(value, int | float) or hasattr(value, "isoformat") else str(value)
        )


def _case_link(case):
    return reverse("cases:detail", args=[case.number]) if case else None


@dataclass(frozen=True)
class RowAction:
    """A button at the end of each row, for the users ``allowed`` (not exported)."""

    header: Any
    label: Any
    link: Any  # obj -> url
    allowed: Any  # user -> bool


def _supervisor(user) -> bool:
    return Role.SUPERVISOR in user_roles(user)


CASE_NUMBER = Column(
    gettext_lazy("Case number"), lambda c: c.number, link=_case_link, css="xn-mono"
)
CASE_ITEM = Column(gettext_lazy("Service item"), lambda c: c.service_item.name)
CASE_AUTHORITY = Column(gettext_lazy("Authority"), lambda c: c.authority.name)
CASE_HANDLER = Column(gettext_lazy("Handler"), lambda c: services.person_name(c.handler))
CASE_APPLICANT = Column(gettext_lazy("Applicant"), lambda c: c.applicant_name)


def _days_over(value):
    return -value if value is not None and value < 0 else 0


LISTS = {
    "warnings": {
        "title": gettext_lazy("Open warnings"),
        "extra": ("level", "rule"),
        "columns": [
            Column(
                gettext_lazy("Case number"),
                lambda a: a.case.number,
                link=lambda a: _case_link(a.case),
                css="xn-mono",
            ),
            Column(gettext_lazy("Service item"), lambda a: a.case.service_item.name),
            Column(
                gettext_lazy("Level"),
                lambda a: a.get_level_display(),
                badge=lambda a: Level(a.level).color,
            ),
            Column(gettext_lazy("Rule"), lambda a: a.rule.get_code_display()),
            Column(gettext_lazy("Unit"), lambda a: a.unit.name),
            Column(gettext_lazy("Handler"), lambda a: services.person_name(a.handler)),
            Column(gettext_lazy("Opened on"), lambda a: a.opened_on),
        ],
        "action": RowAction(
            gettext_lazy("Supervision order"),
            gettext_lazy("Order on it"),
            lambda a: "{}?alert={}".format(
                reverse("supervision:issue_order", args=[a.case.number]), a.pk
            ),
            _supervisor,
        ),
    },
    "overdue": {
        "title": gettext_lazy("Overdue cases"),
        "columns": [
            CASE_NUMBER,
            CASE_ITEM,
            CASE_APPLICANT,
            CASE_AUTHORITY,
            CASE_HANDLER,
            Column(gettext_lazy("Promised due date"), lambda c: c.due_date),
            Column(
                gettext_lazy("Working days overdue"),
                lambda c: _days_over(c.remaining_workdays),
                badge=lambda c: "danger",
            ),
        ],
    },
    "breaches": {
        "title": gettext_lazy("Legal breaches"),
        "columns": [
            CASE_NUMBER,
            CASE_ITEM,
            CASE_APPLICANT,
            CASE_AUTHORITY,
            CASE_HANDLER,
            Column(gettext_lazy("Statutory due date"), lambda c: c.statutory_due_date),
            Column(
                gettext_lazy("Working days past the statutory limit"),
                lambda c: _days_over(c.statutory_remaining_workdays),
                badge=lambda c: "dark",
            ),
        ],
    },
    "cards": {
        "title": gettext_lazy("Red and yellow cards"),
        "extra": ("status", "color"),
        "columns": [
            Column(
                gettext_lazy("Case number"),
                lambda k: k.case.number,
                link=lambda k: _case_link(k.case),
                css="xn-mono",
            ),
            Column(
                gettext_lazy("Card"),
                lambda k: k.get_color_display(),
                link=lambda k: reverse("supervision:card", args=[k.pk]),
                badge=lambda k: "danger" if k.color == CardColor.RED else "warning",
            ),
            Column(gettext_lazy("Status"), lambda k: k.get_status_display()),
            Column(gettext_lazy("Carded person"), lambda k: services.person_name(k.carded_user)),
            Column(
                gettext_lazy("Carded unit"), lambda k: k.carded_unit.name if k.carded_unit else ""
            ),
            Column(gettext_lazy("Rule"), lambda k: k.rule.get_code_display() if k.rule else ""),
            Column(gettext_lazy("Issued on"), lambda k: timezone.localdate(k.issued_at)),
            Column(gettext_lazy("Reason"), lambda k: k.reason),
        ],
    },
    "orders": {
        "title": gettext_lazy("Open supervision orders"),
        "columns": [
            Column(
                gettext_lazy("Order number"),
                lambda o: o.number,
                link=lambda o: reverse("supervision:order", args=[o.pk]),
                css="text-nowrap",
            ),
            Column(
                gettext_lazy("Case number"),
                lambda o: o.case.number if o.case else "",
                link=lambda o: _case_link(o.case),
                css="xn-mono",
            ),
            Column(gettext_lazy("Unit"), lambda o: o.unit.name),
            Column(gettext_lazy("Handler"), lambda o: services.person_name(o.handler)),
            Column(gettext_lazy("Issued on"), lambda o: o.issued_on),
            Column(
                gettext_lazy("Due date"),
                lambda o: o.due_date,
                badge=lambda o: "danger" if o.overdue else "",
            ),
            Column(gettext_lazy("Status"), lambda o: o.get_status_display()),
            Column(gettext_lazy("Instruction"), lambda o: o.instruction),
        ],
    },
}


def _list_rows(name: str, request, filters, data, today):
    if name == "warnings":
        return selectors.warnings_list(
            request.user, filters, level=data.get("level", ""), rule=data.get("rule", "")
        )
    if name in ("overdue", "breaches"):
        cases = selectors.centre_cases(request.user, filters)
        return (selectors.overdue_list if name == "overdue" else selectors.breach_list)(cases)
    if name == "cards":
        return selectors.cards_list(
            request.user, filters, status=data.get("status", ""), color=data.get("color", "")
        )
    orders = selectors.centre_orders(request.user, filters)
    return selectors.orders_list(orders, today)


def _mark(name: str, obj, today) -> None:
    if name == "orders":
        obj.overdue = obj.due_date < today


@login_required
def supervision_list(request, name: str):
    _require_centre(request.user)
    spec = LISTS.get(name)
    if spec is None:
        raise Http404
    form, filters, data = _filters(request, extra=spec.get("extra", ()))
    today = clock.today()
    rows = _list_rows(name, request, filters, data, today)
    columns = spec["columns"]
    if request.GET.get("format") == "xlsx":
        marked = (_mark(name, obj, today) or obj for obj in rows.iterator(chunk_size=2000))
        return exports.xlsx_response(
            filename=f"{name}-{today:%Y%m%d}.xlsx",
            title=str(spec["title"]),
            columns=columns,
            rows=marked,
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    action = spec.get("action")
    if action is not None and not action.allowed(request.user):
        action = None
    table = []
    for obj in page:
        _mark(name, obj, today)
        cells = []
        for column in columns:
            value = column.value(obj)
            cells.append(
                {
                    "text": "" if value is None else value,
                    "link": column.link(obj) if column.link else None,
                    "badge": column.badge(obj) if column.badge else None,
                    "css": column.css,
                }
            )
        if action is not None:
            cells.append({"text": action.label, "link": action.link(obj), "action": True})
        table.append(cells)
    context = {
        "name": name,
        "title": spec["title"],
        "form": form,
        "page": page,
        "columns": columns,
        "action_header": action.header if action is not None else "",
        "table": table,
        "query": _query(request),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "table_target": TABLE_TARGET,
        "lists": [(key, value["title"]) for key, value in LISTS.items()],
    }
    if request.htmx and request.htmx.target == TABLE_TARGET:
        return render(request, "supervision/_list_table.html", context)
    return render(request, "supervision/list.html", context)


# -- notifications -----------------------------------------------------------------------


@login_required
def notifications(request):
    if not hasattr(request.user, "profile"):
        raise PermissionDenied(_("Notifications are for staff."))
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "query": ""}
    return render(request, "supervision/notifications.html", context)


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of the user's own notices as read (someone else's: 404, from the service)."""
    services.mark_read(Notification(pk=pk), acting_user=request.user)
    return redirect("supervision:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    services.mark_all_read(acting_user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("supervision:notifications")
