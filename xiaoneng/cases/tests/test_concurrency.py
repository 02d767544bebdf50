"""Two approvers deciding one case at the same moment: exactly one decision applies."""

import threading

import pytest
from django.db import connection, connections

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite serialises)"
    ),
]


def test_concurrent_decisions_one_applies_the_other_is_refused(transactional_org, item, submit):
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    case = submit()
    case = actions.do_accept(case, acting_user=users["clerk"], now=at("2026-02-09", 11))
    case = actions.do_assign(case, acting_user=users["clerk"], handler=users["handler"])
    case = actions.do_advance(case, acting_user=users["handler"], opinion="同意")
    case = actions.do_advance(case, acting_user=users["reviewer"], opinion="同意")
    approvers = [users["approver"], users["nx_staff08"]]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, result):
        try:
            barrier.wait()
            actions.do_decide(case, acting_user=user, result=result, reason="理由")
            outcomes.append("applied")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(approvers[0], "approve")),
        threading.Thread(target=decide, args=(approvers[1], "deny")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "refused"]
    case = Case.objects.get(pk=case.pk)
    assert case.events.filter(kind="decided").count() == 1
    assert case.documents.filter(kind__in=["approval", "denial"]).count() == 1
