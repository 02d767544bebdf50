"""The time limits of a penalty case, as plain functions over dates (no ORM).

Law, and how it is counted here:

- 立案: 自然资源行政处罚办法 (自然资源部令第6号, 2020) Art. 14 — a case meeting the
  conditions is opened within 10 working days (十个工作日内予以立案) of
  discovery. ``FILING_LIMIT_WORKDAYS``; a later opening is allowed (the
  violation must still be pursued) but records its reason. NEEDS LEGAL
  PROOFREADING against the version in force (the issue said 7).
- 告知: 行政处罚法 (2021) Art. 44–45: the party is told the intended penalty and
  may state and defend; 自然资源行政处罚办法 (自然资源部令第12号, in force since
  2024-05-01) Art. 33 gives 5 days from receipt of the notice for it
  (``STATEMENT_DAYS``; the 2014/2020 measures gave 3). Art. 64(1) of the law
  (and Art. 34 of the measures): a hearing is requested within 5 days of
  the notice (``HEARING_REQUEST_DAYS``); Art. 64(2): the party is notified of
  the time and place at least 7 days before the hearing, so a hearing is held
  no earlier than 7 days after it was requested (``HEARING_NOTICE_DAYS``).
  Art. 85: the law's 2, 3, 5 and 7 days are working days (不含法定节假日) —
  so these run on the working-day calendar.
  The statement and request periods are COUNTED in the decision limit (no
  rule excludes them); the hearing itself, from the request to the day it is
  held, is PAUSED (听证时间不计入办案期限, the 自然资源 measures) — a
  ``cases.Pause`` of kind hearing.
- 决定: 行政处罚法 Art. 60 — a decision within 90 days of opening. These are
  calendar days (Art. 85 names only 2, 3, 5 and 7 days as working days). The
  project's case clock counts working days, so at opening the 90 calendar
  days are converted once into the working days that reach the same date
  (``calendar_limit_in_workdays``): when the 90th day is a holiday or a
  weekend, the limit ends on the next working day (期间届满的最后一日是
  节假日的，以节假日后的第一日为期间届满的日期, 行政诉讼法 Art. 83 / 民法典
  Art. 203 by analogy). A hearing pause then shifts the due date by the
  paused working days, which is what the measures require up to the holidays
  inside the pause. An extension approved by the approver uses the case
  framework's extension (``cases.actions.do_request_extension`` /
  ``do_approve_extension``, in working days; the penalty items cap it at 20
  working days for the measures' 30 days — see ``demo.ensure_penalty_items``).
- 公示: 行政处罚法 Art. 48 and the 双公示 rule — a decision is published within
  7 working days of being made (``PUBLISH_WORKDAYS``).
"""

from datetime import date, timedelta

FILING_LIMIT_WORKDAYS = 10
STATEMENT_DAYS = 5
HEARING_REQUEST_DAYS = 5
HEARING_NOTICE_DAYS = 7
DECISION_LIMIT_CALENDAR_DAYS = 90
PUBLISH_WORKDAYS = 7

# 较大数额罚款 (行政处罚法 Art. 63) — the amounts are set by each province;
# these are the common values. NEEDS LEGAL PROOFREADING for Ningxia.
HEARING_THRESHOLD = {"person": 10_000, "org": 100_000}


def filing_deadline(calendar, discovered_on: date) -> date:
    return calendar.add_workdays(discovered_on, FILING_LIMIT_WORKDAYS)


def calendar_limit_in_workdays(
    calendar, opened_on: date, days: int = DECISION_LIMIT_CALENDAR_DAYS
) -> int:
    """The working-day limit whose due date is the calendar limit's last day.

    ``add_workdays(opened_on, result)`` is ``opened_on + days`` when that is a
    working day, else the first working day after it.
    """
    end = opened_on + timedelta(days=days)
    count = calendar.workdays_between(opened_on, end)
    return count if calendar.is_workday(end) else count + 1


def statement_due(calendar, served_on: date) -> date:
    return calendar.add_workdays(served_on, STATEMENT_DAYS)


def hearing_request_due(calendar, served_on: date) -> date:
    return calendar.add_workdays(served_on, HEARING_REQUEST_DAYS)


def earliest_hearing(calendar, requested_on: date) -> date:
    """The first day a requested hearing may be held: its notice goes out 7 days before."""
    return calendar.add_workdays(requested_on, HEARING_NOTICE_DAYS)


def publish_due(calendar, decided_on: date) -> date:
    return calendar.add_workdays(decided_on, PUBLISH_WORKDAYS)


def has_hearing_right(party_kind: str, fine) -> bool:
    """A large fine gives the party the right to a hearing (行政处罚法 Art. 63)."""
    return fine is not None and fine >= HEARING_THRESHOLD.get(party_kind, 10_000)
