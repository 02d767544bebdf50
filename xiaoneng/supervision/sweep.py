"""The supervision sweep: re-read every open case's clock, open and close alerts.

``run_sweep`` streams the open cases (and those closed in the last
``RECENT_CLOSED_DAYS`` days, for the record rules that judge a finished case)
in primary-key order, ``batch_size`` rows at a time, as plain integers (on
PostgreSQL one packed value per batch, decoded by numpy): memory is bounded
by the batch, not by the number of cases. For each batch it

1. reads the promised and statutory clocks with the vectorised engine
   (``workdays.vector``), the pauses coming from the Pause table for that
   batch's pk range, and keeps the cases whose stored clock, carried forward
   to the day (``carried_forward``), is no longer what the engine reads;
2. evaluates the rules (``rules.py``) and opens the alerts that are new —
   plain rows written with COPY (``core.bulk.insert_rows``), new for certain
   because one sweep runs at a time — and closes the open alerts no hit keeps;
3. issues the rule's card for each newly opened alert, in bulk (what
   ``cards.create_card`` does one by one: the card, a CARD_ISSUED event on the
   case chain) and notes what to tell whom: the carded person of the card,
   the handler of a warning, the supervisors of the case's region of a legal
   breach or a rule that reports to them (``DigestPart``, one row per person
   and batch);
4. writes each changed case row once: its clock, and the new chain head of a
   case carded (a case row is wide and indexed: a second UPDATE costs as much
   as the first).

Each batch is one transaction. Once every batch has committed (or one has
failed), the sweep folds the parts into ONE notice per person — what was
found, by rule and card, with the first cases named — delivered by SMS and
e-mail after its commit: a first sweep of a working day over a province
opens a hundred thousand alerts, and nobody reads a hundred thousand
notices. On PostgreSQL a full sweep runs ``SUPERVISION_SWEEP_WORKERS`` ranges
of cases side by side, one thread and connection each.

Working-day rules never run on a day off: when ``as_of`` is not a working day
of the official calendar the clock rules (and the "pause too long" half of
pause_irregular) are skipped, and their open alerts are left as they are;
the record rules still run. Clocks do not move on a day off, so their caches
are still refreshed.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import os
import signal
import threading
import time
import traceback
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, reset_queries, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiaoneng.cases.actions import do_record_supervision_many
from xiaoneng.cases.choices import OPEN_STATUSES, EventKind, Status
from xiaoneng.cases.clock import ACCEPTANCE_WINDOW_DAYS
from xiaoneng.cases.models import Case, CaseEvent, CaseLight, Pause, RuleSet
from xiaoneng.core import bulk
from xiaoneng.core.clock import today
from xiaoneng.org.choices import Role
from xiaoneng.org.models import Unit
from xiaoneng.supervision import rules as rulebook
from xiaoneng.supervision.choices import CardColor, CardStatus, Level, NotificationKind, RuleCode
from xiaoneng.supervision.models import (
    Alert,
    AnomalyRule,
    Card,
    DigestPart,
    Notification,
    SweepRun,
)
from xiaoneng.supervision.notifications import deliver
from xiaoneng.supervision.services import escalate_overdue_orders
from xiaoneng.workdays.calendar import EPOCH_OFFSET
from xiaoneng.workdays.choices import State
from xiaoneng.workdays.clock import LIGHTS, STATES
from xiaoneng.workdays.services import get_calendar
from xiaoneng.workdays.vector import compute_clocks

logger = logging.getLogger("xiaoneng.supervision")

# Record rules judge finished cases (fee, refusal, decision): a case closed
# this recently is still read by the sweep, which runs at least daily.
RECENT_CLOSED_DAYS = 31

# Every column the sweep reads is an integer computed by the database (dates
# as days since 1970-01-01, choices as their position, NULL as ``NULL``
# below): a batch arrives as one numpy matrix, with no Python object per value.
NULL = -(2**31)
_STATUSES = list(Status.values)


# The columns that are keys (64-bit, first in ``_sql_columns``); the others are 32-bit.
_KEYS = ("pk", "handler_id", "unit_id", "authority_id", "service_item_id")


def _sql_columns() -> list[tuple[str, str]]:
    """(name, SQL expression) of the sweep's columns on this database."""
    table = connection.ops.quote_name(Case._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{connection.ops.quote_name(name)}"

    def code(name: str, values) -> str:
        whens = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(values))
        return f"CASE {col(name)} {whens} ELSE -1 END"

    def number(name: str, missing: int = NULL) -> str:
        return f"COALESCE({col(name)}, {missing})"

    postgres = connection.vendor == "postgresql"

    def day(expression: str) -> str:
        if postgres:
            return f"COALESCE({expression} - DATE '1970-01-01', {NULL})"
        return f"COALESCE(CAST(julianday({expression}) - 2440587.5 AS INTEGER), {NULL})"

    if postgres:
        zone = settings.TIME_ZONE
        last_event_day = day(f"({col('last_event_at')} AT TIME ZONE '{zone}')::date")
    else:
        # SQLite keeps UTC text; Asia/Shanghai has had no daylight saving since 1991.
        hours = timezone.now().astimezone(ZoneInfo(settings.TIME_ZONE)).utcoffset()
        offset = f"'{int(hours.total_seconds() // 3600):+d} hours'"
        last_event_day = (
            f"COALESCE(CAST(julianday({col('last_event_at')}, {offset}) - 2440587.5 AS INTEGER),"
            f" {NULL})"
        )
    fee_differs = (
        f"CASE WHEN {col('status')} = '{Status.COMPLETED}' AND {col('fee_charged')} IS NOT NULL"
        f" AND ({col('fee_due')} IS NULL OR {col('fee_charged')} <> {col('fee_due')})"
        " THEN 1 ELSE 0 END"
    )
    return [
        # The keys first: read as 64-bit values, the rest as 32-bit (``_read_packed``).
        ("pk", col("id")),
        ("handler_id", number("handler_id", 0)),
        ("unit_id", col("unit_id")),
        ("authority_id", col("authority_id")),
        ("service_item_id", col("service_item_id")),
        ("status", code("status", _STATUSES)),
        ("received_on", day(col("received_on"))),
        ("accepted_on", day(col("accepted_on"))),
        ("decided_on", day(col("decided_on"))),
        ("extension_days", number("extension_days", 0)),
        ("stage_index", col("stage_index")),
        ("stage_started_on", day(col("stage_started_on"))),
        ("supplement_count", number("supplement_count", 0)),
        ("event_count", col("event_count")),
        ("due_date", day(col("due_date"))),
        ("statutory_due_date", day(col("statutory_due_date"))),
        ("remaining_workdays", number("remaining_workdays")),
        ("statutory_remaining_workdays", number("statutory_remaining_workdays")),
        ("elapsed_workdays", number("elapsed_workdays", 0)),
        ("paused_workdays", number("paused_workdays", 0)),
        ("clock_state", code("clock_state", STATES)),
        ("light", code("light", LIGHTS)),
        ("unconfirmed", f"CASE WHEN {col('unconfirmed')} THEN 1 ELSE 0 END"),
        ("clock_as_of", day(col("clock_as_of"))),
        # The limits, warning threshold and stage budgets: from the case's rule set
        # (``_RuleSets``), one of a few dozen, not decoded from JSON row by row.
        ("rule_set_id", col("rule_set_id")),
        ("last_event_day", last_event_day),
        ("fee_differs", fee_differs),
    ]


