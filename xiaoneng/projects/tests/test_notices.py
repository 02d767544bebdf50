"""The coordinator is told of every event of his project's cases, once per event."""

import json
from io import StringIO

import pytest
import time_machine
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
    with time_machine.travel(at("2026-02-02"), tick=False):  # registered before the cases
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


def test_the_cases_history_before_the_project_had_a_coordinator_is_not_notified(
    project, case_of, users
):
    # Cases with a history: registered, accepted, assigned in February.
    case = case_of("YDYS")
    actions.do_accept(case, acting_user=users.clerk, now=at("2026-02-09", 11))
    actions.do_assign(
        case, acting_user=users.clerk, handler=users.handler, now=at("2026-02-09", 12)
    )
    older = case_of("NYDZY", "2026-02-10")
    with time_machine.travel(at("2026-03-02"), tick=False):
        kp = project(coordinator=None)  # registered without a coordinator
        services.link_case(kp, older, acting_user=users.leader)
    # The first run ever: nothing happened since anyone coordinated the project.
    assert services.notify_project_events() == 0
    # Today (2026-04-30) the reviewer becomes its coordinator: only what follows is his.
    kp.coordinator = users.reviewer
    kp.save()
    assert services.coordinator_since(kp) == at("2026-04-30", 18)
    assert services.notify_project_events() == 0
    services.link_case(kp, case, acting_user=users.reviewer)
    actions.do_advance(case, acting_user=users.handler, opinion="同意")
    assert services.notify_project_events() == 2  # the link and the forward, nothing older
    assert _notices(users.reviewer).count() == 2
    assert CaseEvent.objects.filter(case__key_project=kp).count() == 7  # 5 never notified
    # A later coordinator hears from his own start; the earlier keeps what he got.
    with time_machine.travel(at("2026-05-06"), tick=False):
        kp.coordinator = users.leader
        kp.save()
        assert services.notify_project_events() == 0
        actions.do_advance(case, acting_user=users.reviewer, opinion="同意")
        assert services.notify_project_events() == 1
    assert _notices(users.leader).count() == 1
    assert _notices(users.reviewer).count() == 2


def test_a_project_without_coordinator_notifies_nobody(project, case_of, users):
    kp = project(coordinator=None)
    services.link_case(kp, case_of("YDYS"), acting_user=users.leader)
    assert services.notify_project_events() == 0
    assert not Notification.objects.filter(key__startswith="project-event-").exists()


def test_command_prints_one_json_line(project, case_of, users):
    with time_machine.travel(at("2026-02-02"), tick=False):
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
