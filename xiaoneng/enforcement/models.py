"""Penalty cases (行政处罚): the facts, the discretion benchmarks and the decision.

A penalty case is a ``cases.Case`` of a service item of category "penalty":
the case row carries the party (as its applicant), the stages, the event
chain and the clock. This app adds the facts the law grades a violation by
(``PenaltyFacts``), the benchmark table that grades them
(``DiscretionBenchmark``, configuration with history) and the proposed and
decided fine with its publication (``PenaltyDecision``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from simple_history.models import HistoricalRecords

from xiaoneng.cases.models import Case
from xiaoneng.enforcement.choices import (
    DecisionStatus,
    FineBasis,
    LandClass,
    Tier,
    ViolationType,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class DiscretionBenchmark(models.Model):
    """One tier of the discretion benchmark (自由裁量基准) for one violation type.

    The conditions are a conjunction of optional tests on the facts (an empty
    condition matches everything); the most severe matching row wins (see
    ``benchmarks.assess``). Areas and gains: minimum included, maximum
    excluded, so adjacent rows do not overlap.
    """

    violation_type = models.CharField(
        _("violation type"), max_length=20, choices=ViolationType.choices
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    area_min = models.DecimalField(
        _("area from (m², included)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    area_max = models.DecimalField(
        _("area below (m², excluded)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    land_classes = models.CharField(
        _("land classes"),
        max_length=100,
        blank=True,
        help_text=_(
            "Comma-separated codes (farmland, basic_farmland, construction, other); empty: any."
        ),
    )
    restorable = models.BooleanField(
        _("restorable"), null=True, blank=True, help_text=_("Empty: either.")
    )
    repeat_offence = models.BooleanField(
        _("repeat offence"), null=True, blank=True, help_text=_("Empty: either.")
    )
    gains_min = models.DecimalField(
        _("illegal gains from (yuan, included)"), **MONEY, null=True, blank=True
    )
    gains_max = models.DecimalField(
        _("illegal gains below (yuan, excluded)"), **MONEY, null=True, blank=True
    )
    fine_basis = models.CharField(_("fine basis"), max_length=12, choices=FineBasis.choices)
    fine_min = models.DecimalField(_("fine from"), **MONEY, validators=[MinValueValidator(0)])
    fine_max = models.DecimalField(_("fine up to"), **MONEY, validators=[MinValueValidator(0)])
    statutory_max = models.DecimalField(
        _("statutory maximum"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_(
            "The law's own maximum, on the same basis: no justification allows a fine above it."
        ),
    )
    article = models.CharField(_("legal basis"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discretion benchmark")
        verbose_name_plural = _("discretion benchmarks")
        ordering = ["violation_type", "tier", "pk"]
        indexes = [models.Index(fields=["violation_type", "is_active"], name="enf_bench_type_idx")]

    def __str__(self):
        return f"{self.get_violation_type_display()} · {self.get_tier_display()}"

    @property
    def land_class_list(self) -> list[str]:
        return [code.strip() for code in self.land_classes.split(",") if code.strip()]

    @property
    def land_class_labels(self) -> str:
        """The land classes in words (永久基本农田、耕地), not their codes."""
        labels = [
            LandClass(code).label if code in LandClass.values else code
            for code in self.land_class_list
        ]
        return pgettext("list separator", ", ").join(str(label) for label in labels)

    def clean(self):
        errors = {}
        unknown = set(self.land_class_list) - set(LandClass.values)
        if unknown:
            errors["land_classes"] = _("Unknown land class: {codes}.").format(
                codes=", ".join(sorted(unknown))
            )
        if (
            self.fine_min is not None
            and self.fine_max is not None
            and self.fine_min > self.fine_max
        ):
            errors["fine_max"] = _("The upper bound is below the lower bound.")
        if (
            self.statutory_max is not None
            and self.fine_max is not None
            and self.fine_max > self.statutory_max
        ):
            errors["fine_max"] = _("The range cannot exceed the statutory maximum.")
        for low, high in (("area_min", "area_max"), ("gains_min", "gains_max")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a >= b:
                errors[high] = _("The upper bound must be above the lower bound.")
        if errors:
            raise ValidationError(errors)


class PenaltyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of the penalty cases ``user`` may see (the case's scope)."""
        return self.filter(case__in=Case.objects.visible_to(user))


class PenaltyFacts(models.Model):
    """The facts of a penalty case, as the benchmarks read them, and the notice to the party."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="penalty_facts"
    )
    violation_type = models.CharField(
        _("violation type"), max_length=20, choices=ViolationType.choices
    )
    discovered_on = models.DateField(_("discovered on"))
    late_opening_reason = models.TextField(_("reason for opening late"), blank=True)
    location = models.CharField(_("site of the violation"), max_length=200, blank=True)
    summary = models.TextField(_("summary of the violation"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("The evidence gathered (site survey record, interviews, photos, survey map)."),
    )
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    land_class = models.CharField(
        _("land class"), max_length=16, choices=LandClass.choices, default=LandClass.OTHER
    )
    restorable = models.BooleanField(_("can be restored"), default=True)
    illegal_gains = models.DecimalField(
        _("illegal gains (yuan)"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    repeat_offence = models.BooleanField(_("repeat offence"), default=False)

    # The notice of the intended penalty (行政处罚法 Art. 44, 45, 63, 64).
    notice_served_on = models.DateField(_("notice served on"), null=True, blank=True)
    statement_due = models.DateField(_("statement due by"), null=True, blank=True)
    hearing_right = models.BooleanField(_("right to a hearing"), default=False)
    hearing_request_due = models.DateField(_("hearing request due by"), null=True, blank=True)
    statement_received_on = models.DateField(_("statement received on"), null=True, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_held_on = models.DateField(_("hearing held on"), null=True, blank=True)

    objects = PenaltyQuerySet.as_manager()

    class Meta:
        verbose_name = _("penalty facts")
        verbose_name_plural = _("penalty facts")
        ordering = ["-case__received_at"]
        indexes = [models.Index(fields=["violation_type"], name="enf_facts_type_idx")]

    def __str__(self):
        return str(self.case_id)


class PenaltyDecision(models.Model):
    """The graded, proposed and decided fine of a case, and its publication (公示)."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="penalty_decision"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.NONE
    )
    # The benchmark's suggestion when the fine was proposed (kept: the table may change).
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    range_min = models.DecimalField(_("range from (yuan)"), **MONEY, null=True, blank=True)
    range_max = models.DecimalField(_("range up to (yuan)"), **MONEY, null=True, blank=True)
    article = models.CharField(_("legal basis"), max_length=300, blank=True)
    noticed_fine = models.DecimalField(_("fine in the notice (yuan)"), **MONEY, null=True)
    fine = models.DecimalField(_("fine (yuan)"), **MONEY, null=True, blank=True)
    out_of_range = models.BooleanField(_("outside the benchmark range"), default=False)
    justification = models.TextField(_("justification"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    amount_paid = models.DecimalField(_("amount paid (yuan)"), **MONEY, null=True, blank=True)
    # Publication: within 7 working days of the decision (双公示).
    publish_due = models.DateField(_("publish by"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = PenaltyQuerySet.as_manager()

    class Meta:
        verbose_name = _("penalty decision")
        verbose_name_plural = _("penalty decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["published_on", "decided_on"], name="enf_published_idx"),
            models.Index(fields=["publish_due"], name="enf_publish_due_idx"),
        ]

    def __str__(self):
        return self.decision_number or str(self.case_id)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None
