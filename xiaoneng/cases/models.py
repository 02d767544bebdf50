"""Licensing cases and their append-only, hash-chained event log.

Every field that changes during a case's life is written by one action in
``actions.py``; the clock fields (due dates, remaining days, light) are
caches recomputed by the workdays engine on every event.
"""

import hashlib
import itertools
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.cases.choices import (
    PENALTY_STATUS_LABELS,
    ApplicantKind,
    Channel,
    DecisionResult,
    DocumentKind,
    EventKind,
    ExtensionStatus,
    PauseKind,
    ProjectLevel,
    Status,
)
from xiaoneng.catalog.choices import Category
from xiaoneng.catalog.models import Material, ServiceItem
from xiaoneng.core.hashchain import GENESIS, canonical_json, link_hash
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Region, Unit
from xiaoneng.workdays.choices import Light, State
from xiaoneng.workdays.limits import overdue_days

# Literal values: a migration's index condition must not change with a label.
OPEN_STATUS_VALUES = ["received", "supplement", "in_review", "paused", "approved"]


class KeyProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Key projects ``user`` may see on the board (issue #9 item 4).

        Staff with a business role see the projects located in their unit's
        region and below (a county bureau its county, a city bureau its city,
        the department every project, including those not yet located); the
        coordinator always sees his own projects. Administrators see none.
        """
        from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
        from xiaoneng.org.choices import RegionLevel
        from xiaoneng.org.scope import NOTHING

        if not user.is_authenticated or not user.is_active:
            return self.filter(NOTHING)
        profile = getattr(user, "profile", None)
        if profile is None or not (user_roles(user) & BUSINESS_ROLES):
            return self.filter(NOTHING)
        region = profile.unit.region
        located = models.Q(region__code__startswith=region.scope_prefix)
        if region.level == RegionLevel.PROVINCE:
            located |= models.Q(region__isnull=True)
        return self.filter(located | models.Q(coordinator=user))


class KeyProject(models.Model):
    """A key project (重点项目) whose cases take the green channel (绿色通道).

    The register (项目台账) of the land-supply board: who builds it, where,
    how much land it plans to use and who at the department coordinates its
    approvals. ``promised_limit_days`` shortens the promised limit of the
    cases registered for it.
    """

    code = models.CharField(_("project code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.CharField(_("owner (construction unit)"), max_length=200, blank=True)
    level = models.CharField(
        _("project level"),
        max_length=10,
        choices=ProjectLevel.choices,
        default=ProjectLevel.REGION,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("location (county)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_projects",
        help_text=_("The bureaus of this region and above see the project."),
    )
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    planned_hectares = models.DecimalField(
        _("planned land (hectares)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    planned_farmland_hectares = models.DecimalField(
        _("of which farmland (hectares)"),
        max_digits=12,
        decimal_places=4,
        default=Decimal("0"),
    )
    minerals = models.CharField(_("minerals involved"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_projects",
        help_text=_("The staff member who follows the project and is notified of its cases."),
    )
    planned_start = models.DateField(_("planned start of construction"), null=True, blank=True)
    promised_limit_days = models.PositiveSmallIntegerField(
        _("promised limit for its cases (working days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the item's own promised limit."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        planned = self.planned_hectares
        farmland = self.planned_farmland_hectares or Decimal("0")
        if planned is not None and planned < 0:
            raise ValidationError({"planned_hectares": _("The area cannot be negative.")})
        if farmland < 0 or (planned is not None and farmland > planned):
            raise ValidationError(
                {
                    "planned_farmland_hectares": _(
                        "The farmland cannot be negative or exceed the planned land."
                    )
                }
            )


class CaseSequence(models.Model):
    """The last sequence number of case numbers per (region, year, item)."""

    key = models.CharField(max_length=64, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.key}: {self.last}"


class RuleSet(models.Model):
    """The rules a case is handled under — limits, warning threshold, extension cap,
    stages — as they were when it was registered: catalogue changes never reach a case
    under way.

    One row per distinct set, shared by every case registered under it and never
    changed: a million cases hold a few dozen sets, not a million copies of ~0.8 KB
    each (which made the case row, read whole by every daily sweep, nearly three times
    as wide as its other columns).
    """

    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    rules = models.JSONField(_("rules"), editable=False)

    class Meta:
        verbose_name = _("rules at registration")
        verbose_name_plural = _("rules at registration")

    def __str__(self):
        return self.digest[:12]

    @staticmethod
    def digest_of(rules: dict) -> str:
        """SHA-256 of the rules' canonical JSON (sorted keys): equal rules, equal digest."""
        return hashlib.sha256(canonical_json(rules)).hexdigest()

    def stage_value(self, index: int, key: str) -> str:
        """``key`` (``name``, ``code``) of the stage at ``index`` ("" past the last)."""
        stages = self.rules.get("stages", [])
        return (stages[index].get(key) or "") if 0 <= index < len(stages) else ""

    @classmethod
    def of(cls, rules: dict) -> "RuleSet":
        """The stored set equal to ``rules``, stored the first time it is asked for."""
        rule_set, _created = cls.objects.get_or_create(
            digest=cls.digest_of(rules), defaults={"rules": rules}
        )
        return rule_set


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases ``user`` may see (DESIGN.md §1 data scope)."""
        from xiaoneng.cases.scope import case_filter

        return self.filter(case_filter(user))

    def open(self):
        from xiaoneng.cases.choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def by_urgency(self):
        """Green channel first, then the earliest promised due date (the fewest days left)."""
        no_project = models.ExpressionWrapper(
            models.Q(key_project__isnull=True), output_field=models.BooleanField()
        )
        return self.order_by(
            no_project.asc(),
            models.F("due_date").asc(nulls_last=True),
            "pk",
        )


class Case(models.Model):
    """One application for one service item, from receipt to completion."""

    # Unique by a constraint of Meta, not ``unique=True``: on PostgreSQL that
    # would add a second, pattern-ops index for LIKE 'prefix%', which nothing
    # asks (numbers are searched by containment).
    number = models.CharField(_("case number"), max_length=40)
    # No single-column index on service_item, authority, handler, status or
    # light: the composite indexes of Meta lead with them, and each index more
    # is one more write in every clock update (a daily sweep writes ~12 % of
    # the open cases). The applicant account and the key project are set on a
    # few cases only: partial indexes of Meta, which a clock update of the
    # others does not write.
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    authority = models.ForeignKey(
        Unit,
        verbose_name=_("deciding authority"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
        help_text=_("The department or bureau that decides; its staff see the case."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )

    applicant_kind = models.CharField(
        _("applicant type"), max_length=10, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    id_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    address = models.CharField(_("address"), max_length=200, blank=True)
    title = models.CharField(_("project or subject"), max_length=200, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="applications",
    )
    key_project = models.ForeignKey(
        KeyProject,
        verbose_name=_("key project (green channel)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cases",
    )

    # The rules in force when the case was registered (``rules``). No index: rule
    # sets are never deleted, and nothing looks cases up by theirs.
    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name=_("rules at registration"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    stage_index = models.PositiveSmallIntegerField(_("stage"), default=0)
    # Copies of the current stage's name and role, so that queues filter in SQL.
    stage_name = models.CharField(_("current stage"), max_length=50, blank=True)
    stage_role = models.CharField(
        _("role of the current stage"), max_length=16, choices=Role.choices, blank=True
    )
    stage_started_on = models.DateField(_("stage started on"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        db_index=False,
    )

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("deemed accepted (Art. 32)"), default=False)
    supplement_count = models.PositiveSmallIntegerField(_("supplement notices"), default=0)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    refusal_basis = models.TextField(_("legal basis of the refusal"), blank=True)

    extension_status = models.CharField(
        _("extension"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.NONE,
    )
    extension_requested_days = models.PositiveSmallIntegerField(
        _("extension requested (working days)"), default=0
    )
    extension_days = models.PositiveSmallIntegerField(
        _("extension granted (working days)"), default=0
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)

    decision_result = models.CharField(
        _("decision"), max_length=10, choices=DecisionResult.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    fee_due = models.DecimalField(
        _("fee due (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    fee_charged = models.DecimalField(
        _("fee charged (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    # Clock caches, recomputed by ``clock.refresh_clock`` on every event.
    due_date = models.DateField(_("promised due date"), null=True, blank=True)
    statutory_due_date = models.DateField(_("statutory due date"), null=True, blank=True)
    remaining_workdays = models.IntegerField(_("remaining working days"), null=True, blank=True)
    statutory_remaining_workdays = models.IntegerField(
        _("statutory remaining working days"), null=True, blank=True
    )
    elapsed_workdays = models.IntegerField(_("elapsed working days"), default=0)
    paused_workdays = models.IntegerField(_("paused working days"), default=0)
    clock_state = models.CharField(
        _("clock"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    light = models.CharField(_("light"), max_length=10, choices=Light.choices, default=Light.GREEN)
    unconfirmed = models.BooleanField(_("depends on an unpublished calendar"), default=False)
    clock_as_of = models.DateField(_("clock read on"), null=True, blank=True)

    # The head of the event chain: a deleted last event is caught too.
    event_count = models.PositiveIntegerField(_("events"), default=0, editable=False)
    last_event_at = models.DateTimeField(_("last event at"), null=True, blank=True, editable=False)
    last_event_hash = models.CharField(max_length=64, default=GENESIS, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["number"], name="case_number_unique")]
        indexes = [
            models.Index(fields=["status"], name="case_status_idx"),
            models.Index(
                fields=["applicant_user"],
                condition=models.Q(applicant_user__isnull=False),
                name="case_applicant_user_idx",
            ),
            models.Index(
                fields=["key_project"],
                condition=models.Q(key_project__isnull=False),
                name="case_key_project_idx",
            ),
            # The workbench: open cases of one authority by urgency.
            models.Index(fields=["authority", "status", "due_date"], name="case_queue_idx"),
            models.Index(fields=["handler", "status"], name="case_handler_idx"),
            models.Index(fields=["authority", "stage_role", "status"], name="case_stage_role_idx"),
            models.Index(fields=["service_item", "received_on"], name="case_item_idx"),
            # The light, the remaining days and the due dates of open cases, which the
            # centre counts and lists by, are indexed in ``CaseLight``, not here: see there.
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        """Save, and with the status or the clock its row of ``CaseLight``."""
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or not CaseLight.COPIED.isdisjoint(fields):
            CaseLight.copy_from(self)

    # The fields ``bring_forward`` reads and moves: all loaded, or it leaves them.
    _CLOCK_MOVED = frozenset(
        {
            "clock_as_of",
            "clock_state",
            "due_date",
            "statutory_due_date",
            "remaining_workdays",
            "statutory_remaining_workdays",
            "elapsed_workdays",
            "paused_workdays",
        }
    )

    @classmethod
    def from_db(cls, db, field_names, values):
        """A case as loaded, its stored clock carried forward to today (``clock.bring_forward``)."""
        case = super().from_db(db, field_names, values)
        if cls._CLOCK_MOVED.issubset(case.__dict__) and case.clock_as_of is not None:
            from xiaoneng.cases.clock import bring_forward
            from xiaoneng.core.clock import today
            from xiaoneng.workdays.services import recent_calendar

            day = today()
            if case.clock_as_of < day:
                bring_forward(case, recent_calendar(), day)
        return case

    def get_status_display(self) -> str:
        """The status in the words of the case's kind: a penalty case is decided and
        executed, not licensed ("approved, awaiting issue" would misstate it)."""
        if self.status in PENALTY_STATUS_LABELS and self.service_item.category == Category.PENALTY:
            return PENALTY_STATUS_LABELS[self.status]
        return Status(self.status).label if self.status in Status.values else self.status

    @property
    def overdue_days(self) -> int:
        """Working days past the promised limit (0 while it holds)."""
        return overdue_days(self.remaining_workdays)

    @property
    def statutory_overdue_days(self) -> int:
        """Working days past the statutory limit (0 while it holds)."""
        return overdue_days(self.statutory_remaining_workdays)

    @property
    def rules(self) -> dict:
        """The rules in force when the case was registered (its ``RuleSet``'s)."""
        return self.rule_set.rules

    @property
    def stages(self) -> list[dict]:
        return self.rules.get("stages", [])

    @property
    def stage(self) -> dict | None:
        stages = self.stages
        return stages[self.stage_index] if 0 <= self.stage_index < len(stages) else None

    @property
    def statutory_limit_days(self) -> int:
        return self.rules["statutory_limit_days"]

    @property
    def promised_limit_days(self) -> int:
        return self.rules["promised_limit_days"]

    @property
    def is_open(self) -> bool:
        from xiaoneng.cases.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def green_channel(self) -> bool:
        return self.key_project_id is not None

    @property
    def applicant_id_display(self) -> str:
        return self.id_number or self.credit_code


def copied_key(to, verbose_name, *, on_delete=models.DO_NOTHING, related_name="+"):
    """A key copied from a case into a row that records or counts it, when that row is
    written (the case's own value, checked there): no foreign-key constraint checked at
    each commit and no index of its own — the composite indexes of the row's Meta lead
    with it where a page needs one, and such rows are written by the hundred thousand."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        db_constraint=False,
        db_index=False,
        related_name=related_name,
    )


class CaseLight(models.Model):
    """The light of an open case in a narrow table of its own: what the supervision
    centre counts (by authority, item, light and legal breach) and lists (the
    overdue and the legal breaches, the worst first).

    A copy of the case's status and clock cache: one row per open case, none
    for a closed one, written with the case (``Case.save``, ``sync``, the
    sweep). Why not indexes on the case table: a day's first sweep rewrites
    the clock of a tenth of the open cases, and a row whose indexed column
    changes is a new entry in every index of its table. With the light and
    the remaining days indexed on the case table, each of those writes went
    into its dozen indexes; without, PostgreSQL rewrites the case row in its
    page (a heap-only update: no index touched) and only this table's three
    small indexes change. Measured on copies of one 1,000,000-case database
    (bench/supervise.py's load), a day's first sweep: 89 % of its case writes
    heap-only, their server time 16 s → 5.5 s plus 3.7 s for this table's
    (docs/architecture.md, "Indexes and constraints").
    """

    # What a case's row is copied from: saving any of them re-copies it.
    COPIED = frozenset(
        {
            "status",
            "authority",
            "service_item",
            "received_on",
            "light",
            "statutory_remaining_workdays",
            "due_date",
            "statutory_due_date",
        }
    )

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="light_row",
    )
    # Copies of the case's, so that the centre filters and groups on this table alone.
    authority = copied_key(Unit, _("deciding authority"))
    service_item = copied_key(ServiceItem, _("service item"))
    received_on = models.DateField(_("received on"))
    light = models.CharField(_("light"), max_length=10, choices=Light.choices)
    breach = models.BooleanField(_("statutory limit passed"), default=False)
    due_date = models.DateField(_("promised due date"), null=True, blank=True)
    statutory_due_date = models.DateField(_("statutory due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("light of an open case")
        verbose_name_plural = _("lights of open cases")
        indexes = [
            # The centre's figures: one GROUP BY answered from this index alone.
            models.Index(
                fields=["authority", "service_item", "light", "breach"],
                name="case_light_figures_idx",
            ),
            # The overdue list (red, the longest overdue first). Due dates, not
            # days left: a stored clock is carried forward on reading
            # (``clock.bring_forward``), so only the dates order cases whose
            # clocks were stored on different days.
            models.Index(fields=["light", "due_date", "case"], name="case_light_due_idx"),
            # The legal breaches, the worst first: a few of the open cases.
            models.Index(
                fields=["statutory_due_date", "case"],
                condition=models.Q(breach=True),
                name="case_light_breach_idx",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.light}"

    @staticmethod
    def values_of(case) -> dict:
        """The row's values from a case (loaded with at least the ``COPIED`` fields)."""
        remaining = case.statutory_remaining_workdays
        return {
            "authority_id": case.authority_id,
            "service_item_id": case.service_item_id,
            "received_on": case.received_on,
            "light": case.light,
            "breach": remaining is not None and remaining < 0,
            "due_date": case.due_date,
            "statutory_due_date": case.statutory_due_date,
        }

    @classmethod
    def copy_from(cls, case) -> None:
        """Write the row of ``case`` as it now is (delete it once the case is closed)."""
        if case.status in OPEN_STATUS_VALUES:
            # One UPDATE as a rule (the case row, locked by its action, serialises writers).
            values = cls.values_of(case)
            if not cls.objects.filter(case_id=case.pk).update(**values):
                cls.objects.create(case_id=case.pk, **values)
        else:
            cls.objects.filter(case_id=case.pk).delete()

    @classmethod
    def sync(cls, cases) -> int:
        """Re-copy the rows of ``cases`` (a queryset) from the database, for writes that
        bypass ``Case.save`` (``bulk_create``, ``bulk_update``, ``update``); returns rows."""
        # Only these fields: a case loaded without its whole clock is not carried
        # forward (``Case.from_db``) — the row copies what is stored.
        rows = (
            cls(case_id=case.pk, **cls.values_of(case))
            for case in cases.filter(status__in=OPEN_STATUS_VALUES)
            .order_by()
            .only(*cls.COPIED)
            .iterator(chunk_size=5000)
        )
        written = 0
        with transaction.atomic():
            cls.objects.filter(case__in=cases.order_by().values("pk")).delete()
            while batch := list(itertools.islice(rows, 5000)):
                cls.objects.bulk_create(batch)
                written += len(batch)
        return written


def material_path(instance, filename):
    return f"cases/{instance.case.number}/{instance.sha256[:16]}-{filename}"


class CaseMaterial(models.Model):
    """A material handed in for a case, kept with its SHA-256."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="materials"
    )
    material = models.ForeignKey(
        Material,
        verbose_name=_("required material"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")
        ordering = ["case", "pk"]

    def __str__(self):
        return self.name


class Pause(models.Model):
    """A period not counted in the limit (Art. 45), with its notice to the applicant."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="pauses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PauseKind.choices)
    reason = models.TextField(_("reason"))
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["case", "start", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class Document(models.Model):
    """A numbered official notice issued from a case; the PDF is rendered from ``content``."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "pk"]

    def __str__(self):
        return self.number


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("case events are append-only")

    def delete(self):
        raise TypeError("case events are append-only")


class CaseEvent(models.Model):
    """One immutable entry of a case's history, chained to the one before by SM3.

    There is no update or delete path in code; on PostgreSQL a trigger refuses
    both. ``verify_log`` recomputes every chain.
    """

    # Indexed by the unique (case, seq) that leads with it.
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    seq = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index of Meta: the system's events have none
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    from_status = models.CharField(_("from status"), max_length=16, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, blank=True)
    stage_name = models.CharField(_("stage"), max_length=50, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    public = models.BooleanField(_("shown to the applicant"), default=False)
    prev_hash = models.CharField(max_length=64, default=GENESIS, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="cases_event_unique_seq")
        ]
        # The events a person recorded; the sweep's card events (tens of thousands a
        # day, by the system) are not in it.
        indexes = [
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="event_actor_idx"
            )
        ]

    def __str__(self):
        return f"{self.case_id}#{self.seq} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("case events are append-only")

    # The fields an event's hash covers, in the order of ``content_of``.
    SEALED = [
        "seq",
        "kind",
        "at",
        "actor_id",
        "actor_name",
        "from_status",
        "to_status",
        "stage_name",
        "data",
        "public",
    ]

    def content(self, case_number: str) -> dict:
        return self.content_of(case_number, *(getattr(self, name) for name in self.SEALED))

    @staticmethod
    def content_of(
        case_number,
        seq,
        kind,
        at,
        actor_id,
        actor_name,
        from_status,
        to_status,
        stage_name,
        data,
        public,
    ) -> dict:
        """What the hash of an event covers (``content`` of an event not built as a model)."""
        return {
            "case": case_number,
            "seq": seq,
            "kind": kind,
            # UTC: the database hands the time back in UTC whatever zone it was written in.
            "at": at.astimezone(UTC).isoformat(),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "from_status": from_status,
            "to_status": to_status,
            "stage_name": stage_name,
            "data": data,
            "public": public,
        }

    def seal(self, case_number: str, prev_hash: str) -> None:
        self.prev_hash = prev_hash
        self.hash = link_hash(prev_hash, self.content(case_number))
