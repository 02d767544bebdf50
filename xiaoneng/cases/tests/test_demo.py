"""Demo cases: every state, deterministic for a seed, chains that verify."""

from datetime import date

import pytest
from django.db import transaction

from xiaoneng.cases.choices import Status
from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.integrity import verify_all
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.catalog.demo import seed_catalog

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def fingerprint():
    return list(
        Case.objects.order_by("number").values_list(
            "number", "status", "stage_name", "due_date", "light", "applicant_name"
        )
    )


@pytest.fixture
def seeded():
    seed_catalog()
    return seed_cases(160, seed=1, today=TODAY)


def test_demo_cases_cover_every_state_and_verify(seeded):
    assert seeded == Case.objects.count() > 140
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= {
        Status.RECEIVED, Status.IN_REVIEW, Status.PAUSED, Status.COMPLETED,
        Status.REFUSED, Status.WITHDRAWN, Status.DENIED,
    }  # fmt: skip
    assert Case.objects.filter(light="red").exists()
    assert Case.objects.filter(extension_days__gt=0).exists()
    assert Case.objects.filter(key_project__isnull=False).exists()
    assert Case.objects.open().filter(clock_as_of=TODAY).count() == Case.objects.open().count()
    result = verify_all()
    assert result["broken"] == []
    assert result["events"] == CaseEvent.objects.count()


def test_demo_cases_are_deterministic_for_a_seed():
    seed_catalog()
    runs = []
    for _ in range(2):
        # Each run in a savepoint that is rolled back: the second starts from
        # the same database, number sequences included.
        with transaction.atomic():
            seed_cases(40, seed=11, today=TODAY)
            runs.append(fingerprint())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert len(runs[0]) > 30
