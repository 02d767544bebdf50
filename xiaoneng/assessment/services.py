"""Every change in assessment: computing, publishing, manual scores and objections.

Each service runs in one transaction, locks the period it changes, checks the
acting user, checks the state, writes, and appends one audit event.
Refusals: wrong role → ``PermissionDenied`` (403); wrong moment →
``TransitionError`` (409); bad input → ``ValidationError`` (400).

Who assesses (decided for issue #7; there is no "assessor" group): the
*assessors* of a scheme are the active supervisors and leaders whose unit's
region covers the scheme's region (a provincial supervisor assesses a
province-wide scheme; a city leader a city scheme). Assessors compute,
recompute, enter manual scores and answer objections; only a leader among
them publishes and unpublishes. Nobody answers an objection to his own score
or to the score of his own unit. ``acting_user=None`` is the system (the
``assess`` command and the demo seed) and may only compute.

Published results never change: recomputing a published period is refused;
a leader must first unpublish it, with a reason (audited). An objection
answered "adjusted" records a ``ManualScore`` for the indicator objected to
and recomputes the period at once (a new version; the old rows stay), so it
is refused on a published period too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.assessment import scoring, sources
from xiaoneng.assessment.choices import (
    ObjectionOutcome,
    ObjectionStatus,
    PeriodStatus,
    Rule,
    Subject,
)
from xiaoneng.assessment.models import (
    Indicator,
    IndicatorScore,
    ManualScore,
    Objection,
    Period,
    Scheme,
    Score,
)
from xiaoneng.core import audit
from xiaoneng.core.bulk import insert
from xiaoneng.core.clock import today
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role, UnitKind
from xiaoneng.org.models import StaffProfile, Unit

ASSESSOR_ROLES = {Role.SUPERVISOR.value, Role.LEADER.value}
AUTHORITY_KINDS = [UnitKind.DEPARTMENT, UnitKind.BUREAU, UnitKind.BRANCH]


# -- who may act ----------------------------------------------------------------------------


def _roles(user) -> set[str]:
    from xiaoneng.cases.scope import user_roles

    return user_roles(user)


def covers(user, scheme: Scheme) -> bool:
    """Whether ``user``'s region is the scheme's region or above it."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return False
    return scheme.region.code.startswith(profile.unit.region.scope_prefix)


def is_assessor(user, scheme: Scheme) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(_roles(user) & ASSESSOR_ROLES) and covers(user, scheme)


def is_publisher(user, scheme: Scheme) -> bool:
    return is_assessor(user, scheme) and Role.LEADER.value in _roles(user)


def may_publish(user, period: Period) -> bool:
    return is_publisher(user, period.scheme)


def _require_assessor(user, scheme: Scheme) -> None:
    if not is_assessor(user, scheme):
        raise PermissionDenied(
            _("Only a supervisor or leader of the scheme's region assesses under it.")
        )


def _require_publisher(user, scheme: Scheme) -> None:
    if not is_publisher(user, scheme):
        raise PermissionDenied(_("Only a leader of the scheme's region publishes its results."))


def is_own_score(user, score: Score) -> bool:
    """The user's own score, or the score of the unit he belongs to."""
    if score.staff_id is not None:
        return score.staff_id == user.pk
    profile = getattr(user, "profile", None)
    return profile is not None and profile.unit_id == score.unit_id


def _reason(value: str, field: str = "reason") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Give a reason.")})
    return value


def _lock(period: Period) -> Period:
    return (
        Period.objects.select_for_update(of=("self",))
        .select_related("scheme__region")
        .get(pk=period.pk)
    )


def _require_not_published(period: Period, message: str) -> None:
    if period.status == PeriodStatus.PUBLISHED:
        raise TransitionError(message)


# -- computing ------------------------------------------------------------------------------


@dataclass
class Computation:
    """What one computation wrote; ``summary()`` is the command's JSON line."""

    period: Period
    units: int
    staff: int
    seconds: float

    def summary(self) -> dict:
        return {
            "period": self.period.label,
            "units": self.units,
            "staff": self.staff,
            "seconds": round(self.seconds, 2),
        }


