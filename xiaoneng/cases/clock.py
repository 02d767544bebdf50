"""The case's clock fields, read from its record by the workdays engine.

Before acceptance the clock is the 5-working-day acceptance window of
Art. 32; while the applicant supplements materials there is no clock; from
acceptance the promised and statutory limits run, extended and paused as
the record says, and stop on the decision (or refusal, or withdrawal).
"""

from datetime import date

from xiaoneng.cases.choices import Status
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
        updated += len(batch)
    return updated
