"""The anomaly rules of electronic supervision, evaluated over a batch of cases.

Each rule is a function of one ``Batch`` (numpy columns of up to a few
thousand cases, with the freshly read clock) that yields ``Hit`` rows: the
case, the rung and the evidence. The sweep turns new hits into alerts and
closes open alerts that no hit keeps. Level, card, who is carded and the
rule's parameters are configuration (``AnomalyRule`` rows), not code.

A hit with ``opens=False`` only keeps an alert open: the warning at the
item's threshold stays open while the case is inside the warning zone, even
after the one-day rung has fired.

Time-based rules count working days, so they are only evaluated on a working
day (``TIME_RULES``); the record rules read what the case's record says and
run every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from xiaoneng.cases.choices import Status
from xiaoneng.supervision.choices import RuleCode
from xiaoneng.workdays.calendar import EPOCH_OFFSET, WorkCalendar
from xiaoneng.workdays.vector import STOPPED_CODE

# Rules that count working days up to ``as_of``: never run on a day off.
TIME_RULES = {
    RuleCode.APPROACHING_PROMISED,
    RuleCode.PROMISED_PASSED,
    RuleCode.STATUTORY_PASSED,
    RuleCode.STAGE_OVERRUN,
    RuleCode.IDLE_CASE,
}
# pause_irregular is both: "too long" counts days, "without notice" reads the record.
TOO_LONG = "too_long:"
NO_NOTICE = "no_notice:"
# Rules about what the record of a finished case says: their alerts are not
# closed when the case closes (they are the finding itself).
RECORD_RULES = {
    RuleCode.SECOND_SUPPLEMENT,
    RuleCode.FEE_MISMATCH,
    RuleCode.REFUSAL_WITHOUT_BASIS,
    RuleCode.UNAUTHORISED_DECISION,
    RuleCode.DISCRETION_OUT_OF_RANGE,
}
# Rules another app raises when it records the fact (``services.raise_alert``);
# the sweep neither evaluates nor closes them.
RAISED_RULES = {RuleCode.DISCRETION_OUT_OF_RANGE}
THRESHOLD, ONE_DAY = "threshold", "one_day"


def family(code: str, rung: str) -> str:
    """The unit of evaluation an alert belongs to (the weekend skip works on these)."""
    if code == RuleCode.PAUSE_IRREGULAR and rung.startswith(TOO_LONG):
        return f"{code}:{TOO_LONG}"
    return code


def is_time_family(name: str) -> bool:
    return name in TIME_RULES or name.endswith(TOO_LONG)


@dataclass(slots=True)
class Hit:
    code: str
    row: int
    rung: str = ""
    # A dict, or a function that makes it: built only for a new alert.
    evidence: dict | Callable[[], dict] = field(default_factory=dict)
    opens: bool = True


@dataclass(slots=True)
class Batch:
    """Columns of one batch of cases (index = row), and what the sweep read for them."""

    as_of: date
    calendar: WorkCalendar
    ids: np.ndarray
    status: np.ndarray  # object (str)
    is_open: np.ndarray  # bool
    accepted: np.ndarray  # bool
    cols: dict  # name -> numpy array or list (see sweep._COLUMNS)
    clock: dict  # name -> numpy array: remaining, statutory_remaining, due, statutory_due, ...
    pauses: list  # (row, pause id, kind, start, end)
    unnoticed_pauses: list  # (row, event seq, kind)
    unauthorised_decisions: list  # (row, event seq, actor name)
    # The current stage's code of some rows (a query: called once, for the hits).
    stage_codes: Callable[[np.ndarray], list[str]] = lambda rows: [str(row) for row in rows]

    def days_since(self, days: np.ndarray) -> np.ndarray:
        """Working days in (day, as_of] for datetime64[D] ``days`` (NaT → -1)."""
        cum = self.calendar.cum
        missing = np.isnat(days)
        offsets = np.where(missing, 0, days.view(np.int64) - EPOCH_OFFSET)
        today = cum[self.calendar.offset(self.as_of)]
        return np.where(missing, -1, today - cum[offsets.clip(0)])


def _rows(mask: np.ndarray) -> Iterator[int]:
    return (int(row) for row in np.flatnonzero(mask))


def _iso(value) -> str | None:
    return None if value is None or np.isnat(value) else str(value)


# -- clock rules (time) ------------------------------------------------------------


def approaching_promised(batch: Batch, params: dict) -> Iterator[Hit]:
    """Warn at the item's threshold and again one working day before the promised limit."""
    remaining, warning = batch.clock["remaining"], batch.clock["warning_days"]
    running = batch.is_open & batch.accepted & (batch.clock["state"] != STOPPED_CODE)
    zone = running & (remaining >= 0) & (remaining <= warning)
    for row in _rows(zone):
        left = int(remaining[row])

        def evidence(row=row, left=left):
            return {
                "remaining_workdays": left,
                "warning_days": int(warning[row]),
                "due_date": _iso(batch.clock["due"][row]),
                "last_event_seq": int(batch.cols["event_count"][row]),
            }

        yield Hit(RuleCode.APPROACHING_PROMISED, row, THRESHOLD, evidence, opens=left > 1)
        if left <= 1:
            yield Hit(RuleCode.APPROACHING_PROMISED, row, ONE_DAY, evidence, opens=left == 1)