def compute_period(
    scheme: Scheme, label: str, *, acting_user=None, reason: str = "", as_of=None
) -> Computation:
    """Compute (or recompute) the period ``label`` of ``scheme`` and freeze the result.

    The first computation creates the period; a later one is a recomputation:
    it needs a reason when a person asks for it, writes version + 1 and keeps
    the earlier rows. A published period is refused. The period must have
    ended (figures of a period under way would change tomorrow).
    """
    started = time.perf_counter()
    as_of = as_of or today()
    try:
        kind, start, end = scoring.period_bounds(label)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    label = label.strip().upper()
    if acting_user is not None:
        _require_assessor(acting_user, scheme)
    if end >= as_of:
        raise ValidationError(
            {"period": _("The period {label} has not ended yet.").format(label=label)}
        )
    with transaction.atomic():
        period = (
            Period.objects.select_for_update(of=("self",))
            .select_related("scheme__region")
            .filter(scheme=scheme, label=label)
            .first()
        )
        if period is None:
            try:
                with transaction.atomic():
                    period = Period.objects.create(
                        scheme=scheme, label=label, kind=kind, start=start, end=end
                    )
            except IntegrityError:
                # Another computation of the same period committed first.
                raise TransitionError(
                    _("The period {label} is being computed; try again.").format(label=label)
                ) from None
            period = _lock(period)
        elif acting_user is not None and period.version:
            reason = _reason(reason)
        computation = _compute(period, acting_user=acting_user, reason=reason, as_of=as_of)
    computation.seconds = time.perf_counter() - started
    return computation


def recompute_period(period: Period, *, acting_user, reason: str, as_of=None) -> Computation:
    """The explicit, audited recomputation of a computed (unpublished) period."""
    started = time.perf_counter()
    _require_assessor(acting_user, period.scheme)
    reason = _reason(reason)
    with transaction.atomic():
        period = _lock(period)
        computation = _compute(period, acting_user=acting_user, reason=reason, as_of=as_of)
    computation.seconds = time.perf_counter() - started
    return computation


def _compute(period: Period, *, acting_user, reason: str, as_of=None) -> Computation:
    """Write version + 1 of ``period`` (locked by the caller) and its audit event."""
    _require_not_published(
        period,
        _("The period {label} is published; a leader must unpublish it first.").format(
            label=period.label
        ),
    )
    scheme = period.scheme
    as_of = as_of or today()
    indicators = list(scheme.indicators.order_by("position", "code"))
    if not indicators:
        raise TransitionError(_("The scheme has no indicators."))
    units = dict(
        Unit.objects.filter(
            region__code__startswith=scheme.region.scope_prefix, is_active=True
        ).values_list("id", "region_id")
    )
    window = sources.Window(
        subject=scheme.subject,
        start=period.start,
        end=period.end,
        as_of=as_of,
        unit_ids=sorted(units),
    )
    figures = sources.collect(window, {indicator.source for indicator in indicators})
    manual = _manual_entries(period, scheme.subject)
    subjects = _subjects(scheme.subject, units, figures, manual)

    version = period.version + 1
    scores = _write_scores(period, version, indicators, subjects, figures, manual)

    old_version = period.version
    period.version = version
    period.computed_at = timezone.now()
    period.computed_by = acting_user
    period.save(update_fields=["version", "computed_at", "computed_by"])
    audit.record(
        "assessment.recompute" if old_version else "assessment.compute",
        actor=acting_user,
        target=period,
        old={"version": old_version} if old_version else None,
        new={
            "version": version,
            "subjects": len(scores),
            "as_of": as_of.isoformat(),
            **({"reason": reason} if reason else {}),
        },
    )
    is_staff = scheme.subject == Subject.STAFF
    return Computation(
        period=period,
        units=0 if is_staff else len(scores),
        staff=len(scores) if is_staff else 0,
        seconds=0.0,
    )


