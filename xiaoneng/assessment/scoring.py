"""The scoring rules and grade bands: plain functions over Decimals, no ORM.

Decisions (issue #7, item 1), also shown to officials in the admin help texts:

- **linear**: ``points = weight × (figure − zero_at) ÷ (full_at − zero_at)``,
  clamped to ``[0, weight]``. ``zero_at`` may be greater than ``full_at`` for
  "lower is better" figures (working days ÷ promised limit): the same formula
  then rewards lower figures. Without a figure (no case decided in the
  period, so no rate) the indicator is *not applicable*: points ``None``
  (shown "—"). Inactivity is never rewarded.
- **deduction**: the indicator starts at ``weight`` and loses
  ``per_occurrence`` for each occurrence, never below 0, so ``weight`` is the
  cap of the deduction.
- **bonus**: ``per_occurrence`` for each occurrence, at most ``weight``.
- **manual**: the assessor's entry, clamped to ``[0, weight]``; until one is
  entered the indicator scores its full weight (no finding, no deduction).
  Deduction, bonus and manual indicators always apply.
- An assessor's entry for a non-manual indicator (``ManualScore``, e.g. from
  an objection answered "adjusted") overrides the computed points, clamped the
  same way; the computed figure and its evidence stay in the snapshot.
- Points are rounded half-up to 2 decimals. The total is rescaled to the
  scheme's full marks over the applicable weight:
  ``total = Σ points × Σ all weights ÷ Σ applicable weights``, rounded
  half-up to 2 decimals (all applicable: the plain sum). Example: weights 40
  (linear, 30 points), 20 (linear, not applicable), 20 (deduction, 15), 10
  (manual, 10), 10 (deduction, 10): 65 × 100 ÷ 80 = 81.25.
- A subject is *not ranked* when the scheme has linear indicators and none
  applies to it (no case at all in the period): no total, no grade, no rank;
  it is listed after the ranked ones.
- Grades: ``total ≥ excellent_min`` 优秀, ``≥ good_min`` 良好, ``≥ pass_min``
  合格, otherwise 不合格.
- Ranks: standard competition ranking by total, highest first (1, 2, 2, 4).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from xiaoneng.assessment.choices import (
    COUNT_SOURCES,
    RATE_SOURCES,
    Grade,
    PeriodKind,
    Rule,
    Source,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")


def quantize(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, weight: Decimal) -> Decimal:
    return min(max(Decimal(value), ZERO), Decimal(weight))


def linear_points(
    figure: Decimal | None, *, weight: Decimal, zero_at: Decimal, full_at: Decimal
) -> Decimal | None:
    if figure is None:
        return None  # not applicable
    span = Decimal(full_at) - Decimal(zero_at)
    share = (Decimal(figure) - Decimal(zero_at)) / span
    share = min(max(share, ZERO), Decimal(1))
    return quantize(Decimal(weight) * share)


def deduction_points(count: int, *, weight: Decimal, per_occurrence: Decimal) -> Decimal:
    return quantize(max(Decimal(weight) - count * Decimal(per_occurrence), ZERO))


def bonus_points(count: int, *, weight: Decimal, per_occurrence: Decimal) -> Decimal:
    return quantize(min(count * Decimal(per_occurrence), Decimal(weight)))


def points(
    definition: dict,
    *,
    figure: Decimal | None = None,
    count: int | None = None,
    manual: Decimal | None = None,
) -> Decimal | None:
    """Points of one indicator (``definition`` as ``Indicator.definition()`` gives it);
    ``None``: not applicable (a linear indicator without a figure)."""
    weight = Decimal(definition["weight"])
    rule = definition["rule"]
    if manual is not None:
        return quantize(clamp(manual, weight))
    if rule == Rule.LINEAR:
        return linear_points(
            figure,
            weight=weight,
            zero_at=Decimal(definition["zero_at"]),
            full_at=Decimal(definition["full_at"]),
        )
    if rule == Rule.DEDUCTION:
        return deduction_points(
            count or 0, weight=weight, per_occurrence=Decimal(definition["per_occurrence"])
        )
    if rule == Rule.BONUS:
        return bonus_points(
            count or 0, weight=weight, per_occurrence=Decimal(definition["per_occurrence"])
        )
    return quantize(weight)  # manual, nothing entered yet


def total(items: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """The total of ``(weight, points)`` pairs, rescaled over the applicable weight.

    ``None`` when nothing applies.
    """
    items = list(items)
    all_weight = sum((Decimal(weight) for weight, _points in items), ZERO)
    applicable = [(Decimal(w), Decimal(p)) for w, p in items if p is not None]
    applicable_weight = sum((w for w, _p in applicable), ZERO)
    if not applicable_weight:
        return None
    points_sum = sum((p for _w, p in applicable), ZERO)
    return quantize(points_sum * all_weight / applicable_weight)


def is_ranked(items: Iterable[tuple[str, Decimal | None]]) -> bool:
    """Ranked unless there are linear indicators and none of them applies."""
    linear = [points for rule, points in items if rule == Rule.LINEAR]
    return not linear or any(points is not None for points in linear)


def grade(total: Decimal, *, excellent_min: Decimal, good_min: Decimal, pass_min: Decimal) -> str:
    if total >= excellent_min:
        return Grade.EXCELLENT
    if total >= good_min:
        return Grade.GOOD
    if total >= pass_min:
        return Grade.PASS
    return Grade.FAIL


def competition_ranks(totals: Iterable[Decimal | None]) -> list[int | None]:
    """Rank of each total (same order as given), highest first, ties share a rank;
    ``None`` totals (not ranked) get no rank."""
    totals = list(totals)
    ranked = [i for i in range(len(totals)) if totals[i] is not None]
    order = sorted(ranked, key=lambda i: totals[i], reverse=True)
    ranks: list[int | None] = [None] * len(totals)
    previous = None
    rank = 0
    for position, index in enumerate(order, start=1):
        if totals[index] != previous:
            rank = position
            previous = totals[index]
        ranks[index] = rank
    return ranks


def indicator_errors(
    *,
    source: str,
    rule: str,
    weight: Decimal | None,
    zero_at: Decimal | None,
    full_at: Decimal | None,
    per_occurrence: Decimal | None,
) -> dict[str, str]:
    """Field errors of an indicator definition (used by ``Indicator.clean``)."""
    errors: dict[str, str] = {}
    if weight is None or weight <= 0:
        errors["weight"] = _("The weight must be greater than zero.")
    if (rule == Rule.MANUAL) != (source == Source.MANUAL):
        errors["rule"] = _("The manual rule goes with the manual source, and only with it.")
    if rule == Rule.LINEAR:
        if source not in RATE_SOURCES:
            errors["source"] = _("The linear rule needs a rate figure (a percentage or ratio).")
        if zero_at is None or full_at is None:
            errors["full_at"] = _("The linear rule needs both thresholds.")
        elif zero_at == full_at:
            errors["full_at"] = _("The two thresholds must differ.")
    if rule in (Rule.DEDUCTION, Rule.BONUS):
        if source not in COUNT_SOURCES:
            errors["source"] = _("Deductions and bonuses count occurrences; choose a count source.")
        if per_occurrence is None or per_occurrence <= 0:
            errors["per_occurrence"] = _("Give the points per occurrence (greater than zero).")
    return errors


def scheme_errors(
    *, excellent_min: Decimal | None, good_min: Decimal | None, pass_min: Decimal | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if None in (excellent_min, good_min, pass_min):
        return errors
    if pass_min < 0:
        errors["pass_min"] = _("The pass threshold cannot be negative.")
    if not excellent_min > good_min > pass_min:
        errors["good_min"] = _(
            "The grade thresholds must descend: excellent above good above pass."
        )
    return errors


def period_bounds(label: str) -> tuple[str, date, date]:
    """``(kind, first day, last day)`` of a period label: 2026-Q3, 2026-07 or 2026.

    Raises ``ValueError`` with a translated message for anything else.
    """
    label = (label or "").strip().upper()
    match = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?", label)
    if not match:
        raise ValueError(_("A period is written 2026-Q3, 2026-07 or 2026."))
    year = int(match[1])
    if not 2000 <= year <= 2100:
        raise ValueError(_("A period is written 2026-Q3, 2026-07 or 2026."))
    if match[2]:
        quarter = int(match[2])
        first, last = 3 * quarter - 2, 3 * quarter
        kind = PeriodKind.QUARTER
    elif match[3]:
        first = last = int(match[3])
        kind = PeriodKind.MONTH
    else:
        first, last = 1, 12
        kind = PeriodKind.YEAR
    end = date(year, last, calendar.monthrange(year, last)[1])
    return kind, date(year, first, 1), end


def quarter_label(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
