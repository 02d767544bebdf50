from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The kinds of administrative power in the power list (权力清单)."""

    LICENSING = "licensing", _("Administrative licensing")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    OTHER_POWER = "other_power", _("Other administrative power")
    PUBLIC_SERVICE = "public_service", _("Public service")
    PENALTY = "penalty", _("Administrative penalty")


class FeeKind(models.TextChoices):
    FREE = "free", _("Free of charge")
    FIXED = "fixed", _("Fixed fee")
    PER_UNIT = "per_unit", _("Fee per unit")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")
    ELECTRONIC = "electronic", _("Electronic file")


class StageKind(models.TextChoices):
    """What a stage does; the case engine acts on the kind, not on the name."""

    ACCEPTANCE = "acceptance", _("Acceptance")
    REVIEW = "review", _("Review")
    COMMITTEE = "committee", _("Committee review")
    DECISION = "decision", _("Decision")
    ISSUE = "issue", _("Completion and issue")
