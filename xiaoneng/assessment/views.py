"""The assessment pages: periods, rankings, the drill-down, objections, reports.

Scope and role rules live in ``selectors`` (who sees which score) and
``services`` (who computes, publishes, scores by hand, answers); a view reads
the request, calls one of them and renders. Refusals: a period, score or
objection outside the user's scope is a 404, the wrong role a 403, bad input
a 400 and the wrong state (published, already answered) a 409 — each with
the service's message on the page.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.assessment import drilldown, reports, selectors, services
from xiaoneng.assessment.choices import ObjectionOutcome, Rule, Subject
from xiaoneng.assessment.forms import (
    AnswerForm,
    ComputeForm,
    ManualScoreForm,
    ObjectionForm,
    ReasonForm,
)
from xiaoneng.assessment.models import Indicator, Objection, Period, Scheme, Score
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.models import Unit

User = get_user_model()
EVIDENCE_PAGE = 50


# -- helpers ---------------------------------------------------------------------------


def _require_profile(user) -> None:
    """Staff with a business role; the three administrators hold none and see no score."""
    if getattr(user, "profile", None) is None or not (user_roles(user) & BUSINESS_ROLES):
        raise PermissionDenied(_("Assessment results are for staff members."))


def _period(user, pk) -> Period:
    _require_profile(user)
    found = selectors.periods_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such assessment period."))
    return found


def _score(user, pk) -> Score:
    _require_profile(user)
    found = (
        selectors.scores_visible_to(user)
        .select_related("period__scheme__region", "unit__region", "staff__profile", "region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such score."))
    return found


def _version(request, period: Period) -> int:
    """The version asked for (?version=n, an earlier computation kept as the record)."""
    raw = request.GET.get("version", "")
    if not raw:
        return period.version
    try:
        version = int(raw)
    except ValueError:
        raise Http404(_("No such version.")) from None
    if not 1 <= version <= period.version:
        raise Http404(_("No such version."))
    return version


def _act(request, action, back: str, form=None):
    """Run ``action``; on bad input or state show the message with 400 / 409."""
    try:
        result = action()
    except ValidationError as error:
        return _refused(request, error.messages, back, 400)
    except TransitionError as error:
        return _refused(request, [str(error)], back, 409)
    return result


def _refused(request, errors, back, status):
    return render(
        request, "assessment/refused.html", {"errors": errors, "back": back}, status=status
    )


def _form_errors(form) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]


def _chart(scores, limit: int = 40) -> dict:
    """The ranking chart's data island: the best ``limit`` totals, coloured by grade.

    Subjects not ranked (no case in the period) have no total and no bar.
    """
    colors = {"excellent": "#198754", "good": "#0d6efd", "pass": "#fd7e14", "fail": "#dc3545"}
    scores = [score for score in drilldown.ranked_first(scores) if score.total is not None]
    scores = scores[:limit]
    return {
        "labels": [_subject_label(score) for score in scores],
        "totals": [float(score.total) for score in scores],
        "colors": [colors.get(score.grade, "#6c757d") for score in scores],
    }


def _subject_label(score) -> str:
    if score.staff_id:
        return score.subject_name
    return score.unit.short_name or score.unit.name


# -- periods ---------------------------------------------------------------------------


@login_required
def index(request):
    """The periods the user may read, his own scores, and the assessor's tools."""
    _require_profile(request.user)
    user = request.user
    periods = list(selectors.periods_visible_to(user))
    active = Scheme.objects.active().select_related("region")
    assessed = [scheme for scheme in active if services.is_assessor(user, scheme)]
    form = ComputeForm(
        schemes=Scheme.objects.filter(pk__in=[s.pk for s in assessed]).select_related("region")
    )
    return render(
        request,
        "assessment/index.html",
        {
            "periods": periods,
            "mine": list(selectors.my_scores(user)[:12]),
            "compute_form": form if assessed else None,
            "to_answer": selectors.objections_to_answer(user).count(),
            "schemes": list(selectors.schemes_visible_to(user).order_by("code")),
        },
    )


