"""The key-project board's own records (the register itself is ``cases.KeyProject``).

- ``ProjectService``: a pre-application consultation (提前介入) or an on-site
  service (上门服务) the department gave a project.
- ``ApprovedLand``: the hectares a land approval granted. Cases carry no area
  field, so the board records it per approved case.
- ``NoticeCursor``: how far the coordinator notices have read the case event log.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.projects.choices import ServiceKind


class ProjectServiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=KeyProject.objects.visible_to(user))


class ProjectService(models.Model):
    """A consultation or on-site service for a key project: when, who, what was settled."""

    project = models.ForeignKey(
        KeyProject,
        verbose_name=_("key project"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ProjectServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("project service")
        verbose_name_plural = _("project services")
        ordering = ["-held_on", "-pk"]
        # The project page lists its services newest first.
        indexes = [models.Index(fields=["project", "held_on"], name="project_service_idx")]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.held_on}"


class ApprovedLand(models.Model):
    """The land an approved case granted, in hectares (and of which farmland)."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="approved_land"
    )
    hectares = models.DecimalField(_("approved land (hectares)"), max_digits=12, decimal_places=4)
    farmland_hectares = models.DecimalField(
        _("of which farmland (hectares)"), max_digits=12, decimal_places=4, default=Decimal("0")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("approved land")
        verbose_name_plural = _("approved land")

    def __str__(self):
        return f"{self.case_id}: {self.hectares} ha"


class NoticeCursor(models.Model):
    """The last case event already read by a notice run (one row per reader)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    last_event_id = models.BigIntegerField(_("last event read"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice cursor")
        verbose_name_plural = _("notice cursors")

    def __str__(self):
        return f"{self.name}: {self.last_event_id}"
