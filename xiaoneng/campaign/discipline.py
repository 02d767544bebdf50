"""Work-discipline checks (明察暗访): a supervisor's record, the person's explanation.

A finding names a person, so it is shown only to supervisors and leaders
whose region covers the unit and to the person concerned
(``Finding.objects.visible_to``). Each finding opens a problem of the
"work discipline" area (source: the check) unless the supervisor says not.
"""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.campaign.choices import FindingKind, ProblemArea, Severity, SourceKind
from xiaoneng.campaign.models import DisciplineCheck, Finding
from xiaoneng.campaign.services import (
    _required,
    check_upload,
    has_role,
    is_unit_staff,
    raise_problem,
    require_scope,
    running_campaign,
)
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.notifications import notify


@transaction.atomic
def record_check(
    *,
    acting_user,
    unit,
    checked_at: datetime,
    findings,
    notes="",
    unannounced=True,
    evidence=None,
    raise_problems=True,
    now=None,
) -> DisciplineCheck:
    """A supervisor records a check; ``findings`` are (person, kind, description) triples."""
    require_scope(acting_user, unit)
    if not has_role(acting_user, Role.SUPERVISOR):
        raise PermissionDenied(_("Only a supervisor may record a work-discipline check."))
    now = now or timezone.now()
    if checked_at > now:
        raise ValidationError({"checked_at": _("A check cannot lie in the future.")})
    findings = list(findings)
    errors = {}
    for index, (person, kind, _description) in enumerate(findings):
        if kind not in FindingKind.values:
            errors[f"finding_{index}"] = _("Choose what was found.")
        elif not is_unit_staff(person, unit):
            errors[f"finding_{index}"] = _("The person must work at the checked unit.")
        elif person.pk == acting_user.pk:
            errors[f"finding_{index}"] = _("A supervisor does not record findings about himself.")
    if errors:
        raise ValidationError(errors)
    check = DisciplineCheck(
        campaign=running_campaign(unit, timezone.localdate(checked_at)),
        unit=unit,
        checked_at=checked_at,
        checked_by=acting_user,
        unannounced=bool(unannounced),
        notes=(notes or "").strip(),
    )
    if evidence is not None:
        check.content_type, check.sha256 = check_upload(evidence, "evidence")
        check.evidence = evidence
    check.save()
    for person, kind, description in findings:
        finding = Finding.objects.create(
            check_row=check, person=person, kind=kind, description=(description or "").strip()
        )
        if raise_problems:
            finding.problem = raise_problem(
                acting_user=acting_user,
                unit=unit,
                area=ProblemArea.DISCIPLINE,
                severity=Severity.MINOR,
                title=_("Work-discipline check: {kind}").format(kind=finding.get_kind_display()),
                description=finding.description,
                source=finding,
                source_kind=SourceKind.DISCIPLINE_CHECK,
                responsible=person,
                now=now,
            )
            finding.save(update_fields=["problem"])
        notify(
            [person],
            kind=NotificationKind.WARNING,
            key=f"campaign-finding:{finding.pk}",
            title=_("Work-discipline finding: {kind}").format(kind=finding.get_kind_display()),
            body=_("You may give an explanation."),
            url=reverse("campaign:findings"),
        )
    audit.record(
        "campaign.record_check",
        actor=acting_user,
        target=check,
        new={"unit": unit.code, "findings": len(findings), "sha256": check.sha256},
    )
    return check


@transaction.atomic
def explain_finding(finding, *, acting_user, explanation, now=None) -> Finding:
    """The person concerned explains (说明) a finding, once."""
    finding = Finding.objects.visible_to(acting_user).select_for_update().filter(pk=finding.pk)
    finding = finding.first()
    if finding is None:
        raise Http404(_("No such finding."))
    if finding.person_id != acting_user.pk:
        raise PermissionDenied(_("Only the person concerned may explain a finding."))
    if finding.explained_at is not None:
        raise TransitionError(_("The finding has already been explained."))
    finding.explanation = _required(explanation, "explanation")
    finding.explained_at = now or timezone.now()
    finding.save(update_fields=["explanation", "explained_at"])
    audit.record(
        "campaign.explain_finding",
        actor=acting_user,
        target=finding.check_row,
        new={"finding": finding.pk},
    )
    return finding


def discipline_findings(unit_ids, start: date, end: date):
    """Findings of checks at ``unit_ids`` between ``start`` and ``end`` (both included).

    For the assessment app: no user scope is applied, the caller has already
    chosen the units. Dates are local (Asia/Shanghai) days.
    """
    zone = timezone.get_current_timezone()
    low = datetime.combine(start, time.min, tzinfo=zone)
    high = datetime.combine(end, time.max, tzinfo=zone)
    return (
        Finding.objects.filter(
            check_row__unit_id__in=list(unit_ids),
            check_row__checked_at__gte=low,
            check_row__checked_at__lte=high,
        )
        .select_related("check_row__unit", "person")
        .order_by("check_row__checked_at", "pk")
    )
