"""Running a campaign: creation, leading group, phases and tasks, unit submissions, checklists.

The leaders of the organising authority's region set the campaign up; the
members of its leading group manage phases, tasks and study sessions; each
unit's staff hand in the unit's plan and ideas and fill its checklist; each
person fills his own checklist when the campaign asks for it. A "problem
found" answer becomes a Problem through ``services.raise_problem``.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.campaign.choices import (
    AnswerResult,
    GroupRole,
    PhaseKind,
    Severity,
    SourceKind,
    SubmissionKind,
)
from xiaoneng.campaign.models import (
    Answer,
    Campaign,
    CampaignUnit,
    Checklist,
    ChecklistItem,
    GroupMember,
    Phase,
    PhaseTask,
    Submission,
)
from xiaoneng.campaign.services import (
    _limit,
    _required,
    check_upload,
    has_role,
    is_unit_staff,
    local_date,
    raise_problem,
    require_profile,
    require_scope,
    unit_in_scope,
)
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role
from xiaoneng.workdays.services import get_calendar


def may_manage(user, campaign) -> bool:
    """Leaders who see the organiser, and the members of the leading group."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "profile"):
        return False
    if has_role(user, Role.LEADER) and unit_in_scope(user, campaign.organiser):
        return True
    return campaign.group.filter(user=user.pk).exists()


def require_manager(user, campaign) -> None:
    require_profile(user)
    if not Campaign.objects.visible_to(user).filter(pk=campaign.pk).exists():
        raise Http404(_("No such campaign."))
    if not may_manage(user, campaign):
        raise PermissionDenied(_("Only the campaign's leaders and leading group may do this."))


@transaction.atomic
def create_campaign(
    *,
    acting_user,
    name,
    organiser,
    starts_on: date,
    ends_on: date,
    units,
    description="",
    personal_checklists=True,
) -> Campaign:
    """A leader opens a campaign of his authority with the units taking part."""
    require_scope(acting_user, organiser)
    if not has_role(acting_user, Role.LEADER):
        raise PermissionDenied(_("Only a leader may open a campaign."))
    name = _required(name, "name")
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The campaign must end after it starts.")})
    units = list(units)
    outside = [unit for unit in units if not unit_in_scope(acting_user, unit)]
    if outside or not units:
        raise ValidationError({"units": _("Choose units within your scope.")})
    campaign = Campaign.objects.create(
        name=name,
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        description=(description or "").strip(),
        personal_checklists=bool(personal_checklists),
        created_by=acting_user,
    )
    CampaignUnit.objects.bulk_create([CampaignUnit(campaign=campaign, unit=unit) for unit in units])
    audit.record(
        "campaign.create",
        actor=acting_user,
        target=campaign,
        new={"name": name, "units": [unit.code for unit in units]},
    )
    return campaign


@transaction.atomic
def set_group_member(campaign, *, acting_user, user, role, duty="") -> GroupMember:
    """Seat a person in the leading group (one head, the 一把手)."""
    require_manager(acting_user, campaign)
    if role not in GroupRole.values:
        raise ValidationError({"role": _("Choose head, deputy or member.")})
    profile = getattr(user, "profile", None)
    if profile is None or not unit_in_scope(acting_user, profile.unit):
        raise ValidationError({"user": _("Choose a staff member within your scope.")})
    if (
        role == GroupRole.HEAD
        and campaign.group.filter(role=GroupRole.HEAD).exclude(user=user).exists()
    ):
        raise ValidationError({"role": _("The leading group already has a head.")})
    member = campaign.group.filter(user=user).first()
    old = {"role": member.role, "duty": member.duty} if member else {}
    if member is None:
        member = GroupMember(campaign=campaign, user=user)
    elif old == {"role": role, "duty": duty}:
        return member
    member.role, member.duty, member.unit = role, duty, profile.unit
    member.save()
    audit.record(
        "campaign.group_member",
        actor=acting_user,
        target=campaign,
        old=old,
        new={"user": user.get_username(), "role": role, "duty": duty},
    )
    return member


@transaction.atomic
def set_unit_responsible(campaign, *, acting_user, unit, responsible) -> CampaignUnit:
    """Name the person responsible for the campaign at one unit (具体负责)."""
    require_manager(acting_user, campaign)
    row = campaign.units.filter(unit=unit).first()
    if row is None:
        raise ValidationError({"unit": _("The unit does not take part in the campaign.")})
    if not is_unit_staff(responsible, unit):
        raise ValidationError({"responsible": _("The responsible person must work at the unit.")})
    if row.responsible_id == responsible.pk:
        return row
    old = {"responsible": row.responsible_id}
    row.responsible = responsible
    row.save(update_fields=["responsible"])
    audit.record(
        "campaign.unit_responsible",
        actor=acting_user,
        target=campaign,
        old=old,
        new={"unit": unit.code, "responsible": responsible.pk},
    )
    return row


