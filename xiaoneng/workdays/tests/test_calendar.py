"""Working-day arithmetic against the State Council's holiday notices.

Every expected date below was worked out by hand from the published notices
(国务院办公厅关于2024年/2025年/2026年部分节假日安排的通知), not from the
chinesecalendar package the calendar is seeded from. The comment on each row
says which holiday and which adjusted working weekend (调休上班) it crosses.
"""

from datetime import date

import pytest

from xiaoneng.workdays.calendar import SPAN_END, SPAN_START, OutsideSpanError, WorkCalendar

D = date.fromisoformat

# (accepted, limit, due): the due date is the limit-th working day after acceptance.
DEADLINES = [
    # 2024 Spring Festival: 02-10..02-17 off; Sun 02-04 and Sun 02-18 worked;
    # Fri 02-09 stays a working day (leave only "encouraged").
    ("2024-02-02", 10, "2024-02-21"),
    ("2024-02-08", 1, "2024-02-09"),
    ("2024-02-09", 1, "2024-02-18"),
    # 2024 Qingming: 04-04..04-06 off; Sun 04-07 worked.
    ("2024-04-03", 3, "2024-04-09"),
    # 2024 Labour Day: 05-01..05-05 off; Sun 04-28 and Sat 05-11 worked.
    ("2024-04-26", 10, "2024-05-13"),
    # 2024 Mid-Autumn: 09-15..09-17 off; Sat 09-14 worked.
    ("2024-09-12", 5, "2024-09-20"),
    # 2024 National Day: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked.
    ("2024-09-27", 20, "2024-10-30"),
    # 2025 Spring Festival: 01-28..02-04 off; Sun 01-26 and Sat 02-08 worked.
    ("2025-01-24", 10, "2025-02-13"),
    ("2025-01-20", 20, "2025-02-21"),
    # 2025 Qingming: Fri 04-04..04-06 off.
    ("2025-04-03", 10, "2025-04-18"),
    # 2025 Labour Day: 05-01..05-05 off; Sun 04-27 worked.
    ("2025-04-25", 3, "2025-04-29"),
    ("2025-04-25", 5, "2025-05-06"),
    # 2025 Dragon Boat: 05-31..06-02 off.
    ("2025-05-30", 1, "2025-06-03"),
    # 2025 National Day and Mid-Autumn: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked.
    ("2025-09-26", 20, "2025-10-30"),
    # 2026 New Year: 01-01..01-03 off; Sun 01-04 worked (crosses the year).
    ("2025-12-31", 1, "2026-01-04"),
    # 2026 Spring Festival: 02-15..02-23 off; Sat 02-14 and Sat 02-28 worked.
    ("2026-02-09", 20, "2026-03-13"),
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-13", 2, "2026-02-24"),
    ("2026-02-14", 5, "2026-02-28"),
    # 2026 Qingming (04-04..04-06 off) then Labour Day (05-01..05-05 off; Sat 05-09 worked).
    ("2026-04-01", 20, "2026-04-30"),
    ("2026-04-01", 21, "2026-05-06"),
    ("2026-04-28", 5, "2026-05-08"),
    ("2026-04-28", 6, "2026-05-09"),
    # 2026 Mid-Autumn: 09-25..09-27 off; Sun 09-20 worked for National Day.
    ("2026-09-18", 5, "2026-09-24"),
    ("2026-09-18", 6, "2026-09-28"),
    # 2026 National Day: 10-01..10-07 off; Sat 10-10 worked.
    ("2026-09-28", 20, "2026-10-30"),
]

# (start, end, working days in (start, end]).
COUNTS = [
    ("2024-09-27", "2024-10-13", 7),
    ("2025-09-26", "2025-10-12", 6),
    ("2026-02-13", "2026-02-28", 6),
    ("2026-09-28", "2026-10-31", 20),
    # Whole years: weekdays minus the weekday holidays plus the adjusted weekends
    # (2024: 262 - 19 + 8; 2025: 261 - 18 + 5; 2026: 261 - 19 + 6).
    ("2023-12-31", "2024-12-31", 251),
    ("2024-12-31", "2025-12-31", 248),
    ("2025-12-31", "2026-12-31", 248),
]


