"""The case's clock fields, read from its record by the workdays engine.

Before acceptance the clock is the 5-working-day acceptance window of
Art. 32; while the applicant supplements materials there is no clock; from
acceptance the promised and statutory limits run, extended and paused as
the record says, and stop on the decision (or refusal, or withdrawal).
"""

from datetime import date

from xiaoneng.cases.choices import Status
from xiaoneng.workdays.calendar import OutsideSpanError
from xiaoneng.workdays.choices import Light, State
from xiaoneng.workdays.clock import compute_clock

ACCEPTANCE_WINDOW_DAYS = 5  # 行政许可法 Art. 32: notice of missing materials within 5 days

CLOCK_FIELDS = [
    "due_date",
    "statutory_due_date",
    "remaining_workdays",
    "statutory_remaining_workdays",
    "elapsed_workdays",
    "paused_workdays",
    "clock_state",
    "light",
    "unconfirmed",
    "clock_as_of",
]


# Clock states in which working days pass (a stopped clock stays as it was stopped).
MOVING = (State.RUNNING, State.OVERDUE, State.PAUSED)


def bring_forward(case, calendar, today: date) -> None:
    """Carry the case's stored clock from the day it was read to ``today``, in place.

    A stored clock is exact on its ``clock_as_of``. Between then and today
    only the passing of working days can have changed it, in a known way: a
    running clock has ``k`` working days more elapsed and ``k`` fewer left; a
    paused one has ``k`` more paused days and its due dates ``k`` working
    days later. The state and the light are not moved here: they are what
    lists filter on in SQL, so they change in the database (by the action,
    or by the supervision sweep when a threshold is crossed) and nowhere else. So the sweep
    writes only the cases whose clock changed otherwise than by this rule
    (``supervision.sweep`` applies the same rule to whole arrays), not a
    million rows every morning.
    """
    as_of = case.clock_as_of
    if as_of is None or as_of >= today or case.clock_state not in MOVING:
        return
    try:
        days = calendar.workdays_between(as_of, today)
    except OutsideSpanError:
        return
    if days <= 0:
        return
    if case.clock_state == State.PAUSED:
        if case.due_date is None:  # waiting for materials: no clock to move
            return
        case.paused_workdays += days
        case.due_date = _later(calendar, case.due_date, days)
        case.statutory_due_date = _later(calendar, case.statutory_due_date, days)
    else:
        case.elapsed_workdays += days
        if case.remaining_workdays is not None:
            case.remaining_workdays -= days
        if case.statutory_remaining_workdays is not None:
            case.statutory_remaining_workdays -= days
    case.clock_as_of = today


def _later(calendar, day, days: int):
    if day is None:
        return None
    try:
        return calendar.add_workdays(day, days)
    except OutsideSpanError:
        return day


def acceptance_deadline(calendar, received_on: date) -> date:
    return calendar.add_workdays(received_on, ACCEPTANCE_WINDOW_DAYS)


def read_clock(case, calendar, as_of: date, pauses=None) -> dict:
    """The clock fields of ``case`` on ``as_of`` (pauses: (start, end) pairs)."""
    fields = dict.fromkeys(CLOCK_FIELDS)
    fields.update(elapsed_workdays=0, paused_workdays=0, unconfirmed=False, clock_as_of=as_of)
    if case.accepted_on is None:
        if case.status == Status.RECEIVED:
            reading = compute_clock(calendar, case.received_on, ACCEPTANCE_WINDOW_DAYS, as_of=as_of)
            fields.update(
                due_date=reading.due_date,
                remaining_workdays=reading.remaining,
                elapsed_workdays=reading.elapsed,
                clock_state=reading.state,
                light=reading.light,
                unconfirmed=reading.unconfirmed,
            )
        else:
            state = State.PAUSED if case.status == Status.SUPPLEMENT else State.STOPPED
            fields.update(clock_state=state, light=Light.GREEN)
        return fields

    if pauses is None:
        pauses = [(pause.start, pause.end) for pause in case.pauses.all()]
    stopped_on = case.decided_on or (
        case.closed_on if case.status in (Status.REFUSED, Status.WITHDRAWN) else None
    )
    common = {
        "extension_days": case.extension_days,
        "pauses": pauses,
        "as_of": max(as_of, case.accepted_on),
        "stopped_on": stopped_on,
    }
    promised = compute_clock(
        calendar,
        case.accepted_on,
        case.rules["promised_limit_days"],
        warning_days=case.rules.get("warning_days"),
        **common,
    )
    statutory = compute_clock(
        calendar, case.accepted_on, case.rules["statutory_limit_days"], **common
    )
    fields.update(
        due_date=promised.due_date,
        statutory_due_date=statutory.due_date,
        remaining_workdays=promised.remaining,
        statutory_remaining_workdays=statutory.remaining,
        elapsed_workdays=promised.elapsed,
        paused_workdays=promised.paused_days,
        clock_state=promised.state,
        light=promised.light,
        unconfirmed=promised.unconfirmed or statutory.unconfirmed,
    )
    return fields


def refresh_clocks(cases, as_of: date, batch_size: int = 1000) -> int:
    """Re-read the cached clock of ``cases`` on ``as_of`` (a derived cache, not an event).

    Streams in batches with their pauses prefetched, so memory does not
    grow with the number of cases. The supervision sweep uses the vectorised
    engine for the whole province; this is for a day's roll-over of a set.
    """
    from xiaoneng.cases.models import CaseLight
    from xiaoneng.workdays.services import get_calendar

    calendar = get_calendar()
    model = cases.model
    updated = 0
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(
            model.objects.filter(pk__in=ids[start : start + batch_size]).prefetch_related("pauses")
        )
        for case in batch:
            for name, value in read_clock(case, calendar, as_of).items():
                setattr(case, name, value)
        model.objects.bulk_update(batch, CLOCK_FIELDS)
        # bulk_update bypasses Case.save: the lights of the batch too.
        CaseLight.sync(model.objects.filter(pk__in=[case.pk for case in batch]))
        updated += len(batch)
    return updated
