from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.hashchain import GENESIS, link_hash


class AuditEventQuerySet(models.QuerySet):
    def chain_rows(self):
        """Rows in chain order as ``verify_chain`` expects them."""
        for event in self.order_by("pk").iterator(chunk_size=2000):
            yield event.pk, event.prev_hash, event.hash, event.content()


class AuditEvent(models.Model):
    """One administrative action outside a case: accounts, roles, calendar, lockouts.

    Append-only and hash-chained, so the audit admin can prove that nobody
    (the system admin included) rewrote the record. Case events have their
    own chain in the cases app.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The actor's name as it was: a renamed or deactivated account keeps its history.
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    old = models.JSONField(_("old values"), default=dict, blank=True)
    new = models.JSONField(_("new values"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, default=GENESIS, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-pk"]
        permissions = [("view_audit_log", _("Can read the audit log"))]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def content(self) -> dict:
        return {
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "old": self.old,
            "new": self.new,
            "ip": self.ip,
        }

    def seal(self, prev_hash: str) -> None:
        self.prev_hash = prev_hash
        self.hash = link_hash(prev_hash, self.content())


class ChainHead(models.Model):
    """The last hash of a chain; locking this row serialises appends."""

    name = models.CharField(max_length=32, primary_key=True)
    last_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self):
        return self.name
