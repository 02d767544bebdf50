"""The event log is append-only and its SM3 chains reveal any change."""

import json
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from xiaoneng.cases import actions
from xiaoneng.cases.models import CaseEvent
from xiaoneng.cases.testing import at

pytestmark = pytest.mark.django_db


def verify():
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_log", stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_intact_chains_verify(reviewed, users):
    reviewed()
    reviewed()
    code, result = verify()
    assert code == 0
    assert result == {"cases": 2, "events": 6, "broken": []}


def test_events_cannot_be_changed_through_the_orm(reviewed):
    case = reviewed()
    event = case.events.first()
    event.data = {"forged": True}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=case).update(data={})
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=case).delete()


def _raw(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The append-only trigger would refuse; a superuser tampering
            # directly in the database can switch triggers off like this.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_tampered_event_makes_verify_log_fail_and_name_the_case(reviewed, users):
    intact = reviewed()
    case = reviewed()
    event = case.events.get(seq=2)
    _raw(
        "UPDATE cases_caseevent SET data = %s WHERE id = %s",
        [json.dumps({"accepted_on": "2026-01-01"}), event.pk],
    )
    code, result = verify()
    assert code == 1
    assert result["broken"] == [case.number]
    assert intact.number not in result["broken"]


def test_deleted_last_event_is_detected(reviewed):
    case = reviewed()
    last = case.events.order_by("-seq").first()
    _raw("DELETE FROM cases_caseevent WHERE id = %s", [last.pk])
    code, result = verify()
    assert code == 1
    assert result["broken"] == [case.number]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_update_and_delete_of_events(reviewed):
    from django.db.utils import DatabaseError

    case = reviewed()
    event = case.events.first()
    for sql in [
        "UPDATE cases_caseevent SET kind = 'x' WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])


def test_each_event_links_to_the_one_before(reviewed, users):
    case = reviewed()
    case = actions.do_advance(case, acting_user=users.handler, opinion="同意", now=at("2026-02-10"))
    events = list(case.events.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert all(b.prev_hash == a.hash for a, b in pairwise(events))
    assert case.last_event_hash == events[-1].hash


def test_supervision_events_recorded_in_bulk_extend_each_chain(reviewed):
    """``do_record_supervision_many`` (the sweep's cards): two events on one case, one on
    another, sealed in order; with the heads written by the function itself (its default),
    every chain verifies and the next action links to the last of them."""
    from xiaoneng.cases.choices import EventKind
    from xiaoneng.cases.models import Case

    first, second = reviewed(), reviewed()
    entries = [
        (first.pk, EventKind.CARD_ISSUED, {"card": 1}),
        (second.pk, EventKind.CARD_ISSUED, {"card": 2}),
        (first.pk, EventKind.CARD_REVOKED, {"card": 1}),
    ]
    with transaction.atomic():
        heads = actions.do_record_supervision_many(entries, now=at("2026-03-02", 10))
    for case, added in ((first, 2), (second, 1)):
        stored = Case.objects.get(pk=case.pk)
        last = CaseEvent.objects.filter(case=case).order_by("seq").last()
        assert stored.event_count == case.event_count + added == last.seq
        assert heads[case.pk] == (last.seq, last.hash)
        assert last.stage_name == case.stage["name"]  # from the case's rule set
        assert (stored.event_count, stored.last_event_hash) == (last.seq, last.hash)
    assert verify()[0] == 0
