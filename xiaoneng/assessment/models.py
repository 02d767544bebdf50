"""Performance assessment (绩效考评): schemes, periods and frozen scores.

A ``Scheme`` and its ``Indicator`` rows are configuration, edited in the admin
with history. Everything else is written only by ``services.py``:
computing a period writes one ``Score`` per subject and one ``IndicatorScore``
per indicator, each carrying a frozen copy of the indicator definition, the
raw figure and the exact ids of the records counted. A recomputation writes a
new *version* of these rows and keeps the old ones; pages read the rows of
``period.version``.

Subjects: a unit score has ``staff`` empty and ``unit`` = the unit scored; a
staff score has ``staff`` = the user and ``unit`` = his unit at computation
time. ``region`` is always ``unit.region`` at computation time.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from xiaoneng.assessment import scoring
from xiaoneng.assessment.choices import (
    NOT_RANKED,
    Grade,
    ObjectionOutcome,
    ObjectionStatus,
    PeriodKind,
    PeriodStatus,
    Rule,
    Source,
    Subject,
)
from xiaoneng.org.models import Region, Unit

POINTS = {"max_digits": 7, "decimal_places": 2}
FIGURE = {"max_digits": 14, "decimal_places": 4}


class SchemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Scheme(models.Model):
    """A scoring scheme (考评细则): what is scored, how, and the grade bands.

    ``region`` is the scope of the scheme: the units (or their staff) in that
    region and every region below it are assessed; supervisors and leaders of
    a unit whose region covers it are its assessors (``services.is_assessor``).
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    subject = models.CharField(_("scores"), max_length=10, choices=Subject.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region assessed"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
        help_text=_("The units of this region and every region below it are assessed."),
    )
    description = models.TextField(pgettext_lazy("assessment", "description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    excellent_min = models.DecimalField(
        _("excellent from (points)"), **POINTS, default=Decimal("90")
    )
    good_min = models.DecimalField(_("good from (points)"), **POINTS, default=Decimal("80"))
    pass_min = models.DecimalField(_("pass from (points)"), **POINTS, default=Decimal("60"))

    objects = SchemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = scoring.scheme_errors(
            excellent_min=self.excellent_min, good_min=self.good_min, pass_min=self.pass_min
        )
        if errors:
            raise ValidationError(errors)

    def bands(self) -> dict:
        return {
            "excellent_min": str(self.excellent_min),
            "good_min": str(self.good_min),
            "pass_min": str(self.pass_min),
        }

    def grade_for(self, total: Decimal) -> str:
        return scoring.grade(
            total,
            excellent_min=self.excellent_min,
            good_min=self.good_min,
            pass_min=self.pass_min,
        )


class Indicator(models.Model):
    """One line of a scheme: a figure from a source and the rule that scores it.

    See ``scoring`` for the exact rules. ``weight`` is the full points of a
    linear or manual indicator and the cap of a deduction or bonus.
    """

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    rule = models.CharField(_("rule"), max_length=10, choices=Rule.choices)
    weight = models.DecimalField(
        _("weight (points)"),
        **POINTS,
        help_text=_("Full points (linear, manual) or the cap (deduction, bonus)."),
    )
    zero_at = models.DecimalField(
        _("figure scoring zero"),
        **FIGURE,
        null=True,
        blank=True,
        help_text=_("Linear rule: the figure at which the indicator scores 0."),
    )
    full_at = models.DecimalField(
        _("figure scoring full points"),
        **FIGURE,
        null=True,
        blank=True,
        help_text=_(
            "Linear rule: the figure at which the indicator scores its weight "
            "(may be below the zero threshold when lower is better)."
        ),
    )
    per_occurrence = models.DecimalField(
        _("points per occurrence"),
        **POINTS,
        null=True,
        blank=True,
        help_text=_("Deduction or bonus rule: points lost or won per occurrence."),
    )
    description = models.TextField(pgettext_lazy("assessment", "description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assess_indicator_code_uniq")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = scoring.indicator_errors(
            source=self.source,
            rule=self.rule,
            weight=self.weight,
            zero_at=self.zero_at,
            full_at=self.full_at,
            per_occurrence=self.per_occurrence,
        )
        if errors:
            raise ValidationError(errors)

    def definition(self) -> dict:
        """The frozen copy stored with every indicator score."""

        def text(value):
            return None if value is None else str(value)

        return {
            "id": self.pk,
            "code": self.code,
            "name": self.name,
            "position": self.position,
            "source": self.source,
            "rule": self.rule,
            "weight": str(self.weight),
            "zero_at": text(self.zero_at),
            "full_at": text(self.full_at),
            "per_occurrence": text(self.per_occurrence),
        }


class Period(models.Model):
    """One assessment period of one scheme, e.g. 2026-Q3.

    Created by the first computation. ``version`` counts computations; the
    current scores are those with ``Score.version == period.version``. A
    published period never changes: it must be unpublished (with a reason)
    before it can be recomputed.
    """

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    label = models.CharField(_("period"), max_length=10)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.COMPUTED
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-start", "scheme__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="assess_period_label_uniq")
        ]

    def __str__(self):
        return f"{self.scheme} · {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED

    def current_scores(self):
        return self.scores.filter(version=self.version)


