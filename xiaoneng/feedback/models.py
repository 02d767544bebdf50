"""Complaints (投诉举报) and satisfaction ratings (好差评, GB/T 39735-2020).

Every change of state is written by one service in ``services.py``. The
columns that assessment counts later (subject unit and staff, problem area,
finding and its date; the rating's unit, item, level and date) are plain
indexed columns, denormalised on purpose: a report over a million rows must
not join through the case.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.campaign.choices import ProblemArea
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.feedback.choices import (
    OPEN_COMPLAINT_VALUES,
    OPEN_RECTIFICATION_VALUES,
    AppealDecision,
    ApplicantView,
    ComplaintEventKind,
    ComplaintStatus,
    Finding,
    Level,
    Moment,
    RatingChannel,
    RectificationEventKind,
    RectificationStatus,
    SubjectKind,
    Verdict,
    VisitMethod,
)
from xiaoneng.org.models import StaffProfile, Unit
from xiaoneng.supervision.models import SupervisionOrder

# The department's reference report names no reply limit for complaints; 30
# working days is our default, which the system administrator edits.
DEFAULT_ACCEPT_DAYS = 5
DEFAULT_REPLY_DAYS = 30
# State Council, 国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见
# (国办发〔2019〕51号): a verified bad rating is rectified and answered within
# 15 working days.
RECTIFICATION_DAYS = 15


class ComplaintPolicy(models.Model):
    """The limits the department sets for complaints; the newest row is in force."""

    accept_days = models.PositiveSmallIntegerField(
        _("limit to accept or decline (working days)"), default=DEFAULT_ACCEPT_DAYS
    )
    reply_days = models.PositiveSmallIntegerField(
        _("limit to reply (working days)"),
        default=DEFAULT_REPLY_DAYS,
        help_text=_("Counted from the day the complaint was received."),
    )
    note = models.CharField(_("basis or note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint policy")
        verbose_name_plural = _("complaint policies")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.accept_days} / {self.reply_days}"

    @classmethod
    def current(cls) -> "ComplaintPolicy":
        return cls.objects.order_by("-pk").first() or cls()


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Complaints about units in the supervisor's or leader's region and below."""
        from xiaoneng.cases.scope import user_roles
        from xiaoneng.org.choices import Role
        from xiaoneng.org.scope import NOTHING, unit_filter

        if not user_roles(user) & {Role.SUPERVISOR.value, Role.LEADER.value}:
            return self.filter(NOTHING)
        return self.filter(unit_filter(user, prefix="subject_unit__"))

    def open(self):
        return self.filter(status__in=OPEN_COMPLAINT_VALUES)


def evidence_path(instance, filename):
    return f"complaints/{instance.number}/{instance.evidence_sha256[:16]}"


