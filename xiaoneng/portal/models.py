"""What the department publishes on its portal: announcements and policy documents (政务公开).

Both are edited by the system administrator in the admin, with history; the
portal shows a row only once it is published (``is_published`` and a
publication time that has come).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.org.models import Unit
from xiaoneng.portal.choices import AnnouncementCategory, LegalLevel, PolicyCategory


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Rows the public may read: published, and not scheduled for later."""
        return self.filter(is_published=True, published_at__lte=timezone.now())


class PublishedContent(models.Model):
    """The fields an announcement and a policy document share."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published entries appear on the public portal."),
    )
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class Announcement(PublishedContent):
    """A notice or news item of the department (通知公告)."""

    category = models.CharField(
        _("category"),
        max_length=16,
        choices=AnnouncementCategory.choices,
        default=AnnouncementCategory.NOTICE,
    )
    attachment = models.FileField(_("attachment"), upload_to="portal/announcements/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]
        # The portal's list: published rows, newest first.
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="portal_ann_list_idx")
        ]


class PolicyDocument(PublishedContent):
    """A law, regulation, rule or normative document the department applies (政策法规)."""

    category = models.CharField(
        _("category"),
        max_length=16,
        choices=PolicyCategory.choices,
        default=PolicyCategory.LAND,
    )
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("The number it was promulgated under, e.g. 中华人民共和国主席令第三十二号."),
    )
    issuer = models.CharField(
        _("issuer"), max_length=100, help_text=_("The body that enacted or issued it.")
    )
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    legal_level = models.CharField(_("legal level"), max_length=20, choices=LegalLevel.choices)
    attachment = models.FileField(_("attachment"), upload_to="portal/policies/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="portal_policy_list_idx")
        ]
