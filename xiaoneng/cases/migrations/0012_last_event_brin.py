"""A BRIN index on the cases' last event time, on PostgreSQL.

A delta sweep reads the cases with an event since the last full sweep began
(``supervision.sweep._swept``): without an index it walks every case row to
find a handful — seconds at a million cases right after a full sweep has
rewritten a tenth of them. A B-tree would answer too, but costs one more
index write in each of the ~120,000 clock updates of a day's first sweep; a
BRIN index keeps a few bytes per 128 pages and is hardly written. Not in the
model's Meta: Django's BrinIndex is PostgreSQL's only, and on SQLite a delta
scans 100,000 rows in well under a second.
"""

from django.db import migrations

INDEX = "case_last_event_brin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING brin (last_event_at)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_sparse_case_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
