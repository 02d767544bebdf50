"""Assessment fixtures: schemes built to order and decided cases with chosen dates.

Decided cases are written as rows (``decided``): the figures only read the
columns the case actions leave behind (decision day, due dates, elapsed
days); the tests that need the actions' own history use ``reviewed``.
"""

from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.assessment.choices import Rule, Source, Subject
from xiaoneng.assessment.models import Indicator, Scheme
from xiaoneng.cases.models import Case, RuleSet
from xiaoneng.org.models import Region, Unit

Q1 = "2026-Q1"
AFTER_Q1 = date(2026, 4, 10)


@pytest.fixture
def scheme_for(db):
    """``scheme_for(subject, [(code, source, rule, weight, zero_at, full_at, per), ...])``."""

    def make(subject=Subject.UNIT, rows=None, region="640000", code=None, **bands):
        scheme = Scheme.objects.create(
            code=code or f"T-{subject}-{Scheme.objects.count()}",
            name="测试考评细则",
            subject=subject,
            region=Region.objects.get(code=region),
            **bands,
        )
        for position, row in enumerate(rows or [], start=1):
            icode, source, rule, weight, zero_at, full_at, per = row
            indicator = Indicator(
                scheme=scheme,
                code=icode,
                name=icode,
                position=position,
                source=source,
                rule=rule,
                weight=Decimal(str(weight)),
                zero_at=None if zero_at is None else Decimal(str(zero_at)),
                full_at=None if full_at is None else Decimal(str(full_at)),
                per_occurrence=None if per is None else Decimal(str(per)),
            )
            indicator.full_clean()
            indicator.save()
        return scheme

    return make


@pytest.fixture
def unit_scheme(scheme_for):
    """On time (80 → 0, 100 → 40), days ratio (1.0 → 0, 0.5 → 20), red cards −5 capped at 20,
    yellow −2 capped at 10, a manual score of 10: 100 points."""
    return scheme_for(
        Subject.UNIT,
        [
            ("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 40, 80, 100, None),
            ("DAYS", Source.DAYS_RATIO, Rule.LINEAR, 20, "1.0", "0.5", None),
            ("RED", Source.RED_CARDS, Rule.DEDUCTION, 20, None, None, 5),
            ("YELLOW", Source.YELLOW_CARDS, Rule.DEDUCTION, 10, None, None, 2),
            ("REVIEW", Source.MANUAL, Rule.MANUAL, 10, None, None, None),
        ],
        code="T-UNIT",
    )


@pytest.fixture
def staff_scheme(scheme_for):
    return scheme_for(
        Subject.STAFF,
        [
            ("ONTIME", Source.ON_TIME_PROMISED, Rule.LINEAR, 60, 80, 100, None),
            ("RED", Source.RED_CARDS, Rule.DEDUCTION, 40, None, None, 10),
        ],
        code="T-STAFF",
    )


@pytest.fixture
def decided(item, users):
    """A decided case row: ``decided(unit_code, on, due, statutory_due, elapsed=…, handler=…)``."""
    counter = {"n": 0}

    def make(
        unit="NX-DLR-USE",
        on="2026-02-10",
        due="2026-02-20",
        statutory_due="2026-03-05",
        *,
        elapsed=5,
        promised=10,
        extension=0,
        handler=None,
    ):
        counter["n"] += 1
        unit = Unit.objects.get(code=unit)
        return Case.objects.create(
            number=f"T-ASSESS-{counter['n']:05d}",
            service_item=item,
            authority=unit if unit.parent_id is None else unit.parent,
            unit=unit,
            channel="window",
            status="completed",
            applicant_kind="org",
            applicant_name="测试公司",
            phone="13800000000",
            received_on=date(2026, 1, 5),
            accepted_on=date(2026, 1, 5),
            rule_set=RuleSet.of({"promised_limit_days": promised, "statutory_limit_days": 20}),
            handler=handler if handler is not None else users.handler,
            decided_on=date.fromisoformat(on),
            closed_on=date.fromisoformat(on),
            decision_result="approve",
            due_date=date.fromisoformat(due),
            statutory_due_date=date.fromisoformat(statutory_due),
            elapsed_workdays=elapsed,
            extension_days=extension,
        )

    return make


def authorities(prefix: str = "64") -> list[str]:
    """Codes of the department and bureaus in a region: unit schemes always score them."""
    from xiaoneng.assessment.services import AUTHORITY_KINDS

    return sorted(
        Unit.objects.filter(
            region__code__startswith=prefix, kind__in=AUTHORITY_KINDS, is_active=True
        ).values_list("code", flat=True)
    )
