"""The sweep: clocks refreshed with the vectorised engine, idempotent, batched, day-off aware."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.cases import actions
from xiaoneng.cases.clock import CLOCK_FIELDS, bring_forward, read_clock
from xiaoneng.cases.integrity import lights_out_of_step
from xiaoneng.cases.models import Case, CaseEvent, CaseLight
from xiaoneng.cases.testing import at
from xiaoneng.supervision.choices import RuleCode
from xiaoneng.supervision.models import Alert, Card, Notification
from xiaoneng.supervision.sweep import run_sweep
from xiaoneng.workdays.services import get_calendar

ACCEPTED = date(2026, 2, 9)


def workday(n: int) -> date:
    return get_calendar().add_workdays(ACCEPTED, n)


def snapshot() -> tuple:
    return (
        Alert.objects.count(),
        Alert.objects.open().count(),
        Card.objects.count(),
        Notification.objects.count(),
        CaseEvent.objects.count(),
    )


@pytest.fixture
def five_cases(reviewed, submit, users):
    """Cases in several states: under review (three), paused, received."""
    cases = [reviewed() for _ in range(3)]
    paused = reviewed()
    actions.do_pause(
        paused,
        acting_user=users.handler,
        kind="expert_review",
        reason="专家评审",
        now=at("2026-02-11"),
    )
    cases += [paused, submit("2026-02-10")]
    return cases


def stored_clock(case, as_of: date) -> dict:
    """The clock as stored (no carrying forward on load), carried to ``as_of``."""
    stored = SimpleNamespace(**Case.objects.filter(pk=case.pk).values(*CLOCK_FIELDS).get())
    bring_forward(stored, get_calendar(), as_of)
    return {name: getattr(stored, name) for name in CLOCK_FIELDS if name != "clock_as_of"}


def scalar_clock(case, as_of: date) -> dict:
    expected = read_clock(case, get_calendar(), as_of)
    del expected["clock_as_of"]
    return expected


@pytest.mark.parametrize("days", [17, 21])
def test_sweep_caches_the_same_clock_as_the_scalar_engine(five_cases, days):
    as_of = workday(days)
    counts = run_sweep(as_of=as_of)
    assert counts["open_cases"] == 5
    for case in Case.objects.filter(pk__in=[c.pk for c in five_cases]):
        assert stored_clock(case, as_of) == scalar_clock(case, as_of), case.status


def test_a_later_sweep_writes_only_the_clocks_that_changed_otherwise_than_by_days(five_cases):
    """The next working day moves every running clock by one day: nothing to write
    unless a light, a state or the legal-breach sign changed."""
    run_sweep(as_of=workday(5))
    stored = dict(Case.objects.values_list("pk", "clock_as_of"))
    run_sweep(as_of=workday(6))
    later = dict(Case.objects.values_list("pk", "clock_as_of"))
    assert later == stored  # five and six days in: all green, nothing written
    for case in Case.objects.filter(pk__in=[c.pk for c in five_cases]):
        assert stored_clock(case, workday(6)) == scalar_clock(case, workday(6)), case.status
    run_sweep(as_of=workday(17))  # the lights turn: those cases are written
    written = {
        pk for pk, day in Case.objects.values_list("pk", "clock_as_of") if day == workday(17)
    }
    assert written
    assert written != set(stored)


def test_a_loaded_case_shows_its_clock_as_of_today(five_cases, time_machine):
    run_sweep(as_of=workday(5))
    stored = {case.pk: case for case in Case.objects.all()}
    time_machine.move_to(at(str(workday(8)), 10), tick=False)
    for case in Case.objects.filter(pk__in=[c.pk for c in five_cases]):
        assert case.clock_as_of == workday(8)
        shown = {name: getattr(case, name) for name in CLOCK_FIELDS if name != "clock_as_of"}
        expected = scalar_clock(case, workday(8))
        # The state and the light are the database's: they wait for the next sweep.
        for name in ("clock_state", "light"):
            assert shown.pop(name) == getattr(stored[case.pk], name)
            expected.pop(name)
        assert shown == expected, case.status


@pytest.mark.parametrize("full", [False, True])
def test_second_sweep_with_nothing_changed_writes_nothing(five_cases, full):
    first = run_sweep(as_of=workday(21))
    assert first["alerts_opened"] > 0
    assert first["cards_issued"] > 0
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        second = run_sweep(as_of=workday(21), full=full)
    assert {key: value for key, value in second.items() if key != "seconds"} == {
        "open_cases": 5,
        "alerts_opened": 0,
        "alerts_closed": 0,
        "cards_issued": 0,
        "mode": "full" if full else "delta",
        "cases_read": 5 if full else 0,
        "workers": 1,  # inside the test's transaction: one range
        "people_told": 0,
    }
    assert snapshot() == before
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1  # the record of the run itself
    assert "supervision_sweeprun" in writes[0]


def test_delta_sweep_reads_only_the_cases_acted_on_since_the_full_sweep(
    five_cases, users, time_machine
):
    day = workday(16)
    time_machine.move_to(at(str(day), 12), tick=False)
    run_sweep(as_of=day)
    time_machine.move_to(at(str(day), 15), tick=False)
    case = five_cases[0]
    assert Alert.objects.open().filter(case=case).exists()
    actions.do_withdraw(case, acting_user=users.clerk, reason="申请人撤回", now=at(str(day), 15))
    delta = run_sweep(as_of=day)
    assert delta["mode"] == "delta"
    assert delta["cases_read"] == 1
    assert delta["alerts_closed"] >= 1
    assert not Alert.objects.open().filter(case=case).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a BRIN index is PostgreSQL's")
def test_a_delta_finds_its_cases_by_the_last_event_index(five_cases):
    """The delta's condition can be answered by the BRIN index on the last event time
    (cases migration 0012): at a million cases, walking every row took seconds."""
    from xiaoneng.supervision.sweep import _Run, _swept

    run = _Run(workday(16))
    where, params = _swept(run, since=at(str(workday(16)), 12))
    with connection.cursor() as cursor:
        # This table is small: make the planner show the plan it takes at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM cases_case WHERE {where}", params)  # noqa: S608
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_last_event_brin" in plan


def test_a_rule_edit_or_a_new_day_makes_the_next_sweep_full(five_cases):
    from xiaoneng.supervision.models import AnomalyRule

    run_sweep(as_of=workday(16))
    assert run_sweep(as_of=workday(16))["mode"] == "delta"
    AnomalyRule.objects.filter(code="idle_case").update(params={"idle_days": 3})
    assert run_sweep(as_of=workday(16))["mode"] == "full"
    assert run_sweep(as_of=workday(17))["mode"] == "full"


def test_small_batches_give_the_same_result(five_cases):
    counts = run_sweep(as_of=workday(21), batch_size=2)
    small = sorted(Alert.objects.values_list("case_id", "rule__code", "rung"))
    Card.objects.all().delete()
    Notification.objects.all().delete()
    Alert.objects.all().delete()
    again = run_sweep(as_of=workday(21), batch_size=5000, full=True)
    assert sorted(Alert.objects.values_list("case_id", "rule__code", "rung")) == small
    assert again["alerts_opened"] == counts["alerts_opened"]


def test_day_off_skips_working_day_rules(reviewed):
    reviewed()
    saturday = date(2026, 3, 14)
    assert not get_calendar().is_workday(saturday)
    counts = run_sweep(as_of=saturday)
    assert counts["alerts_opened"] == 0
    monday = date(2026, 3, 16)
    assert run_sweep(as_of=monday)["alerts_opened"] > 0


def test_day_off_keeps_open_time_alerts(reviewed):
    reviewed()
    run_sweep(as_of=date(2026, 3, 13))
    opened = Alert.objects.open().count()
    assert opened > 0
    assert run_sweep(as_of=date(2026, 3, 14))["alerts_closed"] == 0
    assert Alert.objects.open().count() == opened


def test_withdrawing_a_case_closes_its_alerts(reviewed, users):
    case = reviewed()
    run_sweep(as_of=workday(16))
    assert Alert.objects.open().filter(case=case).exists()
    actions.do_withdraw(
        case, acting_user=users.clerk, reason="申请人撤回", now=at(str(workday(16)))
    )
    counts = run_sweep(as_of=workday(17))
    assert counts["alerts_closed"] >= 1
    assert not Alert.objects.open().filter(case=case).exists()
    assert all(Alert.objects.filter(case=case).values_list("close_reason", flat=True))


def test_extension_closes_the_passed_alert(reviewed, users):
    case = reviewed()
    run_sweep(as_of=workday(16))
    alert = Alert.objects.get(case=case, rule__code="promised_passed")
    # Written behind the actions' back (no event): only a full sweep sees it.
    Case.objects.filter(pk=case.pk).update(extension_days=10)
    run_sweep(as_of=workday(16), full=True)
    alert.refresh_from_db()
    assert alert.closed_at is not None
    assert alert.close_reason


def test_notifications_are_created_once(reviewed, users):
    reviewed()
    run_sweep(as_of=workday(21))
    count = Notification.objects.count()
    assert count > 0
    run_sweep(as_of=workday(21))
    run_sweep(as_of=workday(22))
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))


def test_supervise_command_prints_one_json_line(reviewed, capsys):
    reviewed()
    call_command("supervise", "--as-of", workday(16).isoformat())
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    counts = json.loads(lines[0])
    assert set(counts) == {
        "mode",
        "cases_read",
        "open_cases",
        "alerts_opened",
        "alerts_closed",
        "cards_issued",
        "workers",
        "people_told",
        "seconds",
    }
    assert counts["open_cases"] == 1
    assert counts["alerts_opened"] > 0


def test_supervise_command_refuses_a_bad_date(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("supervise", "--as-of", "2026-02-30")
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("option", ["--workers", "--batch-size"])
def test_supervise_command_refuses_fewer_than_one(db, option):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("supervise", option, "0")


def test_sweep_task_runs_in_process_without_a_broker(reviewed):
    from xiaoneng.supervision.tasks import sweep

    reviewed()
    counts = sweep.delay(workday(16).isoformat()).get()
    assert counts["open_cases"] == 1
    assert counts["alerts_opened"] > 0


def test_notices_are_delivered_once_after_commit(
    reviewed, users, django_capture_on_commit_callbacks
):
    reviewed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run_sweep(as_of=workday(21))
    notices = Notification.objects.filter(key__startswith="sweep:")
    assert notices.exists()
    assert not notices.filter(sent_at__isnull=False).exists()  # nothing inside the transaction
    for callback in callbacks:
        callback()
    assert not notices.filter(sent_at__isnull=True).exists()
    sent = dict(notices.values_list("pk", "sent_at"))
    for callback in callbacks:
        callback()  # a second delivery sends nothing again
    assert dict(notices.values_list("pk", "sent_at")) == sent


def test_rule_cards_issued_in_bulk_keep_every_case_chain_intact(five_cases, users):
    from xiaoneng.cases.integrity import verify_all

    run_sweep(as_of=workday(21))  # past the promised limit: red cards to handler and unit
    cards = list(Card.objects.select_related("case"))
    assert cards
    for card in cards:
        event = CaseEvent.objects.get(case=card.case, kind="card_issued", data__card=card.pk)
        assert event.seq <= card.case.event_count
        assert event.data["rule"] == card.rule.code
        if card.carded_user_id:
            assert event.data["carded_user"] == card.carded_user.get_username()
            digest = Notification.objects.get(recipient=card.carded_user, key__startswith="sweep:")
            found = dict(digest.items)[card.case.number]
            assert card.get_color_display() in (found or digest.body)
    assert verify_all()["broken"] == []


@pytest.mark.parametrize("batch_size", [5000, 1])
def test_a_supervisor_gets_one_digest_message_for_a_sweep(
    five_cases, users, django_capture_on_commit_callbacks, batch_size
):
    """One message per person and sweep, however many batches it wrote notices in
    (a sweep of a million cases has two hundred)."""
    from django.core import mail

    users.supervisor.email = "supervisor@example.gov.cn"
    users.supervisor.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        # Past the statutory limit: breaches reported.
        run_sweep(as_of=workday(30), batch_size=batch_size)
    # One notice, the sweep's digest: every breach of the region, counted and named.
    digest = Notification.objects.get(recipient=users.supervisor)
    assert digest.sent_at is not None
    breached = Alert.objects.filter(rule__code="statutory_passed")
    assert breached.count() > 1
    assert sorted(number for number, _what in digest.items) == sorted(
        breached.values_list("case__number", flat=True)
    )
    assert f"{breached.count()}" in digest.title
    messages = [m for m in mail.outbox if m.to == ["supervisor@example.gov.cn"]]
    assert len(messages) == 1
    assert messages[0].subject == digest.title
    assert digest.body in messages[0].body


def _refuse_alerts_on(case_id: int) -> None:
    """A database trigger that makes inserting an alert on this case fail: a batch that
    breaks half-way through a sweep, for real."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION xn_refuse_alert() RETURNS trigger AS $$ BEGIN"
                f" IF NEW.case_id = {int(case_id)} THEN RAISE EXCEPTION 'refused'; END IF;"
                " RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER xn_refuse_alert BEFORE INSERT ON supervision_alert"
                " FOR EACH ROW EXECUTE FUNCTION xn_refuse_alert()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER xn_refuse_alert BEFORE INSERT ON supervision_alert"
                f" WHEN NEW.case_id = {int(case_id)} BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_a_failed_sweep_still_sends_what_its_committed_batches_wrote(
    five_cases, users, django_capture_on_commit_callbacks
):
    """A batch that fails stops the sweep; the batches before it committed their alerts and
    notices, and those are delivered (once) — they used to stay in-app only."""
    from django.core import mail
    from django.db import DatabaseError

    users.supervisor.email = "supervisor@example.gov.cn"
    users.supervisor.save(update_fields=["email"])
    first, refused = sorted(five_cases, key=lambda case: case.pk)[:2]
    _refuse_alerts_on(refused.pk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        run_sweep(as_of=workday(30), batch_size=1)  # a batch per case, in key order
    # The first case's batch committed; the second's failed, and the sweep stopped there.
    assert set(Alert.objects.values_list("case_id", flat=True)) == {first.pk}
    digest = Notification.objects.get(recipient=users.supervisor)
    assert {number for number, _what in digest.items} == {first.number}
    assert digest.sent_at is not None
    messages = [m for m in mail.outbox if m.to == ["supervisor@example.gov.cn"]]
    assert len(messages) == 1


def _sweep_alerts() -> list:
    return sorted(Alert.objects.values_list("case_id", "rule__code", "rung", "closed_at"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranges side by side are PostgreSQL's"
)
def test_ranges_swept_side_by_side_give_the_same_result(
    transactional_org, migration_data, five_cases, settings
):
    """Three threads, each with its own connection and range of cases, one case per
    batch: the same clocks, alerts and cards as one thread, every chain intact."""
    from xiaoneng.cases.integrity import verify_all

    settings.SUPERVISION_SWEEP_PROCESSES = False  # threads (a server's in-process sweep)

    as_of = workday(21)
    counts = run_sweep(as_of=as_of, batch_size=1, workers=3)
    assert counts["workers"] == 3
    assert counts["cases_read"] == len(five_cases)
    for case in five_cases:
        assert stored_clock(case, as_of) == scalar_clock(case, as_of), case.status
    side_by_side = _sweep_alerts()
    cards = sorted(Card.objects.values_list("case_id", "color", "carded_user_id"))
    assert side_by_side
    assert cards
    assert verify_all()["broken"] == []
    assert run_sweep(as_of=as_of, workers=3, full=True)["alerts_opened"] == 0

    Card.objects.all().delete()
    Notification.objects.all().delete()
    Alert.objects.all().delete()
    again = run_sweep(as_of=as_of, workers=1, full=True)
    assert again["workers"] == 1
    assert again["alerts_opened"] == counts["alerts_opened"]
    assert _sweep_alerts() == side_by_side
    assert sorted(Card.objects.values_list("case_id", "color", "carded_user_id")) == cards


def _database_url() -> str:
    """The test database as a DATABASE_URL, for a ``manage.py`` of its own."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranges side by side are PostgreSQL's"
)
def test_ranges_swept_in_processes_give_the_same_result(
    transactional_org, migration_data, five_cases
):
    """``manage.py supervise`` (one thread) sweeps its ranges in forked processes: the same
    alerts and cards as one range in this process, every chain intact, and the parent's
    connection (which holds the sweep's lock) still its own after the children end."""
    from xiaoneng.cases.integrity import verify_all

    as_of = workday(21)
    command = [sys.executable, "manage.py", "supervise", "--as-of", as_of.isoformat()]
    result = subprocess.run(
        [*command, "--workers", "3", "--batch-size", "1"],
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "DATABASE_URL": _database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["workers"] == 3
    assert counts["processes_peak_rss_mb"] > 0  # the forked path, not threads
    assert counts["cases_read"] == len(five_cases)
    assert counts["alerts_opened"] > 0
    in_processes = _sweep_alerts()
    cards = sorted(Card.objects.values_list("case_id", "color", "carded_user_id"))
    assert cards
    assert verify_all()["broken"] == []

    Card.objects.all().delete()
    Notification.objects.all().delete()
    Alert.objects.all().delete()
    again = run_sweep(as_of=as_of, workers=1, full=True)
    assert again["alerts_opened"] == counts["alerts_opened"]
    assert _sweep_alerts() == in_processes
    assert sorted(Card.objects.values_list("case_id", "color", "carded_user_id")) == cards


def _count_range(after, upto):
    if after == 0:
        return {"cases_read": 7}
    raise ValueError(f"range {after}-{upto} broke")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX's")
def test_a_failed_sweep_process_fails_the_sweep_with_its_traceback():
    """A child's exception reaches the parent (as a thread's would), traceback included;
    the counts of a child that succeeded come back in the order of the ranges."""
    from xiaoneng.supervision.sweep import SweepProcessError, _in_processes

    [counts] = _in_processes("zh-hans", _count_range, [(0, 5)])
    assert counts["cases_read"] == 7
    assert counts["processes_peak_rss_mb"] > 0  # the child's own peak, read by wait4
    with pytest.raises(SweepProcessError) as failed:
        _in_processes("zh-hans", _count_range, [(0, 5), (5, None)])
    assert "ValueError: range 5-None broke" in str(failed.value)
    assert "Traceback" in str(failed.value)


def _sleep_range(after, upto):
    time.sleep(120)
    return {"cases_read": 0}


def _children() -> set[int]:
    me = os.getpid()
    with open(f"/proc/{me}/task/{me}/children") as listing:
        return {int(pid) for pid in listing.read().split()}


class _Stopped(Exception):
    pass


def _stop(signum, frame):
    raise _Stopped


@pytest.mark.skipif(
    not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
    reason="reads the process's children from Linux's /proc",
)
def test_a_sweep_stopped_while_waiting_stops_its_processes():
    """Interrupted while its children sweep, the sweep ends them (their open batches roll
    back) instead of leaving them to sweep on without the lock it held."""
    from xiaoneng.supervision.sweep import _in_processes

    before = _children()
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(_Stopped):
            _in_processes("zh-hans", _sleep_range, [(0, 5), (5, None)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    left = _children() - before
    assert len(left) == 2
    for pid in left:
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status)
        assert os.WTERMSIG(status) == signal.SIGTERM


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_two_sweeps_at_once_open_each_alert_once(transactional_org, migration_data, five_cases):
    import threading

    from django.db import connections

    results, errors = [], []

    def sweep():
        try:
            results.append(run_sweep(as_of=workday(21), workers=2))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    opened = sorted(counts["alerts_opened"] for counts in results)
    assert opened[0] == 0  # the second found every alert open already
    assert opened[1] == Alert.objects.count() > 0
    assert Card.objects.count() == sum(counts["cards_issued"] for counts in results)


def test_what_a_dead_sweep_left_is_told_by_the_next_one(five_cases, users):
    """A sweep killed between a batch's commit and its digest leaves DigestParts: the next
    sweep folds them into its own digest, so no committed alert goes untold."""
    from xiaoneng.supervision.models import DigestPart

    left = five_cases[0]
    DigestPart.objects.create(
        recipient=users.supervisor,
        as_of=workday(20),
        counts={"rule:statutory_passed": 1},
        items={left.number: ["rule:statutory_passed"]},
    )
    run_sweep(as_of=workday(30))
    assert not DigestPart.objects.exists()
    digest = Notification.objects.get(recipient=users.supervisor)
    breaches = Alert.objects.filter(rule__code="statutory_passed").count()
    assert digest.items[0] == [left.number, ""]  # one kind of finding: said once, above
    assert f"{RuleCode.STATUTORY_PASSED.label}：{breaches + 1}" in digest.body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage setting")
def test_case_pages_keep_room_for_a_new_version_and_are_vacuumed_after_a_sweep(db):
    """A chain head written by the sweep (no indexed column changed) can stay on its page."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'cases_case'")
        (options,) = cursor.fetchone()
    assert "fillfactor=80" in options  # room in a page for new versions of its rows
    # …and autovacuum makes them all-visible again soon after a day's sweep (2 %, not 20 %).
    assert "autovacuum_vacuum_scale_factor=0.02" in options
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'cases_caselight'")
        (options,) = cursor.fetchone()
    assert "autovacuum_vacuum_scale_factor=0.02" in options


def lights() -> dict:
    return {
        row.pop("case_id"): row
        for row in CaseLight.objects.values(
            "case_id",
            "authority_id",
            "service_item_id",
            "received_on",
            "light",
            "breach",
            "due_date",
            "statutory_due_date",
        )
    }


def lights_of_the_cases() -> dict:
    """What ``CaseLight`` should hold: a copy of every open case's stored figures."""
    return {
        case["pk"]: {
            "authority_id": case["authority_id"],
            "service_item_id": case["service_item_id"],
            "received_on": case["received_on"],
            "light": case["light"],
            "breach": (case["statutory_remaining_workdays"] or 0) < 0,
            "due_date": case["due_date"],
            "statutory_due_date": case["statutory_due_date"],
        }
        for case in Case.objects.open().values(
            "pk",
            "authority_id",
            "service_item_id",
            "received_on",
            "light",
            "statutory_remaining_workdays",
            "due_date",
            "statutory_due_date",
        )
    }


def test_the_lights_of_open_cases_follow_their_actions_and_sweeps(five_cases, users):
    """Registered, acted on, swept day by day into warning, overdue and legal breach, closed:
    the light table holds each open case's stored light and dates, and no closed case."""
    assert len(lights()) == 5
    assert lights() == lights_of_the_cases()
    seen = set()
    for days in (10, 13, 17, 21, 30, 45):
        run_sweep(as_of=workday(days))
        assert lights() == lights_of_the_cases(), days
        seen |= {(row["light"], row["breach"]) for row in lights().values()}
    assert {("yellow", False), ("red", False), ("red", True)} <= seen
    actions.do_withdraw(
        five_cases[0], acting_user=users.clerk, reason="申请人撤回", now=at("2026-04-20")
    )
    assert five_cases[0].pk not in lights()
    assert lights() == lights_of_the_cases()


def test_light_rows_out_of_step_with_their_cases_are_found_and_copied_again(five_cases):
    """Writes that bypass ``Case.save`` and ``CaseLight.sync`` leave rows out of step:
    ``verify_lights`` names those cases (exit 1) and ``--repair`` copies them again."""
    run_sweep(as_of=workday(21))
    assert lights_out_of_step() == []
    light, missing, closed, due, breach = [Case.objects.get(pk=c.pk) for c in five_cases]
    Case.objects.filter(pk=light.pk).update(light="green" if light.light != "green" else "red")
    CaseLight.objects.filter(case_id=missing.pk).delete()
    Case.objects.filter(pk=closed.pk).update(status="completed")
    Case.objects.filter(pk=due.pk).update(due_date=None if due.due_date else date(2026, 5, 6))
    flipped = -3 if (breach.statutory_remaining_workdays or 0) >= 0 else 4
    Case.objects.filter(pk=breach.pk).update(statutory_remaining_workdays=flipped)
    assert lights_out_of_step() == sorted(c.pk for c in five_cases)
    assert lights() != lights_of_the_cases()

    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_lights", stdout=out)
    assert exit_code.value.code == 1
    result = json.loads(out.getvalue())
    assert result["out_of_step"] == 5
    assert sorted(result["cases"]) == sorted(c.number for c in five_cases)

    out = StringIO()
    call_command("verify_lights", "--repair", stdout=out)
    assert json.loads(out.getvalue())["repaired"] == 5
    assert lights() == lights_of_the_cases()
    assert closed.pk not in lights()
    assert lights_out_of_step() == []


# What a day's sweep changes in a case row while its due dates hold: its light and days.
TICKING = {
    "light",
    "remaining_workdays",
    "statutory_remaining_workdays",
    "elapsed_workdays",
    "paused_workdays",
    "clock_state",
    "unconfirmed",
    "clock_as_of",
    "event_count",
    "last_event_hash",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="heap-only updates are PostgreSQL's")
def test_no_index_of_the_case_table_holds_what_a_sweep_changes(db):
    """PostgreSQL rewrites a row without touching its table's indexes (heap-only) only when
    no indexed column changed: not one index of the case table — key, included column,
    expression or condition — may name the light or the days (``CaseLight`` holds them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = 'cases_case'::regclass"
        )
        definitions = [definition for (definition,) in cursor.fetchall()]
    assert len(definitions) > 5
    for definition in definitions:
        named = set(re.findall(r"[a-z_]+", definition.split(" USING ", 1)[1]))
        assert not named & TICKING, definition


@pytest.mark.skipif(connection.vendor != "postgresql", reason="packed batches are PostgreSQL's")
def test_a_packed_batch_is_the_rows_themselves(five_cases):
    from django.db import DataError

    from xiaoneng.supervision import sweep

    # Keys as 64-bit values, the other columns two 32-bit values to one (and one alone).
    sql = (
        "SELECT id, 2147483648 + id, event_count, -5, -2147483648, 2147483647, stage_index"
        " FROM cases_case WHERE id > %s ORDER BY id LIMIT %s"
    )
    copied = sweep._read_packed(sql, [0, 3], 7, wide=2)
    assert copied.shape == (3, 7)
    assert (copied == sweep._read_rows(sql, [0, 3], 7)).all()
    assert sweep._read_packed(sql, [10**12, 3], 7, wide=2).shape == (0, 7)
    # Rows that come out of key order are put back in it.
    backwards = "SELECT id, event_count FROM cases_case ORDER BY id DESC"
    assert list(sweep._read_packed(backwards, [], 2, wide=1)[:, 0]) == sorted(
        Case.objects.values_list("pk", flat=True)
    )
    with pytest.raises(ValueError, match="NULL"):  # a NULL would shift every value after it
        sweep._read_packed("SELECT id, NULL::int FROM cases_case", [], 2)
    # A value too wide for its 32 bits fails the read; it is not cut.
    with pytest.raises(DataError, match="out of range"):
        sweep._read_packed("SELECT id, 2147483648, 1 FROM cases_case", [], 3, wide=1)
