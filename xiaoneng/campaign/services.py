"""Problems and their rectification (整改): the actions every source goes through.

``raise_problem`` is the one door: the self-inspection, the work-discipline
checks, a supervision order, and (from the apps above this one) complaints
and bad ratings all open a :class:`~xiaoneng.campaign.models.Problem` through
it. A problem then gets measures and a responsible person, progress reports
with evidence, and a supervisor's verification (passed, or reopened with a
reason). Its limit is counted in working days from the day it was raised,
by the one clock; ``flag_overdue_rectifications`` marks those past it.

Refusals follow the project's rule: outside the user's scope → ``Http404``;
the wrong role → ``PermissionDenied``; the wrong state → ``TransitionError``;
bad input → ``ValidationError`` with a message per field.
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.campaign.choices import ProblemArea, ProblemStatus, Severity, SourceKind
from xiaoneng.campaign.models import Campaign, Problem, ProgressReport, Verification
from xiaoneng.cases.files import inspect_upload
from xiaoneng.cases.numbering import next_value
from xiaoneng.cases.scope import user_roles
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Unit
from xiaoneng.org.scope import authority_of, unit_filter
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.notifications import notify
from xiaoneng.supervision.services import authority_unit_ids
from xiaoneng.workdays.services import get_calendar

User = get_user_model()

# The rectification limit when the caller names none: the 15 working days that
# DESIGN.md §2 sets for a bad rating's rectification, applied to every source.
DEFAULT_LIMIT_DAYS = 15
MAX_LIMIT_DAYS = 120
OVERSIGHT = {Role.SUPERVISOR, Role.LEADER}


# -- helpers ---------------------------------------------------------------------------


def local_date(now: datetime | None) -> date:
    return timezone.localdate(now) if now is not None else timezone.localdate()


def has_role(user, *roles) -> bool:
    return bool(user_roles(user) & {str(role) for role in roles})


def require_profile(user):
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    if profile is None:
        raise PermissionDenied(_("Only staff with a profile may do this."))
    return profile


def unit_in_scope(user, unit) -> bool:
    return Unit.objects.filter(unit_filter(user, prefix=""), pk=unit.pk).exists()


def require_scope(user, unit) -> None:
    require_profile(user)
    if not unit_in_scope(user, unit):
        raise Http404(_("No such unit in your scope."))


def is_unit_staff(user, unit) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and profile.unit_id == unit.pk


def same_authority(user, unit) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and authority_of(profile.unit) == authority_of(unit)


def supervisors_of_unit(unit) -> list:
    """The supervisors of the unit's authority; if it has none, those whose region covers it."""
    authority = authority_of(unit)
    own = list(
        User.objects.filter(
            is_active=True,
            groups__name=Role.SUPERVISOR,
            profile__unit_id__in=authority_unit_ids(authority),
        )
        .distinct()
        .order_by("pk")
    )
    if own:
        return own
    code = unit.region.code
    return [
        user
        for user in User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .select_related("profile__unit__region")
        .distinct()
        .order_by("pk")
        if getattr(user, "profile", None) is not None
        and code.startswith(user.profile.unit.region.scope_prefix)
    ]


def _required(value, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("This field is required.")})
    return text


def _limit(limit_days, field="limit_days") -> int:
    if limit_days is None:
        return DEFAULT_LIMIT_DAYS
    try:
        limit = int(limit_days)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number of working days.")}) from None
    if not 1 <= limit <= MAX_LIMIT_DAYS:
        raise ValidationError(
            {field: _("The limit must be 1 to {max} working days.").format(max=MAX_LIMIT_DAYS)}
        )
    return limit


def check_upload(upload, field: str) -> tuple[str, str]:
    """Content type and SHA-256 of an evidence file (PDF, JPEG or PNG, checked by content)."""
    try:
        content_type, digest, _size = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return content_type, digest


def running_campaign(unit, on: date) -> Campaign | None:
    return (
        Campaign.objects.filter(units__unit=unit, starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "pk")
        .first()
    )


def problem_url(problem) -> str:
    return reverse("campaign:problem", args=[problem.pk])


def lock_problem(problem, user) -> Problem:
    try:
        return (
            Problem.objects.visible_to(user)
            .select_for_update()
            .select_related("unit__region")
            .get(pk=problem.pk)
        )
    except Problem.DoesNotExist:
        raise Http404(_("No such problem.")) from None


# -- raising a problem ------------------------------------------------------------------


