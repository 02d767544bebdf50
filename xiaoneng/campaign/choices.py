from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemArea(models.TextChoices):
    """The five problem areas of self-inspection (五查找); complaints use them too."""

    THINKING = "thinking", _("Ideological understanding")
    EFFICIENCY = "efficiency", _("Work efficiency")
    SERVICE = "service", _("Service quality")
    CONDUCT = "conduct", _("Code of conduct")
    DISCIPLINE = "discipline", _("Work discipline")


class PhaseKind(models.TextChoices):
    """The three phases of the campaign (集中七个月、分三个阶段)."""

    MOBILISATION = "mobilisation", _("Mobilisation and deployment")
    INSPECTION = "inspection", _("Self-inspection and rectification")
    SUMMARY = "summary", _("Summary and improvement")


class GroupRole(models.TextChoices):
    """Places in the campaign's leading group (领导小组)."""

    HEAD = "head", _("Head of the leading group")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class SubmissionKind(models.TextChoices):
    """What every unit hands in: its implementation plan and, at the end, next year's ideas."""

    PLAN = "plan", _("Implementation plan")
    IDEAS = "ideas", _("Work ideas for next year")


class AnswerResult(models.TextChoices):
    OK = "ok", _("No problem")
    PROBLEM = "problem", _("Problem found")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")

    @property
    def color(self) -> str:
        return {"minor": "secondary", "serious": "warning", "grave": "danger"}[self.value]


class SourceKind(models.TextChoices):
    """Where a problem came from."""

    SELF_INSPECTION = "self_inspection", _("Self-inspection")
    COMPLAINT = "complaint", _("Complaint")
    RATING = "rating", _("Bad rating")
    ORDER = "order", _("Supervision order")
    DISCIPLINE_CHECK = "discipline_check", _("Work-discipline check")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    """A problem's rectification (整改): planned, reported done, verified or reopened."""

    OPEN = "open", _("Awaiting measures")
    RECTIFYING = "rectifying", _("Being rectified")
    AWAITING = "awaiting", _("Awaiting verification")
    CLOSED = "closed", _("Rectified and verified")

    @property
    def color(self) -> str:
        return {
            "open": "secondary",
            "rectifying": "primary",
            "awaiting": "info",
            "closed": "success",
        }[self.value]


class AttendanceStatus(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in (unconfirmed)")
    CONFIRMED = "confirmed", _("Present (confirmed)")
    LEAVE_REQUESTED = "leave_requested", _("Leave requested")
    LEAVE_APPROVED = "leave_approved", _("Leave approved")
    LEAVE_REFUSED = "leave_refused", _("Leave refused")


class FindingKind(models.TextChoices):
    """What a work-discipline check (明察暗访) finds about a person."""

    LATE_EARLY = "late_early", _("Late arrival or early departure")
    ABSENT = "absent", _("Away from post or visiting other posts")
    CHATTING_GAMING = "chatting_gaming", _("Chatting or playing games at work")
    OTHER = "other", _("Other")
