"""Reads of the campaign: scoped lists, the leaders' board figures and the 整改台账.

Every figure is limited to the units the user may see (``unit_filter``): a
bureau's supervisor sees his bureau's part of a province-wide campaign and
nothing of the department's units.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from xiaoneng.campaign.choices import (
    FindingKind,
    GroupRole,
    ProblemArea,
    ProblemStatus,
    SourceKind,
    SubmissionKind,
)
from xiaoneng.campaign.models import (
    Campaign,
    DisciplineCheck,
    Finding,
    PhaseTask,
    Problem,
    StudySession,
    Submission,
)
from xiaoneng.campaign.study import unit_rates
from xiaoneng.org.models import Unit
from xiaoneng.org.scope import unit_filter
from xiaoneng.workdays.services import get_calendar


def overdue_rectifications(user, as_of: date):
    """Open rectifications past their due date, in the user's scope (for the supervision centre)."""
    return (
        Problem.objects.visible_to(user)
        .overdue(as_of)
        .select_related("unit", "responsible")
        .order_by("due_date", "pk")
    )


def units_in_scope(user, campaign):
    return Unit.objects.filter(
        unit_filter(user, prefix=""), campaign_rows__campaign=campaign
    ).order_by("region__code", "sort_order", "code")


def with_lights(rows, as_of: date):
    """Attach ``reading`` (the clock on ``as_of``) to each task, submission or problem."""
    calendar = get_calendar()
    rows = list(rows)
    for row in rows:
        row.reading = row.clock(calendar, as_of)
    return rows


@dataclass
class Board:
    """The figures of the leaders' board (and of the printed summary)."""

    campaign: Campaign
    as_of: date
    phases: list = field(default_factory=list)  # (phase, done, total, lights dict)
    plans: dict = field(default_factory=dict)  # kind → (received, expected)
    areas: list = field(default_factory=list)  # (label, found, rectified)
    units: list = field(default_factory=list)  # (label, found, rectified, overdue)
    sources: list = field(default_factory=list)  # (label, found)
    attendance: list = field(default_factory=list)  # Rate per unit
    sessions_held: int = 0
    sessions_total: int = 0
    findings: list = field(default_factory=list)  # (label, count)
    totals: dict = field(default_factory=dict)

    def chart_data(self) -> dict:
        return {
            "areas": {
                "labels": [row[0] for row in self.areas],
                "found": [row[1] for row in self.areas],
                "rectified": [row[2] for row in self.areas],
            },
            "units": {
                "labels": [row[0] for row in self.units],
                "found": [row[1] for row in self.units],
                "rectified": [row[2] for row in self.units],
            },
            "attendance": {
                "labels": [rate.label for rate in self.attendance],
                "rates": [rate.rate or 0 for rate in self.attendance],
            },
            "findings": [{"name": label, "value": count} for label, count in self.findings],
        }


