"""The discretion engine at the boundaries of the demo table (pure: no database)."""

from decimal import Decimal

import pytest

from xiaoneng.enforcement.benchmarks import Facts, assess
from xiaoneng.enforcement.demo import BENCHMARKS
from xiaoneng.enforcement.models import DiscretionBenchmark


def _rows():
    rows = []
    for pk, values in enumerate(BENCHMARKS, start=1):
        (violation, tier, area_min, area_max, classes, restorable, repeat, gains_min,
         gains_max, basis, low, high, article, _note) = values  # fmt: skip
        dec = lambda v: None if v is None else Decimal(v)  # noqa: E731
        rows.append(
            DiscretionBenchmark(
                pk=pk,
                violation_type=violation,
                tier=tier,
                area_min=dec(area_min),
                area_max=dec(area_max),
                land_classes=classes,
                restorable=restorable,
                repeat_offence=repeat,
                gains_min=dec(gains_min),
                gains_max=dec(gains_max),
                fine_basis=basis,
                fine_min=Decimal(low),
                fine_max=Decimal(high),
                article=article,
            )
        )
    return rows


ROWS = _rows()


def land(area, land_class="construction", restorable=True, repeat=False):
    return Facts("illegal_land_use", Decimal(area), land_class, restorable, Decimal(0), repeat)


def mining(gains, restorable=True, repeat=False):
    return Facts("illegal_mining", Decimal(0), "other", restorable, Decimal(gains), repeat)


@pytest.mark.parametrize(
    ("facts", "tier"),
    [
        (land("499.99"), "minor"),
        (land("500"), "ordinary"),  # the minimum is included in the upper row
        (land("2999.99"), "ordinary"),
        (land("3000"), "serious"),
        (land("9999.99"), "serious"),
        (land("10000"), "grave"),
        (land("100", "farmland"), "ordinary"),
        (land("100", "farmland", restorable=False), "serious"),
        (land("1", "basic_farmland"), "grave"),
        (land("100", repeat=True), "serious"),
        (mining("49999.99"), "minor"),
        (mining("50000"), "ordinary"),
        (mining("299999.99"), "ordinary"),
        (mining("300000"), "serious"),
        (mining("999999.99"), "serious"),
        (mining("1000000"), "grave"),
        (mining("1000", restorable=False), "serious"),
        (mining("1000", repeat=True), "grave"),
    ],
)
def test_benchmark_picks_the_tier_at_the_boundaries(facts, tier):
    assert assess(facts, ROWS).tier == tier


def test_range_scales_with_the_area():
    result = assess(land("1000"), ROWS)
    assert result.range == (Decimal("200000.00"), Decimal("500000.00"))
    assert "第五十七条" in result.article


def test_range_scales_with_the_gains():
    result = assess(mining("100000"), ROWS)
    assert result.range == (Decimal("20000.00"), Decimal("30000.00"))
    assert result.contains(Decimal("20000"))
    assert result.contains(Decimal("30000"))
    assert not result.contains(Decimal("30000.01"))


def test_no_matching_row_gives_none():
    assert assess(land("100"), [r for r in ROWS if r.tier == "grave"]) is None


def test_inactive_rows_are_ignored_when_read_from_the_database(penalty_setup):
    DiscretionBenchmark.objects.filter(violation_type="illegal_land_use", tier="minor").update(
        is_active=False
    )
    assert assess(land("100")) is None
    assert assess(land("600")).tier == "ordinary"


@pytest.mark.django_db
def test_the_seeded_table_stays_within_the_statutory_ranges():
    """土地管理法实施条例 Art. 57(1): 100–1,000 yuan per m²; 矿产资源法实施细则 Art. 42(1):
    at most 50% of the illegal gains."""
    from xiaoneng.enforcement.choices import FineBasis
    from xiaoneng.enforcement.demo import ensure_benchmarks
    from xiaoneng.enforcement.models import DiscretionBenchmark

    ensure_benchmarks()
    land = DiscretionBenchmark.objects.filter(violation_type="illegal_land_use")
    mining = DiscretionBenchmark.objects.filter(violation_type="illegal_mining")
    assert land.exists()
    assert mining.exists()
    for row in land:
        assert row.fine_basis == FineBasis.PER_M2
        assert Decimal("100") <= row.fine_min <= row.fine_max <= Decimal("1000")
        assert row.statutory_max == Decimal("1000")
        assert "第七十七条" in row.article
        assert "第五十七条" in row.article
    for row in mining:
        assert row.fine_basis == FineBasis.GAINS_RATIO
        assert row.fine_max <= Decimal("0.5") == row.statutory_max
        assert "第三十九条" in row.article
        assert "第四十二条第（一）项" in row.article