def raise_problem(
    *,
    acting_user,
    unit,
    area,
    severity,
    title,
    description="",
    source=None,
    source_kind="other",
    responsible=None,
    limit_days=None,
    now=None,
) -> Problem:
    """Open a problem to rectify at ``unit``, from any source (the one door for every app).

    ``source`` (any model instance, optional) is linked generically; ``source_kind``
    says what it is. The limit runs in working days from the day the problem is
    raised (default 15); the responsible person, when given, is told.
    """
    with transaction.atomic():
        require_scope(acting_user, unit)
        errors = {}
        if area not in ProblemArea.values:
            errors["area"] = _("Choose one of the five problem areas.")
        if severity not in Severity.values:
            errors["severity"] = _("Choose a severity.")
        if source_kind not in SourceKind.values:
            errors["source_kind"] = _("Unknown source of a problem.")
        if not (title or "").strip():
            errors["title"] = _("This field is required.")
        if responsible is not None and not same_authority(responsible, unit):
            errors["responsible"] = _("The responsible person must work for the unit's authority.")
        if errors:
            raise ValidationError(errors)
        limit = _limit(limit_days)
        raised_on = local_date(now)
        year = raised_on.year
        problem = Problem(
            number="ZG-{}-{:05d}".format(year, next_value(f"campaign-problem:{year}")),
            campaign=running_campaign(unit, raised_on),
            unit=unit,
            area=area,
            severity=severity,
            title=title.strip()[:200],
            description=(description or "").strip(),
            source_kind=source_kind,
            raised_by=acting_user,
            raised_on=raised_on,
            responsible=responsible,
            limit_days=limit,
            due_date=get_calendar().add_workdays(raised_on, limit),
        )
        if source is not None:
            problem.source_type = ContentType.objects.get_for_model(source)
            problem.source_id = str(source.pk)
        problem.save(force_insert=True)
        audit.record(
            "campaign.raise_problem",
            actor=acting_user,
            target=problem,
            new={
                "unit": unit.code,
                "area": area,
                "severity": severity,
                "source_kind": source_kind,
                "due_date": problem.due_date.isoformat(),
            },
        )
        if responsible is not None:
            notify(
                [responsible],
                kind=NotificationKind.RECTIFICATION,
                key=f"campaign-problem:{problem.pk}:responsible",
                title=_("Problem to rectify: {title}").format(title=problem.title),
                body=_("Rectify by {due}.").format(due=problem.due_date.isoformat()),
                url=problem_url(problem),
            )
    return problem


# -- rectification -----------------------------------------------------------------------


def _may_rectify(user, problem) -> bool:
    return (
        user.pk == problem.responsible_id
        or is_unit_staff(user, problem.unit)
        or has_role(user, Role.SUPERVISOR)
    )


def plan_rectification(problem, *, acting_user, measures, responsible=None, now=None) -> Problem:
    """Set (or revise) the measures and the responsible person; the rectification starts."""
    with transaction.atomic():
        problem = lock_problem(problem, acting_user)
        if not _may_rectify(acting_user, problem):
            raise PermissionDenied(_("Only the unit's staff or a supervisor may plan this."))
        if problem.status not in (ProblemStatus.OPEN, ProblemStatus.RECTIFYING):
            raise TransitionError(_("The rectification has already been reported complete."))
        measures = _required(measures, "measures")
        responsible = responsible or problem.responsible or acting_user
        if not same_authority(responsible, problem.unit):
            raise ValidationError(
                {"responsible": _("The responsible person must work for the unit's authority.")}
            )
        old = {
            "status": problem.status,
            "measures": problem.measures,
            "responsible": problem.responsible_id,
        }
        if old == {
            "status": ProblemStatus.RECTIFYING,
            "measures": measures,
            "responsible": responsible.pk,
        }:
            return problem
        problem.measures = measures
        problem.responsible = responsible
        problem.status = ProblemStatus.RECTIFYING
        problem.save(update_fields=["measures", "responsible", "status"])
        audit.record(
            "campaign.plan_rectification",
            actor=acting_user,
            target=problem,
            old=old,
            new={"status": problem.status, "measures": measures, "responsible": responsible.pk},
        )
        if responsible.pk != acting_user.pk:
            notify(
                [responsible],
                kind=NotificationKind.RECTIFICATION,
                key=f"campaign-problem:{problem.pk}:responsible:{responsible.pk}",
                title=_("Problem to rectify: {title}").format(title=problem.title),
                body=_("Rectify by {due}.").format(due=problem.due_date.isoformat()),
                url=problem_url(problem),
            )
    return problem


