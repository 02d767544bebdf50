"""The built-in indicator sources: one figure per subject for a period, with its evidence.

Every source reads the record over ``[start, end]`` (both days included, Asia/
Shanghai) with one streamed ``values_list`` query or an aggregate, and returns
``{subject key: Figure}`` — the key is the unit id for unit schemes and the
user id for staff schemes. Subjects absent from the result have nothing
counted (count 0, no rate). The evidence lists exactly the ids counted.

Who a record belongs to (decided here, issue #7):

| source | unit | staff member |
|---|---|---|
| on-time rates, days ratio | ``case.unit`` | ``case.handler`` (the handler at decision) |
| legal breaches | ``alert.unit`` | ``alert.handler`` |
| red / yellow cards | ``card.carded_unit`` | ``card.carded_user`` |
| overdue orders | ``order.unit`` | ``order.handler`` |
| substantiated complaints | ``subject_unit`` | ``subject_staff`` |
| satisfaction, rectifications | ``rating.unit`` / ``rectification.unit`` | the case's handler |
| campaign tasks | submissions, unit tasks, problems of the unit | problems he is responsible for |
| study attendance | audience units' staff | himself |

Rules per source:

- on_time_*: the cases *decided* in the period (``decided_on``) that have a due
  date; on time when ``decided_on ≤ due_date`` (promised) or
  ``≤ statutory_due_date``. Figure: the rate in percent. Evidence: ``cases``
  and ``late_cases``.
- days_ratio: the mean of ``elapsed_workdays ÷ (promised limit + extension
  granted)`` over the same cases. Evidence: ``cases``.
- legal_breaches: alerts of rule ``statutory_passed`` opened in the period.
- red_cards / yellow_cards: cards issued in the period that stand — status
  valid or upheld after appeal. A revoked card is never counted. A card whose
  appeal is still pending is not counted either (benefit of the doubt): it is
  listed under ``pending_cards`` so the assessor can recompute once the appeal
  is decided, before publishing.
- overdue_orders: supervision orders due in the period that were answered
  (replied, or closed without reply) after the due date, or that are still
  unanswered on the day of computation although due. Evidence: ``orders``.
- substantiated_complaints: complaints whose finding (substantiated or partly
  substantiated) was recorded in the period.
- satisfaction_rate: ratings given in the period; satisfied = levels 1–3
  (GB/T 39735-2020). Evidence: ``ratings`` and ``bad_ratings``.
- rectification_on_time: rectifications due in the period, except those
  verified invalid; on time when answered on or before the due date.
  Evidence: ``rectifications`` and ``late_rectifications``.
- campaign_tasks: submissions, unit phase tasks and problems due in the
  period; on time when done (closed) on or before the due date. Evidence:
  ``submissions``, ``tasks``, ``problems`` and ``late`` (``"kind:id"``).
- study_attendance: sessions starting in the period; present ÷ (expected −
  excused) as in ``campaign.study``. Evidence: ``sessions``, ``attendances``
  (present), ``excused``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiaoneng.assessment.choices import Source, Subject

FOUR = Decimal("0.0001")


@dataclass
class Figure:
    """One subject's figure for one source."""

    figure: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None
    evidence: dict = field(default_factory=dict)


def rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(FOUR, rounding=ROUND_HALF_UP)


@dataclass
class Window:
    """The period read by the sources and whom it is read for."""

    subject: str
    start: date
    end: date
    as_of: date
    unit_ids: list[int]

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def until(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
        )

    @property
    def is_staff(self) -> bool:
        return self.subject == Subject.STAFF


def _counted(rows, key_index: int = 1, evidence: str = "events") -> dict[int, Figure]:
    """Count figures from ``(id, key)`` rows."""
    ids: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row[key_index] is not None:
            ids[row[key_index]].append(row[0])
    return {key: Figure(count=len(v), evidence={evidence: v}) for key, v in ids.items()}


# -- cases --------------------------------------------------------------------------------


