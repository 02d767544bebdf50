"""The service catalogue (办事指南): what the department decides, on what basis, how fast.

A case copies the limits and the stage plan of its item when it is
registered (``ServiceItem.rules_snapshot``): editing an item never changes
the clock of a case already under way.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.catalog.choices import Category, FeeKind, MaterialForm, StageKind
from xiaoneng.org.choices import RegionLevel, Role
from xiaoneng.org.models import Unit
from xiaoneng.workdays.clock import default_warning_days


class ServiceItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ServiceItem(models.Model):
    """One matter of the power list with its legal basis, limits, fee, materials and stages."""

    code = models.CharField(
        _("item code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in case numbers, e.g. YDYS."),
    )
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    level = models.CharField(
        _("level"),
        max_length=16,
        choices=RegionLevel.choices,
        help_text=_("The level of government that decides this matter."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="service_items",
    )
    legal_basis = models.TextField(_("legal basis"))
    conditions = models.TextField(_("conditions"), blank=True)
    statutory_limit_days = models.PositiveSmallIntegerField(
        _("statutory limit (working days)"), validators=[MinValueValidator(1)]
    )
    promised_limit_days = models.PositiveSmallIntegerField(
        _("promised limit (working days)"), validators=[MinValueValidator(1)]
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warning threshold (working days)"),
        null=True,
        blank=True,
        # xgettext:no-python-format
        help_text=_("Empty: 20% of the promised limit, at least 1 day."),
    )
    max_extension_days = models.PositiveSmallIntegerField(
        _("maximum extension (working days)"),
        default=10,
        help_text=_("Administrative Licensing Law Art. 42: at most 10 for a 20-day limit."),
    )
    fee_kind = models.CharField(
        _("fee"), max_length=16, choices=FeeKind.choices, default=FeeKind.FREE
    )
    fee_amount = models.DecimalField(
        _("fee amount (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    fee_unit = models.CharField(_("fee unit"), max_length=20, blank=True)
    fee_basis = models.TextField(_("legal basis of the fee"), blank=True)
    online_allowed = models.BooleanField(_("online application allowed"), default=True)
    venue = models.CharField(_("where to apply"), max_length=200, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    phone = models.CharField(_("enquiry phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        promised, statutory = self.promised_limit_days, self.statutory_limit_days
        if promised and statutory and promised > statutory:
            raise ValidationError(
                {"promised_limit_days": _("The promised limit cannot exceed the statutory limit.")}
            )
        if self.fee_kind == FeeKind.FREE and self.fee_amount:
            raise ValidationError({"fee_amount": _("A free item has no fee amount.")})
        if self.fee_kind != FeeKind.FREE and not self.fee_basis:
            raise ValidationError({"fee_basis": _("A fee needs its legal basis.")})
        if self.fee_kind == FeeKind.PER_UNIT and not self.fee_unit:
            raise ValidationError({"fee_unit": _("A per-unit fee needs its unit.")})

    @property
    def effective_warning_days(self) -> int:
        if self.warning_days is not None:
            return self.warning_days
        return default_warning_days(self.promised_limit_days)

    def fee_for(self, quantity: Decimal | int | None = None) -> Decimal:
        """The standard fee: what the applicant owes for ``quantity`` units."""
        if self.fee_kind == FeeKind.FREE:
            return Decimal("0.00")
        if self.fee_kind == FeeKind.FIXED:
            return self.fee_amount
        return (self.fee_amount * Decimal(quantity or 0)).quantize(Decimal("0.01"))

    def rules_snapshot(self) -> dict:
        """The rules a case keeps for its whole life (limits, stages, materials)."""
        return {
            "statutory_limit_days": self.statutory_limit_days,
            "promised_limit_days": self.promised_limit_days,
            "warning_days": self.effective_warning_days,
            "max_extension_days": self.max_extension_days,
            "stages": [stage.snapshot() for stage in self.stages.all()],
        }


class Material(models.Model):
    """A material the applicant hands in (申请材料)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE,
        related_name="materials",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(
        _("form"), max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """One step of an item's procedure, acted on by one role within a budget."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE,
        related_name="stages",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("stage code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=16, choices=StageKind.choices)
    role = models.CharField(_("acting role"), max_length=16, choices=Role.choices)
    budget_days = models.PositiveSmallIntegerField(_("budget (working days)"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="catalog_stage_unique_order"),
            models.UniqueConstraint(fields=["item", "code"], name="catalog_stage_unique_code"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_committee(self) -> bool:
        return self.kind == StageKind.COMMITTEE

    def snapshot(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "budget_days": self.budget_days,
        }


def validate_stage_plan(stages) -> None:
    """A plan starts with acceptance, has one decision, and review stages only between."""
    kinds = [stage["kind"] if isinstance(stage, dict) else stage.kind for stage in stages]
    if not kinds or kinds[0] != StageKind.ACCEPTANCE:
        raise ValidationError(_("The first stage must be acceptance."))
    if kinds.count(StageKind.DECISION) != 1:
        raise ValidationError(_("A procedure has exactly one decision stage."))
    decision = kinds.index(StageKind.DECISION)
    if any(kind not in (StageKind.REVIEW, StageKind.COMMITTEE) for kind in kinds[1:decision]):
        raise ValidationError(_("Only review and committee stages may come before the decision."))
    if any(kind != StageKind.ISSUE for kind in kinds[decision + 1 :]):
        raise ValidationError(_("Only an issue stage may follow the decision."))
