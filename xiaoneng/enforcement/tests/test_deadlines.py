"""The penalty clock: 90 calendar days, the statement period, the hearing pause, publication."""

from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.cases.testing import at
from xiaoneng.core.errors import TransitionError
from xiaoneng.enforcement import deadlines, selectors, services
from xiaoneng.workdays.choices import Light
from xiaoneng.workdays.services import get_calendar


@pytest.mark.django_db
@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30)))
def test_calendar_limit_reaches_the_first_working_day_on_or_after_day_90(opened):
    calendar = get_calendar()
    due = calendar.add_workdays(opened, deadlines.calendar_limit_in_workdays(calendar, opened))
    end = opened + timedelta(days=90)
    assert due >= end
    assert calendar.is_workday(due)
    assert all(not calendar.is_workday(end + timedelta(days=d)) for d in range((due - end).days))


def test_statement_period_counts_in_the_limit_and_blocks_the_decision(open_penalty, users):
    case = open_penalty()
    case = services.serve_notice(
        case, acting_user=users.handler, fine="200000", now=at("2026-03-03")
    )
    facts = case.penalty_facts
    # 行政处罚法 Art. 85: the 5 days are working days. 自然资源行政处罚办法 (2024) Art. 33:
    # five days to state and defend (the 2014/2020 measures' three gave 03-06).
    assert facts.statement_due == date(2026, 3, 10)
    assert facts.hearing_right
    assert facts.hearing_request_due == date(2026, 3, 10)
    with pytest.raises(TransitionError):
        services.propose_decision(case, acting_user=users.handler, now=at("2026-03-06"))
    services.record_statement(
        case, acting_user=users.handler, statement="当事人认可事实", now=at("2026-03-04")
    )
    with pytest.raises(TransitionError):  # the hearing request period still runs
        services.propose_decision(case, acting_user=users.handler, now=at("2026-03-10"))
    case = services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))
    # The waiting days were counted: 7 working days from 03-02 to 03-11, nothing paused.
    assert case.elapsed_workdays == 7
    assert case.paused_workdays == 0


def test_small_fine_has_no_hearing_right_and_waits_five_days(open_penalty, users):
    case = open_penalty(party_kind="person", area_m2="40")
    case = services.serve_notice(case, acting_user=users.handler, fine="4000", now=at("2026-03-03"))
    assert not case.penalty_facts.hearing_right
    with pytest.raises(TransitionError):
        services.request_hearing(case, acting_user=users.handler, now=at("2026-03-04"))
    with pytest.raises(TransitionError):  # the statement period runs to 03-10
        services.propose_decision(case, acting_user=users.handler, now=at("2026-03-10"))
    services.propose_decision(case, acting_user=users.handler, now=at("2026-03-11"))


def test_hearing_pauses_the_clock(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    due_before = case.statutory_due_date
    services.request_hearing(case, acting_user=users.handler, now=at("2026-03-05"))
    # Art. 64(2): notified 7 (working) days before the hearing: not before 03-16.
    with pytest.raises(TransitionError) as refused:
        services.record_hearing(case, acting_user=users.handler, now=at("2026-03-13"))
    assert "2026-03-16" in str(refused.value)
    case = services.record_hearing(case, acting_user=users.handler, now=at("2026-03-16"))
    assert case.paused_workdays == 8  # 03-05 … 03-16, both included
    assert case.statutory_due_date > due_before


def test_late_hearing_request_is_refused(open_penalty, users):
    case = open_penalty()
    services.serve_notice(case, acting_user=users.handler, fine="200000", now=at("2026-03-03"))
    with pytest.raises(TransitionError):
        services.request_hearing(case, acting_user=users.handler, now=at("2026-03-11"))


def test_publication_due_within_7_working_days_and_overdue_is_listed(decided, users):
    case = decided()
    decision = case.penalty_decision
    assert decision.publish_due == date(2026, 3, 20)  # 7 working days after 03-11
    assert selectors.publication_light(decision, date(2026, 3, 19)) == Light.YELLOW
    assert not selectors.overdue_publications(users.supervisor, date(2026, 3, 20)).exists()
    overdue = selectors.overdue_publications(users.supervisor, date(2026, 3, 23))
    assert list(overdue) == [decision]
    assert not selectors.overdue_publications(users.yc_supervisor, date(2026, 3, 23)).exists()
    with time_machine.travel(at("2026-03-24"), tick=False):
        services.publish_decision(case, acting_user=users.handler)
    assert not selectors.overdue_publications(users.supervisor, date(2026, 3, 24)).exists()
