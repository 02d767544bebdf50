from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolationType(models.TextChoices):
    """The violations this app handles; each has a penalty service item and benchmarks."""

    ILLEGAL_LAND_USE = "illegal_land_use", _("Illegal occupation of land")
    ILLEGAL_MINING = "illegal_mining", _("Illegal mining")


# The service item (category "penalty") a violation is handled under; created
# by ``demo.ensure_penalty_items``.
ITEM_CODES = {
    ViolationType.ILLEGAL_LAND_USE: "WFYD",
    ViolationType.ILLEGAL_MINING: "WFCK",
}


class LandClass(models.TextChoices):
    FARMLAND = "farmland", _("Farmland")
    BASIC_FARMLAND = "basic_farmland", _("Permanent basic farmland")
    CONSTRUCTION = "construction", _("Construction land")
    OTHER = "other", _("Other land")


class Tier(models.TextChoices):
    """Discretion tiers, mildest first (the value order is the severity order)."""

    MINOR = "minor", _("Minor")
    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")

    @property
    def severity(self) -> int:
        return list(Tier).index(self)

    @property
    def color(self) -> str:
        return {"minor": "success", "ordinary": "info", "serious": "warning", "grave": "danger"}[
            self.value
        ]


class FineBasis(models.TextChoices):
    """How a benchmark's range turns into yuan."""

    PER_M2 = "per_m2", _("Yuan per square metre")
    PER_CASE = "per_case", _("Yuan per case")
    GAINS_RATIO = "gains_ratio", _("Multiple of the illegal gains")


class DecisionStatus(models.TextChoices):
    NONE = "none", _("Not yet proposed")
    PROPOSED = "proposed", _("Proposed, awaiting the approver")
    DECIDED = "decided", _("Decided")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORG = "org", _("Organisation")
