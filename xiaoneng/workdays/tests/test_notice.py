"""Reading a notice file (pure: nothing touches the database here)."""

from datetime import date

import pytest

from xiaoneng.workdays.notice import NoticeError, parse_iso_date, parse_notice

GOOD = """date,kind,name
2027-02-06,holiday,春节
2027-02-07,holiday,春节

# adjusted working days
2027-02-20,workday,春节
"""


def test_rows_are_parsed_with_their_line_numbers():
    rows = parse_notice(GOOD)
    assert [(row.date, row.kind, row.name, row.line) for row in rows] == [
        (date(2027, 2, 6), "holiday", "春节", 2),
        (date(2027, 2, 7), "holiday", "春节", 3),
        (date(2027, 2, 20), "workday", "春节", 6),
    ]


def test_header_is_optional_and_a_bom_is_accepted():
    without_header = "\ufeff2027-02-06,Holiday, 春节 ,,\n,,,\n"
    [row] = parse_notice(without_header)
    assert (row.date, row.is_workday, row.name) == (date(2027, 2, 6), False, "春节")
    assert len(parse_notice("日期,类型,名称\n2027-02-06,holiday,春节\n")) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no rows"),
        ("date,kind,name\n", "no rows"),
        ("2027-02-30,holiday,春节\n", "Line 1: “2027-02-30” is not a date"),
        ("20270206,holiday,春节\n", "is not a date"),
        ("2027-02-06,off,春节\n", "Line 1: the kind must be"),
        ("2027-02-06,holiday\n", "expected 3 fields"),
        ("2027-02-06,holiday,\n", "Line 1: 2027-02-06 has no holiday name"),
        ("2027-02-06,holiday,春节\n2027-02-07,holiday, \n", "Line 2: 2027-02-07 has no holiday"),
        ("2027-02-06,holiday,春节\n2028-01-01,holiday,元旦\n", "several years (2027, 2028)"),
        ("2027-02-06,holiday,春节\n2027-02-06,holiday,春节\n", "listed again (first on line 1)"),
        ("2027-02-06,holiday,春节\n2027-02-06,workday,春节\n", "contradicts line 1"),
        ("2027-02-08,workday,春节\n", "is a weekday"),
        ("2101-01-01,holiday,元旦\n", "outside the calendar"),
        (f"2027-02-06,holiday,{'节' * 65}\n", "longer than 64"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_files_are_refused_with_the_reason(text, message):
    with pytest.raises(NoticeError) as refused:
        parse_notice(text)
    assert any(message in error for error in refused.value.errors), refused.value.errors


def test_every_problem_is_reported_at_once():
    text = "2027-13-01,holiday,春节\n2027-02-06,off,春节\n2027-02-08,workday,春节\n"
    with pytest.raises(NoticeError) as refused:
        parse_notice(text)
    assert len(refused.value.errors) == 2  # the two unparsable lines; rules run after parsing


@pytest.mark.parametrize("text", ["2026-9-28", "2026-W40-1", "20260928", " ", "2026-09-31"])
def test_iso_dates_are_strict(text):
    with pytest.raises(ValueError):  # noqa: PT011  (the message is the bad text itself)
        parse_iso_date(text)
