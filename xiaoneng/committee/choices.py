from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CommitteeKind(models.TextChoices):
    LAND = "land", _("Land review committee")
    MINING = "mining", _("Mining-rights review committee")


class MemberRole(models.TextChoices):
    """Chair and members vote; the secretary runs the meetings and does not vote."""

    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


VOTING_ROLES = [MemberRole.CHAIR, MemberRole.MEMBER]


class DecisionBase(models.TextChoices):
    """What the share of votes "for" is measured against."""

    PRESENT = "present", _("Members present")
    ALL = "all", _("All members")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", pgettext_lazy("meeting", "In session")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    @property
    def color(self) -> str:
        return {"scheduled": "info", "open": "primary", "closed": "success"}.get(
            self.value, "secondary"
        )


class Choice(models.TextChoices):
    """A ballot: the three votes, or a declared conflict of interest (回避)."""

    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")
    RECUSE = "recuse", _("Conflict of interest (recused)")


class ItemResult(models.TextChoices):
    PENDING = "", pgettext_lazy("agenda item", "Voting")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", pgettext_lazy("agenda item", "Rejected")
    NO_QUORUM = "no_quorum", _("No quorum")

    @property
    def color(self) -> str:
        return {"passed": "success", "rejected": "danger", "no_quorum": "warning"}.get(
            self.value, "primary"
        )
