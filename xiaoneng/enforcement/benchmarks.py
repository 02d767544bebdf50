"""The discretion engine: which tier and fine range the benchmark gives for the facts.

Pure: plain values in, an ``Assessment`` out; ``assess`` reads the active
rows from the database only when none are passed. Rules:

- a benchmark row is a conjunction of optional conditions; an empty
  condition matches anything;
- area and gains bounds: the minimum is included, the maximum excluded
  (``area_min <= area < area_max``), so a table whose rows meet at 1,000 m²
  puts exactly 1,000 m² in the upper row;
- the most severe matching tier wins (an aggravating fact is never
  overlooked because a milder row also matches); equal tiers: the first row;
- the range is the row's bounds times the area (per m²), times the illegal
  gains (a multiple of the gains) or as they are (per case), in yuan; the
  row's statutory maximum is scaled the same way. A justified fine may leave
  the range (a lighter penalty, 行政处罚法 Art. 32, or a heavier one within the
  law) but never the statutory maximum.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from xiaoneng.enforcement.choices import FineBasis, Tier

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Facts:
    violation_type: str
    area_m2: Decimal = Decimal("0")
    land_class: str = "other"
    restorable: bool = True
    illegal_gains: Decimal = Decimal("0")
    repeat_offence: bool = False

    @classmethod
    def of(cls, facts) -> "Facts":
        """The engine's view of a ``PenaltyFacts`` row (or any object with the fields)."""
        return cls(
            violation_type=facts.violation_type,
            area_m2=Decimal(facts.area_m2 or 0),
            land_class=facts.land_class,
            restorable=bool(facts.restorable),
            illegal_gains=Decimal(facts.illegal_gains or 0),
            repeat_offence=bool(facts.repeat_offence),
        )


@dataclass(frozen=True)
class Assessment:
    tier: str
    fine_min: Decimal
    fine_max: Decimal
    article: str
    benchmark_id: int | None = None
    statutory_max: Decimal | None = None  # in yuan; None: the row names none

    @property
    def range(self) -> tuple[Decimal, Decimal]:
        return self.fine_min, self.fine_max

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label

    def contains(self, fine: Decimal) -> bool:
        return self.fine_min <= fine <= self.fine_max


def _within(value: Decimal, low, high) -> bool:
    return (low is None or value >= low) and (high is None or value < high)


def matches(row, facts: Facts) -> bool:
    """Whether every condition of the benchmark ``row`` holds for ``facts``."""
    if row.violation_type != facts.violation_type:
        return False
    if not _within(facts.area_m2, row.area_min, row.area_max):
        return False
    if not _within(facts.illegal_gains, row.gains_min, row.gains_max):
        return False
    classes = [code.strip() for code in (row.land_classes or "").split(",") if code.strip()]
    if classes and facts.land_class not in classes:
        return False
    if row.restorable is not None and row.restorable != facts.restorable:
        return False
    return row.repeat_offence is None or row.repeat_offence == facts.repeat_offence


def _factor(row, facts: Facts) -> Decimal:
    if row.fine_basis == FineBasis.PER_M2:
        return facts.area_m2
    if row.fine_basis == FineBasis.GAINS_RATIO:
        return facts.illegal_gains
    return Decimal("1")


def _yuan(value, factor: Decimal) -> Decimal:
    return (Decimal(value) * factor).quantize(CENT, ROUND_HALF_UP)


def fine_range(row, facts: Facts) -> tuple[Decimal, Decimal]:
    factor = _factor(row, facts)
    return _yuan(row.fine_min, factor), _yuan(row.fine_max, factor)


def assess(facts, benchmarks=None) -> Assessment | None:
    """The tier, fine range (yuan) and article for ``facts``; None when no row matches."""
    if not isinstance(facts, Facts):
        facts = Facts.of(facts)
    if benchmarks is None:
        from xiaoneng.enforcement.models import DiscretionBenchmark

        benchmarks = DiscretionBenchmark.objects.filter(
            violation_type=facts.violation_type, is_active=True
        ).order_by("pk")
    best = None
    for row in benchmarks:
        if not matches(row, facts):
            continue
        if best is None or Tier(row.tier).severity > Tier(best.tier).severity:
            best = row
    if best is None:
        return None
    low, high = fine_range(best, facts)
    cap = getattr(best, "statutory_max", None)
    return Assessment(
        tier=best.tier,
        fine_min=low,
        fine_max=high,
        article=best.article,
        benchmark_id=getattr(best, "pk", None),
        statutory_max=None if cap is None else _yuan(cap, _factor(best, facts)),
    )
