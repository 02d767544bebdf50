"""Bulk writes: keys returned in order, and the database's refusals raised as Django's errors."""

import pytest
from django.db import IntegrityError, transaction

from xiaoneng.core import bulk
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.models import Notification

pytestmark = pytest.mark.django_db

FIELDS = [
    "recipient_id",
    "kind",
    "key",
    "title",
    "body",
    "url",
    "items",
    "created_at",
    "read_at",
    "sent_at",
]


def _notice(user, key: str) -> tuple:
    from django.utils import timezone

    return (
        user.pk,
        NotificationKind.CASE,
        key,
        "标题",
        "",
        "",
        [["案号", "说明"]],
        timezone.now(),
        None,
        None,
    )


def test_insert_rows_returns_the_new_keys_in_order(users):
    pks = bulk.insert_rows(
        Notification, FIELDS, [_notice(users.handler, "k:1"), _notice(users.handler, "k:2")]
    )
    assert list(Notification.objects.order_by("pk").values_list("pk", "key")) == [
        (pks[0], "k:1"),
        (pks[1], "k:2"),
    ]
    assert Notification.objects.get(pk=pks[0]).items == [["案号", "说明"]]  # JSON as given


def test_a_refused_bulk_insert_is_a_django_integrity_error_and_writes_nothing(users):
    """On PostgreSQL the rows travel by COPY, outside Django's cursor: its errors used to
    reach the caller as the driver's own (psycopg's UniqueViolation), which code catching
    Django's IntegrityError does not catch."""
    bulk.insert_rows(Notification, FIELDS, [_notice(users.handler, "once")])
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(
            Notification, FIELDS, [_notice(users.handler, "new"), _notice(users.handler, "once")]
        )
    assert list(Notification.objects.values_list("key", flat=True)) == ["once"]


def test_insert_rows_needs_every_field(users):
    with pytest.raises(ValueError, match="missing"):
        bulk.insert_rows(Notification, FIELDS[:-1], [_notice(users.handler, "k")[:-1]])


def test_update_sets_every_kind_of_value_as_given(users):
    """Text with quotes, backslashes, commas and braces, empty text, None and aware
    times survive the array literal that carries them on PostgreSQL."""
    from datetime import UTC, datetime

    pks = bulk.insert_rows(
        Notification, FIELDS, [_notice(users.handler, f"u:{i}") for i in range(3)]
    )
    read = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
    titles = ['引号"与\\反斜杠', "a,b{c}d", ""]
    rows = [
        (pk, title, None if pk == pks[0] else read) for pk, title in zip(pks, titles, strict=True)
    ]
    bulk.update(Notification, ["title", "read_at"], rows)
    stored = dict(Notification.objects.values_list("pk", "title"))
    assert [stored[pk] for pk in pks] == titles
    assert list(Notification.objects.order_by("pk").values_list("read_at", flat=True)) == [
        None,
        read,
        read,
    ]


def test_in_keys_finds_the_rows_of_the_keys(users):
    """``in_keys``: one array parameter on PostgreSQL, ``IN`` elsewhere; the same rows."""
    pks = bulk.insert_rows(
        Notification, FIELDS, [_notice(users.handler, f"n:{i}") for i in range(5)]
    )
    wanted = [pks[1], pks[3], 10**12]
    found = Notification.objects.filter(pk__in_keys=wanted).values_list("pk", flat=True)
    assert sorted(found) == [pks[1], pks[3]]
    assert not Notification.objects.filter(pk__in_keys=[]).exists()
    assert Notification.objects.filter(recipient_id__in_keys={users.handler.pk}).count() == 5


def test_update_columns_writes_numpy_columns_with_their_nulls(reviewed, submit):
    """The sweep's clock columns: days with NaT, integers with a mask, booleans and text,
    row by row as given (PostgreSQL reads them as array literals built by numpy)."""
    from datetime import date

    import numpy as np

    from xiaoneng.cases.models import Case

    cases = [reviewed(), reviewed(), submit("2026-02-10")]
    pks = np.array([case.pk for case in cases], dtype=np.int64)
    bulk.update_columns(
        Case,
        pks,
        {
            "due_date": np.array(["2026-03-02", "NaT", "2026-03-04"], dtype="datetime64[D]"),
            "statutory_remaining_workdays": np.ma.array([-3, 0, 7], mask=[False, False, True]),
            "unconfirmed": np.array([True, False, True]),
            "light": np.array(["red", "yellow", "green"], dtype=object),
            "last_event_hash": ['a"b\\c', "{x,y}", ""],
        },
    )
    stored = {
        pk: row
        for pk, *row in Case.objects.values_list(
            "pk",
            "due_date",
            "statutory_remaining_workdays",
            "unconfirmed",
            "light",
            "last_event_hash",
        )
    }
    assert [stored[pk] for pk in pks.tolist()] == [
        [date(2026, 3, 2), -3, True, "red", 'a"b\\c'],
        [None, 0, False, "yellow", "{x,y}"],
        [date(2026, 3, 4), None, True, "green", ""],
    ]
    bulk.update_columns(Case, np.array([], dtype=np.int64), {"light": np.array([])})  # no-op