def case_figures(window: Window) -> dict[str, dict[int, Figure]]:
    """On-time rates (promised, statutory) and the days ratio, in one pass over the cases."""
    from xiaoneng.cases.models import Case

    key = "handler_id" if window.is_staff else "unit_id"
    rows = (
        Case.objects.filter(
            decided_on__gte=window.start,
            decided_on__lte=window.end,
            due_date__isnull=False,
            unit_id__in=window.unit_ids,
        )
        .annotate(
            promised=Cast(
                KeyTextTransform("promised_limit_days", "rule_set__rules"), IntegerField()
            ),
        )
        .values_list(
            "id",
            key,
            "decided_on",
            "due_date",
            "statutory_due_date",
            "elapsed_workdays",
            "promised",
            "extension_days",
        )
        .order_by()
    )
    acc: dict[int, dict] = {}
    for pk, subject, decided, due, statutory_due, elapsed, promised, extension in rows.iterator(
        chunk_size=20000
    ):
        if subject is None:
            continue
        a = acc.get(subject)
        if a is None:
            a = acc[subject] = {"cases": [], "late": [], "late_stat": [], "ratio_sum": 0.0}
        a["cases"].append(pk)
        if decided > due:
            a["late"].append(pk)
        if statutory_due is not None and decided > statutory_due:
            a["late_stat"].append(pk)
        limit = (promised or 0) + (extension or 0)
        if limit > 0:
            a["ratio_sum"] += (elapsed or 0) / limit
    promised_figures, statutory_figures, ratios = {}, {}, {}
    for subject, a in acc.items():
        for ids in (a["cases"], a["late"], a["late_stat"]):
            ids.sort()  # rows come in the table's order; evidence lists ids ascending
        n = len(a["cases"])
        promised_figures[subject] = Figure(
            figure=rate(n - len(a["late"]), n),
            numerator=n - len(a["late"]),
            denominator=n,
            evidence={"cases": a["cases"], "late_cases": a["late"]},
        )
        statutory_figures[subject] = Figure(
            figure=rate(n - len(a["late_stat"]), n),
            numerator=n - len(a["late_stat"]),
            denominator=n,
            evidence={"cases": a["cases"], "late_cases": a["late_stat"]},
        )
        ratios[subject] = Figure(
            figure=Decimal(a["ratio_sum"] / n).quantize(FOUR, rounding=ROUND_HALF_UP),
            denominator=n,
            evidence={"cases": a["cases"]},
        )
    return {
        Source.ON_TIME_PROMISED: promised_figures,
        Source.ON_TIME_STATUTORY: statutory_figures,
        Source.DAYS_RATIO: ratios,
    }


# -- supervision ----------------------------------------------------------------------------


def legal_breaches(window: Window) -> dict[int, Figure]:
    from xiaoneng.supervision.choices import RuleCode
    from xiaoneng.supervision.models import Alert

    key = "handler_id" if window.is_staff else "unit_id"
    rows = (
        Alert.objects.filter(
            rule__code=RuleCode.STATUTORY_PASSED,
            opened_on__gte=window.start,
            opened_on__lte=window.end,
            unit_id__in=window.unit_ids,
        )
        .values_list("id", key)
        .order_by("id")
    )
    return _counted(rows, evidence="alerts")


def cards(window: Window, color: str) -> dict[int, Figure]:
    from xiaoneng.supervision.choices import CardStatus
    from xiaoneng.supervision.models import Card

    key = "carded_user_id" if window.is_staff else "carded_unit_id"
    scope = (
        Q(carded_user__profile__unit_id__in=window.unit_ids)
        if window.is_staff
        else Q(carded_unit_id__in=window.unit_ids)
    )
    rows = (
        Card.objects.filter(
            scope,
            color=color,
            issued_at__gte=window.since,
            issued_at__lt=window.until,
            status__in=[CardStatus.VALID, CardStatus.UPHELD, CardStatus.APPEALED],
        )
        .values_list("id", key, "status")
        .order_by("id")
    )
    standing: dict[int, list[int]] = defaultdict(list)
    pending: dict[int, list[int]] = defaultdict(list)
    for pk, subject, status in rows:
        if subject is None:
            continue
        (pending if status == CardStatus.APPEALED else standing)[subject].append(pk)
    return {
        subject: Figure(
            count=len(standing.get(subject, [])),
            evidence={
                "cards": standing.get(subject, []),
                "pending_cards": pending.get(subject, []),
            },
        )
        for subject in set(standing) | set(pending)
    }