@login_required
@require_POST
def compute(request):
    """An assessor computes a period (the first time) — recomputation has its own button."""
    _require_profile(request.user)
    user = request.user
    schemes = Scheme.objects.active().select_related("region")
    form = ComputeForm(request.POST, schemes=schemes)
    back = reverse("assessment:index")
    if not form.is_valid():
        return _refused(request, _form_errors(form), back, 400)
    scheme, label = form.cleaned_data["scheme"], form.cleaned_data["label"]
    if not services.is_assessor(user, scheme):
        raise PermissionDenied(_("Only a supervisor or leader of the scheme's region assesses."))
    if Period.objects.filter(scheme=scheme, label=label, version__gt=0).exists():
        return _refused(
            request,
            [
                _("The period {label} is computed already; recompute it from its page.").format(
                    label=label
                )
            ],
            back,
            409,
        )

    def run():
        done = services.compute_period(scheme, label, acting_user=user)
        messages.success(
            request,
            _("{label} computed: {units} units, {staff} staff.").format(
                label=done.period.label, units=done.units, staff=done.staff
            ),
        )
        return redirect("assessment:period", done.period.pk)

    return _act(request, run, back)


@login_required
def period(request, pk):
    """The ranking of one period: the side-by-side regional table (units) or the staff list."""
    found = _period(request.user, pk)
    user = request.user
    version = _version(request, found)
    scores = list(selectors.current_scores(found, user, version=version).prefetch_related("items"))
    scheme = found.scheme
    columns, table = drilldown.ranking_table(scores)
    context = {
        "columns": columns,
        "table": table,
        "period": found,
        "scheme": scheme,
        "version": version,
        "is_current": version == found.version,
        "scores": scores,
        "grades": drilldown.grade_counts(scores),
        "not_ranked": drilldown.not_ranked(scores),
        "chart": _chart(scores),
        "assessor": services.is_assessor(user, scheme),
        "publisher": services.may_publish(user, found),
        "reason_form": ReasonForm(),
        "open_objections": Objection.objects.filter(
            score__period=found, score__version=found.version, status="open"
        ).count(),
        "versions": range(found.version, 0, -1),
    }
    if scheme.subject == Subject.UNIT:
        context["regions"] = drilldown.side_by_side(scores)
    return render(request, "assessment/period.html", context)


@login_required
@require_POST
def period_action(request, pk, action):
    """Publish, unpublish (with a reason) or recompute (with a reason) a period."""
    found = _period(request.user, pk)
    user = request.user
    back = reverse("assessment:period", args=[found.pk])
    if action == "publish":

        def run():
            services.publish_period(found, acting_user=user)
            messages.success(request, _("Published: the unit grades are on the portal."))
            return redirect(back)

        return _act(request, run, back)
    if action not in ("unpublish", "recompute"):
        raise Http404(_("No such action."))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form), back, 400)
    reason = form.cleaned_data["reason"]

    def run():
        if action == "unpublish":
            services.unpublish_period(found, acting_user=user, reason=reason)
            messages.success(request, _("Withdrawn from the portal."))
        else:
            done = services.recompute_period(found, acting_user=user, reason=reason)
            messages.success(
                request,
                _("Recomputed: version {version}; the earlier versions are kept.").format(
                    version=done.period.version
                ),
            )
        return redirect(back)

    return _act(request, run, back)


