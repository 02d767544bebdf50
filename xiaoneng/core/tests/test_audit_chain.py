import pytest
from django.db import transaction

from xiaoneng.core import audit
from xiaoneng.core.hashchain import verify_chain
from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _append(n, actor):
    with transaction.atomic():
        for i in range(n):
            audit.record("test.event", actor=actor, new={"i": i, "名称": "测试"})


def test_appended_events_form_an_intact_chain(users):
    _append(3, users.secadmin)
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert verify_chain(AuditEvent.objects.chain_rows()) == []


def test_edited_event_breaks_the_chain(users):
    _append(3, users.secadmin)
    middle = AuditEvent.objects.order_by("pk")[1]
    AuditEvent.objects.filter(pk=middle.pk).update(new={"i": 99})
    assert verify_chain(AuditEvent.objects.chain_rows()) == [middle.pk]


def test_deleted_event_breaks_the_chain(users):
    _append(3, users.secadmin)
    _first, second, third = AuditEvent.objects.order_by("pk")
    second.delete()
    assert verify_chain(AuditEvent.objects.chain_rows()) == [third.pk]


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record("test.event")
    assert not AuditEvent.objects.exists()
