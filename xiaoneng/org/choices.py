from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    BUREAU = "bureau", _("Bureau")
    BRANCH = "branch", _("Branch bureau")
    INSTITUTION = "institution", _("Public institution")


class Role(models.TextChoices):
    """The roles of DESIGN.md §1; each is a Django group of the same name."""

    CLERK = "clerk", _("Window clerk")
    HANDLER = "handler", _("Case handler")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITADMIN = "auditadmin", _("Audit administrator")