@login_required
def manual(request, pk):
    """An assessor enters the points of a manual indicator (or overrides one) with a reason."""
    found = _period(request.user, pk)
    user = request.user
    scheme = found.scheme
    if not services.is_assessor(user, scheme):
        raise PermissionDenied(_("Only a supervisor or leader of the scheme's region assesses."))
    back = reverse("assessment:period", args=[found.pk])
    indicators = scheme.indicators.order_by("position", "code")
    subjects = _subjects(found, user)
    form = ManualScoreForm(
        request.POST or None,
        indicators=indicators,
        subjects=subjects,
        initial={"indicator": indicators.filter(rule=Rule.MANUAL).first()},
    )
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request,
                "assessment/manual.html",
                {"period": found, "form": form, "entries": _entries(found)},
                status=400,
            )
        data = form.cleaned_data
        target = {"unit": None, "staff": None}
        if scheme.subject == Subject.STAFF:
            target["staff"] = User.objects.filter(pk=data["subject"]).first()
        else:
            target["unit"] = Unit.objects.filter(pk=data["subject"]).first()

        def run():
            services.enter_manual_score(
                found,
                data["indicator"],
                acting_user=user,
                points=data["points"],
                reason=data["reason"],
                recompute=True,
                **target,
            )
            messages.success(request, _("Points entered; the period is recomputed."))
            return redirect(back)

        return _act(request, run, back)
    return render(
        request,
        "assessment/manual.html",
        {"period": found, "form": form, "entries": _entries(found)},
    )


def _subjects(found: Period, user) -> list[tuple[int, str]]:
    """The subjects of the current version the assessor may score (his scope)."""
    scores = selectors.current_scores(found, user)
    if found.scheme.subject == Subject.STAFF:
        return [
            (score.staff_id, f"{score.subject_name} · {score.unit.short_name or score.unit.name}")
            for score in scores
        ]
    return [(score.unit_id, score.unit.name) for score in scores]


def _entries(found: Period):
    return found.manual_scores.select_related("indicator", "unit", "staff", "entered_by")[:50]


@login_required
def export(request, pk):
    """The ranking with every indicator, as an Excel workbook (the page's scope)."""
    found = _period(request.user, pk)
    version = _version(request, found)
    scores = selectors.current_scores(found, request.user, version=version)
    return reports.xlsx_response(found, scores, version=version)


