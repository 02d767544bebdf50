from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting acceptance")
    SUPPLEMENT = "supplement", _("Awaiting supplement")
    REFUSED = "refused", _("Not accepted")
    IN_REVIEW = "in_review", _("Under review")
    PAUSED = "paused", _("Clock paused")
    APPROVED = "approved", _("Approved, awaiting issue")
    DENIED = "denied", _("Denied")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @property
    def color(self) -> str:
        return STATUS_COLORS.get(self, "secondary")


STATUS_COLORS = {
    Status.RECEIVED: "info",
    Status.SUPPLEMENT: "warning",
    Status.IN_REVIEW: "primary",
    Status.PAUSED: "secondary",
    Status.APPROVED: "success",
    Status.COMPLETED: "success",
    Status.DENIED: "danger",
    Status.REFUSED: "dark",
    Status.WITHDRAWN: "dark",
}
# A penalty case (an item of category "penalty") moves through the same statuses,
# but is decided and executed, not licensed: its statuses in its own words.
PENALTY_STATUS_LABELS = {
    Status.IN_REVIEW: _("In progress"),
    Status.APPROVED: _("Penalty decided, being executed"),
    Status.COMPLETED: _("Case closed"),
}
# The case lists' status filter: "approved" is a licence awaiting issue, so a
# decided penalty (the same status underneath) is a choice of its own.
PENALTY_DECIDED = "penalty_decided"
OPEN_STATUSES = [
    Status.RECEIVED,
    Status.SUPPLEMENT,
    Status.IN_REVIEW,
    Status.PAUSED,
    Status.APPROVED,
]
FINAL_STATUSES = [Status.REFUSED, Status.DENIED, Status.COMPLETED, Status.WITHDRAWN]


class Channel(models.TextChoices):
    WINDOW = "window", _("Service window")
    ONLINE = "online", _("Online")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORG = "org", _("Organisation")


class PauseKind(models.TextChoices):
    """Time not counted in the limit (Administrative Licensing Law Art. 45)."""

    HEARING = "hearing", _("Hearing")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    SITE_SURVEY = "site_survey", _("Site survey")
    TESTING = "testing", _("Testing and appraisal")
    SUPPLEMENT = "supplement", _("Supplement after acceptance")


class ExtensionStatus(models.TextChoices):
    NONE = "none", pgettext_lazy("extension", "None")
    REQUESTED = "requested", pgettext_lazy("extension", "Requested")
    APPROVED = "approved", pgettext_lazy("extension", "Approved")
    REJECTED = "rejected", pgettext_lazy("extension", "Rejected")


class DecisionResult(models.TextChoices):
    APPROVE = "approve", _("Approved")
    DENY = "deny", _("Denied")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Application submitted")
    MATERIAL_ADDED = "material_added", _("Material added")
    ACCEPTED = "accepted", _("Accepted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("One-time notice of missing materials")
    REFUSED = "refused", _("Refused to accept")
    ASSIGNED = "assigned", _("Handler assigned")
    ADVANCED = "advanced", _("Forwarded to the next stage")
    SENT_BACK = "sent_back", _("Sent back")
    PAUSED = "paused", _("Clock paused")
    RESUMED = "resumed", _("Clock resumed")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_APPROVED = "extension_approved", _("Extension approved")
    EXTENSION_REJECTED = "extension_rejected", _("Extension rejected")
    DECIDED = "decided", _("Decided")
    COMPLETED = "completed", _("Completed and issued")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    # Written by electronic supervision through ``actions.do_record_supervision``.
    CARD_ISSUED = "card_issued", _("Card issued")
    CARD_APPEALED = "card_appealed", _("Card appealed")
    CARD_UPHELD = "card_upheld", _("Card upheld on appeal")
    CARD_REVOKED = "card_revoked", _("Card revoked")
    ORDER_ISSUED = "order_issued", _("Supervision order issued")
    ORDER_REPLIED = "order_replied", _("Supervision order replied")
    ORDER_CLOSED = "order_closed", _("Supervision order closed")
    ORDER_REOPENED = "order_reopened", _("Supervision order reopened")
    ORDER_ESCALATED = "order_escalated", _("Supervision order escalated")
    # Written by the key-project board through ``actions.do_link_key_project``.
    PROJECT_LINKED = "project_linked", _("Linked to a key project")


SUPERVISION_EVENTS = {
    EventKind.CARD_ISSUED,
    EventKind.CARD_APPEALED,
    EventKind.CARD_UPHELD,
    EventKind.CARD_REVOKED,
    EventKind.ORDER_ISSUED,
    EventKind.ORDER_REPLIED,
    EventKind.ORDER_CLOSED,
    EventKind.ORDER_REOPENED,
    EventKind.ORDER_ESCALATED,
}

# Events the applicant sees on the portal (internal opinions stay internal).
PUBLIC_EVENTS = {
    EventKind.SUBMITTED,
    EventKind.ACCEPTED,
    EventKind.SUPPLEMENT_REQUESTED,
    EventKind.REFUSED,
    EventKind.PAUSED,
    EventKind.RESUMED,
    EventKind.EXTENSION_APPROVED,
    EventKind.DECIDED,
    EventKind.COMPLETED,
    EventKind.WITHDRAWN,
}


class ProjectLevel(models.TextChoices):
    """Who lists a key project (重点项目): the State, the autonomous region or a city."""

    NATIONAL = "national", _("National key project")
    REGION = "region", _("Autonomous-region key project")
    CITY = "city", _("City key project")


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Notice of acceptance")
    SUPPLEMENT = "supplement", _("Notice of missing materials")
    REFUSAL = "refusal", _("Decision not to accept")
    PAUSE = "pause", _("Notice of clock pause")
    EXTENSION = "extension", _("Notice of extension")
    APPROVAL = "approval", _("Decision to grant the licence")
    DENIAL = "denial", _("Decision to deny the licence")
    PENALTY = "penalty", _("Administrative penalty decision")


# Short codes in document numbers, e.g. 宁自然资受〔2026〕12号.
DOCUMENT_PREFIX = {
    DocumentKind.ACCEPTANCE: "受",
    DocumentKind.SUPPLEMENT: "补",
    DocumentKind.REFUSAL: "不受",
    DocumentKind.PAUSE: "停",
    DocumentKind.EXTENSION: "延",
    DocumentKind.APPROVAL: "许",
    DocumentKind.DENIAL: "不许",
    DocumentKind.PENALTY: "罚",
}