def _write_scores(period, version, indicators, subjects, figures, manual) -> list[Score]:
    """Score every subject, rank them and insert the rows of ``version`` (bulk, COPY on PG).

    A subject without an applicable rate (``scoring.is_ranked``) gets a row with no total,
    grade or rank.
    """
    totals, item_rows = [], []
    for key in subjects:
        items = [
            _item(
                indicator,
                figures.get(indicator.source, {}).get(key) or sources.Figure(),
                manual.get((indicator.pk, key)),
            )
            for indicator in indicators
        ]
        ranked = scoring.is_ranked((i.definition["rule"], i.points) for i in items)
        totals.append(
            scoring.total((i.indicator.weight, i.points) for i in items) if ranked else None
        )
        item_rows.append(items)
    ranks = scoring.competition_ranks(totals)
    scheme = period.scheme
    scores = [
        Score(
            period=period,
            version=version,
            staff_id=key if scheme.subject == Subject.STAFF else None,
            unit_id=unit_id,
            region_id=region_id,
            total=total,
            grade="" if total is None else scheme.grade_for(total),
            rank=rank,
        )
        for (key, (unit_id, region_id)), total, rank in zip(
            subjects.items(), totals, ranks, strict=True
        )
    ]
    insert(Score, scores)
    items = []
    for score, score_items in zip(scores, item_rows, strict=True):
        for item in score_items:
            item.score_id = score.pk
            items.append(item)
    insert(IndicatorScore, items)
    return scores


def _manual_entries(period: Period, subject: str) -> dict[tuple[int, int], ManualScore]:
    """The latest entry per (indicator, subject key)."""
    entries = {}
    for entry in period.manual_scores.order_by("entered_at", "pk"):
        key = entry.staff_id if subject == Subject.STAFF else entry.unit_id
        if key is not None:
            entries[(entry.indicator_id, key)] = entry
    return entries


def _subjects(subject: str, units: dict, figures: dict, manual: dict) -> dict[int, tuple]:
    """The subjects scored → (unit id, region id), in a stable order.

    Unit schemes always give a row to the authorities of the region (the
    department, the city and county bureaus, the branch bureaus: the bodies
    电子监察 ranks, so the five cities and their counties stand side by side;
    one without a case in the period is listed "not ranked", never rewarded);
    an office or institution is scored when something was recorded about it.
    Staff schemes score the active staff of the region's units with anything
    recorded in the period (a case decided, a card, an attendance expected…)
    or a manual entry.
    """
    keys = {key for by_subject in figures.values() for key in by_subject}
    keys |= {key for (_indicator, key) in manual}
    if subject == Subject.UNIT:
        keys |= set(
            Unit.objects.filter(pk__in=list(units), kind__in=AUTHORITY_KINDS).values_list(
                "pk", flat=True
            )
        )
        return {key: (key, units[key]) for key in sorted(keys) if key in units}
    profiles = StaffProfile.objects.filter(
        user_id__in=sorted(keys), unit_id__in=list(units), user__is_active=True
    ).values_list("user_id", "unit_id")
    return {user_id: (unit_id, units[unit_id]) for user_id, unit_id in sorted(profiles)}


def _item(indicator: Indicator, figure: sources.Figure, entry: ManualScore | None):
    definition = indicator.definition()
    evidence = dict(figure.evidence)
    manual_points = None
    if entry is not None:
        manual_points = entry.points
        evidence["manual"] = {
            "id": entry.pk,
            "points": str(entry.points),
            "reason": entry.reason,
            "entered_by": entry.entered_by_id,
        }
    count = figure.count
    if indicator.rule in (Rule.DEDUCTION, Rule.BONUS) and count is None:
        count = 0
    points = scoring.points(definition, figure=figure.figure, count=count, manual=manual_points)
    return IndicatorScore(
        indicator=indicator,
        definition=definition,
        position=indicator.position,
        figure=figure.figure,
        numerator=figure.numerator,
        denominator=figure.denominator,
        count=count,
        points=points,
        evidence=evidence,
    )


# -- publishing -----------------------------------------------------------------------------


@transaction.atomic
def publish_period(period: Period, *, acting_user) -> Period:
    """Publish the current version: the portal shows the unit grades from now on."""
    period = _lock(period)
    _require_publisher(acting_user, period.scheme)
    if period.status == PeriodStatus.PUBLISHED:
        return period
    if not period.version:
        raise TransitionError(_("The period has not been computed."))
    if period.scores.filter(version=period.version, objections__status="open").exists():
        raise TransitionError(_("Answer the open objections before publishing."))
    period.status = PeriodStatus.PUBLISHED
    period.published_at = timezone.now()
    period.published_by = acting_user
    period.save(update_fields=["status", "published_at", "published_by"])
    audit.record(
        "assessment.publish",
        actor=acting_user,
        target=period,
        old={"status": PeriodStatus.COMPUTED},
        new={"status": PeriodStatus.PUBLISHED, "version": period.version},
    )
    return period


