from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementCategory(models.TextChoices):
    NOTICE = "notice", _("Notice")
    CAMPAIGN = "campaign", _("Efficiency campaign")
    DISCLOSURE = "disclosure", _("Public disclosure")
    NEWS = "news", _("Work news")


class PolicyCategory(models.TextChoices):
    LAND = "land", _("Land administration")
    MINERAL = "mineral", _("Mineral resources")
    REGISTRATION = "registration", _("Real estate registration")
    ADMINISTRATION = "administration", _("Administrative procedure")


class LegalLevel(models.TextChoices):
    """The rank of a legal text (立法法): law above regulation above rule."""

    LAW = "law", _("Law")
    ADMINISTRATIVE_REGULATION = "admin_regulation", _("Administrative regulation")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    LOCAL_RULE = "local_rule", _("Local government rule")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