@transaction.atomic
def set_phase(campaign, *, acting_user, kind, starts_on, ends_on, goals="") -> Phase:
    """Create or re-date one of the three phases (inside the campaign's period)."""
    require_manager(acting_user, campaign)
    if kind not in PhaseKind.values:
        raise ValidationError({"kind": _("Unknown phase.")})
    if not (campaign.starts_on <= starts_on <= ends_on <= campaign.ends_on):
        raise ValidationError({"ends_on": _("A phase lies inside the campaign's period.")})
    phase = campaign.phases.filter(kind=kind).first()
    values = {"starts_on": starts_on, "ends_on": ends_on, "goals": goals}
    if phase is not None and all(getattr(phase, k) == v for k, v in values.items()):
        return phase
    old = {k: str(getattr(phase, k)) for k in values} if phase else {}
    if phase is None:
        phase = Phase(campaign=campaign, kind=kind)
    for key, value in values.items():
        setattr(phase, key, value)
    phase.save()
    audit.record(
        "campaign.set_phase",
        actor=acting_user,
        target=campaign,
        old=old,
        new={"kind": kind, **{k: str(v) for k, v in values.items()}},
    )
    return phase


@transaction.atomic
def add_phase_task(
    phase, *, acting_user, title, issued_on, limit_days, unit=None, description=""
) -> PhaseTask:
    """A dated task of a phase, due ``limit_days`` working days after ``issued_on``."""
    require_manager(acting_user, phase.campaign)
    title = _required(title, "title")
    limit = _limit(limit_days)
    if unit is not None and not phase.campaign.units.filter(unit=unit).exists():
        raise ValidationError({"unit": _("The unit does not take part in the campaign.")})
    if phase.tasks.filter(title=title).exists():
        raise ValidationError({"title": _("The phase already has this task.")})
    task = PhaseTask.objects.create(
        phase=phase,
        title=title,
        description=(description or "").strip(),
        unit=unit,
        issued_on=issued_on,
        limit_days=limit,
        due_date=get_calendar().add_workdays(issued_on, limit),
    )
    audit.record(
        "campaign.add_task",
        actor=acting_user,
        target=phase.campaign,
        new={"task": title, "due_date": task.due_date.isoformat()},
    )
    return task


@transaction.atomic
def complete_phase_task(task, *, acting_user, note="", now=None) -> PhaseTask:
    """The task's unit (or, for a group task, the leading group) reports it done."""
    task = PhaseTask.objects.select_for_update().select_related("phase__campaign").get(pk=task.pk)
    campaign = task.phase.campaign
    require_profile(acting_user)
    if not Campaign.objects.visible_to(acting_user).filter(pk=campaign.pk).exists():
        raise Http404(_("No such campaign."))
    allowed = may_manage(acting_user, campaign) or (
        task.unit_id is not None and is_unit_staff(acting_user, task.unit)
    )
    if not allowed:
        raise PermissionDenied(_("Only the task's unit or the leading group may report it done."))
    if task.done_on is not None:
        raise TransitionError(_("The task is already done."))
    done_on = max(local_date(now), task.issued_on)
    task.done_on, task.done_by, task.note = done_on, acting_user, (note or "").strip()
    task.save(update_fields=["done_on", "done_by", "note"])
    audit.record(
        "campaign.complete_task",
        actor=acting_user,
        target=campaign,
        new={"task": task.title, "done_on": done_on.isoformat()},
    )
    return task


@transaction.atomic
def request_submissions(campaign, *, acting_user, kind, issued_on, limit_days) -> int:
    """Ask every unit for its plan (or ideas) within ``limit_days`` working days; idempotent."""
    require_manager(acting_user, campaign)
    if kind not in SubmissionKind.values:
        raise ValidationError({"kind": _("Unknown kind of submission.")})
    limit = _limit(limit_days)
    due = get_calendar().add_workdays(issued_on, limit)
    have = set(campaign.submissions.filter(kind=kind).values_list("unit_id", flat=True))
    rows = [
        Submission(
            campaign=campaign,
            unit_id=unit_id,
            kind=kind,
            issued_on=issued_on,
            limit_days=limit,
            due_date=due,
        )
        for unit_id in campaign.units.values_list("unit_id", flat=True)
        if unit_id not in have
    ]
    Submission.objects.bulk_create(rows)
    if rows:
        audit.record(
            "campaign.request_submissions",
            actor=acting_user,
            target=campaign,
            new={"kind": kind, "due_date": due.isoformat(), "units": len(rows)},
        )
    return len(rows)


