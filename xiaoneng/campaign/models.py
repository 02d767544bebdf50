"""The efficiency campaign (行政效能建设活动).

A campaign runs in three phases (动员部署 / 查找整改 / 总结提高) with dated
tasks; a leading group under the head of the authority (一把手) directs it;
every unit hands in an implementation plan (实施方案) and, at the end, its
work ideas for next year (明年工作思路). The self-inspection (五查找) fills
checklists whose "problem found" answers become :class:`Problem` rows; a
problem from any source (self-inspection, complaint, bad rating, supervision
order, discipline check) is rectified (整改) under a working-day limit and
verified by a supervisor. Study sessions and work-discipline checks
(明察暗访) complete the record.

Every limit is read from the one clock (``xiaoneng.workdays.clock``); the
stored ``due_date`` is a cache written by the service that sets the limit.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.campaign.choices import (
    AnswerResult,
    AttendanceStatus,
    FindingKind,
    GroupRole,
    PhaseKind,
    ProblemArea,
    ProblemStatus,
    Severity,
    SourceKind,
    SubmissionKind,
)
from xiaoneng.org.models import Unit
from xiaoneng.org.scope import unit_filter

USER = settings.AUTH_USER_MODEL
OVERSIGHT_ROLES = {"supervisor", "leader"}


def _roles(user) -> set[str]:
    from xiaoneng.cases.scope import user_roles

    return user_roles(user)


# -- the campaign ------------------------------------------------------------------------


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Campaigns in which a unit the user may see takes part."""
        units = Unit.objects.filter(unit_filter(user, prefix=""))
        return self.filter(units__unit__in=units).distinct()


class Campaign(models.Model):
    """One efficiency campaign of an authority and the units taking part."""

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising authority"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    personal_checklists = models.BooleanField(
        _("every person fills a self-inspection checklist"), default=True
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("efficiency campaign")
        verbose_name_plural = _("efficiency campaigns")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return self.name


class CampaignUnit(models.Model):
    """A unit taking part, with the person responsible for its campaign work (具体负责)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="campaign_rows"
    )
    responsible = models.ForeignKey(
        USER,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        ordering = ["unit__region__code", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_unit_once")
        ]

    def __str__(self):
        return str(self.unit)


class GroupMember(models.Model):
    """A seat in the campaign's leading group: the head (一把手), deputies and members."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="group"
    )
    user = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.PROTECT)
    role = models.CharField(_("place in the group"), max_length=8, choices=GroupRole.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    duty = models.CharField(_("duty"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["campaign", "role", "unit__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="campaign_group_once"),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(role="head"), name="campaign_one_head"
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.get_role_display()})"


class DeadlineMixin(models.Model):
    """A limit in working days from ``issued_on``, read by the workdays clock."""

    issued_on = models.DateField(_("issued on"))
    limit_days = models.PositiveSmallIntegerField(_("limit (working days)"))
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        abstract = True

    def clock(self, calendar, as_of):
        from xiaoneng.workdays.clock import compute_clock

        as_of = max(as_of, self.issued_on)
        return compute_clock(
            calendar, self.issued_on, self.limit_days, as_of=as_of, stopped_on=self.done_on
        )


class Phase(models.Model):
    """One of the three phases, with its dates."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("phase"), max_length=16, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="campaign_phase_once")
        ]

    def __str__(self):
        return self.get_kind_display()


class PhaseTask(DeadlineMixin):
    """A task of a phase, for one unit or (unit empty) for the leading group."""

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    done_by = models.ForeignKey(
        USER, verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("phase task")
        verbose_name_plural = _("phase tasks")
        ordering = ["phase__starts_on", "due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "title"], name="campaign_task_title_once")
        ]

    def __str__(self):
        return self.title


def submission_path(instance, filename):
    return f"campaign/{instance.campaign_id}/submissions/{instance.unit_id}/{filename}"


class Submission(DeadlineMixin):
    """A unit's implementation plan (实施方案) or next year's work ideas (明年工作思路)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=8, choices=SubmissionKind.choices)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=60, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("unit submission")
        verbose_name_plural = _("unit submissions")
        ordering = ["campaign", "kind", "unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "kind"], name="campaign_submission_once"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()}"


# -- self-inspection (五查找) -------------------------------------------------------------


class ChecklistTemplate(models.Model):
    """The checklist of one problem area (configuration; defaults from the department's report)."""

    area = models.CharField(_("problem area"), max_length=16, choices=ProblemArea.choices)
    title = models.CharField(_("title"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["area"], name="campaign_template_area")]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    """One question of a checklist template (e.g. 精神是否振奋，有无精神萎靡、自由散漫现象)."""

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="campaign_item_order")
        ]

    def __str__(self):
        return self.text


class ChecklistQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit_filter(user, prefix="unit__") | Q(person=user.pk))


class Checklist(models.Model):
    """A unit's (person empty) or a person's self-inspection for one campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="checklists"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    person = models.ForeignKey(
        USER, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-inspection checklist")
        verbose_name_plural = _("self-inspection checklists")
        ordering = ["campaign", "unit__sort_order", "person", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "person"], name="campaign_checklist_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=Q(person__isnull=True),
                name="campaign_unit_checklist_once",
            ),
        ]

    def __str__(self):
        who = self.person.get_full_name() if self.person_id else str(self.unit)
        return f"{who} · {self.campaign}"


class Answer(models.Model):
    """The answer to one item: no problem, or a problem found (described)."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT)
    result = models.CharField(_("result"), max_length=8, choices=AnswerResult.choices)
    text = models.TextField(_("problem found"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MINOR
    )

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["checklist", "item__template", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="campaign_answer_once")
        ]

    def __str__(self):
        return f"{self.item} · {self.get_result_display()}"