@pytest.mark.parametrize(("accepted", "limit", "due"), DEADLINES)
def test_due_date_follows_the_notice(calendar, accepted, limit, due):
    assert calendar.add_workdays(D(accepted), limit) == D(due)
    assert not calendar.unconfirmed_between(D(accepted), D(due))


@pytest.mark.parametrize(("accepted", "limit", "due"), DEADLINES)
def test_count_to_the_due_date_is_the_limit(calendar, accepted, limit, due):
    assert calendar.workdays_between(D(accepted), D(due)) == limit


@pytest.mark.parametrize(("start", "end", "count"), COUNTS)
def test_workdays_between_follows_the_notice(calendar, start, end, count):
    assert calendar.workdays_between(D(start), D(end)) == count


@pytest.mark.parametrize(
    ("day", "is_workday"),
    [
        ("2026-02-14", True),  # adjusted working Saturday
        ("2026-02-16", False),  # Spring Festival Monday
        ("2026-02-21", False),  # Spring Festival Saturday
        ("2026-03-07", False),  # ordinary Saturday
        ("2026-03-09", True),  # ordinary Monday
        ("2024-02-09", True),  # 除夕 2024: leave only encouraged, still a working day
        ("2025-10-11", True),  # adjusted working Saturday
    ],
)
def test_is_workday(calendar, day, is_workday):
    assert calendar.is_workday(D(day)) is is_workday


def test_holiday_names_come_from_the_notice(calendar):
    assert calendar.name(D("2026-02-17")) == "春节"
    assert calendar.name(D("2026-02-28")) == "春节"
    assert calendar.name(D("2026-03-10")) == ""


def test_between_is_antisymmetric(calendar):
    assert calendar.workdays_between(D("2026-10-31"), D("2026-09-28")) == -20
    assert calendar.workdays_between(D("2026-02-14"), D("2026-02-14")) == 0


def test_adding_zero_working_days_returns_the_day_itself(calendar):
    assert calendar.add_workdays(D("2026-02-15"), 0) == D("2026-02-15")


def test_negative_count_is_refused(calendar):
    with pytest.raises(ValueError, match=">= 0"):
        calendar.add_workdays(D("2026-02-15"), -1)


def test_year_after_the_loaded_notices_is_unconfirmed_and_counts_weekdays(calendar):
    # 2027 has no notice in the data: Monday–Friday, flagged. 2027-01-01 (Fri)
    # is counted although it will surely be New Year's Day.
    due = calendar.add_workdays(D("2026-12-15"), 20)
    assert due == D("2027-01-12")
    assert calendar.unconfirmed_between(D("2026-12-15"), due)
    assert not calendar.unconfirmed_between(D("2026-12-01"), D("2026-12-31"))
    assert not calendar.is_confirmed(2027)


def test_year_before_the_loaded_notices_is_unconfirmed(calendar):
    assert calendar.unconfirmed_between(D("2003-12-01"), D("2004-01-10"))
    assert not calendar.unconfirmed_between(D("2003-12-31"), D("2004-01-10"))


def test_dates_outside_the_span_are_refused(calendar):
    with pytest.raises(OutsideSpanError):
        calendar.is_workday(SPAN_START.replace(year=1999))
    with pytest.raises(OutsideSpanError):
        calendar.add_workdays(SPAN_END, 1)


def test_calendar_without_data_is_monday_to_friday_and_unconfirmed():
    plain = WorkCalendar()
    assert plain.add_workdays(D("2026-02-13"), 1) == D("2026-02-16")  # Fri → Mon
    assert plain.unconfirmed_between(D("2026-02-13"), D("2026-02-16"))


def test_rows_of_an_unconfirmed_year_count_but_stay_flagged():
    # An admin may enter next year's days before confirming the notice.
    draft = WorkCalendar({D("2027-01-01"): (False, "元旦")}, confirmed_years=[2026])
    assert draft.add_workdays(D("2026-12-31"), 1) == D("2027-01-04")
    assert draft.unconfirmed_between(D("2026-12-31"), D("2027-01-04"))


def test_tables_are_read_only(calendar):
    with pytest.raises(ValueError, match="read-only"):
        calendar.cum[0] = 5
