"""Every change of a penalty case: one function per step, one transaction each.

Each step checks the actor's role first (403), then the case's state (409)
and the input (400), writes this app's rows and moves the case through the
case framework's actions (``cases.actions``), which lock the case row, append
the hash-chained event and re-read the clock. One audit event per step.

Procedure (行政处罚法 2021; 自然资源行政处罚办法): 立案 ``open_case`` →
调查取证 ``update_facts`` → 告知 ``serve_notice`` (陈述申辩 ``record_statement``,
听证 ``request_hearing`` / ``record_hearing``) → 决定 ``propose_decision`` by the
investigating officer and ``approve_decision`` by the approver → 执行
``record_execution`` → 结案 ``close_case``; 公示 ``publish_decision``.
Time limits: see ``deadlines``.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import actions, numbering
from xiaoneng.cases.choices import PauseKind, Status
from xiaoneng.cases.models import Case
from xiaoneng.cases.scope import user_roles
from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core import audit
from xiaoneng.core.errors import TransitionError
from xiaoneng.enforcement import deadlines
from xiaoneng.enforcement.benchmarks import assess
from xiaoneng.enforcement.choices import ITEM_CODES, DecisionStatus, LandClass, ViolationType
from xiaoneng.enforcement.document import decision_content
from xiaoneng.enforcement.models import PenaltyDecision, PenaltyFacts
from xiaoneng.org.choices import Role
from xiaoneng.supervision.services import raise_alert
from xiaoneng.workdays.calendar import SPAN_START
from xiaoneng.workdays.services import get_calendar

# Stage positions in the penalty items' plan (demo.PENALTY_STAGES).
INVESTIGATION, NOTICE, DECISION, EXECUTION, CLOSING = 1, 2, 3, 4, 5
FACT_FIELDS = [
    "summary",
    "location",
    "evidence",
    "area_m2",
    "land_class",
    "restorable",
    "illegal_gains",
    "repeat_offence",
]
CENT = Decimal("0.01")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _day(now: datetime) -> date:
    return timezone.localdate(now)


def _require_role(user, role: str, message: str) -> None:
    if not hasattr(user, "profile") or role not in user_roles(user):
        raise PermissionDenied(message)


def _require_handler(user) -> None:
    _require_role(user, Role.HANDLER, _("Only an investigating officer may do this."))


def _require_approver(user) -> None:
    _require_role(user, Role.APPROVER, _("Only an approver decides on penalties."))


def _rows(case: Case, acting_user) -> tuple[Case, PenaltyFacts, PenaltyDecision]:
    """The case (in the user's scope, else 404) with its penalty rows locked."""
    case = (
        Case.objects.visible_to(acting_user)
        .filter(pk=case.pk, service_item__category="penalty")
        .select_related("service_item")
        .first()
    )
    if case is None:
        raise Http404(_("No such penalty case."))
    facts = PenaltyFacts.objects.select_for_update().get(case=case)
    decision = PenaltyDecision.objects.select_for_update().get(case=case)
    return case, facts, decision


def _require_stage(case: Case, index: int, statuses=(Status.IN_REVIEW,)) -> None:
    if case.status not in statuses or case.stage_index != index:
        raise TransitionError(
            _("The case is not at the stage for this step (now: {stage}, {status}).").format(
                stage=case.stage_name or "—", status=case.get_status_display()
            )
        )


def _money(value, field: str, *, required: bool = True) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Enter an amount in yuan.")})
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in yuan.")}) from None
    if amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Enter an amount between 0 and 10^12 yuan.")})
    return amount


def _clean_facts(values: dict) -> dict:
    """Validate and normalise the benchmark facts (400 with a message per field)."""
    clean, errors = {}, {}
    for name in FACT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        try:
            if name in ("area_m2", "illegal_gains"):
                value = _money(value, name)
            elif name == "land_class":
                if value not in LandClass.values:
                    raise ValidationError({name: _("Choose a land class.")})
            elif name in ("restorable", "repeat_offence"):
                if not isinstance(value, bool):
                    raise ValidationError({name: _("Answer yes or no.")})
            else:
                value = (value or "").strip()
                if name == "summary" and not value:
                    raise ValidationError({name: _("Summarise the violation.")})
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


# -- 立案 and 调查取证 --------------------------------------------------------------


@transaction.atomic
def open_case(
    *,
    acting_user,
    violation_type: str,
    party_kind: str,
    party_name: str,
    discovered_on: date,
    summary: str = "",
    id_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    phone: str = "",
    address: str = "",
    late_opening_reason: str = "",
    now: datetime | None = None,
    **facts,
) -> Case:
    """Open a penalty case (立案) within the filing limit after discovery."""
    now = _now(now)
    _require_handler(acting_user)
    if violation_type not in ViolationType.values:
        raise ValidationError({"violation_type": _("Choose the type of violation.")})
    item = ServiceItem.objects.filter(code=ITEM_CODES[violation_type], category="penalty").first()
    if item is None:
        raise ValidationError(
            {"violation_type": _("No penalty item is configured for this violation.")}
        )
    today = _day(now)
    calendar = get_calendar()
    if not isinstance(discovered_on, date) or discovered_on > today:
        raise ValidationError({"discovered_on": _("The discovery date cannot be in the future.")})
    if discovered_on < SPAN_START:
        # The filing limit counts working days, which the official calendar knows from then.
        raise ValidationError(
            {
                "discovered_on": _("The discovery date cannot be before {start}.").format(
                    start=SPAN_START.isoformat()
                )
            }
        )
    late_opening_reason = (late_opening_reason or "").strip()
    deadline = deadlines.filing_deadline(calendar, discovered_on)
    if today > deadline and not late_opening_reason:
        raise ValidationError(
            {
                "late_opening_reason": _(
                    "The filing limit ended on {deadline} ({days} working days after "
                    "discovery): say why the case is opened late."
                ).format(deadline=deadline.isoformat(), days=deadlines.FILING_LIMIT_WORKDAYS)
            }
        )
    values = _clean_facts({"summary": summary, **facts})
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    case = actions.do_open_penalty_case(
        acting_user=acting_user,
        service_item=item,
        party_kind=party_kind,
        party_name=party_name,
        id_number=id_number,
        credit_code=credit_code,
        legal_representative=legal_representative,
        phone=phone,
        address=address,
        title=values["summary"][:200],
        statutory_limit_days=deadlines.calendar_limit_in_workdays(calendar, today),
        now=now,
    )
    facts_row = PenaltyFacts.objects.create(
        case=case,
        violation_type=violation_type,
        discovered_on=discovered_on,
        late_opening_reason=late_opening_reason if today > deadline else "",
        **values,
    )
    PenaltyDecision.objects.create(case=case)
    audit.record(
        "enforcement.open",
        actor=acting_user,
        target=case,
        new={
            "violation_type": violation_type,
            "discovered_on": discovered_on.isoformat(),
            "late": today > deadline,
            "area_m2": str(facts_row.area_m2),
        },
    )
    return case


@transaction.atomic
def update_facts(case, *, acting_user, now=None, **values) -> PenaltyFacts:
    """Correct the facts while the investigation runs (they are fixed by the notice)."""
    now = _now(now)
    _require_handler(acting_user)
    case, facts, _decision = _rows(case, acting_user)
    if case.handler_id not in (None, acting_user.pk):
        raise PermissionDenied(_("Only the assigned handler may act at this stage."))
    _require_stage(case, INVESTIGATION)
    unknown = set(values) - set(FACT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    values = _clean_facts(values)
    changed = {name: value for name, value in values.items() if getattr(facts, name) != value}
    if not changed:
        return facts
    old = {name: str(getattr(facts, name)) for name in changed}
    for name, value in changed.items():
        setattr(facts, name, value)
    facts.save(update_fields=list(changed))
    audit.record(
        "enforcement.facts",
        actor=acting_user,
        target=case,
        old=old,
        new={name: str(value) for name, value in changed.items()},
    )
    return facts


# -- 告知 -------------------------------------------------------------------------


def _grade(facts, decision, fine: Decimal, justification: str) -> tuple:
    """The benchmark's assessment and whether ``fine`` leaves its range (justified)."""
    assessment = assess(facts)
    if assessment is None:
        raise ValidationError(
            {"fine": _("No discretion benchmark matches these facts; ask the administrator.")}
        )
    if assessment.statutory_max is not None and fine > assessment.statutory_max:
        raise ValidationError(
            {
                "fine": _(
                    "The fine exceeds the statutory maximum of {cap} yuan ({article})."
                ).format(cap=assessment.statutory_max, article=assessment.article)
            }
        )
    out_of_range = not assessment.contains(fine)
    if out_of_range and not justification:
        raise ValidationError(
            {
                "justification": _(
                    "The fine lies outside the benchmark range {low}–{high} yuan: give a "
                    "written justification (it needs the approver's approval)."
                ).format(low=assessment.fine_min, high=assessment.fine_max)
            }
        )
    decision.tier = assessment.tier
    decision.range_min, decision.range_max = assessment.range
    decision.article = assessment.article
    decision.out_of_range = out_of_range
    decision.justification = justification
    return assessment, out_of_range


@transaction.atomic
def serve_notice(case, *, acting_user, fine, justification: str = "", now=None) -> Case:
    """Tell the party the intended penalty and his rights (Art. 44, 45, 63, 64)."""
    now = _now(now)
    _require_handler(acting_user)
    case, facts, decision = _rows(case, acting_user)
    _require_stage(case, INVESTIGATION)
    if not facts.evidence.strip():
        # 行政处罚法 Art. 40: no penalty where the facts are unclear or the evidence
        # insufficient; the decision (Art. 59) states the evidence.
        raise ValidationError(
            {"evidence": _("Record the evidence gathered before serving the notice.")}
        )
    fine = _money(fine, "fine")
    justification = (justification or "").strip()
    _grade(facts, decision, fine, justification)
    today, calendar = _day(now), get_calendar()
    facts.notice_served_on = today
    facts.statement_due = deadlines.statement_due(calendar, today)
    facts.hearing_right = deadlines.has_hearing_right(case.applicant_kind, fine)
    facts.hearing_request_due = (
        deadlines.hearing_request_due(calendar, today) if facts.hearing_right else None
    )
    decision.noticed_fine = fine
    case = actions.do_advance(
        case,
        acting_user=acting_user,
        opinion=_("Notice of the intended penalty served: fine {fine} yuan.").format(fine=fine),
        now=now,
    )
    facts.save(
        update_fields=[
            "notice_served_on",
            "statement_due",
            "hearing_right",
            "hearing_request_due",
        ]
    )
    decision.save(
        update_fields=[
            "tier",
            "range_min",
            "range_max",
            "article",
            "out_of_range",
            "justification",
            "noticed_fine",
        ]
    )
    audit.record(
        "enforcement.notice",
        actor=acting_user,
        target=case,
        new={
            "fine": str(fine),
            "tier": decision.tier,
            "out_of_range": decision.out_of_range,
            "statement_due": facts.statement_due.isoformat(),
        },
    )
    return case


@transaction.atomic
def record_statement(case, *, acting_user, statement: str, now=None) -> PenaltyFacts:
    """Record the party's statement and defence (陈述申辩), Art. 45."""
    now = _now(now)
    _require_handler(acting_user)
    case, facts, _decision = _rows(case, acting_user)
    _require_stage(case, NOTICE, (Status.IN_REVIEW, Status.PAUSED))
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Write down what the party stated.")})
    facts.statement = statement
    facts.statement_received_on = _day(now)
    facts.save(update_fields=["statement", "statement_received_on"])
    audit.record(
        "enforcement.statement", actor=acting_user, target=case, new={"length": len(statement)}
    )
    return facts


@transaction.atomic
def request_hearing(case, *, acting_user, now=None) -> Case:
    """The party asked for a hearing in time: the clock pauses until it is held."""
    now = _now(now)
    _require_handler(acting_user)
    case, facts, _decision = _rows(case, acting_user)
    _require_stage(case, NOTICE)
    today = _day(now)
    if not facts.hearing_right:
        raise TransitionError(_("The intended penalty gives no right to a hearing (Art. 63)."))
    if facts.hearing_requested_on is not None:
        raise TransitionError(_("A hearing has already been requested."))
    if today > facts.hearing_request_due:
        raise TransitionError(
            _("The hearing had to be requested by {due} (Art. 64).").format(
                due=facts.hearing_request_due.isoformat()
            )
        )
    case = actions.do_pause(
        case,
        acting_user=acting_user,
        kind=PauseKind.HEARING,
        reason=_("Hearing requested by the party (Administrative Penalty Law Art. 64)."),
        now=now,
    )
    facts.hearing_requested_on = today
    facts.save(update_fields=["hearing_requested_on"])
    audit.record(
        "enforcement.hearing_requested",
        actor=acting_user,
        target=case,
        new={"on": today.isoformat()},
    )
    return case


@transaction.atomic
def record_hearing(case, *, acting_user, now=None) -> Case:
    """The hearing was held: the clock runs again from the next working day.

    行政处罚法 Art. 64(2): the party is notified of the hearing 7 (working, Art.
    85) days before it, so it cannot have been held sooner after the request.
    """
    now = _now(now)
    _require_handler(acting_user)
    case, facts, _decision = _rows(case, acting_user)
    _require_stage(case, NOTICE, (Status.PAUSED,))
    if facts.hearing_requested_on is None:
        raise TransitionError(_("No hearing was requested."))
    earliest = deadlines.earliest_hearing(get_calendar(), facts.hearing_requested_on)
    if _day(now) < earliest:
        raise TransitionError(
            _(
                "The party is notified of the hearing at least 7 working days before it "
                "(Administrative Penalty Law Art. 64): it is held on {earliest} at the earliest."
            ).format(earliest=earliest.isoformat())
        )
    case = actions.do_resume(case, acting_user=acting_user, now=now)
    facts.hearing_held_on = _day(now)
    facts.save(update_fields=["hearing_held_on"])
    audit.record(
        "enforcement.hearing_held",
        actor=acting_user,
        target=case,
        new={"on": facts.hearing_held_on.isoformat()},
    )
    return case


def waiting_for_party(facts, today: date) -> str:
    """Why the decision must still wait for the party (empty when it need not)."""
    if facts.notice_served_on is None:
        return _("Serve the notice of the intended penalty first (Art. 44).")
    if facts.hearing_requested_on and not facts.hearing_held_on:
        return _("The requested hearing has not been held yet.")
    if facts.statement_received_on is None and today <= facts.statement_due:
        return _("The party may state and defend until {due} (Art. 45).").format(
            due=facts.statement_due.isoformat()
        )
    if (
        facts.hearing_right
        and facts.hearing_requested_on is None
        and today <= facts.hearing_request_due
    ):
        return _("The party may request a hearing until {due} (Art. 64).").format(
            due=facts.hearing_request_due.isoformat()
        )
    return ""


# -- 决定 -------------------------------------------------------------------------


@transaction.atomic
def propose_decision(case, *, acting_user, fine=None, justification: str = "", now=None) -> Case:
    """The investigating officer proposes the fine once the party has been heard."""
    now = _now(now)
    _require_handler(acting_user)
    case, facts, decision = _rows(case, acting_user)
    _require_stage(case, NOTICE)
    waiting = waiting_for_party(facts, _day(now))
    if waiting:
        raise TransitionError(waiting)
    fine = decision.noticed_fine if fine in (None, "") else _money(fine, "fine")
    if fine > decision.noticed_fine:
        raise ValidationError(
            {
                "fine": _(
                    "The fine cannot exceed the {noticed} yuan of the notice: a heavier "
                    "penalty needs a new notice (Art. 45)."
                ).format(noticed=decision.noticed_fine)
            }
        )
    justification = (justification or "").strip() or decision.justification
    _grade(facts, decision, fine, justification)
    decision.fine = fine
    decision.status = DecisionStatus.PROPOSED
    decision.proposed_by = acting_user
    case = actions.do_advance(
        case,
        acting_user=acting_user,
        opinion=_("Proposed fine {fine} yuan ({tier}).").format(
            fine=fine, tier=decision.get_tier_display()
        ),
        now=now,
    )
    decision.save(
        update_fields=[
            "tier",
            "range_min",
            "range_max",
            "article",
            "out_of_range",
            "justification",
            "fine",
            "status",
            "proposed_by",
        ]
    )
    audit.record(
        "enforcement.propose",
        actor=acting_user,
        target=case,
        new={"fine": str(fine), "out_of_range": decision.out_of_range, "tier": decision.tier},
    )
    return case


def _decision_number(case: Case, year: int) -> str:
    value = numbering.next_value(f"penalty:{case.authority.code}:{year}")
    return f"{case.authority.region.name[0]}国土资罚〔{year}〕{value}号"


def _raise_discretion_alert(case, decision, acting_user, now) -> None:
    """Electronic supervision watches every fine outside the benchmark range."""
    raise_alert(
        case,
        rule_code="discretion_out_of_range",
        evidence={
            "fine": str(decision.fine),
            "range_min": str(decision.range_min),
            "range_max": str(decision.range_max),
            "tier": decision.tier,
            "article": decision.article,
            "justification": decision.justification,
            "decision_number": decision.decision_number,
        },
        acting_user=acting_user,
        now=now,
    )


@transaction.atomic
def approve_decision(case, *, acting_user, note: str = "", now=None) -> Case:
    """The approver makes the proposed decision (a fine out of range needs exactly this)."""
    now = _now(now)
    _require_approver(acting_user)
    case, facts, decision = _rows(case, acting_user)
    _require_stage(case, DECISION)
    if decision.status != DecisionStatus.PROPOSED:
        raise TransitionError(_("No proposed decision is waiting for approval."))
    today = _day(now)
    number = _decision_number(case, today.year)
    case = actions.do_decide_penalty(
        case,
        acting_user=acting_user,
        decision_number=number,
        document=decision_content(case, facts, decision),
        data={
            "fine": str(decision.fine),
            "tier": decision.tier,
            "out_of_range": decision.out_of_range,
            "note": (note or "").strip(),
            "summary": _("Fine of {fine} yuan ({article}).").format(
                fine=decision.fine, article=decision.article
            ),
        },
        now=now,
    )
    decision.status = DecisionStatus.DECIDED
    decision.decided_by = acting_user
    decision.decided_on = today
    decision.decision_number = number
    decision.publish_due = deadlines.publish_due(get_calendar(), today)
    decision.save(
        update_fields=["status", "decided_by", "decided_on", "decision_number", "publish_due"]
    )
    audit.record(
        "enforcement.decide",
        actor=acting_user,
        target=case,
        old={"status": DecisionStatus.PROPOSED},
        new={"status": DecisionStatus.DECIDED, "fine": str(decision.fine), "number": number},
    )
    if decision.out_of_range:
        _raise_discretion_alert(case, decision, acting_user, now)
    return case


@transaction.atomic
def reject_decision(case, *, acting_user, reason: str, now=None) -> Case:
    """The approver sends the proposal back to the notice stage with his reason."""
    now = _now(now)
    _require_approver(acting_user)
    case, _facts, decision = _rows(case, acting_user)
    _require_stage(case, DECISION)
    if decision.status != DecisionStatus.PROPOSED:
        raise TransitionError(_("No proposed decision is waiting for approval."))
    case = actions.do_send_back(case, acting_user=acting_user, reason=reason, now=now)
    decision.status = DecisionStatus.NONE
    decision.save(update_fields=["status"])
    audit.record(
        "enforcement.reject",
        actor=acting_user,
        target=case,
        old={"status": DecisionStatus.PROPOSED},
        new={"status": DecisionStatus.NONE, "reason": reason.strip()},
    )
    return case


# -- 执行, 结案, 公示 --------------------------------------------------------------


@transaction.atomic
def record_execution(case, *, acting_user, amount_paid, note: str = "", now=None) -> Case:
    """Record that the party paid (or that enforcement was applied for)."""
    now = _now(now)
    _require_handler(acting_user)
    case, _facts, decision = _rows(case, acting_user)
    _require_stage(case, EXECUTION, (Status.APPROVED,))
    if decision.status != DecisionStatus.DECIDED:
        raise TransitionError(_("The case has no penalty decision to carry out."))
    amount = _money(amount_paid, "amount_paid")
    case = actions.do_record_penalty_execution(
        case,
        acting_user=acting_user,
        data={"amount_paid": str(amount), "note": note.strip()},
        now=now,
    )
    decision.amount_paid = amount
    decision.executed_on = _day(now)
    decision.save(update_fields=["amount_paid", "executed_on"])
    audit.record(
        "enforcement.execute", actor=acting_user, target=case, new={"amount_paid": str(amount)}
    )
    return case


@transaction.atomic
def close_case(case, *, acting_user, now=None) -> Case:
    """Close the case (结案) once the execution is recorded."""
    now = _now(now)
    _require_handler(acting_user)
    case, _facts, decision = _rows(case, acting_user)
    _require_stage(case, CLOSING, (Status.APPROVED,))
    case = actions.do_close_penalty_case(
        case, acting_user=acting_user, data={"amount_paid": str(decision.amount_paid)}, now=now
    )
    audit.record("enforcement.close", actor=acting_user, target=case, new={"status": case.status})
    return case


@transaction.atomic
def publish_decision(case, *, acting_user, now=None) -> PenaltyDecision:
    """Publish a decision on the portal (公示), due within 7 working days of it."""
    now = _now(now)
    if not hasattr(acting_user, "profile") or not (
        user_roles(acting_user) & {Role.HANDLER, Role.APPROVER}
    ):
        raise PermissionDenied(_("Only the handler or the approver publishes a decision."))
    case, _facts, decision = _rows(case, acting_user)
    if decision.status != DecisionStatus.DECIDED:
        raise TransitionError(_("Only a decided penalty is published."))
    if decision.published_on is not None:
        return decision
    decision.published_on = _day(now)
    decision.save(update_fields=["published_on"])
    audit.record(
        "enforcement.publish",
        actor=acting_user,
        target=case,
        new={
            "published_on": decision.published_on.isoformat(),
            "late": decision.published_on > decision.publish_due,
        },
    )
    return decision