class Complaint(models.Model):
    """A complaint or report (投诉举报) about a unit, a staff member or a case."""

    number = models.CharField(_("tracking number"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=64, editable=False)
    subject_kind = models.CharField(_("about"), max_length=8, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit complained about"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    subject_staff = models.ForeignKey(
        StaffProfile,
        verbose_name=_("staff member complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    area = models.CharField(_("problem area"), max_length=12, choices=ProblemArea.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("complainant"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    description = models.TextField(_("description"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_type = models.CharField(_("evidence file type"), max_length=50, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_on = models.DateField(_("received on"))
    accept_days = models.PositiveSmallIntegerField(_("limit to accept (working days)"))
    reply_days = models.PositiveSmallIntegerField(_("limit to reply (working days)"))
    accept_due = models.DateField(_("accept by"))
    reply_due = models.DateField(_("reply by"))
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    declined_on = models.DateField(_("declined on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    finding_text = models.TextField(_("finding in detail"), blank=True)
    found_on = models.DateField(_("finding recorded on"), null=True, blank=True)
    reply = models.TextField(_("reply to the complainant"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.ForeignKey(
        SupervisionOrder,
        verbose_name=_("supervision order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["subject_unit", "status"], name="fb_complaint_unit_idx"),
            # Assessment counts findings per unit / staff and period.
            models.Index(fields=["subject_unit", "finding", "found_on"], name="fb_cmp_find_unit"),
            models.Index(fields=["subject_staff", "finding", "found_on"], name="fb_cmp_find_staff"),
            models.Index(fields=["area", "found_on"], name="fb_cmp_area_idx"),
            models.Index(
                fields=["reply_due", "id"],
                condition=models.Q(status__in=OPEN_COMPLAINT_VALUES),
                name="fb_cmp_open_due_idx",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT_VALUES


class ComplaintEvent(models.Model):
    """One step of a complaint's handling, for its timeline (notes included)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=12, choices=ComplaintEventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["complaint", "at", "pk"]

    def __str__(self):
        return f"{self.complaint_id} {self.kind}"


def _business_unit_filter(user, prefix: str):
    from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
    from xiaoneng.org.scope import NOTHING, unit_filter

    if not user_roles(user) & BUSINESS_ROLES:
        return NOTHING
    return unit_filter(user, prefix=prefix)


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors and leaders of the region; the business staff of the rated unit."""
        return self.filter(_business_unit_filter(user, "unit__"))


class Rating(models.Model):
    """An applicant's rating of a case at one moment (GB/T 39735-2020, five levels)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="ratings"
    )
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)
    rated_on = models.DateField(_("rated on"))
    channel = models.CharField(
        _("channel"), max_length=8, choices=RatingChannel.choices, default=RatingChannel.PORTAL
    )
    # Copies of the case's handling unit and item, for the published rates.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ratings"
    )
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "moment"], name="fb_rating_once_per_moment"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="fb_rating_level_range"
            ),
        ]
        indexes = [
            models.Index(fields=["rated_on", "unit", "level"], name="fb_rating_unit_idx"),
            models.Index(fields=["rated_on", "service_item", "level"], name="fb_rating_item_idx"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.moment} {self.level}"

    @property
    def is_bad(self) -> bool:
        return self.level >= 4


class RatingInvitation(models.Model):
    """The one invitation to rate a completed, unrated case."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="rating_invitation"
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating invitation")
        verbose_name_plural = _("rating invitations")

    def __str__(self):
        return str(self.case_id)


class RectificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors and leaders of the region; the business staff of the responsible unit."""
        return self.filter(_business_unit_filter(user, "unit__"))

    def open(self):
        return self.filter(status__in=OPEN_RECTIFICATION_VALUES)


class RatingRectification(models.Model):
    """The rectification (整改) a bad rating opens, from verification to the return visit."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="rectification"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.VERIFYING,
    )
    opened_on = models.DateField(_("opened on"))
    limit_days = models.PositiveSmallIntegerField(
        _("limit (working days)"), default=RECTIFICATION_DAYS
    )
    due_date = models.DateField(_("answer by"))
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(_("reason of the verdict"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fix = models.TextField(_("what was fixed"), blank=True)
    answer = models.TextField(_("answer to the applicant"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    visit_on = models.DateField(_("return visit on"), null=True, blank=True)
    visit_method = models.CharField(
        _("return visit by"), max_length=8, choices=VisitMethod.choices, blank=True
    )
    visit_view = models.CharField(
        _("applicant's view"), max_length=12, choices=ApplicantView.choices, blank=True
    )
    visit_note = models.TextField(_("return visit notes"), blank=True)
    appeal_reason = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_decision = models.CharField(
        _("appeal decision"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    appeal_review = models.TextField(_("reasons of the appeal decision"), blank=True)
    appeal_reviewed_on = models.DateField(_("appeal reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating rectification")
        verbose_name_plural = _("rating rectifications")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="fb_rect_unit_idx"),
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=OPEN_RECTIFICATION_VALUES),
                name="fb_rect_open_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.rating} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RECTIFICATION_VALUES


class RectificationEvent(models.Model):
    """One step of a rectification, for its timeline."""

    rectification = models.ForeignKey(
        RatingRectification,
        verbose_name=_("rectification"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=10, choices=RectificationEventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")
        ordering = ["rectification", "at", "pk"]

    def __str__(self):
        return f"{self.rectification_id} {self.kind}"
