from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemArea(models.TextChoices):
    """The five problem areas of the campaign's self-inspection (五查找); complaints use them too."""

    THINKING = "thinking", _("Ideological understanding")
    EFFICIENCY = "efficiency", _("Work efficiency")
    SERVICE = "service", _("Service quality")
    CONDUCT = "conduct", _("Code of conduct")
    DISCIPLINE = "discipline", _("Work discipline")