def report_progress(
    problem, *, acting_user, text, final=False, evidence=None, now=None
) -> ProgressReport:
    """A progress report with optional evidence; ``final`` asks a supervisor to verify."""
    now = now or timezone.now()
    with transaction.atomic():
        problem = lock_problem(problem, acting_user)
        if not (
            acting_user.pk == problem.responsible_id or is_unit_staff(acting_user, problem.unit)
        ):
            raise PermissionDenied(_("Only the responsible person or the unit's staff may report."))
        if problem.status != ProblemStatus.RECTIFYING:
            raise TransitionError(_("Only a rectification under way takes progress reports."))
        text = _required(text, "text")
        report = ProgressReport(
            problem=problem, author=acting_user, text=text, final=bool(final), created_at=now
        )
        if evidence is not None:
            report.content_type, report.sha256 = check_upload(evidence, "evidence")
            report.evidence = evidence
        report.save()
        old_status = problem.status
        if final:
            problem.status = ProblemStatus.AWAITING
            problem.save(update_fields=["status"])
        audit.record(
            "campaign.report_progress",
            actor=acting_user,
            target=problem,
            old={"status": old_status},
            new={"status": problem.status, "report": report.pk, "evidence": report.sha256},
        )
        if final:
            notify(
                supervisors_of_unit(problem.unit),
                kind=NotificationKind.RECTIFICATION,
                key=f"campaign-problem:{problem.pk}:verify:{report.pk}",
                title=_("Rectification to verify: {title}").format(title=problem.title),
                body=text[:200],
                url=problem_url(problem),
            )
    return report


def verify_rectification(problem, *, acting_user, passed, reason="", now=None) -> Verification:
    """A supervisor verifies a completed rectification: passed closes it, else it reopens.

    A passed rectification is closed as of the day its completion was reported.
    """
    now = now or timezone.now()
    with transaction.atomic():
        problem = lock_problem(problem, acting_user)
        if not has_role(acting_user, Role.SUPERVISOR):
            raise PermissionDenied(_("Only a supervisor may verify a rectification."))
        if problem.status != ProblemStatus.AWAITING:
            raise TransitionError(_("The rectification has not been reported complete."))
        reason = (reason or "").strip()
        if not passed and not reason:
            raise ValidationError({"reason": _("Give the reason for reopening.")})
        verification = Verification.objects.create(
            problem=problem,
            verified_by=acting_user,
            passed=bool(passed),
            reason=reason,
            created_at=now,
        )
        old = {"status": problem.status}
        if passed:
            # The rectification was done when the unit reported it complete; the
            # verification confirms that day, so the clock stops there.
            report = problem.reports.filter(final=True).order_by("-created_at", "-pk").first()
            problem.status = ProblemStatus.CLOSED
            problem.closed_on = local_date(report.created_at if report else now)
        else:
            problem.status = ProblemStatus.RECTIFYING
        problem.save(update_fields=["status", "closed_on"])
        audit.record(
            "campaign.verify_rectification",
            actor=acting_user,
            target=problem,
            old=old,
            new={"status": problem.status, "passed": bool(passed), "reason": reason},
        )
        if problem.responsible_id:
            notify(
                [problem.responsible],
                kind=NotificationKind.RECTIFICATION,
                key=f"campaign-problem:{problem.pk}:verified:{verification.pk}",
                title=(
                    _("Rectification verified: {title}")
                    if passed
                    else _("Rectification reopened: {title}")
                ).format(title=problem.title),
                body=reason,
                url=problem_url(problem),
            )
    return verification


def flag_overdue_rectifications(as_of: date) -> int:
    """Mark the open rectifications past their due date; tell the unit's supervisors once.

    Returns the number newly flagged. Idempotent: a flagged problem is not
    flagged or notified again (the notice key is unique per problem).
    """
    flagged = 0
    candidates = (
        Problem.objects.overdue(as_of)
        .filter(overdue_flagged_on__isnull=True)
        .select_related("unit__region")
        .order_by("pk")
    )
    for problem in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            updated = Problem.objects.filter(pk=problem.pk, overdue_flagged_on__isnull=True).update(
                overdue_flagged_on=as_of
            )
            if not updated:
                continue
            audit.record(
                "campaign.flag_overdue",
                target=problem,
                old={"overdue_flagged_on": None},
                new={"overdue_flagged_on": as_of.isoformat()},
            )
            notify(
                supervisors_of_unit(problem.unit),
                kind=NotificationKind.RECTIFICATION,
                key=f"campaign-problem:{problem.pk}:overdue",
                title=_("Rectification overdue: {title}").format(title=problem.title),
                body=_("{unit}: due {due}.").format(
                    unit=problem.unit, due=problem.due_date.isoformat()
                ),
                url=problem_url(problem),
            )
            flagged += 1
    return flagged