@login_required
def report(request, pk):
    """The printable PDF report with its charts (the page's scope)."""
    found = _period(request.user, pk)
    version = _version(request, found)
    scores = list(selectors.current_scores(found, request.user, version=version))
    content = reports.render_report(found, scores, version=version, user=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"assessment-{found.scheme.code}-{found.label}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def trend(request, pk):
    """Every subject's total across the scheme's periods (current versions), in scope."""
    _require_profile(request.user)
    scheme = selectors.schemes_visible_to(request.user).filter(pk=pk).first()
    if scheme is None:
        raise Http404(_("No such scoring scheme."))
    periods = list(scheme.periods.filter(version__gt=0).order_by("start"))
    table = drilldown.trend_table(scheme, periods, request.user)
    return render(
        request,
        "assessment/trend.html",
        {
            "scheme": scheme,
            "periods": periods,
            "rows": table,
            "chart": drilldown.trend_chart(periods, table),
        },
    )


# -- scores and the drill-down ----------------------------------------------------------


@login_required
def score(request, pk):
    """One score: its indicators (figure, points, evidence), its trend, its objections."""
    found = _score(request.user, pk)
    user = request.user
    items = list(selectors.score_items(found))
    history = selectors.trend(found, user)
    may_object = services.is_own_score(user, found) and found.is_current
    rows = [drilldown.item_row(item) for item in items]
    return render(
        request,
        "assessment/score.html",
        {
            "score": found,
            "period": found.period,
            "items": rows,
            "not_applicable": [row for row in rows if not row["applicable"]],
            "full_marks": drilldown.number_text(sum((row["weight"] for row in rows), Decimal(0))),
            "history": history,
            "chart": {
                "labels": [s.period.label for s in history],
                "totals": [drilldown.chart_total(s) for s in history],
            },
            "objections": found.objections.select_related(
                "item", "raised_by", "answered_by", "adjustment"
            ),
            "objection_form": ObjectionForm(items=items) if may_object else None,
            "answerer": services.is_assessor(user, found.period.scheme)
            and not services.is_own_score(user, found),
            "answer_form": AnswerForm(),
            "outcomes": ObjectionOutcome,
            "indicators": [(item.indicator_id, item.definition.get("name", "")) for item in items],
        },
    )


@login_required
def item(request, pk, item_pk):
    """The records behind one indicator: exactly the ids the computation counted."""
    found = _score(request.user, pk)
    item_row = found.items.select_related("indicator").filter(pk=item_pk).first()
    if item_row is None:
        raise Http404(_("No such indicator."))
    kinds = selectors.evidence_kinds(item_row)
    kind = request.GET.get("kind") or (kinds[0][0] if kinds else "")
    table = None
    if kind:
        try:
            records = selectors.evidence(item_row, kind)
        except KeyError:
            raise Http404(_("No such evidence.")) from None
        page = Paginator(records, EVIDENCE_PAGE).get_page(request.GET.get("page"))
        table = drilldown.evidence_table(kind, page)
    return render(
        request,
        "assessment/item.html",
        {
            "score": found,
            "period": found.period,
            "item": item_row,
            "row": drilldown.item_row(item_row),
            "kinds": kinds,
            "kind": kind,
            "table": table,
            "query": f"kind={kind}",
            "manual": _manual(item_row),
        },
    )


def _manual(item_row):
    """The assessor's entry behind the points, with the assessor's name."""
    entry = selectors.manual_entry(item_row)
    if entry is None:
        return None
    person = User.objects.filter(pk=entry.get("entered_by")).first()
    return {**entry, "person": (person.get_full_name() or person.username) if person else ""}


# -- objections ------------------------------------------------------------------------


@login_required
@require_POST
def object_to(request, pk):
    """The person or unit scored objects (异议) to the score or one indicator."""
    found = _score(request.user, pk)
    back = reverse("assessment:score", args=[found.pk])
    items = list(found.items.all())
    form = ObjectionForm(request.POST, items=items)
    if not form.is_valid():
        return _refused(request, _form_errors(form), back, 400)
    item_pk = form.cleaned_data["item"]
    target = next((i for i in items if i.pk == item_pk), None)

    def run():
        services.raise_objection(
            found, acting_user=request.user, reason=form.cleaned_data["reason"], item=target
        )
        messages.success(request, _("Objection sent to the assessors."))
        return redirect(back)

    return _act(request, run, back)


@login_required
def objections(request):
    """Objections the user raised or may answer; open ones first."""
    _require_profile(request.user)
    rows = selectors.objections_visible_to(request.user)
    status = request.GET.get("status", "open")
    if status in ("open", "answered"):
        rows = rows.filter(status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    answerable = {o.pk for o in selectors.objections_to_answer(request.user)}
    return render(
        request,
        "assessment/objections.html",
        {
            "page": page,
            "status": status,
            "answerable": answerable,
            "query": f"status={status}",
        },
    )


@login_required
@require_POST
def answer(request, pk):
    """The assessor answers an objection with reasons; "adjusted" sets new points."""
    _require_profile(request.user)
    found = selectors.objections_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such objection."))
    back = reverse("assessment:score", args=[found.score_id])
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form), back, 400)
    data = form.cleaned_data
    indicator = None
    if request.POST.get("indicator"):
        indicator = Indicator.objects.filter(
            pk=_int(request.POST["indicator"]), scheme_id=found.score.period.scheme_id
        ).first()
        if indicator is None:
            return _refused(request, [_("Choose the indicator to adjust.")], back, 400)

    def run():
        services.answer_objection(
            found,
            acting_user=request.user,
            answer=data["answer"],
            outcome=data["outcome"],
            points=data["points"],
            indicator=indicator,
        )
        messages.success(request, _("Answer recorded."))
        period = Period.objects.get(pk=found.score.period_id)
        if data["outcome"] == ObjectionOutcome.ADJUSTED:
            # The adjustment recomputed the period: show the new version of the score.
            new = (
                period.current_scores()
                .filter(unit_id=found.score.unit_id, staff_id=found.score.staff_id)
                .first()
            )
            if new is not None:
                return redirect("assessment:score", new.pk)
        return redirect(back)

    return _act(request, run, back)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
