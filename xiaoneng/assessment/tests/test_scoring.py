"""The scoring rules, grade bands and ranks on hand-computed examples."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from xiaoneng.assessment import scoring
from xiaoneng.assessment.choices import Grade, Rule, Source, Subject
from xiaoneng.assessment.models import Indicator, Scheme
from xiaoneng.org.models import Region


def linear(figure, weight=40, zero_at=90, full_at=100):
    return scoring.points(
        {"rule": Rule.LINEAR, "weight": weight, "zero_at": zero_at, "full_at": full_at},
        figure=None if figure is None else D(str(figure)),
    )


def test_linear_scores_zero_at_the_low_threshold_and_full_at_the_high_one():
    assert linear(90) == D("0.00")
    assert linear(100) == D("40.00")
    assert linear(95) == D("20.00")
    assert linear("97.5") == D("30.00")


def test_linear_is_clamped_outside_the_thresholds():
    assert linear(50) == D("0.00")
    assert linear(120) == D("40.00")


def test_linear_lower_is_better_when_zero_threshold_is_above_full():
    # days ratio: 1.2 → 0 points, 0.6 → 10 points
    assert linear("0.9", weight=10, zero_at="1.2", full_at="0.6") == D("5.00")
    assert linear("0.5", weight=10, zero_at="1.2", full_at="0.6") == D("10.00")
    assert linear("1.5", weight=10, zero_at="1.2", full_at="0.6") == D("0.00")


def test_linear_without_a_figure_is_not_applicable():
    assert linear(None) is None


def test_total_is_rescaled_over_the_applicable_weight():
    # 40 (linear, 30), 20 (linear, n/a), 20 (deduction, 15), 10 (manual, 10), 10 (deduction, 10):
    # 65 × 100 ÷ 80 = 81.25
    items = [
        (D(40), D(30)),
        (D(20), None),
        (D(20), D(15)),
        (D(10), D(10)),
        (D(10), D(10)),
    ]
    assert scoring.total(items) == D("81.25")
    assert scoring.total([(D(40), D(30)), (D(60), D(60))]) == D("90.00")  # all apply: the sum
    assert scoring.total([(D(30), D(10)), (D(70), None)]) == D("33.33")  # 10 × 100 ÷ 30
    assert scoring.total([(D(40), None)]) is None


def test_not_ranked_when_no_linear_indicator_applies():
    assert not scoring.is_ranked([(Rule.LINEAR, None), (Rule.DEDUCTION, D(10))])
    assert scoring.is_ranked([(Rule.LINEAR, None), (Rule.LINEAR, D(0))])
    assert scoring.is_ranked([(Rule.DEDUCTION, D(10)), (Rule.MANUAL, D(5))])  # no linear at all


def test_unranked_totals_get_no_rank():
    assert scoring.competition_ranks([D(80), None, D(90)]) == [2, None, 1]


def test_linear_rounds_half_up_to_cents():
    # 40 × (93.3333 − 90) / 10 = 13.33332
    assert linear("93.3333") == D("13.33")
    # 40 × 0.03125 / 10 = 0.125 → 0.13
    assert linear("90.03125") == D("0.13")


def test_deduction_loses_per_occurrence_down_to_zero():
    rule = {"rule": Rule.DEDUCTION, "weight": 10, "per_occurrence": 2}
    assert scoring.points(rule, count=0) == D("10.00")
    assert scoring.points(rule, count=3) == D("4.00")
    assert scoring.points(rule, count=5) == D("0.00")
    assert scoring.points(rule, count=9) == D("0.00")  # the weight caps the deduction


def test_bonus_adds_per_occurrence_up_to_the_cap():
    rule = {"rule": Rule.BONUS, "weight": 5, "per_occurrence": "1.5"}
    assert scoring.points(rule, count=0) == D("0.00")
    assert scoring.points(rule, count=2) == D("3.00")
    assert scoring.points(rule, count=4) == D("5.00")


def test_manual_entry_is_clamped_to_the_weight_and_absent_entry_scores_full():
    rule = {"rule": Rule.MANUAL, "weight": 10}
    assert scoring.points(rule) == D("10.00")
    assert scoring.points(rule, manual=D("7.5")) == D("7.50")
    assert scoring.points(rule, manual=D("12")) == D("10.00")


def test_manual_entry_overrides_a_computed_rule():
    rule = {"rule": Rule.DEDUCTION, "weight": 10, "per_occurrence": 2}
    assert scoring.points(rule, count=5, manual=D("8")) == D("8.00")


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.PASS),
        ("60", Grade.PASS),
        ("59.99", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_grade_bands_include_their_lower_bound(total, grade):
    assert scoring.grade(D(total), excellent_min=D(90), good_min=D(80), pass_min=D(60)) == grade


def test_competition_ranks_share_ties_and_skip():
    assert scoring.competition_ranks([D(80), D(95), D(80), D(70)]) == [2, 1, 2, 4]
    assert scoring.competition_ranks([]) == []


@pytest.mark.parametrize(
    ("label", "kind", "start", "end"),
    [
        ("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-q1", "quarter", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_labels(label, kind, start, end):
    assert scoring.period_bounds(label) == (kind, start, end)


@pytest.mark.parametrize("label", ["", "2026-Q5", "2026-13", "26-Q1", "2026Q1", "1900", "x"])
def test_bad_period_labels_are_refused(label):
    with pytest.raises(ValueError, match="2026-Q3"):
        scoring.period_bounds(label)


@pytest.mark.django_db
class TestSchemeValidation:
    def scheme(self, **bands):
        return Scheme(
            code="V",
            name="v",
            subject=Subject.UNIT,
            region=Region.objects.get(code="640000"),
            **bands,
        )

    def indicator(self, **values):
        defaults = {
            "code": "I",
            "name": "i",
            "source": Source.ON_TIME_PROMISED,
            "rule": Rule.LINEAR,
            "weight": D(10),
            "zero_at": D(80),
            "full_at": D(100),
        }
        defaults.update(values)
        scheme = Scheme.objects.filter(code="V").first() or self.scheme()
        scheme.save()
        return Indicator(scheme=scheme, **defaults)

    def test_grade_bands_must_descend(self):
        with pytest.raises(ValidationError) as error:
            self.scheme(excellent_min=D(80), good_min=D(85), pass_min=D(60)).full_clean()
        assert "good_min" in error.value.message_dict

    def test_linear_needs_two_different_thresholds(self):
        with pytest.raises(ValidationError) as error:
            self.indicator(full_at=D(80)).full_clean()
        assert "full_at" in error.value.message_dict

    def test_deduction_needs_points_per_occurrence_and_a_count_source(self):
        with pytest.raises(ValidationError) as error:
            self.indicator(rule=Rule.DEDUCTION, zero_at=None, full_at=None).full_clean()
        assert {"per_occurrence", "source"} <= set(error.value.message_dict)

    def test_manual_rule_goes_with_manual_source(self):
        with pytest.raises(ValidationError) as error:
            self.indicator(rule=Rule.MANUAL, zero_at=None, full_at=None).full_clean()
        assert "rule" in error.value.message_dict

    def test_weight_must_be_positive(self):
        with pytest.raises(ValidationError) as error:
            self.indicator(weight=D(0)).full_clean()
        assert "weight" in error.value.message_dict

    def test_a_valid_definition_passes(self):
        self.indicator().full_clean()
        self.indicator(
            code="R",
            source=Source.RED_CARDS,
            rule=Rule.DEDUCTION,
            zero_at=None,
            full_at=None,
            per_occurrence=D(2),
        ).full_clean()
