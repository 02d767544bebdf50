"""Writing many rows at once, for the sweeps that open alerts and cards by the ten thousand.

Django's ``bulk_create`` and ``bulk_update`` build one large statement whose
parameters the driver converts one by one, and ``bulk_update`` a CASE WHEN
per row; at a hundred thousand rows that costs minutes. On PostgreSQL these
use the fast paths the server offers — COPY for new rows (their keys drawn
from the table's own sequence first, so the caller has them) and an UPDATE
joined to arrays unnested server-side; elsewhere (SQLite, a local file) the
ORM's bulk methods are fast enough.
"""

from django.db import connection, models


def insert(model, objs: list) -> list:
    """INSERT new ``objs`` of ``model`` and set their primary keys; returns them.

    No conflict handling: callers insert rows they know to be new (under the
    lock that makes them so). Field defaults are applied by the model's
    ``__init__``, as for ``bulk_create``; ``save()`` and signals are not run.
    """
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)
        return objs
    opts = model._meta
    fields = list(opts.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(opts.db_table)
        # The driver adapts plain values itself; only JSON needs the field's own
        # preparation (Django's per-value path costs more than the COPY).
        attnames = [field.attname for field in fields]
        json_columns = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                values = [getattr(obj, name) for name in attnames]
                for i in json_columns:
                    values[i] = fields[i].get_db_prep_save(values[i], connection)
                copy.write_row(values)
    return objs


def update(model, field_names: list[str], rows: list[tuple]) -> None:
    """Set ``field_names`` of many rows: ``rows`` are ``(pk, value, …)`` in that order."""
    if not rows:
        return
    opts = model._meta
    fields = [opts.pk, *(opts.get_field(name) for name in field_names)]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement: the rows travel as one array per column, unnested server-side.
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            names = ", ".join(quote(field.column) for field in fields)
            assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:])
            pk = quote(opts.pk.column)
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 (identifiers from the model)
                f"FROM unnest({arrays}) AS v({names}) WHERE t.{pk} = v.{pk}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields[1:])
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {quote(opts.pk.column)} = %s",  # noqa: S608
                [(*row[1:], row[0]) for row in rows],
            )
