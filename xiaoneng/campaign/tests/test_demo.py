import time_machine

from xiaoneng.campaign.choices import PhaseKind, ProblemStatus, SourceKind
from xiaoneng.campaign.demo import NAME, seed_campaign
from xiaoneng.campaign.models import (
    Campaign,
    ChecklistItem,
    ChecklistTemplate,
    DisciplineCheck,
    Problem,
    StudySession,
)


def test_default_checklists_are_the_reports_items(db):
    assert ChecklistTemplate.objects.count() == 5
    assert ChecklistItem.objects.count() == 15
    efficiency = ChecklistTemplate.objects.get(area="efficiency")
    texts = list(efficiency.items.values_list("text", flat=True))
    assert texts[0].startswith("精神是否振奋")
    assert "办事拖拉、故意设障" in texts[1]
    assert texts[2].startswith("工作流程是否优化")


@time_machine.travel("2026-11-29 10:00 +0800", tick=False)
def test_seed_campaign_reproduces_the_report_and_is_idempotent(users, client_for):
    counts = seed_campaign()
    assert counts["campaign"] == 1
    campaign = Campaign.objects.get(name=NAME)
    assert (campaign.starts_on.month, campaign.ends_on.month) == (6, 12)  # seven months
    assert [p.kind for p in campaign.phases.all()] == [
        PhaseKind.MOBILISATION,
        PhaseKind.INSPECTION,
        PhaseKind.SUMMARY,
    ]
    head = campaign.group.get(role="head")
    assert head.user == users.leader
    assert StudySession.objects.filter(campaign=campaign).count() == 16
    assert campaign.checklists.filter(submitted_at__isnull=False).exists()
    problems = Problem.objects.filter(campaign=campaign)
    assert problems.filter(source_kind=SourceKind.SELF_INSPECTION).exists()
    assert problems.filter(status=ProblemStatus.CLOSED).exists()
    assert DisciplineCheck.objects.exists()
    assert campaign.submissions.filter(kind="plan", done_on__isnull=False).exists()
    before = Problem.objects.count()
    assert seed_campaign() == {"campaign": 0}
    assert Problem.objects.count() == before

    client = client_for(users.leader)
    for path in [
        "",
        "{}/",
        "{}/board/",
        "{}/sessions/",
        "problems/",
        "checks/",
        "{}/board/summary.pdf",
    ]:
        response = client.get("/campaign/" + path.format(campaign.pk))
        assert response.status_code == 200, path
    board = client.get(f"/campaign/{campaign.pk}/board/").context["board"]
    assert board.sessions_total == 16
    assert 0 < board.sessions_held < 16