def overdue_orders(window: Window) -> dict[int, Figure]:
    from xiaoneng.supervision.models import SupervisionOrder

    key = "handler_id" if window.is_staff else "unit_id"
    rows = (
        SupervisionOrder.objects.filter(
            due_date__gte=window.start, due_date__lte=window.end, unit_id__in=window.unit_ids
        )
        .values_list("id", key, "due_date", "replied_at", "closed_at")
        .order_by("id")
    )
    tz = timezone.get_current_timezone()
    overdue = []
    for pk, subject, due, replied_at, closed_at in rows:
        answered = [moment for moment in (replied_at, closed_at) if moment is not None]
        # Answered after the due date, or still unanswered on the day of computation.
        late = min(answered).astimezone(tz).date() > due if answered else due < window.as_of
        if late:
            overdue.append((pk, subject))
    return _counted(overdue, evidence="orders")


# -- feedback -------------------------------------------------------------------------------


def substantiated_complaints(window: Window) -> dict[int, Figure]:
    from xiaoneng.feedback.choices import Finding
    from xiaoneng.feedback.models import Complaint

    key = "subject_staff__user_id" if window.is_staff else "subject_unit_id"
    rows = (
        Complaint.objects.filter(
            finding__in=[Finding.SUBSTANTIATED, Finding.PARTLY],
            found_on__gte=window.start,
            found_on__lte=window.end,
            subject_unit_id__in=window.unit_ids,
        )
        .values_list("id", key)
        .order_by("id")
    )
    return _counted(rows, evidence="complaints")


def satisfaction(window: Window) -> dict[int, Figure]:
    from xiaoneng.feedback.choices import SATISFIED_LEVELS
    from xiaoneng.feedback.models import Rating

    key = "case__handler_id" if window.is_staff else "unit_id"
    rows = (
        Rating.objects.filter(
            rated_on__gte=window.start, rated_on__lte=window.end, unit_id__in=window.unit_ids
        )
        .values_list("id", key, "level")
        .order_by("id")
    )
    acc: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pk, subject, level in rows.iterator(chunk_size=20000):
        if subject is None:
            continue
        all_ids, bad = acc[subject]
        all_ids.append(pk)
        if level not in SATISFIED_LEVELS:
            bad.append(pk)
    return {
        subject: Figure(
            figure=rate(len(all_ids) - len(bad), len(all_ids)),
            numerator=len(all_ids) - len(bad),
            denominator=len(all_ids),
            evidence={"ratings": all_ids, "bad_ratings": bad},
        )
        for subject, (all_ids, bad) in acc.items()
    }


def rectifications(window: Window) -> dict[int, Figure]:
    from xiaoneng.feedback.choices import Verdict
    from xiaoneng.feedback.models import RatingRectification

    key = "rating__case__handler_id" if window.is_staff else "unit_id"
    rows = (
        RatingRectification.objects.filter(
            due_date__gte=window.start, due_date__lte=window.end, unit_id__in=window.unit_ids
        )
        .exclude(verdict=Verdict.INVALID)
        .values_list("id", key, "due_date", "answered_on")
        .order_by("id")
    )
    acc: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pk, subject, due, answered in rows:
        if subject is None:
            continue
        all_ids, late = acc[subject]
        all_ids.append(pk)
        if (answered is None and due < window.as_of) or (answered is not None and answered > due):
            late.append(pk)
        elif answered is None:
            # Due in the period but not yet due on the day of computation: not counted.
            all_ids.pop()
    return {
        subject: Figure(
            figure=rate(len(all_ids) - len(late), len(all_ids)),
            numerator=len(all_ids) - len(late),
            denominator=len(all_ids),
            evidence={"rectifications": all_ids, "late_rectifications": late},
        )
        for subject, (all_ids, late) in acc.items()
        if all_ids
    }


