"""Review committees (审核委员会): members, meetings, agenda, ballots.

A committee and its memberships are configuration (edited by the system
administrator in the admin, with history). Meetings, agenda items, attendance
and ballots are records written only by ``services.py``. The quorum and
decision rules are explained in ``rules.py``.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.committee import rules
from xiaoneng.committee.choices import (
    VOTING_ROLES,
    Choice,
    CommitteeKind,
    DecisionBase,
    ItemResult,
    MeetingStatus,
    MemberRole,
)
from xiaoneng.org.models import Unit


def committee_filter(user, prefix: str = "") -> Q:
    """Committees ``user`` may see: his own (any valid membership), or, for
    supervisors and leaders, every committee of a unit in their region."""
    from xiaoneng.cases.scope import user_roles
    from xiaoneng.org.scope import NOTHING, unit_filter

    if not user.is_authenticated or not user.is_active or not hasattr(user, "profile"):
        return NOTHING
    q = Q(**{f"{prefix}memberships__user": user})
    if user_roles(user) & {"supervisor", "leader"}:
        q |= unit_filter(user, prefix=f"{prefix}unit__")
    return q


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(committee_filter(user)).distinct()


class Committee(models.Model):
    """A review committee of an authority, with its quorum and decision rule.

    Cases come before it when they reach a catalogue stage of kind
    "committee" whose name is ``stage_name`` (e.g. 土地审核委员会审议).
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CommitteeKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="committees",
        help_text=_("The department or bureau whose cases the committee reviews."),
    )
    stage_name = models.CharField(
        _("catalogue stage"),
        max_length=50,
        help_text=_("The name of the committee stage in the stage plans of the service items."),
    )
    number_prefix = models.CharField(
        _("meeting number prefix"), max_length=10, help_text=_("E.g. 土审 gives 土审〔2026〕3号.")
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum numerator"), default=2, validators=[MinValueValidator(1)]
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum denominator"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Quorum: at least numerator/denominator of the voting members present."),
    )
    decision_numerator = models.PositiveSmallIntegerField(
        _("decision numerator"), default=1, validators=[MinValueValidator(1)]
    )
    decision_denominator = models.PositiveSmallIntegerField(
        _("decision denominator"), default=2, validators=[MinValueValidator(1)]
    )
    decision_base = models.CharField(
        _("decision base"),
        max_length=10,
        choices=DecisionBase.choices,
        default=DecisionBase.PRESENT,
        help_text=_("Members who declare a conflict of interest are left out of either base."),
    )
    decision_strict = models.BooleanField(
        _("more than the share"),
        default=True,
        help_text=_(
            "On: the votes for must be more than the share (a majority: 1/2). "
            "Off: at least the share (e.g. two-thirds: 2/3)."
        ),
    )
    abstentions_in_base = models.BooleanField(
        _("abstentions count in the base"),
        default=True,
        help_text=_(
            "On: an abstention (or no vote) weighs like a vote against. "
            "Off: the share is taken of the votes for and against only."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review committee")
        verbose_name_plural = _("review committees")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.quorum_numerator and self.quorum_numerator > (self.quorum_denominator or 0):
            errors["quorum_numerator"] = _("The quorum cannot exceed all members.")
        if self.decision_numerator and self.decision_numerator > (self.decision_denominator or 0):
            errors["decision_numerator"] = _("The share cannot exceed the whole base.")
        if errors:
            raise ValidationError(errors)

    @property
    def rule(self) -> rules.Rule:
        return rules.Rule(
            quorum_num=self.quorum_numerator,
            quorum_den=self.quorum_denominator,
            decision_num=self.decision_numerator,
            decision_den=self.decision_denominator,
            base=self.decision_base,
            strict=self.decision_strict,
            abstain_in_base=self.abstentions_in_base,
        )

    def members_on(self, day):
        """Memberships valid on ``day`` (all roles)."""
        return (
            self.memberships.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .select_related("user")
        )

    def voters_on(self, day):
        return self.members_on(day).filter(role__in=VOTING_ROLES)


class Membership(models.Model):
    """A staff member's seat on a committee for a period (valid_to empty: open-ended)."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["committee", "role", "valid_from"]
        indexes = [models.Index(fields=["user", "committee"])]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{self.committee} · {name} · {self.get_role_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end lies before the start.")})
        if self.committee_id and self.user_id and self.valid_from:
            overlapping = Membership.objects.filter(
                committee_id=self.committee_id, user_id=self.user_id
            ).exclude(pk=self.pk)
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            overlapping = overlapping.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
            )
            if overlapping.exists():
                raise ValidationError(
                    _("This person already has a seat on the committee in this period.")
                )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(committee_filter(user, prefix="committee__")).distinct()


class Meeting(models.Model):
    """One sitting of a committee. The rule and the members are fixed when it opens."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.CharField(_("meeting number"), max_length=40, unique=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=100)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
    )
    rule = models.JSONField(_("rule in force"), default=dict, blank=True)
    member_count = models.PositiveSmallIntegerField(_("voting members"), default=0)
    present_count = models.PositiveSmallIntegerField(_("members present"), default=0)
    attendance_recorded = models.BooleanField(_("attendance recorded"), default=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["committee", "-starts_at"])]

    def __str__(self):
        return f"{self.committee} {self.number}"

    @property
    def status_color(self) -> str:
        return MeetingStatus(self.status).color

    @property
    def frozen_rule(self) -> rules.Rule:
        return rules.Rule(**self.rule) if self.rule else self.committee.rule


class Attendance(models.Model):
    """Who of the committee was at the meeting (a row per member valid that day)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="committee_attendance",
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="committee_attendance_once")
        ]

    def __str__(self):
        return f"{self.meeting.number} {self.user}"

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES


class AgendaItem(models.Model):
    """A case before the meeting; closed by the secretary with the tally and result."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="committee_items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    result = models.CharField(
        _("result"), max_length=10, choices=ItemResult.choices, default="", blank=True
    )
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="committee_item_once")
        ]
        indexes = [models.Index(fields=["case", "result"])]

    def __str__(self):
        return f"{self.meeting.number} {self.case.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def result_color(self) -> str:
        return ItemResult(self.result).color


class Ballot(models.Model):
    """One member's vote (or declared conflict) on one agenda item; never changed."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="ballots"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="committee_ballots",
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    opinion = models.TextField(_("opinion"), blank=True)
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["item", "cast_at"]
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="committee_one_ballot")
        ]
        indexes = [models.Index(fields=["voter", "-cast_at"])]

    def __str__(self):
        return f"{self.item} {self.voter} {self.choice}"
