"""Verifying the case event chains (tamper evidence) and the open cases' light rows."""

from itertools import groupby

from django.db.models import F, Q

from xiaoneng.cases.models import OPEN_STATUS_VALUES, Case, CaseEvent, CaseLight
from xiaoneng.core.hashchain import verify_chain

EVENT_FIELDS = [
    "case__number",
    "case__event_count",
    "case__last_event_hash",
    "seq",
    "kind",
    "at",
    "actor_id",
    "actor_name",
    "from_status",
    "to_status",
    "stage_name",
    "data",
    "public",
    "prev_hash",
    "hash",
]


def verify_all(chunk_size: int = 5000) -> dict:
    """Recompute every case's chain; return counts and the broken case numbers.

    Streams the events in (case, seq) order, so memory stays flat however
    many cases there are.
    """
    events = (
        CaseEvent.objects.select_related("case")
        .only(*EVENT_FIELDS)
        .order_by("case_id", "seq")
        .iterator(chunk_size=chunk_size)
    )
    cases = total = 0
    broken = []
    for _case_id, group in groupby(events, key=lambda event: event.case_id):
        rows = list(group)
        number = rows[0].case.number
        cases += 1
        total += len(rows)
        chain = ((e.seq, e.prev_hash, e.hash, e.content(number)) for e in rows)
        expected_seqs = list(range(1, len(rows) + 1))
        head = rows[0].case
        if (
            verify_chain(chain)
            or [e.seq for e in rows] != expected_seqs
            or head.event_count != len(rows)
            or head.last_event_hash != rows[-1].hash
        ):
            broken.append(number)
    return {"cases": cases, "events": total, "broken": broken}


def _same(field: str) -> Q:
    """The light row's ``field`` equals its case's (both empty counts as equal)."""
    return Q(**{field: F(f"case__{field}")}) | Q(
        **{f"{field}__isnull": True, f"case__{field}__isnull": True}
    )


def lights_out_of_step() -> list[int]:
    """Keys of the cases whose light row (``CaseLight``) is not their copy: an open case
    without one, a row left for a closed case, a row unlike its case.

    The rows are written with their cases (``Case.save``, ``CaseLight.sync``, the
    sweep); a write that bypassed them would leave the centre's figures stale until
    the case's next action. Three queries, each a join in the database.
    """
    missing = Case.objects.filter(status__in=OPEN_STATUS_VALUES, light_row__isnull=True)
    left_over = CaseLight.objects.exclude(case__status__in=OPEN_STATUS_VALUES)
    breach = Q(case__statutory_remaining_workdays__lt=0)
    copied = (
        _same("authority_id")
        & _same("service_item_id")
        & _same("received_on")
        & _same("light")
        & _same("due_date")
        & _same("statutory_due_date")
        & (Q(breach=True) & breach | Q(breach=False) & ~breach)
    )
    unlike = CaseLight.objects.filter(case__status__in=OPEN_STATUS_VALUES).exclude(copied)
    return sorted(
        {
            *missing.values_list("pk", flat=True),
            *left_over.values_list("case_id", flat=True),
            *unlike.values_list("case_id", flat=True),
        }
    )


def verify_lights(*, repair: bool = False) -> dict:
    """Check the light rows against their cases; with ``repair``, copy them again."""
    keys = lights_out_of_step()
    result = {"light_rows": CaseLight.objects.count(), "out_of_step": len(keys)}
    result["cases"] = list(
        Case.objects.filter(pk__in=keys[:100]).order_by("pk").values_list("number", flat=True)
    )
    if repair and keys:
        for start in range(0, len(keys), 5000):
            CaseLight.sync(Case.objects.filter(pk__in=keys[start : start + 5000]))
        result["repaired"] = len(keys)
        result["light_rows"] = CaseLight.objects.count()
    return result
