"""Room on each page of the case table for the next version of its rows, on PostgreSQL.

A case row is rewritten often: by every action (its chain head) and by the
daily sweep (its clock, and the chain head of a case carded). When the new
version fits on the same page and no indexed column changed, PostgreSQL
writes it without touching the table's dozen indexes (a "HOT" update); with
pages filled to the brim (the default) no version fits and every update
writes every index. At 90 % a page keeps room for a new version of about
one row in ten: on a day's first sweep of 1,000,000 cases (bench/supervise.py's
load), 17,630 of its 133,725 case writes (chain heads of cases carded with no
change of light) became HOT and it wrote 4 % less WAL (1,383 MB, not 1,445);
the table is 9 % larger. Applies to the pages written from now on (a
``VACUUM FULL`` rewrites the rest).
"""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_case SET (fillfactor = 90)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_case RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_card_appeal_events")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False)]