def _swept(run, since) -> tuple[str, list]:
    """SQL condition (and its parameters) of the cases a sweep reads.

    Open cases and those closed in the last ``RECENT_CLOSED_DAYS`` days; in a
    delta, only those with an event since ``since``.
    """
    table = connection.ops.quote_name(Case._meta.db_table)
    marks = ", ".join(["%s"] * len(OPEN_STATUSES))
    where = f"({table}.status IN ({marks}) OR {table}.closed_on >= %s)"
    params = [*OPEN_STATUSES, run.as_of - timedelta(RECENT_CLOSED_DAYS)]
    if since is not None:
        where += f" AND {table}.last_event_at >= %s"
        params.append(since)
    return where, params


def _batches(run, since, batch_size: int, after: int = 0, upto: int | None = None):
    """The cases to read with a key in (``after``, ``upto``], ``batch_size`` at a time in
    primary-key order: (key before the batch, column positions, matrix)."""
    columns = _sql_columns()
    names = {name: i for i, (name, _sql) in enumerate(columns)}
    table = connection.ops.quote_name(Case._meta.db_table)
    where, params = _swept(run, since)
    if upto is not None:
        where += f" AND {table}.id <= %s"
        params.append(upto)
    sql = (
        f"SELECT {', '.join(sql for _name, sql in columns)} FROM {table}"  # noqa: S608 (our SQL)
        f" WHERE {where} AND {table}.id > %s ORDER BY {table}.id LIMIT %s"
    )
    if connection.vendor == "postgresql":
        # The keys lead: read as 8 bytes, the other columns as 4 (``_read_packed``).
        if tuple(name for name, _sql in columns[: len(_KEYS)]) != _KEYS:
            raise ValueError("the sweep's key columns must come first")
        read = functools.partial(_read_packed, wide=len(_KEYS))
    else:
        read = _read_rows
    last = after
    while True:
        matrix = read(sql, [*params, last, batch_size], len(columns))
        if not len(matrix):
            return
        yield last, names, matrix
        last = int(matrix[-1, 0])


def _read_rows(sql: str, params: list, width: int) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, width)


def _read_packed(sql: str, params: list, width: int, wide: int | None = None) -> np.ndarray:
    """The batch as ONE value decoded by numpy in one step: no Python object (nor protocol
    message) per row or value — a million cases are thirty million values.

    Each row is its values' big-endian binary forms back to back, the rows
    concatenated: the cheapest form for the server to build (an ``array_send`` per
    row costs it a third more, a binary COPY sends a message per row that the driver
    reads one by one). The first ``wide`` columns (keys) go as 8 bytes each
    (``int8send``); the others are 32-bit integers (days, counts, positions), two to
    one 64-bit value, which is their two 4-byte forms back to back: half the
    functions and concatenations per row, the server's cost of packing a batch
    (a third of its read) down by a third. A value that is not a 32-bit integer
    fails the read ("integer out of range") rather than be cut.

    The rows are aggregated as they come (no ORDER BY inside the aggregate: on
    PostgreSQL 15 that sorts the batch again, a seventh of the read) and put in
    the order of the first column here, should they not be.
    """
    wide = width if wide is None else wide
    narrow = [f"c{i}" for i in range(wide, width)]
    parts = [f"int8send(c{i}::bigint)" for i in range(wide)]
    parts += [
        f"int8send(({a}::int::bigint << 32) | ({b}::int::bigint & 4294967295))"
        for a, b in zip(narrow[::2], narrow[1::2], strict=False)
    ]
    if len(narrow) % 2:
        parts.append(f"int4send({narrow[-1]}::int)")
    values = ", ".join(f"c{i}" for i in range(width))
    packed = (
        f"SELECT string_agg({' || '.join(parts)}, ''::bytea), COUNT(*)"  # noqa: S608
        f" FROM ({sql}) AS batch ({values})"
    )
    # In binary (a cursor of the driver's own, bound server-side): as text the
    # server would hex-encode the bytes and the driver decode them, doubling the read.
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(packed, params, binary=True)
        data, rows = cursor.fetchone()
    if not rows:
        return np.empty((0, width), dtype=np.int64)
    layout = np.dtype([("wide", ">i8", (wide,)), ("narrow", ">i4", (width - wide,))])
    # A NULL value makes its whole row NULL, which string_agg leaves out.
    if data is None or len(data) != rows * layout.itemsize:
        raise ValueError("a swept column is NULL")
    records = np.frombuffer(data, dtype=layout)
    matrix = np.concatenate([records["wide"], records["narrow"]], axis=1).astype(np.int64)
    if rows > 1 and (np.diff(matrix[:, 0]) < 0).any():
        matrix = matrix[np.argsort(matrix[:, 0], kind="stable")]
    return matrix


_RULE_SETTINGS = [
    "code",
    "level",
    "card",
    "card_handler",
    "card_unit",
    "report_to_supervisors",
    "enabled",
    "params",
]