@transaction.atomic
def unpublish_period(period: Period, *, acting_user, reason: str) -> Period:
    """Withdraw a published period (explicitly, with a reason) so it can be recomputed."""
    reason = _reason(reason)
    period = _lock(period)
    _require_publisher(acting_user, period.scheme)
    if period.status != PeriodStatus.PUBLISHED:
        raise TransitionError(_("The period is not published."))
    period.status = PeriodStatus.COMPUTED
    period.save(update_fields=["status"])
    audit.record(
        "assessment.unpublish",
        actor=acting_user,
        target=period,
        old={"status": PeriodStatus.PUBLISHED, "published_at": period.published_at.isoformat()},
        new={"status": PeriodStatus.COMPUTED, "reason": reason},
    )
    return period


# -- manual scores --------------------------------------------------------------------------


def _points(value, indicator: Indicator) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"points": _("Give the points as a number.")}) from None
    if not points.is_finite() or points < 0 or points > indicator.weight:
        raise ValidationError(
            {
                "points": _("The points must lie between 0 and {weight}.").format(
                    weight=indicator.weight
                )
            }
        )
    return scoring.quantize(points)


def _enter(period, indicator, *, unit, staff, points, reason, acting_user) -> ManualScore:
    if indicator.scheme_id != period.scheme_id:
        raise ValidationError({"indicator": _("The indicator belongs to another scheme.")})
    if period.scheme.subject == Subject.STAFF:
        if staff is None:
            raise ValidationError({"staff": _("Choose the staff member.")})
        profile = StaffProfile.objects.filter(user=staff).select_related("unit__region").first()
        if profile is None or not profile.unit.region.code.startswith(
            period.scheme.region.scope_prefix
        ):
            raise ValidationError({"staff": _("This person is not assessed under the scheme.")})
        if staff.pk == acting_user.pk:
            raise PermissionDenied(_("Nobody scores himself."))
        unit = profile.unit
    else:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit.")})
        if not unit.region.code.startswith(period.scheme.region.scope_prefix):
            raise ValidationError({"unit": _("This unit is not assessed under the scheme.")})
        profile = getattr(acting_user, "profile", None)
        if profile is not None and profile.unit_id == unit.pk:
            raise PermissionDenied(_("Nobody scores his own unit."))
        staff = None
    return ManualScore.objects.create(
        period=period,
        indicator=indicator,
        unit=unit,
        staff=staff,
        points=_points(points, indicator),
        reason=_reason(reason),
        entered_by=acting_user,
        entered_at=timezone.now(),
    )


def enter_manual_score(
    period: Period,
    indicator: Indicator,
    *,
    acting_user,
    points,
    reason: str,
    unit: Unit | None = None,
    staff=None,
    recompute: bool = False,
) -> ManualScore:
    """An assessor's points for one indicator of one subject, with the reason.

    It counts from the next computation; ``recompute=True`` recomputes the
    period at once (a new version, audited as a recomputation).
    """
    with transaction.atomic():
        period = _lock(period)
        _require_assessor(acting_user, period.scheme)
        _require_not_published(
            period, _("The period is published; a leader must unpublish it first.")
        )
        entry = _enter(
            period,
            indicator,
            unit=unit,
            staff=staff,
            points=points,
            reason=reason,
            acting_user=acting_user,
        )
        audit.record(
            "assessment.manual_score",
            actor=acting_user,
            target=entry,
            new={
                "period": period.label,
                "indicator": indicator.code,
                "unit": entry.unit_id,
                "staff": entry.staff_id,
                "points": str(entry.points),
                "reason": entry.reason,
            },
        )
        if recompute:
            _compute(
                period,
                acting_user=acting_user,
                reason=_("Manual score for {indicator}: {reason}").format(
                    indicator=indicator.code, reason=entry.reason
                ),
            )
    return entry


# -- objections -----------------------------------------------------------------------------


