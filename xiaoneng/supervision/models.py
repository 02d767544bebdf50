"""Electronic supervision (电子监察): rules, alerts, cards, appeals, orders, notifications.

Nothing here is ever deleted: an alert is closed, a card revoked, an order
closed — each with who, when and why — so that assessment can count the
record and a supervisor can show how it was reached.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.cases.models import Case, copied_key
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.org.models import Unit
from xiaoneng.supervision.choices import (
    CardColor,
    CardStatus,
    Level,
    NotificationKind,
    OrderStatus,
    RuleCode,
)


def _copied(to, verbose_name, related_name="+"):
    # Alerts and cards are never deleted, nor what they copy: protected all the same.
    return copied_key(to, verbose_name, on_delete=models.PROTECT, related_name=related_name)


class AnomalyRule(models.Model):
    """How one built-in rule is applied: its level, card and who is carded (configuration)."""

    code = models.CharField(_("rule"), max_length=32, choices=RuleCode.choices, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    card = models.CharField(
        _("card"), max_length=8, choices=CardColor.choices, default=CardColor.NONE
    )
    card_handler = models.BooleanField(_("card the handler"), default=True)
    card_unit = models.BooleanField(_("card the unit"), default=False)
    report_to_supervisors = models.BooleanField(_("report to supervisors"), default=False)
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('Rule settings, e.g. {"idle_days": 5} or the longest pause per kind.'),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anomaly rule")
        verbose_name_plural = _("anomaly rules")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class Alert(models.Model):
    """One rule firing on one case (once per rung), with its evidence."""

    # rule, case and unit are indexed by the unique constraint and the
    # indexes of Meta that lead with them (a sweep inserts alerts by the
    # hundred thousand: no index more than the pages need). Only the case
    # keeps its foreign-key constraint: the database checks each one of each
    # new row at commit, and rules, like units and users, are never deleted
    # (PROTECT); the sweep writes the rule's own key.
    rule = models.ForeignKey(
        AnomalyRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        related_name="alerts",
        db_index=False,
        db_constraint=False,
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="alerts",
        db_index=False,
    )
    # A rule with several rungs (the warning at the threshold, then one day
    # before the limit) fires once per rung; the unique constraint makes the
    # sweep idempotent even if two sweeps overlap.
    rung = models.CharField(_("rung"), max_length=32, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    # The case's licensing authority and item, copied when this is written:
    # the centre counts a region's open alerts from this table alone, without
    # a join to a million cases. These copies, the unit and the handler are
    # the case's own values (checked there): no foreign-key constraint, whose
    # check at commit costs a sweep that opens 150,000 alerts seconds.
    authority = _copied(Unit, _("licensing authority"))
    service_item = _copied(ServiceItem, _("service item"))
    unit = _copied(Unit, _("unit"), related_name="alerts")
    # No index: nothing looks alerts up by handler (assessment counts them by unit),
    # and users are deactivated, never deleted.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alerts",
        db_index=False,
        db_constraint=False,
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_on = models.DateField(_("opened on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at"]
        constraints = [
            # Case first: its index is also the one a case's alerts are found by (the
            # case page, the sweep's batch), a second index on the case being one more
            # to write for each of the hundred thousand alerts a sweep may open.
            models.UniqueConstraint(fields=["case", "rule", "rung"], name="alert_once_per_rung")
        ]
        indexes = [
            models.Index(fields=["unit", "closed_at", "level"], name="alert_unit_open_idx"),
            models.Index(
                fields=["authority", "service_item", "level"],
                condition=models.Q(closed_at__isnull=True),
                name="alert_open_scope_idx",
            ),
            # The warnings list, newest first, a page at a time (not a sort of every open alert).
            models.Index(
                fields=["-opened_on", "-id"],
                condition=models.Q(closed_at__isnull=True),
                name="alert_open_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.rule} · {self.case_id}"


class CardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class Card(models.Model):
    """A red or yellow card to a person or a unit, issued by a rule or a supervisor."""

    color = models.CharField(
        _("card"), max_length=8, choices=[c for c in CardColor.choices if c[0] != "none"]
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="cards"
    )
    # The case's licensing authority and item, copied when this is written:
    # the centre counts a region's open cards from this table alone, without
    # a join to a million cases (copies of the case's values: no foreign-key
    # constraint to check at every commit, as on Alert).
    authority = _copied(Unit, _("licensing authority"))
    service_item = _copied(ServiceItem, _("service item"))
    # The alert, rule and carded person or unit are written by the sweep
    # (tens of thousands a day) from rows it has just read or inserted: no
    # constraint checked at commit, as on Alert; the case keeps its own.
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
        db_index=False,  # a card shows its alert; nothing lists an alert's cards
        db_constraint=False,
    )
    rule = models.ForeignKey(
        AnomalyRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
        db_index=False,  # nothing looks cards up by rule; rules are never deleted
        db_constraint=False,
    )
    carded_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carded person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
        db_constraint=False,
    )
    carded_unit = models.ForeignKey(
        Unit,
        verbose_name=_("carded unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
        db_constraint=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards_issued",
        help_text=_("Empty: issued by the rule."),
        db_index=False,  # a partial index of Meta: the sweep's cards have none
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CardStatus.choices, default=CardStatus.VALID
    )

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(carded_user__isnull=False) | models.Q(carded_unit__isnull=False),
                name="supervision_card_has_a_target",
            )
        ]
        indexes = [
            models.Index(
                fields=["authority", "service_item", "status", "color"], name="card_scope_idx"
            ),
            # The cards list, newest first, a page at a time.
            models.Index(fields=["-issued_at", "-id"], name="card_newest_idx"),
            # A supervisor's own cards: the few a person issued, not the rules' tens of
            # thousands a day (a partial index is not written for them).
            models.Index(
                fields=["issued_by"],
                condition=models.Q(issued_by__isnull=False),
                name="card_issued_by_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_color_display()} · {self.case_id}"


class CardAppeal(models.Model):
    """The carded person's appeal (申诉) and the supervisor's decision on it."""

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.PROTECT, related_name="appeals"
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appellant"),
        on_delete=models.PROTECT,
        related_name="card_appeals",
    )
    reason = models.TextField(_("reason"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="card_appeals_decided",
    )
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=[
            (CardStatus.UPHELD, CardStatus.UPHELD.label),
            (CardStatus.REVOKED, CardStatus.REVOKED.label),
        ],
        blank=True,
    )
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.card} · {self.appellant}"


class SupervisionOrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        from xiaoneng.org.scope import unit_filter

        # Orders to a unit are seen by its staff and, through the region
        # scope, by the supervisors and leaders above it.
        return self.filter(unit_filter(user, prefix="unit__"))


class SupervisionOrder(models.Model):
    """A supervisor's order (督办) to a unit or handler to act by a deadline in working days."""

    number = models.CharField(_("order number"), max_length=40, unique=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="orders"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="orders_issued",
    )
    instruction = models.TextField(_("instruction"))
    issued_on = models.DateField(_("issued on"))
    limit_days = models.PositiveSmallIntegerField(_("limit (working days)"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders_replied",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders_escalated",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history_log = models.JSONField(
        _("history"), default=list, blank=True, help_text=_("Replies, reopenings, escalation.")
    )

    objects = SupervisionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status", "due_date"], name="order_unit_idx")]

    def __str__(self):
        return self.number


class Notification(models.Model):
    """An in-app notice to one staff member; ``key`` makes each event notify once."""

    # Indexed by the unique (recipient, key) and the unread index that lead with
    # it; no constraint checked at commit (users are deactivated, never deleted).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notifications",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    key = models.CharField(_("event key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    # A sweep's digest names its first cases: [[case number, what was found], ...]
    # (what: empty when the digest tells of one kind of finding only).
    items = models.JSONField(_("cases"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    sent_at = models.DateTimeField(
        _("sent by SMS/e-mail at"), null=True, blank=True, help_text=_("Set once, after commit.")
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="supervision_notification_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class DigestPart(models.Model):
    """What one batch of a sweep found for one person, until the sweep's digest.

    A sweep tells each person once: one notice listing what it found for
    them (``sweep.fold_digests``), not one per alert and card — a first sweep
    of a working day over a province opens a hundred thousand. Each batch
    writes its part in its own transaction, with the alerts and cards it
    tells of, so a sweep that stops half-way loses nothing: the next one
    folds what is left.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    as_of = models.DateField(_("day swept"))
    # "rule:<code>" or "card:<colour>" -> how many; case number -> its "rule:…"/"card:…".
    counts = models.JSONField(_("counts"), default=dict)
    items = models.JSONField(_("cases"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest part")
        verbose_name_plural = _("digest parts")

    def __str__(self):
        return f"{self.as_of} {self.recipient_id}"


class SweepRun(models.Model):
    """One finished sweep: what it read and when (the next sweep's starting point).

    A sweep on the same day as the last full one, with the same calendar and
    the same rules, can only find something new on the cases that have an
    event since that sweep began (every change of a case is an action with an
    event); it reads only those. A new day, a calendar edit or a rule edit
    makes the next sweep full again.
    """

    as_of = models.DateField(_("day swept"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    full = models.BooleanField(_("full sweep"))
    calendar_version = models.CharField(_("calendar version"), max_length=64)
    rules_fingerprint = models.CharField(_("rules fingerprint"), max_length=64)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["full", "-finished_at"], name="sweeprun_full_idx")]

    def __str__(self):
        return f"{self.as_of} {'full' if self.full else 'delta'} {self.finished_at:%H:%M:%S}"


class TrendTally(models.Model):
    """Cases received and closed in one month, per licensing authority and item.

    The centre's 12-month trend reads these few thousand rows instead of a
    year of cases (a full scan: over a second at 1,000,000 cases, on every
    supervisor's first visit). Derived figures, not a record: the periodic
    work rebuilds them all every ten minutes (``trend.refresh_trend_tallies``);
    a filter by period reads the cases themselves.
    """

    month = models.DateField(_("month"))
    authority = _copied(Unit, _("licensing authority"))
    service_item = _copied(ServiceItem, _("service item"))
    received = models.PositiveIntegerField(_("cases received"), default=0)
    closed = models.PositiveIntegerField(_("cases closed"), default=0)
    late = models.PositiveIntegerField(_("closed after the promised limit"), default=0)
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        ordering = ["month", "authority", "service_item"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "authority", "service_item"], name="trend_tally_once"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.authority_id}/{self.service_item_id}"