@transaction.atomic
def submit(submission, *, acting_user, text="", upload=None, now=None) -> Submission:
    """A unit's staff hand in (or replace) its plan or ideas, written or as a file."""
    submission = Submission.objects.select_for_update().select_related("unit").get(pk=submission.pk)
    require_scope(acting_user, submission.unit)
    if not is_unit_staff(acting_user, submission.unit):
        raise PermissionDenied(_("Only the unit's own staff may hand this in."))
    text = (text or "").strip()
    if not text and upload is None:
        raise ValidationError({"text": _("Write the text or upload a file.")})
    old = {"done_on": str(submission.done_on or ""), "sha256": submission.sha256}
    if upload is not None:
        submission.content_type, submission.sha256 = check_upload(upload, "file")
        submission.file = upload
    submission.text = text
    submission.submitted_by = acting_user
    submission.done_on = max(local_date(now), submission.issued_on)
    submission.save(
        update_fields=["text", "file", "content_type", "sha256", "submitted_by", "done_on"]
    )
    audit.record(
        "campaign.submit",
        actor=acting_user,
        target=submission.campaign,
        old=old,
        new={
            "unit": submission.unit.code,
            "kind": submission.kind,
            "done_on": submission.done_on.isoformat(),
            "sha256": submission.sha256,
        },
    )
    return submission


# -- checklists -------------------------------------------------------------------------


def active_items():
    return (
        ChecklistItem.objects.filter(is_active=True, template__is_active=True)
        .select_related("template")
        .order_by("template_id", "order")
    )


@transaction.atomic
def open_checklist(campaign, *, acting_user, personal: bool, create: bool = True) -> Checklist:
    """The acting user's own checklist, or his unit's (created on first use).

    With ``create=False`` (a page that only shows it) a checklist not begun yet
    is returned unsaved.
    """
    profile = require_profile(acting_user)
    row = campaign.units.filter(unit=profile.unit).first()
    if row is None:
        raise PermissionDenied(_("Your unit does not take part in the campaign."))
    if personal and not campaign.personal_checklists:
        raise ValidationError({"personal": _("This campaign has no personal checklists.")})
    lookup = {
        "campaign": campaign,
        "unit": profile.unit,
        "person": acting_user if personal else None,
    }
    if not create:
        return Checklist.objects.filter(**lookup).first() or Checklist(**lookup)
    checklist, _created = Checklist.objects.get_or_create(**lookup)
    return checklist


@transaction.atomic
def submit_checklist(checklist, *, acting_user, answers: dict, now=None) -> list:
    """File the answers (item id → (result, text, severity)); each problem found is raised.

    Every active item must be answered; a "problem found" needs its text.
    Returns the problems raised.
    """
    now = now or timezone.now()
    checklist = Checklist.objects.select_for_update().select_related("unit").get(pk=checklist.pk)
    require_profile(acting_user)
    if checklist.person_id is not None:
        if checklist.person_id != acting_user.pk:
            raise PermissionDenied(_("Only the person may fill his own checklist."))
    elif not is_unit_staff(acting_user, checklist.unit):
        raise PermissionDenied(_("Only the unit's own staff may fill its checklist."))
    if checklist.submitted_at is not None:
        raise TransitionError(_("The checklist has already been submitted."))
    items = list(active_items())
    errors = {}
    clean = []
    for item in items:
        result, text, severity = answers.get(item.pk, (None, "", Severity.MINOR))
        text = (text or "").strip()
        key = f"item_{item.pk}"
        if result not in AnswerResult.values:
            errors[key] = _("Answer every question.")
        elif result == AnswerResult.PROBLEM and not text:
            errors[key] = _("Describe the problem found.")
        elif severity not in Severity.values:
            errors[key] = _("Choose a severity.")
        clean.append((item, result, text, severity))
    if errors:
        raise ValidationError(errors)
    problems = []
    for item, result, text, severity in clean:
        answer = Answer.objects.create(
            checklist=checklist, item=item, result=result, text=text, severity=severity
        )
        if result == AnswerResult.PROBLEM:
            problems.append(
                raise_problem(
                    acting_user=acting_user,
                    unit=checklist.unit,
                    area=item.template.area,
                    severity=severity,
                    title=text[:200],
                    description=item.text,
                    source=answer,
                    source_kind=SourceKind.SELF_INSPECTION,
                    responsible=checklist.person,
                    now=now,
                )
            )
    checklist.submitted_at, checklist.submitted_by = now, acting_user
    checklist.save(update_fields=["submitted_at", "submitted_by"])
    audit.record(
        "campaign.submit_checklist",
        actor=acting_user,
        target=checklist,
        new={"answers": len(clean), "problems": [p.number for p in problems]},
    )
    return problems
