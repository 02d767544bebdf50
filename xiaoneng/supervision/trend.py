"""The monthly tallies behind the centre's 12-month trend (``TrendTally``).

Counting a year of cases for a province (over a second at 1,000,000 cases)
on every supervisor's first visit is what the tallies avoid: the periodic
work rebuilds them every ten minutes with that one count, grouped by
licensing authority and item as well, and each centre sums the few
thousand rows of its scope. Derived figures, like the sweep's record: no
audit event; the cases they count are where every change is recorded.
"""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from xiaoneng.cases.models import Case
from xiaoneng.core.clock import today
from xiaoneng.supervision.models import TrendTally
from xiaoneng.supervision.selectors import month_starts, month_tallies

# Any constant: the key of the PostgreSQL advisory lock of a rebuild.
_TALLY_LOCK = 0x58_4E_54_54  # "XNTT"


def refresh_trend_tallies(as_of: date | None = None) -> int:
    """Rebuild the tallies of the 12 months up to ``as_of`` (default today); returns rows.

    One transaction replaces them all: a centre reads the old ones or the
    new, never a mix. Two rebuilds at once take turns (PostgreSQL: an
    advisory lock; SQLite admits one writer at a time).
    """
    months = month_starts(as_of or today())
    tallies = month_tallies(Case.objects.all(), months, "authority_id", "service_item_id")
    now = timezone.now()
    rows = [
        TrendTally(
            month=month,
            authority_id=authority_id,
            service_item_id=item_id,
            received=received,
            closed=closed,
            late=late,
            counted_at=now,
        )
        for (month, authority_id, item_id), (received, closed, late) in sorted(tallies.items())
    ]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TALLY_LOCK])
        TrendTally.objects.all().delete()
        TrendTally.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
