"""Reads of the key-project board: figures per project and one project's approvals.

The list costs a fixed number of queries however many projects it shows:
one for the projects, one grouped count of their cases per (project, item),
one sum of their approved land.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from xiaoneng.cases.choices import OPEN_STATUSES, Status
from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.projects import procedure
from xiaoneng.projects.choices import Phase, ProjectStatus
from xiaoneng.projects.models import ApprovedLand, ProjectService
from xiaoneng.workdays.choices import Light

DONE_STATUSES = [Status.APPROVED, Status.COMPLETED]


@dataclass
class Figures:
    """What the board shows for one project, all read from its linked cases."""

    cases: int = 0
    open: int = 0
    done: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0
    steps: dict = field(default_factory=dict)  # item code → approved?
    approved_hectares: Decimal = Decimal("0")
    approved_farmland_hectares: Decimal = Decimal("0")
    next_code: str | None = None
    next_item: ServiceItem | None = None

    @property
    def status(self) -> ProjectStatus:
        if self.red:
            return ProjectStatus.OVERDUE
        if self.yellow:
            return ProjectStatus.WARNING
        if not self.steps:
            return ProjectStatus.NOT_STARTED
        if self.next_code is None and not self.open:
            return ProjectStatus.DONE
        return ProjectStatus.ON_TRACK

    @property
    def steps_total(self) -> int:
        return len(self.steps)

    @property
    def steps_done(self) -> int:
        return sum(1 for done in self.steps.values() if done)


def land_share(project: KeyProject, figures: Figures) -> int | None:
    """Approved land as a whole percentage of the planned land (None without a plan)."""
    if not project.planned_hectares:
        return None
    return round(figures.approved_hectares * 100 / project.planned_hectares)


def visible_projects(user, *, query: str = "", active_only: bool = False):
    projects = KeyProject.objects.visible_to(user).select_related("region", "coordinator")
    if query:
        projects = projects.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if active_only:
        projects = projects.filter(is_active=True)
    return projects.order_by("code")


def figures_for(projects) -> dict[int, Figures]:
    """The board's figures of each project, in three queries."""
    ids = [project.pk for project in projects]
    figures = {pk: Figures() for pk in ids}
    if not ids:
        return figures
    is_open = Q(status__in=OPEN_STATUSES)
    rows = (
        Case.objects.filter(key_project__in=ids)
        .values("key_project_id", "service_item__code")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=is_open),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
            red=Count("pk", filter=is_open & Q(light=Light.RED)),
            yellow=Count("pk", filter=is_open & Q(light=Light.YELLOW)),
            green=Count("pk", filter=is_open & Q(light=Light.GREEN)),
        )
        .order_by()
    )
    for row in rows:
        fig = figures[row["key_project_id"]]
        fig.cases += row["total"]
        fig.open += row["open"]
        fig.done += row["done"]
        fig.red += row["red"]
        fig.yellow += row["yellow"]
        fig.green += row["green"]
        fig.steps[row["service_item__code"]] = row["done"] > 0
    land = (
        ApprovedLand.objects.filter(
            case__key_project__in=ids,
            case__status__in=DONE_STATUSES,
            case__service_item__code__in=procedure.AREA_ITEM_CODES,
        )
        .values("case__key_project_id")
        .annotate(hectares=Sum("hectares"), farmland=Sum("farmland_hectares"))
        .order_by()
    )
    for row in land:
        fig = figures[row["case__key_project_id"]]
        fig.approved_hectares = row["hectares"] or Decimal("0")
        fig.approved_farmland_hectares = row["farmland"] or Decimal("0")
    next_codes = set()
    for fig in figures.values():
        fig.next_code = procedure.next_step(fig.steps)
        if fig.next_code:
            next_codes.add(fig.next_code)
    if next_codes:
        items = ServiceItem.objects.in_bulk(next_codes, field_name="code")
        for fig in figures.values():
            fig.next_item = items.get(fig.next_code)
    return figures


@dataclass
class Approval:
    """One case of a project, placed in procedural order."""

    case: Case
    phase: str
    done: bool
    is_next: bool
    land: ApprovedLand | None

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label


def approvals_of(project: KeyProject, next_code: str | None) -> list[Approval]:
    """The project's cases in the order the procedure requires, oldest first within an item."""
    cases = list(
        Case.objects.filter(key_project=project)
        .select_related("service_item", "authority", "handler", "approved_land")
        .order_by("received_at", "pk")
    )
    cases.sort(key=lambda case: procedure.sort_key(case.service_item.code))
    approvals = []
    marked = False
    for case in cases:
        code = case.service_item.code
        is_next = not marked and code == next_code and case.status not in DONE_STATUSES
        marked = marked or is_next
        approvals.append(
            Approval(
                case=case,
                phase=procedure.phase_of(code),
                done=case.status in DONE_STATUSES,
                is_next=is_next,
                land=getattr(case, "approved_land", None),
            )
        )
    return approvals


def services_of(project: KeyProject):
    return ProjectService.objects.filter(project=project).select_related("recorded_by")