def promised_passed(batch: Batch, params: dict) -> Iterator[Hit]:
    remaining = batch.clock["remaining"]
    for row in _rows(batch.is_open & batch.accepted & (remaining < 0)):
        yield Hit(
            RuleCode.PROMISED_PASSED,
            row,
            evidence=lambda row=row: {
                "remaining_workdays": int(remaining[row]),
                "due_date": _iso(batch.clock["due"][row]),
                "last_event_seq": int(batch.cols["event_count"][row]),
            },
        )


def statutory_passed(batch: Batch, params: dict) -> Iterator[Hit]:
    remaining = batch.clock["statutory_remaining"]
    for row in _rows(batch.is_open & batch.accepted & (remaining < 0)):
        yield Hit(
            RuleCode.STATUTORY_PASSED,
            row,
            evidence=lambda row=row: {
                "statutory_remaining_workdays": int(remaining[row]),
                "statutory_due_date": _iso(batch.clock["statutory_due"][row]),
                "last_event_seq": int(batch.cols["event_count"][row]),
            },
        )


def stage_overrun(batch: Batch, params: dict) -> Iterator[Hit]:
    """The current stage has taken more working days than its budget (once per stage).

    Counted while the case is under review or awaiting issue; a paused case
    is not worked on, so its stage is not judged.
    """
    started = batch.cols["stage_started_on"]
    budget = batch.cols["stage_budget"]
    spent = batch.days_since(started)
    working = np.isin(batch.status, [Status.IN_REVIEW, Status.APPROVED])
    over = np.flatnonzero(batch.is_open & working & (budget >= 0) & (spent > budget))
    for row, code in zip(over.tolist(), batch.stage_codes(over), strict=True):
        yield Hit(
            RuleCode.STAGE_OVERRUN,
            row,
            str(code),
            lambda row=row, code=code: {
                "stage": code,
                "stage_started_on": _iso(started[row]),
                "budget_days": int(budget[row]),
                "spent_workdays": int(spent[row]),
            },
        )


def idle_case(batch: Batch, params: dict) -> Iterator[Hit]:
    """No event for ``idle_days`` working days on a case under review (once per idle spell)."""
    idle_days = int(params.get("idle_days", 5))
    last = batch.cols["last_event_day"]
    idle = batch.days_since(last)
    under_review = batch.is_open & (batch.status == Status.IN_REVIEW)
    for row in _rows(under_review & (idle >= idle_days)):
        yield Hit(
            RuleCode.IDLE_CASE,
            row,
            str(last[row]),
            lambda row=row: {
                "last_event_on": _iso(last[row]),
                "last_event_seq": int(batch.cols["event_count"][row]),
                "idle_workdays": int(idle[row]),
                "idle_days": idle_days,
            },
        )


# -- pauses (time and record) ---------------------------------------------------------