# -- problems and rectification (整改) ------------------------------------------------------


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The problems of the units in scope; one from a work-discipline check names a
        person, so among the unit's staff only that person (the responsible) sees it."""
        qs = self.filter(unit_filter(user, prefix="unit__"))
        if not (_roles(user) & OVERSIGHT_ROLES):
            qs = qs.filter(~Q(source_kind=SourceKind.DISCIPLINE_CHECK) | Q(responsible=user.pk))
        return qs

    def overdue(self, as_of):
        return self.exclude(status=ProblemStatus.CLOSED).filter(due_date__lt=as_of)


class Problem(models.Model):
    """A problem to rectify, whatever its source, with its measures, limit and verification."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="campaign_problems"
    )
    area = models.CharField(_("problem area"), max_length=16, choices=ProblemArea.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source_kind = models.CharField(
        _("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=40, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    raised_by = models.ForeignKey(
        USER, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(_("raised on"))
    responsible = models.ForeignKey(
        USER,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_problems",
    )
    measures = models.TextField(_("rectification measures"), blank=True)
    limit_days = models.PositiveSmallIntegerField(_("limit (working days)"))
    due_date = models.DateField(_("rectification due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    overdue_flagged_on = models.DateField(_("flagged overdue on"), null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="campaign_problem_unit_status"),
            models.Index(fields=["status", "due_date"], name="campaign_problem_due"),
            models.Index(fields=["source_type", "source_id"], name="campaign_problem_source"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def clock(self, calendar, as_of):
        from xiaoneng.workdays.clock import compute_clock

        return compute_clock(
            calendar,
            self.raised_on,
            self.limit_days,
            as_of=max(as_of, self.raised_on),
            stopped_on=self.closed_on,
        )


def evidence_path(instance, filename):
    return f"campaign/evidence/{instance.problem_id}/{filename}"


class ProgressReport(models.Model):
    """A report on a rectification, with optional evidence; ``final`` asks for verification."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(USER, verbose_name=_("author"), on_delete=models.PROTECT)
    text = models.TextField(_("progress"))
    final = models.BooleanField(_("rectification complete"), default=False)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=60, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["problem", "created_at", "pk"]

    def __str__(self):
        return f"{self.problem_id} {self.created_at}"


class Verification(models.Model):
    """A supervisor's verdict on a completed rectification: passed, or reopened with a reason."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="verifications"
    )
    verified_by = models.ForeignKey(USER, verbose_name=_("verified by"), on_delete=models.PROTECT)
    passed = models.BooleanField(_("passed"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("verified at"))

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["problem", "created_at", "pk"]

    def __str__(self):
        return f"{self.problem_id} {self.passed}"


# -- study sessions --------------------------------------------------------------------------


class StudySessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        units = Unit.objects.filter(unit_filter(user, prefix=""))
        return self.filter(Q(audience__in=units) | Q(organiser=user.pk)).distinct()


class StudySession(models.Model):
    """A concentrated study session (集中学习): topic, speaker, time, place and audience."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    topic = models.CharField(_("topic"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100)
    audience = models.ManyToManyField(Unit, verbose_name=_("audience units"), related_name="+")
    organiser = models.ForeignKey(
        USER, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["campaign", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaign_session_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.topic}"


def material_path(instance, filename):
    return f"campaign/study/{instance.session_id}/{filename}"


class StudyMaterial(models.Model):
    """A document handed out at a study session."""

    session = models.ForeignKey(
        StudySession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path)
    content_type = models.CharField(_("content type"), max_length=60)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(USER, verbose_name=_("uploaded by"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")
        ordering = ["session", "pk"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """A person's sign-in or leave request for one session."""

    session = models.ForeignKey(
        StudySession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=16, choices=AttendanceStatus.choices)
    signed_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    leave_reason = models.TextField(_("reason for leave"), blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "unit__sort_order", "person"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="campaign_attendance_once")
        ]

    def __str__(self):
        return f"{self.person_id} · {self.get_status_display()}"


# -- work-discipline checks (明察暗访) -------------------------------------------------------


def check_evidence_path(instance, filename):
    return f"campaign/checks/{instance.unit_id}/{filename}"


class DisciplineCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors and leaders: the checks of their region; others: checks naming them."""
        if not (_roles(user) & OVERSIGHT_ROLES):
            return self.filter(findings__person=user.pk).distinct()
        return self.filter(unit_filter(user, prefix="unit__"))


class DisciplineCheck(models.Model):
    """An open or unannounced check of work discipline at a unit (明察暗访)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(
        USER, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    unannounced = models.BooleanField(_("unannounced"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=check_evidence_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=60, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    objects = DisciplineCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("work-discipline check")
        verbose_name_plural = _("work-discipline checks")
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["unit", "checked_at"], name="campaign_check_unit_at")]

    def __str__(self):
        return f"{self.unit} {self.checked_at.date()}"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only supervisors and leaders (in region) and the person concerned see a finding."""
        own = Q(person=user.pk)
        if _roles(user) & OVERSIGHT_ROLES:
            return self.filter(unit_filter(user, prefix="check_row__unit__") | own)
        return self.filter(own)


class Finding(models.Model):
    """What a check found about one person, and the person's explanation (说明)."""

    check_row = models.ForeignKey(
        DisciplineCheck,
        verbose_name=_("check"),
        on_delete=models.CASCADE,
        related_name="findings",
        db_column="check_id",
    )
    person = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.PROTECT)
    kind = models.CharField(_("finding"), max_length=16, choices=FindingKind.choices)
    description = models.TextField(_("description"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("check finding")
        verbose_name_plural = _("check findings")
        ordering = ["check_row", "pk"]

    def __str__(self):
        return f"{self.person.get_full_name()} · {self.get_kind_display()}"
