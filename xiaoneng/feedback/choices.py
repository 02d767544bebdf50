from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """What a complaint is about."""

    UNIT = "unit", _("A unit")
    STAFF = "staff", _("A staff member")
    CASE = "case", _("A case")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    INVESTIGATING = "investigating", _("Under investigation")
    FOUND = "found", _("Finding recorded")
    REPLIED = "replied", _("Replied")
    DECLINED = "declined", _("Declined")


OPEN_COMPLAINT_STATUSES = [
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACCEPTED,
    ComplaintStatus.INVESTIGATING,
    ComplaintStatus.FOUND,
]
# Literal values: a migration's index condition must not change with a label.
OPEN_COMPLAINT_VALUES = ["received", "accepted", "investigating", "found"]


class Finding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")


class ComplaintEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Complaint submitted")
    ACCEPTED = "accepted", _("Complaint accepted")
    DECLINED = "declined", _("Complaint declined")
    NOTE = "note", _("Investigation note")
    FOUND = "found", _("Finding recorded")
    REPLIED = "replied", _("Reply sent")
    ORDER = "order", _("Supervision order issued")


class Moment(models.TextChoices):
    """When a case is rated (GB/T 39735-2020: at acceptance and at completion)."""

    ACCEPTANCE = "acceptance", _("At acceptance")
    COMPLETION = "completion", _("At completion")


class Level(models.IntegerChoices):
    """The five levels of GB/T 39735-2020; 4 and 5 are bad ratings (差评)."""

    VERY_SATISFIED = 1, _("Very satisfied")
    SATISFIED = 2, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 4, _("Dissatisfied")
    VERY_DISSATISFIED = 5, _("Very dissatisfied")


SATISFIED_LEVELS = (1, 2, 3)
BAD_LEVELS = (4, 5)


class RatingChannel(models.TextChoices):
    PORTAL = "portal", _("Online portal")
    WINDOW = "window", _("Service window device")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Telephone")


class RectificationStatus(models.TextChoices):
    VERIFYING = "verifying", _("Awaiting verification")
    FIXING = "fixing", _("Being rectified")
    ANSWERED = "answered", _("Rectified and answered")
    CLOSED = "closed", _("Closed")
    APPEALED = "appealed", _("Appealed")


OPEN_RECTIFICATION_VALUES = ["verifying", "fixing", "answered", "appealed"]


class Verdict(models.TextChoices):
    VALID = "valid", _("Valid bad rating")
    INVALID = "invalid", _("Invalid bad rating")


class VisitMethod(models.TextChoices):
    PHONE = "phone", _("Telephone")
    VISIT = "visit", _("Visit in person")
    SMS = "sms", _("SMS")
    ONLINE = "online", _("Online")


class ApplicantView(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied with the rectification")
    FAIRLY = "fairly", _("Fairly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("Verdict upheld")
    OVERTURNED = "overturned", _("Verdict overturned")


class RectificationEventKind(models.TextChoices):
    OPENED = "opened", _("Opened by a bad rating")
    VERIFIED = "verified", _("Verified")
    FIXED = "fixed", _("Rectification recorded")
    VISITED = "visited", _("Return visit recorded")
    APPEALED = "appealed", _("Appealed by the applicant")
    REVIEWED = "reviewed", _("Appeal reviewed")
