from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Subject(models.TextChoices):
    """Who a scheme scores: units (bureaus, offices) or staff members."""

    UNIT = "unit", _("Units")
    STAFF = "staff", _("Staff")


class Source(models.TextChoices):
    """The built-in figures an indicator can be computed from (see ``sources.py``)."""

    ON_TIME_PROMISED = "on_time_promised", _("On-time completion rate (promised limit)")
    ON_TIME_STATUTORY = "on_time_statutory", _("On-time completion rate (statutory limit)")
    DAYS_RATIO = "days_ratio", _("Working days used ÷ promised limit")
    LEGAL_BREACHES = "legal_breaches", _("Legal breaches (statutory limit passed)")
    RED_CARDS = "red_cards", _("Red cards upheld")
    YELLOW_CARDS = "yellow_cards", _("Yellow cards upheld")
    OVERDUE_ORDERS = "overdue_orders", _("Overdue supervision orders")
    SUBSTANTIATED_COMPLAINTS = "substantiated_complaints", _("Substantiated complaints")
    SATISFACTION_RATE = "satisfaction_rate", _("Satisfaction rate")
    RECTIFICATION_ON_TIME = "rectification_on_time", _("Bad-rating rectifications on time")
    CAMPAIGN_TASKS = "campaign_tasks", _("Campaign tasks done on time")
    STUDY_ATTENDANCE = "study_attendance", _("Study session attendance")
    MANUAL = "manual", _("Manual score")


# Sources whose figure is a rate in percent (0–100) or a ratio; the others count
# occurrences. Rates suit the linear rule, counts the deduction and bonus rules.
RATE_SOURCES = frozenset(
    {
        Source.ON_TIME_PROMISED,
        Source.ON_TIME_STATUTORY,
        Source.DAYS_RATIO,
        Source.SATISFACTION_RATE,
        Source.RECTIFICATION_ON_TIME,
        Source.CAMPAIGN_TASKS,
        Source.STUDY_ATTENDANCE,
    }
)
COUNT_SOURCES = frozenset(
    {
        Source.LEGAL_BREACHES,
        Source.RED_CARDS,
        Source.YELLOW_CARDS,
        Source.OVERDUE_ORDERS,
        Source.SUBSTANTIATED_COMPLAINTS,
    }
)


class Rule(models.TextChoices):
    """How an indicator turns its figure into points (``scoring.points``)."""

    LINEAR = "linear", _("Linear between two thresholds")
    DEDUCTION = "deduction", _("Deduction per occurrence, with a cap")
    BONUS = "bonus", _("Bonus per occurrence, with a cap")
    MANUAL = "manual", _("Manual score with a reason")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodStatus(models.TextChoices):
    COMPUTED = "computed", pgettext_lazy("assessment period", "Computed")
    PUBLISHED = "published", pgettext_lazy("assessment period", "Published")

    @property
    def color(self) -> str:
        return {"computed": "info", "published": "success"}[self.value]


class Grade(models.TextChoices):
    """The grade bands of 电子监察 assessment, best first."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", pgettext_lazy("assessment grade", "Pass")
    FAIL = "fail", pgettext_lazy("assessment grade", "Fail")

    @property
    def color(self) -> str:
        return {"excellent": "success", "good": "primary", "pass": "warning", "fail": "danger"}[
            self.value
        ]


# Shown instead of a grade for a subject with no applicable rate indicator (no case in the period).
NOT_RANKED = _("Not ranked (no cases)")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection", "Open")
    ANSWERED = "answered", pgettext_lazy("objection", "Answered")

    @property
    def color(self) -> str:
        return {"open": "warning", "answered": "secondary"}[self.value]


class ObjectionOutcome(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    ADJUSTED = "adjusted", _("Score adjusted")
