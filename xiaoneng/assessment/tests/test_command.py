"""``manage.py assess`` prints one JSON line; seed_demo's schemes compute the last two quarters."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xiaoneng.assessment.demo import last_quarters, seed_schemes
from xiaoneng.assessment.models import Period, Scheme
from xiaoneng.assessment.tests.conftest import Q1, authorities

pytestmark = pytest.mark.django_db


def assess(*args) -> dict:
    out = StringIO()
    call_command("assess", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_assess_prints_one_json_line(unit_scheme, staff_scheme, decided, users):
    decided("NX-DLR-USE", handler=users.handler)
    decided("NX-YC", handler=users.yc_staff02)
    result = assess("--period", "2026-q1", "--as-of", "2026-04-10")
    assert set(result) == {"period", "units", "staff", "seconds"}
    # the bureaus (NX-YC among them) and the office with a decided case; two handlers
    assert (result["period"], result["units"], result["staff"]) == (Q1, len(authorities()) + 1, 2)
    assert result["seconds"] >= 0


def test_assess_one_scheme_and_again_recomputes(unit_scheme, staff_scheme, decided):
    decided("NX-DLR-USE")
    units = len(authorities()) + 1
    assert assess("--period", Q1, "--scheme", "T-UNIT", "--as-of", "2026-04-10")["units"] == units
    assert assess("--period", Q1, "--scheme", "T-UNIT", "--as-of", "2026-04-10")["units"] == units
    assert Period.objects.get(scheme=unit_scheme, label=Q1).version == 2
    assert not Period.objects.filter(scheme=staff_scheme).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-Q5"], "2026-Q3"),
        (["--period", "2026-Q1", "--scheme", "NOPE"], "NOPE"),
        (["--period", "2026-Q1", "--as-of", "tomorrow"], "--as-of"),
        (["--period", "2026-Q2", "--as-of", "2026-05-01"], "2026-Q2"),
    ],
)
def test_assess_refuses_bad_input_with_a_message(unit_scheme, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("assess", *args, stdout=StringIO())


def test_last_quarters():
    from datetime import date

    assert last_quarters(date(2026, 11, 29)) == ["2026-Q2", "2026-Q3"]
    assert last_quarters(date(2026, 1, 1)) == ["2025-Q3", "2025-Q4"]


def test_demo_schemes_are_valid_and_idempotent():
    seed_schemes()
    seed_schemes()
    assert set(Scheme.objects.values_list("code", flat=True)) >= {"XN-UNIT", "XN-STAFF"}
    for scheme in Scheme.objects.filter(code__startswith="XN-"):
        scheme.full_clean()
        for indicator in scheme.indicators.all():
            indicator.full_clean()
    unit = Scheme.objects.get(code="XN-UNIT")
    assert sum(i.weight for i in unit.indicators.all()) == 100


def test_seed_assessment_computes_the_last_two_quarters_once(users):
    from xiaoneng.assessment.demo import seed_assessment
    from xiaoneng.assessment.models import Objection
    from xiaoneng.core.clock import today

    assert seed_assessment() == {"assessment_periods": 4}
    assert seed_assessment() == {"assessment_periods": 0}
    labels = last_quarters(today())
    latest = Period.objects.get(scheme__code="XN-UNIT", label=labels[-1])
    assert latest.version == 2  # the leader's review scores, recomputed
    assert Objection.objects.filter(score__period=latest).count() == 1
    assert set(Period.objects.values_list("label", flat=True)) == set(labels)
    older = Period.objects.get(scheme__code="XN-UNIT", label=labels[0])
    assert older.status == "published"
    assert older.published_by == users.leader
    assert latest.status == "computed"