def pause_irregular(batch: Batch, params: dict, *, time_rules: bool) -> Iterator[Hit]:
    """A running pause longer than its kind allows, or a pause without a written notice."""
    max_days = params.get("max_days", {})
    if time_rules:
        cal = batch.calendar
        today = int(cal.cum[cal.offset(batch.as_of)])
        for row, pause_id, kind, start, end in batch.pauses:
            limit = max_days.get(kind)
            if end is not None or limit is None or not batch.is_open[row]:
                continue
            # Working days in [start, as_of]: the first day of a pause is paused (Art. 45).
            days = today - int(cal.cum[cal.offset(start) - 1])
            if days > limit:
                yield Hit(
                    RuleCode.PAUSE_IRREGULAR,
                    row,
                    f"{TOO_LONG}{pause_id}",
                    {
                        "pause": pause_id,
                        "kind": kind,
                        "start": start.isoformat(),
                        "days": days,
                        "max_days": limit,
                    },
                )
    for row, seq, kind in batch.unnoticed_pauses:
        yield Hit(
            RuleCode.PAUSE_IRREGULAR,
            row,
            f"{NO_NOTICE}{seq}",
            {"kind": kind, "event_seq": seq, "document": ""},
        )


# -- record rules -----------------------------------------------------------------------


def second_supplement(batch: Batch, params: dict) -> Iterator[Hit]:
    """A second notice of missing materials breaks the one-time notice (一次性告知)."""
    count = batch.cols["supplement_count"]
    for row in _rows(count >= 2):
        yield Hit(RuleCode.SECOND_SUPPLEMENT, row, evidence={"supplement_count": int(count[row])})


def fee_mismatch(batch: Batch, params: dict) -> Iterator[Hit]:
    """A completed case charged a fee other than the standard (the database compared them)."""
    record = batch.cols["record"]
    for row in _rows(batch.cols["fee_differs"] == 1):
        fees = record[row]
        yield Hit(
            RuleCode.FEE_MISMATCH,
            row,
            evidence={"fee_due": str(fees["fee_due"]), "fee_charged": str(fees["fee_charged"])},
        )


def refusal_without_basis(batch: Batch, params: dict) -> Iterator[Hit]:
    record = batch.cols["record"]
    for row in _rows(batch.status == Status.REFUSED):
        if not (record[row]["refusal_basis"] or "").strip():
            yield Hit(RuleCode.REFUSAL_WITHOUT_BASIS, row, evidence={"refusal_basis": ""})


def unauthorised_decision(batch: Batch, params: dict) -> Iterator[Hit]:
    for row, seq, actor in batch.unauthorised_decisions:
        yield Hit(
            RuleCode.UNAUTHORISED_DECISION,
            row,
            str(seq),
            {"event_seq": seq, "actor": actor},
        )


CLOCK_RULES = {
    RuleCode.APPROACHING_PROMISED: approaching_promised,
    RuleCode.PROMISED_PASSED: promised_passed,
    RuleCode.STATUTORY_PASSED: statutory_passed,
    RuleCode.STAGE_OVERRUN: stage_overrun,
    RuleCode.IDLE_CASE: idle_case,
}
RECORD_RULE_FUNCTIONS = {
    RuleCode.SECOND_SUPPLEMENT: second_supplement,
    RuleCode.FEE_MISMATCH: fee_mismatch,
    RuleCode.REFUSAL_WITHOUT_BASIS: refusal_without_basis,
    RuleCode.UNAUTHORISED_DECISION: unauthorised_decision,
}
# Event kinds whose rows are the evidence of a record rule (looked up for new alerts).
EVIDENCE_EVENTS = {
    RuleCode.SECOND_SUPPLEMENT: "supplement_requested",
    RuleCode.FEE_MISMATCH: "completed",
    RuleCode.REFUSAL_WITHOUT_BASIS: "refused",
}


def evaluate(batch: Batch, rules: dict, *, time_rules: bool) -> tuple[list[Hit], set[str]]:
    """Every hit of the enabled ``rules`` (code → AnomalyRule) and the families evaluated."""
    hits: list[Hit] = []
    evaluated: set[str] = set()
    for code, function in CLOCK_RULES.items():
        if code in rules and time_rules:
            hits.extend(function(batch, rules[code].params or {}))
            evaluated.add(code)
    for code, function in RECORD_RULE_FUNCTIONS.items():
        if code in rules:
            hits.extend(function(batch, rules[code].params or {}))
            evaluated.add(code)
    if RuleCode.PAUSE_IRREGULAR in rules:
        params = rules[RuleCode.PAUSE_IRREGULAR].params or {}
        hits.extend(pause_irregular(batch, params, time_rules=time_rules))
        evaluated.add(RuleCode.PAUSE_IRREGULAR)
        if time_rules:
            evaluated.add(f"{RuleCode.PAUSE_IRREGULAR}:{TOO_LONG}")
    return hits, evaluated
