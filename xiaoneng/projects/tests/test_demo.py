import pytest

from xiaoneng.cases.models import Case, KeyProject
from xiaoneng.projects.demo import PROJECTS, seed_projects

pytestmark = pytest.mark.django_db


def test_seed_projects_links_matching_cases_and_is_idempotent(case_of, walk):
    walk(case_of("YDYS", "2026-02-02"), "2026-02-02")
    walk(case_of("NYDZY", "2026-02-03"), "2026-02-03", until="approved")
    case_of("LSYD", clerk="yc_clerk")  # Yinchuan: not for a project elsewhere
    first = seed_projects()
    assert first["key_projects"] == len(PROJECTS) == 5
    assert first["project_links"] == 2
    assert first["project_services"] == 10
    highway = KeyProject.objects.get(code="NX-ZD-2026-01")
    assert set(highway.cases.values_list("service_item__code", flat=True)) == {"YDYS", "NYDZY"}
    assert highway.cases.get(service_item__code="NYDZY").approved_land.hectares > 0
    assert not Case.objects.filter(service_item__code="LSYD", key_project__isnull=False).exists()
    assert seed_projects() == {"key_projects": 0, "project_links": 0, "project_services": 0}


def test_the_first_notice_run_after_seeding_tells_only_what_followed_the_seeding(case_of, walk):
    from xiaoneng.cases.choices import EventKind
    from xiaoneng.cases.models import CaseEvent
    from xiaoneng.projects.services import notify_project_events

    walk(case_of("YDYS", "2026-02-02"), "2026-02-02")
    walk(case_of("NYDZY", "2026-02-03"), "2026-02-03", until="approved")
    seed_projects()
    linked = CaseEvent.objects.filter(case__key_project__isnull=False)
    assert linked.count() > linked.filter(kind=EventKind.PROJECT_LINKED).count()
    # The cases' history predates the projects' coordinators: only the links are news.
    assert notify_project_events() == linked.filter(kind=EventKind.PROJECT_LINKED).count() == 2
