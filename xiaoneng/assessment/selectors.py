"""Scoped reads of assessment results, for the pages, the API and the reports.

Scopes (issue #7 item 4):

- every staff member sees his own staff scores and the score of his unit;
- the unit's approvers (分管领导) also see the staff scores of their unit;
- supervisors and leaders (``org.view_region``) see every score of their
  region and below — a county sees only itself;
- administrators and applicants see nothing.

Evidence follows the score: whoever sees a score sees the records it counts.
Pages read the current version of a period (``period.version``) unless they
ask for an older one by number.
"""

from __future__ import annotations

from collections import OrderedDict

from django.apps import apps
from django.db.models import F, Q, QuerySet

from xiaoneng.assessment.choices import ObjectionStatus, PeriodStatus, Subject
from xiaoneng.assessment.models import IndicatorScore, Objection, Period, Scheme, Score
from xiaoneng.assessment.services import is_assessor, is_own_score
from xiaoneng.assessment.sources import EVIDENCE_LABELS, EVIDENCE_MODELS
from xiaoneng.org.choices import RegionLevel, Role
from xiaoneng.org.scope import NOTHING


def _roles(user) -> set[str]:
    from xiaoneng.cases.scope import user_roles

    return user_roles(user)


def score_filter(user, prefix: str = "") -> Q:
    """The scores ``user`` may see (``prefix`` leads from the queried model to Score)."""
    from xiaoneng.cases.scope import BUSINESS_ROLES

    if not user.is_authenticated or not user.is_active:
        return NOTHING
    profile = getattr(user, "profile", None)
    if profile is None or not (_roles(user) & BUSINESS_ROLES):
        return NOTHING
    own_unit_score = Q(**{f"{prefix}staff__isnull": True, f"{prefix}unit_id": profile.unit_id})
    q = Q(**{f"{prefix}staff_id": user.pk}) | own_unit_score
    if Role.APPROVER.value in _roles(user):
        q |= Q(**{f"{prefix}unit_id": profile.unit_id})
    if user.has_perm("org.view_region"):
        scope = profile.unit.region.scope_prefix
        q |= Q(**{f"{prefix}region__code__startswith": scope})
    return q


def scores_visible_to(user) -> QuerySet[Score]:
    return Score.objects.filter(score_filter(user))


def can_see_score(user, score: Score) -> bool:
    return scores_visible_to(user).filter(pk=score.pk).exists()


def schemes_visible_to(user) -> QuerySet[Scheme]:
    """Schemes with a period in which the user may see a score, plus those he assesses."""
    if not user.is_authenticated or getattr(user, "profile", None) is None:
        return Scheme.objects.none()
    schemes = Scheme.objects.select_related("region")
    assessed = [scheme.pk for scheme in schemes if is_assessor(user, scheme)]
    seen = Score.objects.filter(score_filter(user)).values("period__scheme_id")
    return Scheme.objects.filter(Q(pk__in=assessed) | Q(pk__in=seen)).distinct()


def periods_visible_to(user) -> QuerySet[Period]:
    return (
        Period.objects.filter(scheme__in=schemes_visible_to(user))
        .select_related("scheme", "computed_by", "published_by")
        .order_by("-start", "scheme__code")
    )


def current_scores(period: Period, user=None, *, version: int | None = None) -> QuerySet[Score]:
    """The scores of one version of ``period`` (the current one by default), best first;
    the subjects not ranked (no case in the period) last."""
    qs = Score.objects.filter(period=period, version=version or period.version)
    if user is not None:
        qs = qs.filter(score_filter(user))
    return qs.select_related("unit", "region__parent", "staff", "period__scheme").order_by(
        F("rank").asc(nulls_last=True),
        "unit__region__code",
        "unit__sort_order",
        "unit__code",
        "staff__username",
    )


def regional_ranking(period: Period, user=None) -> list[dict]:
    """Unit scores grouped for the side-by-side table: province, then each city with its counties.

    ``[{"region": Region, "scores": [Score of units in the region itself],
    "counties": [{"region": Region, "scores": [...]}, ...]}]`` in region-code
    order; empty groups are left out.
    """
    groups: OrderedDict = OrderedDict()
    for score in current_scores(period, user):
        region = score.region
        if region.level == RegionLevel.COUNTY and region.parent is not None:
            city = region.parent
        else:
            city = region
        group = groups.setdefault(city.pk, {"region": city, "scores": [], "counties": {}})
        if region.pk == city.pk:
            group["scores"].append(score)
        else:
            group["counties"].setdefault(region.pk, {"region": region, "scores": []})
            group["counties"][region.pk]["scores"].append(score)
    result = []
    for group in sorted(groups.values(), key=lambda g: g["region"].code):
        group["counties"] = sorted(group["counties"].values(), key=lambda c: c["region"].code)
        result.append(group)
    return result


