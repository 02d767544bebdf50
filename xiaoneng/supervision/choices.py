from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleCode(models.TextChoices):
    """The built-in anomaly rules; each is configured by one ``AnomalyRule`` row."""

    APPROACHING_PROMISED = "approaching_promised", _("Approaching the promised limit")
    STAGE_OVERRUN = "stage_overrun", _("Stage budget overrun")
    PROMISED_PASSED = "promised_passed", _("Promised limit passed")
    STATUTORY_PASSED = "statutory_passed", _("Statutory limit passed (legal breach)")
    SECOND_SUPPLEMENT = "second_supplement", _("Second notice of missing materials")
    FEE_MISMATCH = "fee_mismatch", _("Fee charged differs from the standard")
    REFUSAL_WITHOUT_BASIS = "refusal_without_basis", _("Refusal without legal basis")
    PAUSE_IRREGULAR = "pause_irregular", _("Pause without notice or too long")
    IDLE_CASE = "idle_case", _("Case idle without any event")
    UNAUTHORISED_DECISION = (
        "unauthorised_decision",
        _("Decision by a user without the approver role"),
    )
    # Raised by the service that sees the fact, not by the sweep (``services.raise_alert``).
    DISCRETION_OUT_OF_RANGE = (
        "discretion_out_of_range",
        _("Fine outside the discretion benchmark"),
    )


class Level(models.TextChoices):
    WARNING = "warning", _("Warning")
    VIOLATION = "violation", _("Violation")
    BREACH = "breach", _("Legal breach")

    @property
    def color(self) -> str:
        return {"warning": "warning", "violation": "danger", "breach": "dark"}[self.value]


class CardColor(models.TextChoices):
    NONE = "none", _("No card")
    YELLOW = "yellow", _("Yellow card")
    RED = "red", _("Red card")


class CardStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    APPEALED = "appealed", _("Under appeal")
    UPHELD = "upheld", _("Upheld after appeal")
    REVOKED = "revoked", _("Revoked")


class OrderStatus(models.TextChoices):
    # "Open" alone is translated as "not closed" elsewhere; an order under way is 办理中.
    OPEN = "open", pgettext_lazy("supervision order", "Open")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class NotificationKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    CARD = "card", _("Card")
    APPEAL = "appeal", _("Appeal")
    ORDER = "order", _("Supervision order")
    PROJECT = "project", _("Key project")
    CASE = "case", _("Case")
    # A problem of the campaign or a bad rating to fix: not a supervision order.
    RECTIFICATION = "rectify", _("Rectification")
