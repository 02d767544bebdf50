"""Loading a bench database: a few real cases made by the actions, then copies of them."""

import random
from datetime import datetime, time

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.models import Case, CaseLight
from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.org.demo import seed_org


def build(total: int, *, real: int, open_only: bool = False, as_of=None) -> None:
    """Migrate, seed ``real`` demo cases, then copy them until there are ``total``.

    With ``open_only`` only open cases are copied and counted (the sweep's load).

    Copies get new numbers and keep everything else (status, clock, stage), so
    queues and sweeps see a province's load without a year of actions.

    With ``as_of`` the copies are re-dated around that day the way a
    department that mostly keeps its limits looks (``redate``); without it
    they keep the demo's dates, where every other open case is overdue.
    """
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        seed_org()
        seed_catalog()
        seed_cases(real, seed=1)
    cases = Case.objects.open() if open_only else Case.objects.all()
    templates = list(cases.select_related("authority__region"))
    if as_of is not None:
        from xiaoneng.workdays.services import get_calendar

        calendar, rng = get_calendar(), random.Random(7)
    copies, number = [], cases.count()
    while number < total:
        template = templates[number % len(templates)]
        number += 1
        values = {f.attname: getattr(template, f.attname) for f in Case._meta.fields}
        values.update(id=None, number=f"{template.authority.region.code}-BENCH-{number:07d}")
        if as_of is not None:
            redate(values, template, calendar, as_of, rng)
        copies.append(Case(**values))
        if len(copies) == 5000:
            _insert(copies)
            copies = []
    _insert(copies)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: give the planner statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _insert(copies: list) -> None:
    """The copies and the lights of the open ones (what ``Case.save`` writes one by one)."""
    Case.objects.bulk_create(copies)
    CaseLight.objects.bulk_create(
        CaseLight(case_id=case.pk, **CaseLight.values_of(case)) for case in copies if case.is_open
    )


def _back(calendar, day, n: int):
    """The day ``n`` working days before ``day`` (so that ``n`` lie in (it, day])."""
    position = int(calendar.cum[calendar.offset(day)]) - n
    return calendar.day_at(calendar.nth[max(position, 1) - 1])


def redate(values: dict, template, calendar, as_of, rng: random.Random) -> None:
    """Give a copy dates of a department that mostly keeps its limits, on ``as_of``.

    Of the accepted copies 80% are inside the promised limit short of its
    warning zone, 12% in the warning zone, 6% past the promised but inside
    the statutory limit and 2% past the statutory limit; 3% have had no
    event for a week (the idle rule); 5% of stages are on the last day of
    their budget. The stored clocks are left as they were: the bench's
    priming sweep computes them.
    """
    if template.accepted_on is None:
        values["received_on"] = _back(calendar, as_of, rng.randint(0, 4))
        values["received_at"] = _at(values["received_on"])
        values["last_event_at"] = values["received_at"]
        return
    limit = template.rules["promised_limit_days"] + (template.extension_days or 0)
    statutory = template.rules["statutory_limit_days"]
    warning = template.rules.get("warning_days") or max(limit // 5, 1)
    draw = rng.random()
    if draw < 0.80:
        elapsed = rng.randint(0, max(limit - warning - 1, 0))
    elif draw < 0.92:
        elapsed = rng.randint(max(limit - warning, 0), limit)
    elif draw < 0.98:
        elapsed = rng.randint(limit + 1, max(statutory, limit + 1))
    else:
        elapsed = rng.randint(max(statutory, limit) + 1, max(statutory, limit) + 10)
    accepted = _back(calendar, as_of, elapsed)
    values.update(accepted_on=accepted, received_on=accepted, received_at=_at(accepted))
    # Most stages inside their budget; one in twenty on its last day.
    stages = template.rules.get("stages", [])
    stage = stages[template.stage_index] if 0 <= template.stage_index < len(stages) else {}
    budget = stage.get("budget_days") or 5
    spent = budget if rng.random() < 0.05 else rng.randint(0, max(budget - 1, 0))
    values["stage_started_on"] = _back(calendar, as_of, min(elapsed, spent))
    if template.decided_on is not None:  # decided, awaiting issue: the clock stopped then
        values["decided_on"] = values["stage_started_on"]
    idle = rng.randint(5, 9) if rng.random() < 0.03 else rng.randint(0, min(elapsed, 3))
    values["last_event_at"] = _at(_back(calendar, as_of, idle))


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10)))