class _Run:
    """What one sweep reads once: the day, the calendar, the rules, the supervisors."""

    def __init__(self, as_of: date):
        self.as_of = as_of
        self.calendar = get_calendar()
        self.time_rules = self.calendar.is_workday(as_of)
        self.now = timezone.now()
        self.full = True
        all_rules = list(AnomalyRule.objects.order_by("code"))
        # Any edit of a rule (level, card, params, enabled) makes the next sweep full.
        self.fingerprint = hashlib.sha256(
            json.dumps(
                [[getattr(rule, name) for name in _RULE_SETTINGS] for rule in all_rules],
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()
        self.code_of = {rule.pk: rule.code for rule in all_rules}
        self.rule_sets = _RuleSets()
        self.rules = {rule.code: rule for rule in all_rules if rule.enabled}
        user_model = get_user_model()
        self.approver_ids = set(
            user_model.objects.filter(groups__name=Role.APPROVER).values_list("pk", flat=True)
        )
        self._labels = {}
        # The region of every deciding authority (a few hundred units): the supervisors
        # told of a case's breach are found by it, with no query per batch.
        self.region_of = dict(Unit.objects.values_list("pk", "region__code"))
        self.supervisors = defaultdict(list)  # region code -> user ids
        for pk, region_code in user_model.objects.filter(
            groups__name=Role.SUPERVISOR, is_active=True, profile__isnull=False
        ).values_list("pk", "profile__unit__region__code"):
            self.supervisors[region_code].append(pk)

    def label(self, rule) -> str:
        """The rule's name in the active language (formatted once per sweep, not per alert)."""
        if rule.code not in self._labels:
            self._labels[rule.code] = str(rule.get_code_display())
        return self._labels[rule.code]

    def supervisors_of(self, region_code: str) -> list[int]:
        """The ids of the supervisors of the case's region: its own discipline office, else the
        nearest one above (city, then province); those above see it on their centre."""
        for code in (region_code, region_code[:4] + "00", region_code[:2] + "0000"):
            if self.supervisors.get(code):
                return self.supervisors[code]
        return []


def run_sweep(
    as_of: date | None = None,
    batch_size: int | None = None,
    full: bool = False,
    workers: int | None = None,
) -> dict:
    """Sweep the open cases on ``as_of`` (default: today in Asia/Shanghai); returns counts.

    A full sweep reads every open (and recently closed) case. When the last full
    sweep was on the same day with the same calendar and rules, only the cases
    with an event since it began can have changed: this sweep reads those (a
    "delta"), unless ``full`` is asked for.

    On PostgreSQL a full sweep splits the cases into ``workers`` ranges of keys
    (default ``SUPERVISION_SWEEP_WORKERS``) swept side by side, each in its own
    thread and connection: the database works on one range while Python works
    on another. One sweep runs at a time (a session advisory lock): a second
    one waits, then finds little to do.
    """
    started = time.perf_counter()
    started_at = timezone.now()
    run = _Run(as_of or today())
    batch_size = batch_size or settings.SUPERVISION_SWEEP_BATCH_SIZE
    with _one_sweep_at_a_time():
        try:
            since = None if full else _delta_since(run)
            run.full = since is None
            shards = _shards(run, since, workers)
            language = translation.get_language()
            sweep_range = functools.partial(_sweep_range, run, since, batch_size)
            if len(shards) == 1:
                results = [sweep_range(*shards[0])]
            elif _may_fork():
                results = _in_processes(language, sweep_range, shards)
            else:
                with ThreadPoolExecutor(len(shards), thread_name_prefix="sweep") as pool:
                    futures = [
                        pool.submit(_in_thread, language, sweep_range, *shard) for shard in shards
                    ]
                    results = [future.result() for future in futures]
        finally:
            # One notice per person for what the committed batches found: also when
            # a batch failed (and what an earlier sweep that stopped half-way left).
            counts_told = fold_digests(run.now)
    counts = dict.fromkeys(["open_cases", "alerts_opened", "alerts_closed", "cards_issued"], 0)
    for result in results:
        for name in counts:
            counts[name] += result[name]
    if since is not None:
        counts["open_cases"] = Case.objects.open().count()
    # Supervision orders past their deadline go up to the unit's leader, once.
    escalated = escalate_overdue_orders(run.as_of, now=run.now)
    if escalated:
        logger.info("supervision sweep: %d overdue orders escalated", escalated)
    if "processes_peak_rss_mb" in results[0]:
        counts["processes_peak_rss_mb"] = results[0]["processes_peak_rss_mb"]
    counts["mode"] = "full" if since is None else "delta"
    counts["cases_read"] = sum(result["cases_read"] for result in results)
    counts["workers"] = len(shards)
    counts["people_told"] = counts_told
    counts["seconds"] = round(time.perf_counter() - started, 3)
    # Only the last full run is read back; a month of runs is kept for the record.
    SweepRun.objects.filter(finished_at__lt=run.now - SWEEP_RUNS_KEPT).delete()
    SweepRun.objects.create(
        as_of=run.as_of,
        started_at=started_at,
        finished_at=timezone.now(),
        full=since is None,
        calendar_version=run.calendar.version,
        rules_fingerprint=run.fingerprint,
        counts=counts,
    )
    return counts


def _shards(run: _Run, since, workers: int | None) -> list[tuple[int, int | None]]:
    """The ranges of case keys (after, upto] swept side by side; the last is open-ended.

    One range unless this is a full sweep on PostgreSQL outside a transaction
    (a thread's connection would not see the caller's uncommitted rows).
    """
    workers = workers or settings.SUPERVISION_SWEEP_WORKERS
    if (
        workers < 2
        or since is not None
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        return [(0, None)]
    where, params = _swept(run, since)
    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table} WHERE {where}", params)  # noqa: S608
        low, high = cursor.fetchone()
    if low is None:
        return [(0, None)]
    cuts = np.linspace(low - 1, high, workers + 1).astype(np.int64).tolist()
    cuts[0] = 0
    return [(cuts[i], cuts[i + 1] if i + 1 < workers else None) for i in range(workers)]


def _in_thread(language: str, function, *args):
    """Run ``function`` in a worker thread: the sweep's language, its own connection."""
    translation.activate(language)
    try:
        return function(*args)
    finally:
        connections.close_all()  # this thread's connections only


def _may_fork() -> bool:
    """Whether the ranges may be swept in child processes rather than threads.

    A thread holds Python's one interpreter lock while it computes: two threads
    share one core for the Python half of the work (about two fifths of it),
    two processes use both. Forking is safe only from a process running one
    thread (a lock another thread held at the fork would stay held in the
    child): the management command and a Celery worker; a server's in-process
    sweep and a test run use threads.
    """
    return (
        settings.SUPERVISION_SWEEP_PROCESSES
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def _in_processes(language: str, sweep_range, shards) -> list[dict]:
    """Sweep each range in a forked child with its own connection; their counts.

    The children report through a pipe and end with ``os._exit``: nothing of
    the parent's (its connection, which holds the sweep's lock, above all) is
    closed or flushed by them. A child that fails fails the sweep with its
    traceback, as a thread's exception would.
    """
    children = []
    for shard in shards:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover  (the child: coverage does not follow it)
            os.close(read_end)
            _child(write_end, language, sweep_range, shard)
        os.close(write_end)
        children.append((pid, read_end))
    results, failures, peaks = [], [], []
    try:
        # Meanwhile, the URL configuration that the digests' links are reversed
        # with: every view module, a second of imports and patterns that would
        # otherwise come after the children, on the sweep's critical path.
        reverse("supervision:centre")
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                report = pipe.read()
            _pid, status, usage = os.wait4(pid, 0)
            peaks.append(usage.ru_maxrss / 1024)
            try:
                outcome = json.loads(report)
            except ValueError:
                outcome = {"error": f"sweep process {pid} ended with status {status}, no report"}
            if "error" in outcome:
                failures.append(outcome["error"])
            else:
                results.append(outcome["counts"])
    except BaseException:
        # Stopped while waiting (a signal, an interrupt): the children go too, their open
        # batches rolled back, rather than sweep on without the lock the parent held.
        for pid, _read_end in children[len(peaks) :]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        raise
    if failures:
        raise SweepProcessError("\n".join(failures))
    # What the children used at most together (each its own peak): the bench reports it.
    results[0]["processes_peak_rss_mb"] = round(sum(peaks), 1)
    return results


def _child(write_end: int, language: str, sweep_range, shard) -> None:  # pragma: no cover
    """A forked sweep process: sweep one range, write the outcome, exit at once."""
    code = 1
    try:
        # The parent's connections stay open in the parent: forget them here
        # (kept referenced, never closed — closing would end the parent's session).
        _inherited.extend(connections.all(initialized_only=True))
        for alias in list(connections):
            del connections[alias]
        outcome = {"counts": _in_thread(language, sweep_range, *shard)}
        code = 0
    except BaseException:  # reported to the parent, which raises it
        outcome = {"error": traceback.format_exc()}
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(outcome).encode())
    finally:
        os._exit(code)


_inherited: list = []


class SweepProcessError(RuntimeError):
    """A range swept in a child process failed (the message holds its traceback)."""


def _sweep_range(run: _Run, since, batch_size: int, after: int, upto: int | None) -> dict:
    """Sweep the cases with a key in (``after``, ``upto``], batch by batch; returns counts."""
    run = copy.copy(run)
    counts = dict.fromkeys(["open_cases", "alerts_opened", "alerts_closed", "cards_issued"], 0)
    read, last = 0, after
    for before, names, matrix in _batches(run, since, batch_size, after, upto):
        read += len(matrix)
        last = int(matrix[-1, 0])
        reset_queries()  # DEBUG keeps every query's SQL: not a million rows' worth
        # Who is told what of this batch: person -> (counts, cases), its DigestParts.
        run.digest = {}
        with transaction.atomic():
            _commit_without_waiting()
            _sweep_batch(run, _Columns(names, matrix, run.rule_sets), counts, after=before)
            _write_digest_parts(run)
    if since is None:
        # Alerts left open on cases between the last one read and the range's end:
        # cases closed long ago.
        with transaction.atomic():
            counts["alerts_closed"] += _close_alerts_between(run, last, upto)
    counts["cases_read"] = read
    return counts


def _commit_without_waiting() -> None:
    """Let this transaction's commit return before its WAL is on disk (PostgreSQL).

    A batch lost to a crash in that instant is what the next sweep redoes
    anyway (a sweep is idempotent), and nothing outside the database has
    seen it: a batch's findings become a notice only in the sweep's digest
    (``fold_digests``), an ordinary commit, which flushes every batch's commit
    before it to disk.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


SWEEP_RUNS_KEPT = timedelta(days=31)

# An action's transaction may set last_event_at a little before it commits:
# the delta reads back this far before the last full sweep began.
DELTA_MARGIN = timedelta(minutes=5)


def _delta_since(run: _Run):
    """Where a delta sweep starts reading, or None when this sweep must be full."""
    last_full = SweepRun.objects.filter(full=True).order_by("-finished_at").first()
    if (
        last_full is None
        or last_full.as_of != run.as_of
        or last_full.calendar_version != run.calendar.version
        or last_full.rules_fingerprint != run.fingerprint
    ):
        return None
    return last_full.started_at - DELTA_MARGIN


# -- one batch ------------------------------------------------------------------------


# Any constant: the key of the PostgreSQL advisory lock that sweeps share.
_SWEEP_LOCK = 0x58_4E_53_57  # "XNSW"


@contextmanager
def _one_sweep_at_a_time():
    """Serialise overlapping sweeps (a beat run and a manual one) on PostgreSQL.

    A batch reads the alerts that exist, then inserts the new ones without
    conflict handling (COPY): the lock, held by the sweep's own connection
    until it ends, makes "new" true. SQLite needs none: its IMMEDIATE
    transactions already admit one writer at a time, from BEGIN, and a
    sweep there runs in one thread.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_SWEEP_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_SWEEP_LOCK])


