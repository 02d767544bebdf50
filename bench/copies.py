"""Loading a bench database: a few real cases made by the actions, then copies of them."""

from django.core.management import call_command
from django.db import connection, transaction

from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.models import Case
from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.org.demo import seed_org


def build(total: int, *, real: int, open_only: bool = False) -> None:
    """Migrate, seed ``real`` demo cases, then copy them until there are ``total``.

    With ``open_only`` only open cases are copied and counted (the sweep's load).

    Copies get new numbers and keep everything else (status, clock, stage), so
    queues and sweeps see a province's load without a year of actions.
    """
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        seed_org()
        seed_catalog()
        seed_cases(real, seed=1)
    cases = Case.objects.open() if open_only else Case.objects.all()
    templates = list(cases.select_related("authority__region"))
    copies, number = [], cases.count()
    while number < total:
        template = templates[number % len(templates)]
        number += 1
        values = {f.attname: getattr(template, f.attname) for f in Case._meta.fields}
        values.update(id=None, number=f"{template.authority.region.code}-BENCH-{number:07d}")
        copies.append(Case(**values))
        if len(copies) == 5000:
            Case.objects.bulk_create(copies)
            copies = []
    Case.objects.bulk_create(copies)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: give the planner statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
