"""Verifying the case event chains (tamper evidence)."""

from itertools import groupby

from xiaoneng.cases.models import CaseEvent
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
