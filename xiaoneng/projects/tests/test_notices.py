"""The coordinator is told of every event of his project's cases, once per event."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from xiaoneng.cases import actions
from xiaoneng.cases.models import CaseEvent
from xiaoneng.cases.testing import at
from xiaoneng.projects import services
from xiaoneng.projects.models import NoticeCursor
from xiaoneng.supervision.models import Notification

pytestmark = pytest.mark.django_db


def _notices(user):
    return Notification.objects.filter(recipient=user, key__startswith="project-event-")


def test_one_notice_per_event_and_none_twice(project, case_of, users):
    kp = project(coordinator="reviewer")
    other = project(code="KP-T2", coordinator="leader")
    case = case_of("YDYS")
    actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    services.link_case(kp, case, acting_user=users.reviewer)
    services.link_case(other, case_of("NYDZY"), acting_user=users.leader)
    case_of("TDZS")  # not a key-project case: nobody is told

    events = CaseEvent.objects.filter(case=case)
    assert services.notify_project_events() == events.count() + 2  # other: submitted, linked
    assert _notices(users.reviewer).count() == events.count() == 3
    assert set(_notices(users.reviewer).values_list("key", flat=True)) == {
        f"project-event-{pk}" for pk in events.values_list("pk", flat=True)
    }
    assert _notices(users.leader).count() == 2
    # A second run finds nothing new; a re-read from the start duplicates nothing.
    assert services.notify_project_events() == 0
    assert services.notify_project_events(since_event_id=0) == 0
    assert _notices(users.reviewer).count() == 3

    actions.do_assign(case, acting_user=users.clerk, handler=users.handler)
    assert services.notify_project_events() == 1
    assert _notices(users.reviewer).count() == 4
    assert NoticeCursor.objects.get().last_event_id == CaseEvent.objects.order_by("pk").last().pk


def test_a_project_without_coordinator_notifies_nobody(project, case_of, users):
    kp = project(coordinator=None)
    services.link_case(kp, case_of("YDYS"), acting_user=users.leader)
    assert services.notify_project_events() == 0
    assert not Notification.objects.filter(key__startswith="project-event-").exists()


def test_command_prints_one_json_line(project, case_of, users):
    kp = project()
    services.link_case(kp, case_of("YDYS"), acting_user=users.reviewer)
    out = StringIO()
    call_command("project_notices", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"project_notices": 2}
    out = StringIO()
    call_command("project_notices", stdout=out)
    assert json.loads(out.getvalue()) == {"project_notices": 0}