_NAT = np.iinfo(np.int64).min  # datetime64's NaT


class _RuleSets:
    """The rule sets of the swept cases, each read once per sweep (a few dozen in all)."""

    FIGURES = {
        "promised_limit": "promised_limit_days",
        "statutory_limit": "statutory_limit_days",
        "warning_days": "warning_days",
    }

    def __init__(self):
        self.sets = {}  # key -> RuleSet
        self.figures = {}  # key -> ({figure: days or -1}, [budget of each stage or -1])

    def load(self, keys) -> None:
        missing = {int(pk) for pk in keys} - self.sets.keys()
        for rule_set in RuleSet.objects.filter(pk__in=missing):
            rules = rule_set.rules
            self.sets[rule_set.pk] = rule_set
            self.figures[rule_set.pk] = (
                {name: _days(rules.get(key)) for name, key in self.FIGURES.items()},
                [_days(stage.get("budget_days")) for stage in rules.get("stages", [])],
            )

    def columns(self, keys: np.ndarray, stage_index: np.ndarray) -> dict[str, np.ndarray]:
        """Each row's limits, warning threshold and current stage's budget (-1: none, as
        past the last stage), from the rule set of its key."""
        sets, row_set = np.unique(keys, return_inverse=True)
        self.load(sets)
        found = [self.figures[int(pk)] for pk in sets]
        columns = {
            name: np.array([figures[name] for figures, _budgets in found], dtype=np.int64)[row_set]
            for name in self.FIGURES
        }
        stages = max(len(budgets) for _figures, budgets in found)
        budgets = np.full((len(sets), stages + 1), -1, dtype=np.int64)
        for i, (_figures, days) in enumerate(found):
            budgets[i, : len(days)] = days
        columns["stage_budget"] = budgets[row_set, stage_index.clip(0, stages)]
        return columns

    def stage_codes(self, keys: np.ndarray, stage_index: np.ndarray) -> list[str]:
        """The current stage's code of each row (its position where the stage has none)."""
        return [
            self.sets[key].stage_value(index, "code") or str(index)
            for key, index in zip(keys.tolist(), stage_index.tolist(), strict=True)
        ]


def _days(value) -> int:
    return -1 if value is None else int(value)


class _Columns:
    """One batch as read: a column by name, as integers, days or strings."""

    def __init__(self, names: dict, matrix: np.ndarray, rule_sets: _RuleSets):
        self.names, self.matrix = names, matrix
        self.derived = rule_sets.columns(
            matrix[:, names["rule_set_id"]], matrix[:, names["stage_index"]]
        )

    def __len__(self) -> int:
        return len(self.matrix)

    def ints(self, name: str, missing: int | None = None) -> np.ndarray:
        if name in self.derived:
            return self.derived[name]
        column = self.matrix[:, self.names[name]]
        if missing is not None:
            column = np.where(column == NULL, missing, column)
        return column

    def days(self, name: str) -> np.ndarray:
        """datetime64[D] (NaT for NULL)."""
        column = self.matrix[:, self.names[name]]
        return np.where(column == NULL, _NAT, column).view("datetime64[D]")

    def codes(self, name: str) -> np.ndarray:
        return self.matrix[:, self.names[name]].astype(np.int8)


def _sweep_batch(run: _Run, raw: _Columns, counts: dict, *, after: int) -> None:
    ids = raw.ints("pk")
    status = np.array([*_STATUSES, ""], dtype=object)[raw.ints("status")]
    is_open = np.isin(status, OPEN_STATUSES)
    accepted = ~np.isnat(raw.days("accepted_on")) & is_open
    counts["open_cases"] += int(is_open.sum())
    lo, hi = int(ids[0]), int(ids[-1])
    row_of = dict(zip(ids.tolist(), range(len(ids)), strict=True))

    pauses = [
        (row_of[case_id], pk, kind, start, end)
        for case_id, pk, kind, start, end in Pause.objects.filter(case_id__gte=lo, case_id__lte=hi)
        .order_by("case_id", "start", "pk")
        .values_list("case_id", "pk", "kind", "start", "end")
        if case_id in row_of
    ]
    clock = _read_clocks(run, raw, status, is_open, accepted, pauses)
    # Written at the end of the batch, with the chain heads of the cases carded.
    clock["accepted"] = accepted
    changed = _changed_rows(run, clock, accepted)

    unnoticed, unauthorised = _irregular_events(run, lo, hi, row_of)
    checked = np.flatnonzero((raw.ints("fee_differs") == 1) | (status == Status.REFUSED))
    batch = rulebook.Batch(
        as_of=run.as_of,
        calendar=run.calendar,
        ids=ids,
        status=status,
        is_open=is_open,
        accepted=accepted,
        cols={
            "event_count": raw.ints("event_count"),
            "stage_index": raw.ints("stage_index"),
            "stage_budget": raw.ints("stage_budget"),
            "stage_started_on": raw.days("stage_started_on"),
            "last_event_day": raw.days("last_event_day"),
            "supplement_count": raw.ints("supplement_count"),
            "fee_differs": raw.ints("fee_differs"),
            "record": _record_details(ids, checked),
        },
        clock=clock,
        pauses=pauses,
        unnoticed_pauses=unnoticed,
        unauthorised_decisions=unauthorised,
        stage_codes=lambda rows: run.rule_sets.stage_codes(
            raw.ints("rule_set_id")[rows], raw.ints("stage_index")[rows]
        ),
    )
    hits, evaluated = rulebook.evaluate(batch, run.rules, time_rules=run.time_rules)
    # The alerts of every case id in (after, hi]: the cases read, and in a full
    # sweep those between them that it does not read (closed before the recent
    # window), whose clock alerts it closes.
    existing = {
        (rule_id, case_id, rung): (pk, closed_at is None)
        for pk, rule_id, case_id, rung, closed_at in Alert.objects.filter(
            case_id__gt=after, case_id__lte=hi
        ).values_list("pk", "rule_id", "case_id", "rung", "closed_at")
    }
    counts["alerts_closed"] += _close_alerts(run, hits, evaluated, existing, row_of, is_open, ids)
    new = _new_alerts(run, hits, existing, ids)
    heads = {}
    if new:
        opened = _open_alerts(run, new, raw)
        counts["alerts_opened"] += len(opened)
        counts["cards_issued"] += _act_on(run, opened, heads)
    _write_cases(run, ids, clock, changed, heads)