class Score(models.Model):
    """The score of one subject (unit or staff member) in one version of a period."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="scores"
    )
    version = models.PositiveIntegerField(_("version"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_scores",
        help_text=_("Empty for a unit score."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assessment_scores",
        help_text=_("The unit scored, or the staff member's unit at computation time."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty total, grade and rank: not ranked — the scheme has linear (rate) indicators and
    # none applies to the subject (no case in the period); see ``scoring.total``.
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = [
            "period",
            "version",
            models.F("rank").asc(nulls_last=True),
            "unit__code",
            "staff_id",
        ]
        indexes = [
            # The ranking pages read one version of one period, best first.
            models.Index(fields=["period", "version", "rank"], name="assess_score_rank_idx"),
            # "My scores" and a unit's trend across periods.
            models.Index(fields=["staff", "period"], name="assess_score_staff_idx"),
            models.Index(fields=["unit", "period"], name="assess_score_unit_idx"),
        ]

    def __str__(self):
        subject = self.staff if self.staff_id else self.unit
        return f"{self.period.label} · {subject} · {self.total}"

    @property
    def subject_name(self) -> str:
        if self.staff_id:
            return self.staff.get_full_name() or self.staff.get_username()
        return self.unit.name

    @property
    def is_ranked(self) -> bool:
        return self.rank is not None

    @property
    def grade_label(self) -> str:
        """The grade, or "not ranked (no cases)" for a subject without an applicable rate."""
        return self.get_grade_display() if self.grade else str(NOT_RANKED)

    @property
    def is_current(self) -> bool:
        return self.version == self.period.version


class IndicatorScore(models.Model):
    """One indicator of one score: the frozen definition, the figure, the evidence.

    ``evidence`` holds exactly the ids counted, by kind, e.g.
    ``{"cases": [..], "late_cases": [..]}`` for an on-time rate or
    ``{"cards": [..]}`` for red cards (``sources.EVIDENCE_KINDS``).
    """

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    definition = models.JSONField(_("indicator definition (frozen)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    figure = models.DecimalField(_("figure"), **FIGURE, null=True, blank=True)
    numerator = models.IntegerField(_("numerator"), null=True, blank=True)
    denominator = models.IntegerField(_("denominator"), null=True, blank=True)
    count = models.IntegerField(_("occurrences"), null=True, blank=True)
    # Empty: not applicable — a linear indicator without a figure (no case, no rating…).
    points = models.DecimalField(_("points"), **POINTS, null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["score", "position", "pk"]

    def __str__(self):
        return f"{self.definition.get('name', '')}: {'—' if self.points is None else self.points}"

    @property
    def is_applicable(self) -> bool:
        return self.points is not None


class ManualScore(models.Model):
    """Points an assessor enters for one indicator of one subject, with a reason.

    For a manual indicator this is its score; for any other indicator it
    overrides the computed points (how an objection is answered "adjusted").
    Entries are never edited: the latest entry for (period, indicator,
    subject) counts, the older ones remain as the record.
    """

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="manual_scores"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="manual_scores",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("manual score")
        verbose_name_plural = _("manual scores")
        ordering = ["period", "indicator", "-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(staff__isnull=False),
                name="assess_manual_subject",
            )
        ]

    def __str__(self):
        return f"{self.indicator} · {self.points}"


class Objection(models.Model):
    """An objection (异议) to a score or one of its indicators, and its answer.

    Answered by an assessor of the scheme (never the person scored); an
    answer "adjusted" records a ``ManualScore`` (``adjustment``) and
    recomputes the period (see ``services.answer_objection``).
    """

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, related_name="objections"
    )
    item = models.ForeignKey(
        IndicatorScore,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="assessment_objections",
    )
    reason = models.TextField(_("reason"))
    raised_at = models.DateTimeField(_("raised at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ObjectionOutcome.choices, blank=True
    )
    adjustment = models.ForeignKey(
        ManualScore,
        verbose_name=_("adjustment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "raised_at"], name="assess_objection_open_idx")]

    def __str__(self):
        return f"{self.score} · {self.get_status_display()}"
