import pytest
from django.core.cache import cache

from xiaoneng.cases import actions
from xiaoneng.cases.testing import at
from xiaoneng.catalog.choices import StageKind


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the tracking rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def accepted(reviewed):
    """A case accepted on 2026-02-09 (under review)."""
    return reviewed


@pytest.fixture
def completed(submit, users):
    """A case taken to completion through the real actions."""

    def make(day="2026-02-09"):
        case = submit(day)
        case = actions.do_accept(case, acting_user=users.clerk, now=at(day, 11))
        case = actions.do_assign(
            case, acting_user=users.clerk, handler=users.handler, now=at(day, 12)
        )
        while case.stage["kind"] in (StageKind.REVIEW, StageKind.COMMITTEE):
            actor = users.handler if case.stage["role"] == "handler" else users.reviewer
            case = actions.do_advance(case, acting_user=actor, opinion="同意", now=at(day, 14))
        case = actions.do_decide(
            case, acting_user=users.approver, result="approve", now=at(day, 15)
        )
        return actions.do_complete(case, acting_user=users.clerk, now=at(day, 16))

    return make