def _record_details(ids: np.ndarray, rows: np.ndarray) -> dict:
    """Fees and refusal basis of the few rows the record rules look at, by row."""
    if not rows.size:
        return {}
    row_of = {int(ids[row]): int(row) for row in rows}
    return {
        row_of[pk]: {"fee_due": due, "fee_charged": charged, "refusal_basis": basis}
        for pk, due, charged, basis in Case.objects.filter(pk__in_keys=list(row_of)).values_list(
            "pk", "fee_due", "fee_charged", "refusal_basis"
        )
    }


def _read_clocks(run: _Run, raw: _Columns, status, is_open, accepted, pauses) -> dict:
    """Fresh clock figures for every row (rows that are not read keep their cache)."""
    rows = len(status)
    clock = {
        "due": raw.days("due_date"),
        "statutory_due": raw.days("statutory_due_date"),
        "remaining": raw.ints("remaining_workdays", 0).astype(np.int32),
        "statutory_remaining": raw.ints("statutory_remaining_workdays", 0).astype(np.int32),
        "elapsed": raw.ints("elapsed_workdays").astype(np.int32),
        "paused": raw.ints("paused_workdays").astype(np.int32),
        "state": raw.codes("clock_state"),
        "light": raw.codes("light"),
        "unconfirmed": raw.ints("unconfirmed").astype(bool),
        "warning_days": np.zeros(rows, dtype=np.int32),
        "read": np.zeros(rows, dtype=bool),
    }
    # The cache as stored, to compare with the fresh reading array by array.
    stored = {name: clock[name].copy() for name in _COMPARED_ARRAYS}
    stored["no_remaining"] = raw.ints("remaining_workdays") == NULL
    stored["no_statutory"] = raw.ints("statutory_remaining_workdays") == NULL
    stored["as_of"] = raw.days("clock_as_of")
    clock["stored"] = stored
    as_of = np.datetime64(run.as_of, "D")

    index = np.flatnonzero(accepted)
    if index.size:
        accepted_on = raw.days("accepted_on")[index]
        promised = raw.ints("promised_limit").astype(np.int32)[index].clip(0)
        extension = raw.ints("extension_days").astype(np.int32)[index]
        warning = raw.ints("warning_days").astype(np.int32)[index]
        warning = np.where(warning < 0, np.maximum((promised + extension) // 5, 1), warning)
        pause_start, pause_end = _pause_arrays(index, pauses)
        common = {
            "accepted_on": accepted_on,
            "extension_days": extension,
            "pause_start": pause_start,
            "pause_end": pause_end,
            "as_of": np.maximum(as_of, accepted_on),
            "stopped_on": raw.days("decided_on")[index],
        }
        mine = compute_clocks(run.calendar, limit_days=promised, warning_days=warning, **common)
        statutory = compute_clocks(
            run.calendar,
            limit_days=raw.ints("statutory_limit").astype(np.int32)[index].clip(0),
            **common,
        )
        for name, value in (
            ("due", mine.due_date),
            ("statutory_due", statutory.due_date),
            ("remaining", mine.remaining),
            ("statutory_remaining", statutory.remaining),
            ("elapsed", mine.elapsed),
            ("paused", mine.paused_days),
            ("state", mine.state),
            ("light", mine.light),
            ("unconfirmed", mine.unconfirmed | statutory.unconfirmed),
            ("warning_days", warning),
        ):
            clock[name][index] = value
        clock["read"][index] = True

    # Before acceptance: the 5-working-day window of Art. 32.
    index = np.flatnonzero(is_open & ~accepted & (status == Status.RECEIVED))
    if index.size:
        received_on = raw.days("received_on")[index]
        window = compute_clocks(
            run.calendar,
            received_on,
            ACCEPTANCE_WINDOW_DAYS,
            as_of=np.maximum(as_of, received_on),
        )
        for name, value in (
            ("due", window.due_date),
            ("statutory_due", np.datetime64("NaT", "D")),
            ("remaining", window.remaining),
            ("elapsed", window.elapsed),
            ("paused", 0),
            ("state", window.state),
            ("light", window.light),
            ("unconfirmed", window.unconfirmed),
        ):
            clock[name][index] = value
        clock["read"][index] = True
    return clock


def _pause_arrays(index: np.ndarray, pauses) -> tuple:
    """(n, k) pause start/end arrays for the rows ``index`` (NaT: none, or still running)."""
    by_row = defaultdict(list)
    for row, _pk, _kind, start, end in pauses:
        by_row[row].append((start, end))
    if not by_row:
        return None, None
    width = max(len(spans) for spans in by_row.values())
    start = np.full((len(index), width), np.datetime64("NaT"), dtype="datetime64[D]")
    end = start.copy()
    for position, row in enumerate(index.tolist()):
        for column, (first, last) in enumerate(by_row.get(row, ())):
            start[position, column] = first
            if last is not None:
                end[position, column] = last
    return start, end


_COMPARED_ARRAYS = [
    "due",
    "statutory_due",
    "remaining",
    "statutory_remaining",
    "elapsed",
    "paused",
    "state",
    "light",
    "unconfirmed",
]
_RUNNING = np.array([STATES.index(State.RUNNING), STATES.index(State.OVERDUE)], dtype=np.int8)
_PAUSED = STATES.index(State.PAUSED)


def carried_forward(calendar, stored: dict, as_of: date) -> dict:
    """The stored clocks carried from their ``clock_as_of`` to ``as_of``.

    ``cases.clock.bring_forward`` on whole arrays (the same rule: working days
    pass, nothing else changes). A row whose fresh reading equals this needs
    no write, however long ago it was stored.
    """
    moved = {name: stored[name].copy() for name in _COMPARED_ARRAYS}
    stored_on = stored["as_of"]
    valid = ~np.isnat(stored_on)
    valid[valid] &= stored_on[valid] < np.datetime64(as_of, "D")
    if not valid.any():
        return moved
    offsets = (stored_on.view(np.int64) - EPOCH_OFFSET).clip(0, len(calendar.cum) - 1)
    days = np.where(valid, calendar.cum[calendar.offset(as_of)] - calendar.cum[offsets], 0)
    running = np.isin(moved["state"], _RUNNING) & (days > 0)
    paused = (moved["state"] == _PAUSED) & ~np.isnat(moved["due"]) & (days > 0)
    moved["elapsed"] = np.where(running, moved["elapsed"] + days, moved["elapsed"])
    has_remaining = running & ~stored["no_remaining"]
    moved["remaining"] = np.where(has_remaining, moved["remaining"] - days, moved["remaining"])
    has_statutory = running & ~stored["no_statutory"]
    moved["statutory_remaining"] = np.where(
        has_statutory, moved["statutory_remaining"] - days, moved["statutory_remaining"]
    )
    moved["paused"] = np.where(paused, moved["paused"] + days, moved["paused"])
    for name in ("due", "statutory_due"):
        later = paused & ~np.isnat(moved[name])
        if later.any():
            position = calendar.cum[moved[name][later].view(np.int64) - EPOCH_OFFSET]
            position = (position + days[later] - 1).clip(0, len(calendar.nth) - 1)
            moved[name][later] = (calendar.nth[position] + EPOCH_OFFSET).astype("datetime64[D]")
    return moved


def _changed_rows(run: _Run, clock: dict, accepted: np.ndarray) -> np.ndarray:
    """Rows whose fresh figures differ from the stored clock carried forward to today.

    Also written: a case whose stored light, state or legal-breach sign is
    no longer true — the figures SQL filters on (the centre's red and breach
    lists) must be the day's, not only what a reader carries forward.
    """
    old = clock["stored"]
    moved = carried_forward(run.calendar, old, run.as_of)
    differs = np.zeros(len(accepted), dtype=bool)
    for name in ("due", "statutory_due"):
        new_missing, old_missing = np.isnat(clock[name]), np.isnat(moved[name])
        differs |= (new_missing != old_missing) | (~new_missing & (clock[name] != moved[name]))
    for name in ("remaining", "elapsed", "paused", "state", "light", "unconfirmed"):
        differs |= clock[name] != moved[name]
    differs |= old["no_remaining"]
    # The statutory clock runs from acceptance; before it the cache holds None.
    breach_now = clock["statutory_remaining"] < 0
    breach_stored = ~old["no_statutory"] & (old["statutory_remaining"] < 0)
    differs |= np.where(
        accepted,
        old["no_statutory"]
        | (clock["statutory_remaining"] != moved["statutory_remaining"])
        | (breach_now != breach_stored),
        ~old["no_statutory"],
    )
    return np.flatnonzero(clock["read"] & differs)


def _write_cases(run: _Run, ids: np.ndarray, clock: dict, changed: np.ndarray, heads: dict):
    """Write each changed case row once: its new clock and/or its new chain head.

    ``changed`` are the rows whose clock changed (``_changed_rows``), ``heads``
    the new chain heads of the cases carded. A case row is wide and indexed
    many times: an UPDATE costs about as much for one column as for all, so a
    case that got a card and a new light on the same day is written once, not
    twice. The clocks go as whole columns (``bulk.update_columns``), not row by row.
    """
    carded = np.fromiter(heads, dtype=np.int64, count=len(heads))
    with_head = np.isin(ids[changed], carded)
    for rows, head in ((changed[~with_head], False), (changed[with_head], True)):
        if not rows.size:
            continue
        pks = ids[rows]
        columns = {
            "due_date": clock["due"][rows],
            "statutory_due_date": clock["statutory_due"][rows],
            "remaining_workdays": clock["remaining"][rows],
            # The statutory clock runs from acceptance; before it the cache holds NULL.
            "statutory_remaining_workdays": np.ma.array(
                clock["statutory_remaining"][rows], mask=~clock["accepted"][rows]
            ),
            "elapsed_workdays": clock["elapsed"][rows],
            "paused_workdays": clock["paused"][rows],
            "clock_state": _STATE_NAMES[clock["state"][rows]],
            "light": _LIGHT_NAMES[clock["light"][rows]],
            "unconfirmed": clock["unconfirmed"][rows],
            "clock_as_of": np.full(rows.size, run.as_of, dtype="datetime64[D]"),
        }
        if head:
            columns["event_count"] = [heads[pk][0] for pk in pks.tolist()]
            columns["last_event_hash"] = [heads[pk][1] for pk in pks.tolist()]
        bulk.update_columns(Case, pks, columns)
    _write_lights(ids, clock, changed)
    head_only = sorted(heads.keys() - set(ids[changed].tolist()))
    bulk.update_columns(
        Case,
        head_only,
        {
            "event_count": [heads[pk][0] for pk in head_only],
            "last_event_hash": [heads[pk][1] for pk in head_only],
        },
    )


def _write_lights(ids: np.ndarray, clock: dict, changed: np.ndarray) -> None:
    """Copy to ``CaseLight`` what changed of the cases' light, legal breach and due dates.

    Only those rows: a clock whose days left changed but not its light (most
    of them) leaves the light table as it is. Every row read is an open case's.
    """
    stored = clock["stored"]
    breach = clock["accepted"] & (clock["statutory_remaining"] < 0)
    breach_stored = ~stored["no_statutory"] & (stored["statutory_remaining"] < 0)
    differs = (clock["light"] != stored["light"]) | (breach != breach_stored)
    for name in ("due", "statutory_due"):
        new, old = clock[name], stored[name]
        differs |= (np.isnat(new) != np.isnat(old)) | (~np.isnat(new) & (new != old))
    rows = changed[differs[changed]]
    bulk.update_columns(
        CaseLight,
        ids[rows],
        {
            "light": _LIGHT_NAMES[clock["light"][rows]],
            "breach": breach[rows],
            "due_date": clock["due"][rows],
            "statutory_due_date": clock["statutory_due"][rows],
        },
    )


_STATE_NAMES = np.array(STATES, dtype=object)
_LIGHT_NAMES = np.array(LIGHTS, dtype=object)


def _irregular_events(run: _Run, lo: int, hi: int, row_of: dict) -> tuple[list, list]:
    """PAUSED events without a notice number and DECIDED events by a non-approver."""
    no_notice = Q(kind=EventKind.PAUSED) & (
        Q(data__document__isnull=True) | Q(data__document="") | Q(data__document=None)
    )
    by_other = Q(kind=EventKind.DECIDED) & (
        Q(actor__isnull=True) | ~Q(actor_id__in=run.approver_ids)
    )
    unnoticed, unauthorised = [], []
    for case_id, kind, seq, data, actor in (
        CaseEvent.objects.filter(case_id__gte=lo, case_id__lte=hi)
        .filter(no_notice | by_other)
        .values_list("case_id", "kind", "seq", "data", "actor_name")
    ):
        if case_id not in row_of:
            continue
        if kind == EventKind.PAUSED:
            unnoticed.append((row_of[case_id], seq, (data or {}).get("kind", "")))
        else:
            unauthorised.append((row_of[case_id], seq, actor))
    return unnoticed, unauthorised


# -- alerts ----------------------------------------------------------------------------


def _close_alerts(run: _Run, hits, evaluated, existing, row_of, is_open, ids) -> int:
    rule_id = {code: rule.pk for code, rule in run.rules.items()}
    case_ids = ids.tolist()  # plain ints: a numpy scalar per hit costs ten times more
    keep = {(rule_id[hit.code], case_ids[hit.row], hit.rung) for hit in hits}
    gone, finished = [], []
    for key, (pk, still_open) in existing.items():
        rule_id, case_id, rung = key
        if not still_open or key in keep:
            continue
        code = run.code_of[rule_id]
        if case_id not in row_of:
            # Between the cases a full sweep reads lie only cases closed before
            # the recent window: their clock alerts are over.
            if run.full and code not in rulebook.RECORD_RULES:
                finished.append(pk)
            continue
        if not is_open[row_of[case_id]] and code not in rulebook.RECORD_RULES:
            finished.append(pk)
        elif rulebook.family(code, rung) in evaluated:
            gone.append(pk)
    closed = 0
    for pks, reason in (
        (gone, _("The condition no longer holds.")),
        (finished, _("The case is no longer open.")),
    ):
        if pks:
            closed += Alert.objects.filter(pk__in_keys=pks, closed_at__isnull=True).update(
                closed_at=run.now, close_reason=reason
            )
    return closed


def _close_alerts_between(run: _Run, last: int, upto: int | None) -> int:
    """Close the clock alerts of closed cases with a key in (``last``, ``upto``]: past the
    last case a full sweep of the range read."""
    stale = Alert.objects.open().filter(case_id__gt=last)
    if upto is not None:
        stale = stale.filter(case_id__lte=upto)
    stale = list(
        stale.exclude(rule__code__in=rulebook.RECORD_RULES)
        .exclude(case__status__in=OPEN_STATUSES)
        .values_list("pk", flat=True)
    )
    if not stale:  # a sweep with nothing to do writes nothing
        return 0
    return Alert.objects.filter(pk__in_keys=stale, closed_at__isnull=True).update(
        closed_at=run.now, close_reason=_("The case is no longer open.")
    )


class _New(NamedTuple):
    """A new alert of this batch: its rule, case, rung, row in the batch and evidence."""

    rule: AnomalyRule
    case_id: int
    rung: str
    row: int
    evidence: dict


class _Opened(NamedTuple):
    """An alert this batch inserted, with what its card and notices need."""

    pk: int
    rule: AnomalyRule
    case_id: int
    unit_id: int
    handler_id: int | None
    authority_id: int
    service_item_id: int
    evidence: dict


def _new_alerts(run: _Run, hits, existing, ids) -> list[_New]:
    new, seen = [], set()
    rule_id = {code: rule.pk for code, rule in run.rules.items()}
    as_of = run.as_of.isoformat()
    case_ids = ids.tolist()
    for hit in hits:
        key = (rule_id[hit.code], case_ids[hit.row], hit.rung)
        if not hit.opens or key in existing or key in seen:
            continue
        seen.add(key)
        evidence = hit.evidence() if callable(hit.evidence) else hit.evidence
        new.append(
            _New(run.rules[hit.code], key[1], hit.rung, hit.row, {"as_of": as_of, **evidence})
        )
    _add_event_evidence(new)
    return new


def _add_event_evidence(alerts: list[_New]) -> None:
    """Record rules: the sequence numbers of the events that are the finding."""
    wanted = [a for a in alerts if a.rule.code in rulebook.EVIDENCE_EVENTS]
    if not wanted:
        return
    seqs = defaultdict(list)
    for case_id, kind, seq in CaseEvent.objects.filter(
        case_id__in_keys={a.case_id for a in wanted},
        kind__in=set(rulebook.EVIDENCE_EVENTS.values()),
    ).values_list("case_id", "kind", "seq"):
        seqs[case_id, kind].append(seq)
    for alert in wanted:
        alert.evidence["event_seqs"] = seqs[
            alert.case_id, rulebook.EVIDENCE_EVENTS[alert.rule.code]
        ]


_ALERT_FIELDS = [
    "rule_id",
    "case_id",
    "rung",
    "level",
    "authority_id",
    "service_item_id",
    "unit_id",
    "handler_id",
    "opened_at",
    "opened_on",
    "closed_at",
    "close_reason",
    "evidence",
]


def _open_alerts(run: _Run, new: list[_New], raw: _Columns) -> list[_Opened]:
    """Insert the new alerts (new for certain: the batch holds the sweep lock).

    Plain rows, no model instance: a first sweep of a day over a province
    opens a hundred thousand.
    """
    columns = [
        raw.ints(name).tolist()
        for name in ("unit_id", "handler_id", "authority_id", "service_item_id")
    ]
    opened = [
        _Opened(
            0,
            alert.rule,
            alert.case_id,
            columns[0][alert.row],
            columns[1][alert.row] or None,
            columns[2][alert.row],
            columns[3][alert.row],
            alert.evidence,
        )
        for alert in new
    ]
    pks = bulk.insert_rows(
        Alert,
        _ALERT_FIELDS,
        [
            (
                a.rule.pk,
                a.case_id,
                alert.rung,
                a.rule.level,
                a.authority_id,
                a.service_item_id,
                a.unit_id,
                a.handler_id,
                run.now,
                run.as_of,
                None,
                "",
                a.evidence,
            )
            for a, alert in zip(opened, new, strict=True)
        ],
    )
    return [a._replace(pk=pk) for a, pk in zip(opened, pks, strict=True)]


def _act_on(run: _Run, opened: list[_Opened], heads: dict) -> int:
    """Cards and notices for newly opened alerts; returns the cards issued.

    ``heads`` receives the new chain head of each case carded (written by
    the batch with its clock).
    """
    carded = [a for a in opened if a.rule.card != CardColor.NONE]
    noticed = [
        a
        for a in opened
        if (a.rule.level == Level.WARNING and a.handler_id)
        or a.rule.level == Level.BREACH
        or a.rule.report_to_supervisors
    ]
    _issue_cards(run, carded, heads)
    _notify_alerts(run, noticed)
    return len(carded)


_CARD_FIELDS = [
    "color",
    "case_id",
    "authority_id",
    "service_item_id",
    "alert_id",
    "rule_id",
    "carded_user_id",
    "carded_unit_id",
    "issued_by_id",
    "issued_at",
    "reason",
    "evidence",
    "status",
]


def _issue_cards(run: _Run, alerts: list[_Opened], heads: dict) -> None:
    """The rule's card for each alert, in bulk: what ``cards.create_card`` does one by one.

    The card rows and their CARD_ISSUED events on the case chains
    (``do_record_supervision_many``) — a handful of statements per batch,
    however many cards; the carded people hear of them in the sweep's digest.
    """
    if not alerts:
        return
    # Translated once per batch, not once per card.
    reasons = {
        code: _("{rule}: card issued by electronic supervision on {date}.").format(
            rule=run.label(rule), date=run.as_of.isoformat()
        )
        for code, rule in run.rules.items()
    }
    carded = []  # (alert, carded user id, carded unit id)
    for alert in alerts:
        rule = alert.rule
        handler_id = alert.handler_id if rule.card_handler else None
        # The handling unit answers for the case's work; it is carded when the
        # rule says so, or when the handler is to be carded but none is assigned.
        unit_id = alert.unit_id if rule.card_unit or handler_id is None else None
        carded.append((alert, handler_id, unit_id))
    pks = bulk.insert_rows(
        Card,
        _CARD_FIELDS,
        [
            (
                alert.rule.card,
                alert.case_id,
                alert.authority_id,
                alert.service_item_id,
                alert.pk,
                alert.rule.pk,
                user_id,
                unit_id,
                None,
                run.now,
                reasons[alert.rule.code],
                alert.evidence,
                CardStatus.VALID,
            )
            for alert, user_id, unit_id in carded
        ],
    )
    usernames = dict(
        get_user_model()
        .objects.filter(pk__in={user_id for _a, user_id, _u in carded if user_id})
        .values_list("pk", "username")
    )
    units = dict(
        Unit.objects.filter(pk__in={unit_id for _a, _u, unit_id in carded if unit_id}).values_list(
            "pk", "name"
        )
    )
    heads.update(
        do_record_supervision_many(
            [
                (
                    alert.case_id,
                    EventKind.CARD_ISSUED,
                    {
                        "card": pk,
                        "color": alert.rule.card,
                        "reason": reasons[alert.rule.code],
                        "rule": alert.rule.code,
                        "carded_user": usernames[user_id] if user_id else "",
                        "carded_unit": units[unit_id] if unit_id else "",
                    },
                )
                for pk, (alert, user_id, unit_id) in zip(pks, carded, strict=True)
            ],
            now=run.now,
            write_heads=False,
        )
    )
    for alert, user_id, _unit in carded:
        if user_id:
            _tell(run, user_id, f"card:{alert.rule.card}", alert.case_id)


def _notify_alerts(run: _Run, alerts: list[_Opened]) -> None:
    """Tell the handler of a new warning, and the supervisors of the case's region of a
    legal breach or of a rule that reports to them (in the sweep's digest)."""
    for alert in alerts:
        region = run.region_of[alert.authority_id]
        recipients = []
        if alert.rule.level == Level.WARNING and alert.handler_id:
            recipients.append(alert.handler_id)
        if alert.rule.level == Level.BREACH or alert.rule.report_to_supervisors:
            recipients += run.supervisors_of(region)
        what = f"rule:{alert.rule.code}"
        for user_id in dict.fromkeys(recipients):
            _tell(run, user_id, what, alert.case_id)


# -- the sweep's digest: one notice per person ------------------------------------------

# Cases named in one digest; the rest are on the list its link opens.
DIGEST_ITEMS = 20


def _tell(run: _Run, user_id: int, what: str, case_id: int) -> None:
    """Note, for this batch's digest part, that ``user_id`` is told ``what`` ("rule:<code>"
    or "card:<colour>") about case ``case_id`` (named by its number when the part is
    written: only the first ``DIGEST_ITEMS`` cases of a person are)."""
    counts, items = run.digest.setdefault(user_id, ({}, {}))
    counts[what] = counts.get(what, 0) + 1
    if case_id in items:
        items[case_id].append(what)
    elif len(items) < DIGEST_ITEMS:
        items[case_id] = [what]


def _write_digest_parts(run: _Run) -> None:
    """The batch's part of the digest: one row per person told something (in the batch's
    transaction, with the alerts and cards it tells of)."""
    if not run.digest:
        return
    named = {case_id for _counts, items in run.digest.values() for case_id in items}
    number = dict(Case.objects.filter(pk__in_keys=named).values_list("pk", "number"))
    bulk.insert_rows(
        DigestPart,
        ["recipient_id", "as_of", "counts", "items", "created_at"],
        [
            (
                user_id,
                run.as_of,
                counts,
                {number[case_id]: found for case_id, found in items.items()},
                run.now,
            )
            for user_id, (counts, items) in run.digest.items()
        ],
    )


# The order of a digest's lines: cards, then the rules as listed in RuleCode.
_DIGEST_ORDER = {
    **{f"card:{colour}": i for i, colour in enumerate([CardColor.RED, CardColor.YELLOW])},
    **{f"rule:{code}": 10 + i for i, code in enumerate(RuleCode.values)},
}


def _digest_label(what: str) -> str:
    kind, _sep, value = what.partition(":")
    if kind == "card":
        return str(CardColor(value).label)
    return str(RuleCode(value).label)


def fold_digests(now=None) -> int:
    """Fold every pending digest part into one notice per person; returns how many.

    The notice says what was found (a line per rule and card colour, the first
    ``DIGEST_ITEMS`` cases named, linked) and links to the list where the rest
    is: the centre's warnings or cards for supervisors and leaders, "my
    supervision" for a person carded, the work queue for everyone else. SMS and
    e-mail after the commit, once (``notifications.deliver``, as every notice).
    Parts a sweep left when it stopped half-way are folded by the next one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        parts = list(
            DigestPart.objects.select_for_update()
            .order_by("pk")
            .values_list("pk", "recipient_id", "as_of", "counts", "items")
        )
        if not parts:
            return 0
        DigestPart.objects.filter(pk__in_keys=[part[0] for part in parts]).delete()
        merged = {}  # person -> [counts, items, day]
        for _pk, user_id, as_of, counts, items in parts:
            entry = merged.setdefault(user_id, [Counter(), {}, as_of])
            entry[0].update(counts)
            for number, found in items.items():
                if number in entry[1] or len(entry[1]) < DIGEST_ITEMS:
                    entry[1].setdefault(number, []).extend(found)
            entry[2] = max(entry[2], as_of)
        centre = set(
            get_user_model()
            .objects.filter(pk__in=list(merged), groups__name__in=[Role.SUPERVISOR, Role.LEADER])
            .values_list("pk", flat=True)
        )
        key = f"sweep:{now.isoformat()}"
        notices = Notification.objects.bulk_create(
            _digest(user_id, *entry, key=key, now=now, centre=user_id in centre)
            for user_id, entry in merged.items()
        )
        ids = [notice.pk for notice in notices]
        transaction.on_commit(lambda: deliver(ids))
    return len(notices)


def _found(whats: list[str], counts: Counter) -> str:
    """What was found on one case, unless the digest tells of one kind of finding only."""
    if len(counts) == 1:
        return ""
    ordered = sorted(dict.fromkeys(whats), key=lambda what: _DIGEST_ORDER.get(what, 99))
    return _(", ").join(_digest_label(what) for what in ordered)


def _digest(user_id, counts: Counter, items: dict, as_of, *, key, now, centre) -> Notification:
    cards = sum(n for what, n in counts.items() if what.startswith("card:"))
    alerts = sum(counts.values()) - cards
    found = []
    if cards:
        found.append(ngettext("{count} new card", "{count} new cards", cards).format(count=cards))
    if alerts:
        found.append(
            ngettext("{count} new alert", "{count} new alerts", alerts).format(count=alerts)
        )
    title = _("Electronic supervision, {date}: {found}").format(
        date=as_of.isoformat(), found=_("; ").join(found)
    )
    lines = [
        _("{what}: {count}").format(what=_digest_label(what), count=counts[what])
        for what in sorted(counts, key=lambda what: _DIGEST_ORDER.get(what, 99))
    ]
    if centre:
        url = reverse("supervision:list", args=["warnings" if alerts else "cards"])
    elif cards:
        url = reverse("supervision:mine")  # where a carded person sees and appeals them
    else:
        url = reverse("cases:todo")
    return Notification(
        recipient_id=user_id,
        kind=NotificationKind.CARD if cards else NotificationKind.WARNING,
        key=key,
        title=title,
        body="\n".join(lines),
        url=url,
        items=[[number, _found(whats, counts)] for number, whats in items.items()],
        created_at=now,
    )