def score_items(score: Score) -> QuerySet[IndicatorScore]:
    """The indicators of a score (the drill-down's second level), in scheme order."""
    return score.items.select_related("indicator").order_by("position", "pk")


def evidence_kinds(item: IndicatorScore) -> list[tuple[str, str, int]]:
    """``[(kind, label, number of ids)]`` of an indicator score's evidence."""
    return [
        (kind, label, len(item.evidence[kind]))
        for kind, label in EVIDENCE_LABELS.items()
        if isinstance(item.evidence.get(kind), list)
    ]


def evidence(item: IndicatorScore, kind: str | None = None):
    """The records behind one indicator score (the drill-down's last level): exactly its ids.

    With ``kind`` (a key of the evidence: ``cases``, ``late_cases``, ``cards``…)
    the queryset of those records, in id order; an unknown kind raises
    ``KeyError``. Without: ``[(kind, label, queryset)]`` for every kind the
    item holds, in the order of ``EVIDENCE_LABELS`` (querysets are lazy:
    paginate them, an on-time rate over a quarter can count thousands).
    """
    if kind is None:
        return [
            (kind, EVIDENCE_LABELS[kind], evidence(item, kind))
            for kind in EVIDENCE_LABELS
            if isinstance(item.evidence.get(kind), list)
        ]
    if kind not in EVIDENCE_MODELS or kind not in item.evidence:
        raise KeyError(kind)
    app_label, model_name = EVIDENCE_MODELS[kind]
    model = apps.get_model(app_label, model_name)
    return model.objects.filter(pk__in=item.evidence[kind]).order_by("pk")


def manual_entry(item: IndicatorScore) -> dict | None:
    """The assessor's entry the item's points come from, if any (id, points, reason…)."""
    return item.evidence.get("manual")


def trend(score: Score, user=None) -> list[Score]:
    """The same subject's current scores across the scheme's periods, oldest first."""
    qs = Score.objects.filter(period__scheme_id=score.period.scheme_id, unit_id=score.unit_id)
    qs = qs.filter(staff_id=score.staff_id) if score.staff_id else qs.filter(staff__isnull=True)
    if user is not None:
        qs = qs.filter(score_filter(user))
    return [
        s
        for s in qs.select_related("period").order_by("period__start", "version")
        if s.version == s.period.version
    ]


def my_scores(user) -> QuerySet[Score]:
    """The user's own current staff scores and his unit's, newest period first."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return Score.objects.none()
    mine = Q(staff_id=user.pk) | Q(staff__isnull=True, unit_id=profile.unit_id)
    rows = Score.objects.filter(mine).select_related("period__scheme", "unit", "staff")
    return rows.filter(pk__in=[s.pk for s in rows if s.version == s.period.version]).order_by(
        "-period__start", "period__scheme__code", "staff_id"
    )


def objections_visible_to(user) -> QuerySet[Objection]:
    """Objections the user raised, plus those on scores he may see as an assessor."""
    if not user.is_authenticated:
        return Objection.objects.none()
    q = Q(raised_by=user)
    if _roles(user) & {Role.SUPERVISOR.value, Role.LEADER.value}:
        q |= score_filter(user, prefix="score__")
    return (
        Objection.objects.filter(q)
        .select_related("score__period__scheme", "score__unit", "score__staff", "item", "raised_by")
        .order_by("-raised_at", "-pk")
    )


def objections_to_answer(user) -> QuerySet[Objection]:
    """Open objections ``user`` may answer: as assessor of the scheme, not on his own score."""
    candidates = objections_visible_to(user).filter(status=ObjectionStatus.OPEN)
    return candidates.filter(
        pk__in=[
            o.pk
            for o in candidates
            if is_assessor(user, o.score.period.scheme) and not is_own_score(user, o.score)
        ]
    )


def public_periods() -> QuerySet[Period]:
    """Published periods of unit schemes: the portal's public summary."""
    return (
        Period.objects.filter(status=PeriodStatus.PUBLISHED, scheme__subject=Subject.UNIT)
        .select_related("scheme")
        .order_by("-start", "scheme__code")
    )


def published_unit_grades(period: Period) -> QuerySet[Score]:
    """Unit grades of a published period (nothing for an unpublished or staff period)."""
    if period.status != PeriodStatus.PUBLISHED or period.scheme.subject != Subject.UNIT:
        return Score.objects.none()
    return current_scores(period)


public_grades = published_unit_grades