@transaction.atomic
def raise_objection(score: Score, *, acting_user, reason: str, item=None) -> Objection:
    """An objection (异议) by the person scored, or by a member of the unit scored."""
    reason = _reason(reason)
    period = _lock(score.period)
    if not acting_user.is_authenticated or not is_own_score(acting_user, score):
        raise PermissionDenied(_("Only the person or unit scored may object to a score."))
    if score.version != period.version:
        raise TransitionError(_("This score has been superseded by a recomputation."))
    if item is not None and item.score_id != score.pk:
        raise ValidationError({"item": _("The indicator is not part of this score.")})
    duplicate = Objection.objects.filter(
        score=score, item=item, raised_by=acting_user, status=ObjectionStatus.OPEN
    )
    if duplicate.exists():
        raise TransitionError(_("You have already objected to this; wait for the answer."))
    objection = Objection.objects.create(
        score=score,
        item=item,
        raised_by=acting_user,
        reason=reason,
        raised_at=timezone.now(),
    )
    audit.record(
        "assessment.objection",
        actor=acting_user,
        target=objection,
        new={"score": score.pk, "item": item.pk if item else None, "reason": reason},
    )
    return objection


def answer_objection(
    objection: Objection,
    *,
    acting_user,
    answer: str,
    outcome: str,
    points=None,
    indicator: Indicator | None = None,
) -> Objection:
    """The assessor's answer, with its reason; "adjusted" records the new points.

    An adjustment needs the indicator (the one objected to by default) and
    its new points: it is recorded as a ``ManualScore`` with the answer as
    reason and the period is recomputed at once (version + 1). Refused on a
    published period: a leader unpublishes it first, with a reason.
    """
    answer = _reason(answer, "answer")
    if outcome not in ObjectionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    with transaction.atomic():
        try:
            objection = (
                Objection.objects.select_for_update(of=("self",))
                .select_related("score__period__scheme__region", "item")
                .get(pk=objection.pk)
            )
        except Objection.DoesNotExist:
            raise Http404(_("No such objection.")) from None
        score = objection.score
        period = _lock(score.period)
        _require_assessor(acting_user, period.scheme)
        if is_own_score(acting_user, score):
            raise PermissionDenied(_("Nobody answers an objection to his own score."))
        if objection.status != ObjectionStatus.OPEN:
            raise TransitionError(_("The objection has already been answered."))
        adjustment = None
        if outcome == ObjectionOutcome.ADJUSTED:
            adjustment = _adjustment(
                objection, period, acting_user=acting_user, answer=answer,
                indicator=indicator, points=points,
            )  # fmt: skip
        objection.status = ObjectionStatus.ANSWERED
        objection.answer = answer
        objection.outcome = outcome
        objection.answered_by = acting_user
        objection.answered_at = timezone.now()
        objection.adjustment = adjustment
        objection.save(
            update_fields=[
                "status",
                "answer",
                "outcome",
                "answered_by",
                "answered_at",
                "adjustment",
            ]
        )
        audit.record(
            "assessment.objection_answer",
            actor=acting_user,
            target=objection,
            old={"status": ObjectionStatus.OPEN},
            new={
                "status": ObjectionStatus.ANSWERED,
                "outcome": outcome,
                "answer": answer,
                **(
                    {"indicator": adjustment.indicator.code, "points": str(adjustment.points)}
                    if adjustment
                    else {}
                ),
            },
        )
        if adjustment is not None:
            _compute(
                period,
                acting_user=acting_user,
                reason=_("Objection #{pk} answered with an adjustment").format(pk=objection.pk),
            )
    return objection


def _adjustment(objection, period, *, acting_user, answer, indicator, points) -> ManualScore:
    """The manual score an "adjusted" answer records (on the indicator objected to)."""
    _require_not_published(
        period, _("The period is published; a leader must unpublish it before adjusting.")
    )
    if indicator is None and objection.item is not None:
        indicator = objection.item.indicator
    if indicator is None:
        raise ValidationError({"indicator": _("Choose the indicator to adjust.")})
    return _enter(
        period,
        indicator,
        unit=objection.score.unit,
        staff=objection.score.staff,
        points=points,
        reason=answer,
        acting_user=acting_user,
    )


# The names the views use.
recompute = recompute_period
unpublish = unpublish_period
