"""Writing many rows at once, for the sweeps that open alerts and cards by the ten thousand.

Django's ``bulk_create`` and ``bulk_update`` build one large statement whose
parameters the driver converts one by one, and ``bulk_update`` a CASE WHEN
per row; at a hundred thousand rows that costs minutes. On PostgreSQL these
use the fast paths the server offers — COPY for new rows (their keys drawn
from the table's own sequence first, so the caller has them) and an UPDATE
joined to arrays unnested server-side; elsewhere (SQLite, a local file) the
ORM's bulk methods are fast enough.
"""

import json
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import connection, models


def insert(model, objs: list) -> list:
    """INSERT new ``objs`` of ``model`` and set their primary keys; returns them.

    No conflict handling: callers insert rows they know to be new (under the
    lock that makes them so). Field defaults are applied by the model's
    ``__init__``, as for ``bulk_create``; ``save()`` and signals are not run.
    """
    if not objs:
        return objs
    names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    pks = insert_rows(model, names, [[getattr(obj, name) for name in names] for obj in objs])
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_rows(model, names: list[str], rows: list) -> list[int]:
    """INSERT ``rows`` (sequences of values for the fields ``names``); returns their keys.

    For the writes that are counted in tens of thousands (a sweep's alerts,
    cards and notices): the caller builds plain tuples, no model instance per
    row. ``names`` are attribute names (``rule_id``) and must cover every
    concrete field but the key: nothing is defaulted here. Values are stored
    as given, JSON through the field's own preparation. Same contract as
    ``insert``: the rows are new (no conflict handling).
    """
    if not rows:
        return []
    opts = model._meta
    fields = {field.attname: field for field in opts.concrete_fields if not field.primary_key}
    if set(names) != set(fields) or len(names) != len(fields):
        missing = sorted(set(fields) - set(names))
        raise ValueError(f"insert_rows({opts.label}) needs every field: missing {missing}")
    ordered = [fields[name] for name in names]
    json_columns = [i for i, field in enumerate(ordered) if isinstance(field, models.JSONField)]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(field.column) for field in ordered)
    count = len(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Keys from the table's own sequence first, then one COPY. The sequence is
            # named once: pg_get_serial_sequence per row would cost ten times the nextval.
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [_sequence(cursor, opts), count],
            )
            pks = [pk for (pk,) in cursor.fetchall()]
            # The driver's own COPY: its errors are wrapped as Django's (IntegrityError, …)
            # like those of every other statement.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(
                    f"COPY {table} ({quote(opts.pk.column)}, {columns}) FROM STDIN"
                ) as copy,
            ):
                # JSON travels as its text (the server parses it for the column).
                encoders = [(i + 1, ordered[i].encoder) for i in json_columns]
                for pk, row in zip(pks, rows, strict=True):
                    values = [pk, *row]
                    for i, encoder in encoders:
                        values[i] = json.dumps(values[i], cls=encoder)
                    copy.write_row(values)
            return pks
        # SQLite: the batch's transaction holds the database's one write lock
        # (IMMEDIATE), so the AUTOINCREMENT keys of one statement are consecutive.
        # Dates, times and JSON are stored as Django stores them (text in UTC).
        adapted = [i for i, field in enumerate(ordered) if not _plain(field)]
        prepared = []
        for row in rows:
            values = list(row)
            for i in adapted:
                values[i] = ordered[i].get_db_prep_save(values[i], connection)
            prepared.append(values)
        marks = ", ".join(["%s"] * len(ordered))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)  # noqa: S608
        cursor.execute("SELECT last_insert_rowid()")
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


# (database, table) -> the sequence of its keys: asked once per process, not per
# insert (a sweep inserts alerts, cards and events in each of its batches).
_sequences: dict[tuple[str, str], str] = {}


def _sequence(cursor, opts) -> str:
    """The name of the sequence that draws the keys of ``opts``' table (PostgreSQL)."""
    key = (connection.settings_dict["NAME"], opts.db_table)
    if key not in _sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [opts.db_table, opts.pk.column])
        (_sequences[key],) = cursor.fetchone()
    return _sequences[key]


_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _plain(field) -> bool:
    """A value the SQLite driver stores as Django would (no adaptation needed)."""
    target = field.target_field if field.is_relation else field
    return isinstance(target, _PLAIN)


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
            # One statement: the rows travel as one array per column, unnested server-side;
            # each array as its text literal (the driver adapts a list element by element).
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            names = ", ".join(quote(field.column) for field in fields)
            assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:])
            pk = quote(opts.pk.column)
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 (identifiers from the model)
                f"FROM unnest({arrays}) AS v({names}) WHERE t.{pk} = v.{pk}",
                [_array_literal(column) for column in zip(*rows, strict=True)],
            )
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields[1:])
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {quote(opts.pk.column)} = %s",  # noqa: S608
                [(*row[1:], row[0]) for row in rows],
            )


def update_columns(model, pks, columns: dict) -> None:
    """``update`` by columns: set each field of ``columns`` on the rows ``pks``, position by
    position.

    A column is a list of plain values or a numpy array (integers, booleans,
    ``datetime64[D]`` with NaT for NULL, a masked array for NULLs elsewhere):
    numpy columns become PostgreSQL's array literals in a few vector steps, not
    value by value — what a sweep writing a hundred thousand clocks needs.
    """
    if not len(pks):
        return
    names = list(columns)
    if connection.vendor == "postgresql":
        opts = model._meta
        fields = [opts.pk, *(opts.get_field(name) for name in names)]
        quote = connection.ops.quote_name
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        aliases = ", ".join(quote(field.column) for field in fields)
        assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:])
        pk = quote(opts.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(opts.db_table)} AS t SET {assignments} "  # noqa: S608 (the model's names)
                f"FROM unnest({arrays}) AS v({aliases}) WHERE t.{pk} = v.{pk}",
                [_column_literal(pks), *(_column_literal(columns[name]) for name in names)],
            )
        return
    values = [_python_values(pks), *(_python_values(columns[name]) for name in names)]
    update(model, names, list(zip(*values, strict=True)))


def _column_literal(values) -> str | list:
    """The array literal of one column (see ``update_columns``)."""
    if not isinstance(values, np.ndarray):
        return _array_literal(values)
    data = np.ma.getdata(values)
    missing = np.ma.getmaskarray(values)
    if data.dtype.kind == "M":
        text = np.datetime_as_string(data.astype("datetime64[D]"))
        missing = missing | np.isnat(data)
    elif data.dtype.kind in "iu":
        text = data.astype(str)
    elif data.dtype.kind == "b":
        text = np.where(data, "t", "f")
    else:
        return _array_literal(values.tolist())
    return "{" + ",".join(np.where(missing, "NULL", text).tolist()) + "}"


def _python_values(values) -> list:
    """One column as plain Python values (None for NULL, ``date`` for a day)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]").astype(object).tolist()
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _array_literal(values) -> str | list:
    """A PostgreSQL array literal (``{1,NULL,"a \\"b\\""}``) of plain values; the list
    itself when a value is of another kind (the driver adapts it)."""
    elements = []
    for value in values:
        if value is None:
            elements.append("NULL")
        elif isinstance(value, bool):
            elements.append("t" if value else "f")
        elif isinstance(value, (int, Decimal)):
            elements.append(str(value))
        elif isinstance(value, (date, str)):  # datetime is a date: ISO 8601, with its offset
            text = value if isinstance(value, str) else value.isoformat()
            elements.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
        else:
            return list(values)
    return "{" + ",".join(elements) + "}"
