"""Applicant accounts of the public portal and the query codes of applications.

An applicant account is a plain Django user with an ``ApplicantProfile`` and
no ``StaffProfile``: the staff pages refuse it because it has no staff
profile and no role. Applications themselves are cases (``cases.Case``, with
``applicant_user`` set for an account).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.cases.choices import ApplicantKind
from xiaoneng.cases.models import Case


class ApplicantProfile(models.Model):
    """The verified identity behind an applicant account (实名).

    The username is the mobile phone or e-mail given at registration; the ID
    number (person) or unified social credit code (organisation) is checked
    with its check character and is applied with on every application.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="applicant",
    )
    kind = models.CharField(_("applicant type"), max_length=10, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("applicant account")
        verbose_name_plural = _("applicant accounts")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def identifier(self) -> str:
        return self.id_number or self.credit_code


# The context a query code is hashed in (``core.codes.keyed_hash``).
QUERY_CODE = b"xiaoneng.applicants.query-code:"


class QueryCode(models.Model):
    """The secret that, with the case number, opens the public progress lookup.

    Only an HMAC-SHA256 of the code (keyed with SECRET_KEY) is kept: the code
    is shown once, at submission. A keyed hash rather than a slow password
    hash because every lookup computes it and the code itself has ~50 bits of
    randomness; the one-to-one index on ``case`` makes the lookup one
    indexed join from the unique case number.
    """

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="query_code"
    )
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("query code")
        verbose_name_plural = _("query codes")

    def __str__(self):
        return str(self.case_id)