def board(user, campaign, as_of: date) -> Board:
    units = list(units_in_scope(user, campaign))
    unit_ids = [unit.pk for unit in units]
    result = Board(campaign=campaign, as_of=as_of)
    calendar = get_calendar()

    tasks = PhaseTask.objects.filter(phase__campaign=campaign).filter(
        Q(unit__isnull=True) | Q(unit_id__in=unit_ids)
    )
    by_phase = {}
    for task in tasks.select_related("phase"):
        light = task.clock(calendar, as_of).light
        entry = by_phase.setdefault(task.phase_id, {"done": 0, "total": 0, "lights": {}})
        entry["total"] += 1
        entry["done"] += task.done_on is not None and task.done_on <= as_of
        entry["lights"][light] = entry["lights"].get(light, 0) + 1
    for phase in campaign.phases.all():
        entry = by_phase.get(phase.pk, {"done": 0, "total": 0, "lights": {}})
        result.phases.append((phase, entry["done"], entry["total"], entry["lights"]))

    submissions = Submission.objects.filter(campaign=campaign, unit_id__in=unit_ids)
    for kind in SubmissionKind:
        rows = submissions.filter(kind=kind)
        result.plans[kind.value] = (
            kind.label,
            rows.filter(done_on__isnull=False).count(),
            rows.count(),
        )

    problems = Problem.objects.filter(campaign=campaign, unit_id__in=unit_ids)
    closed = Q(status=ProblemStatus.CLOSED)
    by_area = {
        row["area"]: row
        for row in problems.values("area").annotate(n=Count("pk"), done=Count("pk", filter=closed))
    }
    for area in ProblemArea:
        row = by_area.get(area.value, {"n": 0, "done": 0})
        result.areas.append((str(area.label), row["n"], row["done"]))
    by_unit = {
        row["unit_id"]: row
        for row in problems.values("unit_id").annotate(
            n=Count("pk"),
            done=Count("pk", filter=closed),
            late=Count("pk", filter=~closed & Q(due_date__lt=as_of)),
        )
    }
    for unit in units:
        row = by_unit.get(unit.pk)
        if row:
            result.units.append((unit.short_name or unit.name, row["n"], row["done"], row["late"]))
    by_source = dict(problems.values_list("source_kind").annotate(n=Count("pk")))
    result.sources = [
        (str(kind.label), by_source.get(kind.value, 0))
        for kind in SourceKind
        if by_source.get(kind.value)
    ]

    sessions = StudySession.objects.filter(campaign=campaign)
    result.sessions_total = sessions.count()
    held = sessions.filter(starts_at__date__lte=as_of)
    result.sessions_held = held.count()
    result.attendance = unit_rates(held, units)

    findings = Finding.objects.filter(check_row__campaign=campaign, check_row__unit_id__in=unit_ids)
    by_kind = dict(findings.values_list("kind").annotate(n=Count("pk")))
    result.findings = [(str(kind.label), by_kind.get(kind.value, 0)) for kind in FindingKind]

    present = sum(rate.present for rate in result.attendance)
    base = sum(rate.expected - rate.excused for rate in result.attendance)
    found = problems.count()
    rectified = problems.filter(closed).count()
    result.totals = {
        "units": len(units),
        "problems": found,
        "rectified": rectified,
        "overdue": problems.filter(~closed, due_date__lt=as_of).count(),
        "rectified_rate": round(100 * rectified / found, 1) if found else None,
        "attendance_rate": round(100 * present / base, 1) if base else None,
        "findings": sum(by_kind.values()),
        "checks": DisciplineCheck.objects.filter(campaign=campaign, unit_id__in=unit_ids).count(),
    }
    return result


def leading_group(campaign) -> list:
    """The leading group: the head (一把手) first, then the deputies, then the members."""
    order = {role: index for index, role in enumerate(GroupRole.values)}
    members = campaign.group.select_related("user", "unit").order_by("unit__sort_order", "pk")
    return sorted(members, key=lambda member: order[member.role])


def current_phase(campaign, as_of: date):
    return campaign.phases.filter(starts_on__lte=as_of, ends_on__gte=as_of).first()


def ledger(user, unit_ids=None):
    """The rectification ledger (整改台账): every problem in scope, oldest first."""
    qs = (
        Problem.objects.visible_to(user)
        .select_related("unit", "responsible", "campaign")
        .order_by("unit__sort_order", "unit__code", "raised_on", "pk")
    )
    if unit_ids:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs


def centre_panel(user, as_of: date):
    """The supervision centre's panel of overdue rectifications (整改超期)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from xiaoneng.supervision.panels import PANEL_ROWS, Panel, PanelRow

    overdue = overdue_rectifications(user, as_of)
    calendar = get_calendar()
    rows = [
        PanelRow(
            label=f"{problem.number} · {problem.unit.name} · {problem.title}",
            url=reverse("campaign:problem", args=[problem.pk]),
            due_date=problem.due_date,
            overdue_days=calendar.workdays_between(problem.due_date, as_of),
        )
        for problem in overdue[:PANEL_ROWS]
    ]
    return Panel(
        title=_("Overdue rectifications"),
        count=overdue.count(),
        url=reverse("campaign:ledger"),
        rows=rows,
    )
