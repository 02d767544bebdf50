from xiaoneng.enforcement.demo import seed_enforcement
from xiaoneng.enforcement.models import DiscretionBenchmark, PenaltyDecision, PenaltyFacts


def test_seed_is_deterministic_and_idempotent(db, client_for, users):
    assert seed_enforcement() == 20
    assert PenaltyFacts.objects.count() == 20
    assert DiscretionBenchmark.objects.count() == 14
    tiers = set(PenaltyDecision.objects.exclude(tier="").values_list("tier", flat=True))
    assert tiers == {"minor", "ordinary", "serious", "grave"}
    assert PenaltyDecision.objects.filter(published_on__isnull=False).count() >= 5
    assert PenaltyDecision.objects.filter(out_of_range=True).exists()
    assert seed_enforcement() == 0
    assert PenaltyFacts.objects.count() == 20
    # The case framework's own page reads a penalty case too.
    number = PenaltyFacts.objects.first().case.number
    assert client_for(users.handler).get(f"/cases/{number}/").status_code == 200
    # Every stage's page renders for the handler and the approver.
    for facts in PenaltyFacts.objects.select_related("case"):
        for user in (users.handler, users.approver):
            url = f"/enforcement/{facts.case.number}/"
            assert client_for(user).get(url).status_code == 200
    client = client_for(users.handler)
    client.logout()
    assert client.get("/portal/penalties/").status_code == 200
    published = PenaltyDecision.objects.filter(published_on__isnull=False).first()
    assert client.get(f"/portal/penalties/{published.case.number}/").status_code == 200