# -- campaign -------------------------------------------------------------------------------


def campaign_tasks(window: Window) -> dict[int, Figure]:
    from xiaoneng.campaign.models import PhaseTask, Problem, Submission

    due = {"due_date__gte": window.start, "due_date__lte": window.end}
    sets: list[tuple[str, list]] = []
    if window.is_staff:
        sets.append(
            (
                "problems",
                Problem.objects.filter(**due, unit_id__in=window.unit_ids)
                .values_list("id", "responsible_id", "due_date", "closed_on")
                .order_by("id"),
            )
        )
    else:
        sets += [
            (
                "submissions",
                Submission.objects.filter(**due, unit_id__in=window.unit_ids)
                .values_list("id", "unit_id", "due_date", "done_on")
                .order_by("id"),
            ),
            (
                "tasks",
                PhaseTask.objects.filter(**due, unit_id__in=window.unit_ids)
                .values_list("id", "unit_id", "due_date", "done_on")
                .order_by("id"),
            ),
            (
                "problems",
                Problem.objects.filter(**due, unit_id__in=window.unit_ids)
                .values_list("id", "unit_id", "due_date", "closed_on")
                .order_by("id"),
            ),
        ]
    acc: dict[int, dict] = {}
    for kind, rows in sets:
        for pk, subject, due_date, done in rows:
            if subject is None:
                continue
            if done is None and due_date >= window.as_of:
                continue  # not yet due on the day of computation
            a = acc.setdefault(subject, {"n": 0, "late": [], "ids": defaultdict(list)})
            a["n"] += 1
            a["ids"][kind].append(pk)
            if done is None or done > due_date:
                a["late"].append(f"{kind}:{pk}")
    return {
        subject: Figure(
            figure=rate(a["n"] - len(a["late"]), a["n"]),
            numerator=a["n"] - len(a["late"]),
            denominator=a["n"],
            evidence={**a["ids"], "late": a["late"]},
        )
        for subject, a in acc.items()
    }


def study_attendance(window: Window) -> dict[int, Figure]:
    from xiaoneng.campaign.choices import AttendanceStatus
    from xiaoneng.campaign.models import Attendance, StudySession
    from xiaoneng.org.models import StaffProfile

    sessions = StudySession.objects.filter(starts_at__gte=window.since, starts_at__lt=window.until)
    addressed: dict[int, list[int]] = defaultdict(list)  # unit id -> session ids
    in_scope = set(window.unit_ids)
    for session_id, unit_id in sessions.values_list("id", "audience").order_by("id"):
        if unit_id in in_scope:
            addressed[unit_id].append(session_id)
    if not addressed:
        return {}
    key = "person_id" if window.is_staff else "unit_id"
    present: dict[int, list[int]] = defaultdict(list)
    excused: dict[int, list[int]] = defaultdict(list)
    rows = (
        Attendance.objects.filter(
            session__in=sessions,
            unit_id__in=list(addressed),
            status__in=[AttendanceStatus.CONFIRMED, AttendanceStatus.LEAVE_APPROVED],
        )
        .values_list("id", key, "status", "session_id", "unit_id")
        .order_by("id")
    )
    for pk, subject, status, session_id, unit_id in rows:
        if session_id not in addressed.get(unit_id, ()):
            continue  # only sessions addressed to the unit count
        (present if status == AttendanceStatus.CONFIRMED else excused)[subject].append(pk)
    profiles = StaffProfile.objects.filter(unit_id__in=list(addressed), user__is_active=True)
    result = {}
    if window.is_staff:
        for user_id, unit_id in profiles.values_list("user_id", "unit_id"):
            expected = len(addressed[unit_id])
            result[user_id] = _attendance(
                expected, present.get(user_id, []), excused.get(user_id, []), addressed[unit_id]
            )
    else:
        staff = dict(profiles.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))
        for unit_id, session_ids in addressed.items():
            expected = staff.get(unit_id, 0) * len(session_ids)
            result[unit_id] = _attendance(
                expected, present.get(unit_id, []), excused.get(unit_id, []), session_ids
            )
    return result


def _attendance(expected: int, present: list, excused: list, sessions: list) -> Figure:
    base = expected - len(excused)
    return Figure(
        figure=rate(len(present), base) if base > 0 else None,
        numerator=len(present),
        denominator=max(base, 0),
        evidence={"sessions": sessions, "attendances": present, "excused": excused},
    )


# -- dispatch -------------------------------------------------------------------------------

SINGLE = {
    Source.LEGAL_BREACHES: legal_breaches,
    Source.RED_CARDS: lambda window: cards(window, "red"),
    Source.YELLOW_CARDS: lambda window: cards(window, "yellow"),
    Source.OVERDUE_ORDERS: overdue_orders,
    Source.SUBSTANTIATED_COMPLAINTS: substantiated_complaints,
    Source.SATISFACTION_RATE: satisfaction,
    Source.RECTIFICATION_ON_TIME: rectifications,
    Source.CAMPAIGN_TASKS: campaign_tasks,
    Source.STUDY_ATTENDANCE: study_attendance,
}
CASE_SOURCES = {Source.ON_TIME_PROMISED, Source.ON_TIME_STATUTORY, Source.DAYS_RATIO}


def collect(window: Window, sources) -> dict[str, dict[int, Figure]]:
    """The figures of every source in ``sources`` (the manual source reads nothing)."""
    sources = set(sources)
    result: dict[str, dict[int, Figure]] = {}
    if sources & CASE_SOURCES:
        result.update(case_figures(window))
    for source in sources:
        if source in SINGLE:
            result[source] = SINGLE[source](window)
    return result


# Evidence kind -> (app label, model name) of the ids it lists, for the drill-down pages.
EVIDENCE_MODELS = {
    "cases": ("cases", "Case"),
    "late_cases": ("cases", "Case"),
    "alerts": ("supervision", "Alert"),
    "cards": ("supervision", "Card"),
    "pending_cards": ("supervision", "Card"),
    "orders": ("supervision", "SupervisionOrder"),
    "complaints": ("feedback", "Complaint"),
    "ratings": ("feedback", "Rating"),
    "bad_ratings": ("feedback", "Rating"),
    "rectifications": ("feedback", "RatingRectification"),
    "late_rectifications": ("feedback", "RatingRectification"),
    "submissions": ("campaign", "Submission"),
    "tasks": ("campaign", "PhaseTask"),
    "problems": ("campaign", "Problem"),
    "sessions": ("campaign", "StudySession"),
    "attendances": ("campaign", "Attendance"),
    "excused": ("campaign", "Attendance"),
}

EVIDENCE_LABELS = {
    "cases": _("Cases counted"),
    "late_cases": _("Cases late"),
    "alerts": _("Legal-breach alerts"),
    "cards": _("Cards counted"),
    "pending_cards": _("Cards under appeal (not counted)"),
    "orders": _("Overdue supervision orders"),
    "complaints": _("Substantiated complaints"),
    "ratings": pgettext_lazy("count", "Ratings"),
    "bad_ratings": _("Bad ratings"),
    "rectifications": _("Rectifications due"),
    "late_rectifications": _("Rectifications late"),
    "submissions": _("Campaign submissions due"),
    "tasks": _("Campaign tasks due"),
    "problems": _("Campaign problems due"),
    "sessions": _("Study sessions"),
    "attendances": _("Attendances (present)"),
    "excused": _("Approved leave"),
}
