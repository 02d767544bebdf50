"""Supervisors' actions: cards, appeals, supervision orders (督办) and the notice list.

Each action follows the project's rule for a state change (STYLE.md
"Actions"): one transaction, the row locked with ``select_for_update``, the
actor's permission checked before anything is written, one step on the case's
timeline (``do_record_supervision``) when a case is involved, and notices
through ``notify`` (written in the transaction, sent after commit). Refusals:

- the object is outside the user's scope → ``Http404`` (as if it did not exist);
- the user's role may not do this → ``PermissionDenied`` (403);
- the object's state does not allow it → ``TransitionError`` (409);
- the input is incomplete or wrong → ``ValidationError`` (400).

Nothing is deleted: a card is revoked, an order closed, each with who, when
and why (DESIGN.md §2; 行政许可法 Art. 71–77 on the supervision of licensing).
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases.actions import do_record_supervision
from xiaoneng.cases.choices import EventKind
from xiaoneng.cases.models import Case
from xiaoneng.cases.numbering import next_value
from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.core.errors import TransitionError
from xiaoneng.org.choices import Role, UnitKind
from xiaoneng.org.models import Unit
from xiaoneng.org.scope import authority_of, unit_filter
from xiaoneng.supervision.cards import create_card
from xiaoneng.supervision.choices import (
    CardColor,
    CardStatus,
    Level,
    NotificationKind,
    OrderStatus,
    RuleCode,
)
from xiaoneng.supervision.models import (
    Alert,
    AnomalyRule,
    Card,
    CardAppeal,
    Notification,
    SupervisionOrder,
)
from xiaoneng.supervision.notifications import notify
from xiaoneng.supervision.notifications import unread_count as _unread_count
from xiaoneng.workdays.services import get_calendar

User = get_user_model()

AUTHORITY_KINDS = {UnitKind.DEPARTMENT, UnitKind.BUREAU, UnitKind.BRANCH}
# A longer order is a plan, not an order to act; a longer one is refused.
MAX_ORDER_DAYS = 60


# -- helpers -------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _required(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("This field is required.")})
    return text


def require_role(user, role: str) -> None:
    if role not in user_roles(user):
        raise PermissionDenied(_("Only a {role} may do this.").format(role=Role(role).label))


def _profile_unit(user):
    profile = getattr(user, "profile", None)
    return profile.unit if profile is not None else None


def _authority_of_user(user):
    unit = _profile_unit(user)
    return authority_of(unit) if unit is not None else None


def authority_unit_ids(authority) -> list[int]:
    """The authority and the offices inside it (not the bureaus below it)."""
    ids, frontier = [authority.pk], [authority.pk]
    while frontier:
        frontier = list(
            Unit.objects.filter(parent_id__in=frontier)
            .exclude(kind__in=AUTHORITY_KINDS)
            .values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def _staff_with_role(role: str, authority):
    """Active staff holding ``role`` in ``authority``; its own head office first."""
    return (
        User.objects.filter(
            is_active=True,
            groups__name=role,
            profile__unit_id__in=authority_unit_ids(authority),
        )
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def leader_of(authority):
    """The leader an overdue order escalates to: one at the authority itself, else any."""
    leaders = list(_staff_with_role(Role.LEADER, authority))
    at_head = [user for user in leaders if user.profile.unit_id == authority.pk]
    return (at_head or leaders or [None])[0]


def supervisors_for(case: Case) -> list:
    """The supervisors of the case's authority; if it has none, those whose region covers it."""
    own = list(_staff_with_role(Role.SUPERVISOR, case.authority))
    if own:
        return own
    region_code = case.authority.region.code
    return [
        user
        for user in User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .select_related("profile__unit__region")
        .distinct()
        if getattr(user, "profile", None) is not None
        and region_code.startswith(user.profile.unit.region.scope_prefix)
    ]


def _case_url(case: Case | None) -> str:
    return reverse("cases:detail", args=[case.number]) if case is not None else ""


def _card_url(card: Card) -> str:
    return reverse("supervision:card", args=[card.pk])


def _order_url(order: SupervisionOrder) -> str:
    return reverse("supervision:order", args=[order.pk])


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def person_name(user) -> str:
    """A person as notices, pages and exports name him: his name, not his login."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _lock_case(case: Case, acting_user) -> Case:
    try:
        return (
            Case.objects.visible_to(acting_user)
            .select_for_update()
            .select_related("authority__region")
            .get(pk=case.pk)
        )
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


# -- alerts raised by other apps ------------------------------------------------


def raise_alert(
    case: Case,
    *,
    rule_code: str,
    evidence: dict,
    acting_user=None,
    rung: str = "",
    now: datetime | None = None,
) -> Alert | None:
    """Open the alert of a rule that another app detects when it records the fact.

    A penalty decision outside its discretion benchmark is known the moment it
    is made, not by a later sweep: the enforcement service calls this inside
    its own transaction. Once per (rule, case, rung), like the sweep's alerts;
    the rule's configuration decides the card and who hears of it. Returns
    None when the rule is disabled or already fired.
    """
    if rule_code not in RuleCode.values:
        raise ValueError(f"unknown anomaly rule {rule_code!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("raise_alert() must run inside the caller's transaction")
    now = _now(now)
    rule = AnomalyRule.objects.filter(code=rule_code, enabled=True).first()
    if rule is None:
        return None
    case = Case.objects.select_related("authority__region", "unit", "handler").get(pk=case.pk)
    alert, created = Alert.objects.get_or_create(
        rule=rule,
        case=case,
        rung=rung,
        defaults={
            "level": rule.level,
            "unit": case.unit,
            "authority_id": case.authority_id,
            "service_item_id": case.service_item_id,
            "handler": case.handler,
            "opened_at": now,
            "opened_on": timezone.localdate(now),
            "evidence": {"as_of": timezone.localdate(now).isoformat(), **evidence},
        },
    )
    if not created:
        return None
    label = str(rule.get_code_display())
    if rule.card != CardColor.NONE:
        handler = case.handler if rule.card_handler else None
        create_card(
            case=case,
            color=rule.card,
            reason=_("{rule}: card issued by electronic supervision on {date}.").format(
                rule=label, date=alert.opened_on.isoformat()
            ),
            carded_user=handler,
            carded_unit=case.unit if rule.card_unit or handler is None else None,
            rule=rule,
            alert=alert,
            evidence=alert.evidence,
            now=now,
        )
    recipients = []
    if rule.level == Level.WARNING and case.handler is not None:
        recipients.append(case.handler)
    if rule.level == Level.BREACH or rule.report_to_supervisors:
        recipients += supervisors_for(case)
    notify(
        recipients,
        kind=NotificationKind.WARNING,
        key=f"alert:{alert.pk}",
        title=_("{rule} on case {number}").format(rule=label, number=case.number),
        body=_("Reported by {user}.").format(user=person_name(acting_user)) if acting_user else "",
        url=_case_url(case),
    )
    return alert


# -- cards -----------------------------------------------------------------------


def issue_card(
    case: Case,
    *,
    acting_user,
    color: str,
    reason: str,
    carded_user=None,
    carded_unit=None,
    now: datetime | None = None,
) -> Card:
    """A supervisor's card to a person and/or a unit of the case's authority, with a reason."""
    now = _now(now)
    with transaction.atomic():
        case = _lock_case(case, acting_user)
        require_role(acting_user, Role.SUPERVISOR)
        errors = {}
        if color not in (CardColor.YELLOW, CardColor.RED):
            errors["color"] = _("Choose a yellow or a red card.")
        if not (reason or "").strip():
            errors["reason"] = _("A card needs a reason.")
        if carded_user is None and carded_unit is None:
            errors["carded_user"] = _("Name the person or the unit to card.")
        if carded_user is not None and _authority_of_user(carded_user) != case.authority:
            errors["carded_user"] = _("The person must work for the authority of the case.")
        if carded_unit is not None and authority_of(carded_unit) != case.authority:
            errors["carded_unit"] = _("The unit must belong to the authority of the case.")
        if errors:
            raise ValidationError(errors)
        card = create_card(
            case=case,
            color=color,
            reason=reason.strip(),
            carded_user=carded_user,
            carded_unit=carded_unit,
            issued_by=acting_user,
            evidence={"issued_by": _username(acting_user)},
            now=now,
        )
        if carded_user is None:
            # create_card tells a carded person; for a unit card, its leader
            # hears of it (he is the one who may appeal).
            notify(
                [leader_of(case.authority)],
                kind=NotificationKind.CARD,
                key=f"card:{card.pk}",
                title=_("{card} on case {number}").format(
                    card=card.get_color_display(), number=case.number
                ),
                body=card.reason,
                url=_card_url(card),
            )
        return card


def may_appeal(card: Card, user) -> bool:
    """The carded person; for a unit card, a leader of the unit's authority."""
    if card.carded_user_id is not None:
        return card.carded_user_id == user.pk
    return Role.LEADER in user_roles(user) and _authority_of_user(user) == authority_of(
        card.carded_unit
    )


def require_may_appeal(card: Card, user) -> None:
    if not may_appeal(card, user):
        raise PermissionDenied(_("Only the carded person or the unit's leader may appeal."))


def may_decide(card: Card, user) -> bool:
    """A supervisor, but not the one who issued the card."""
    return Role.SUPERVISOR in user_roles(user) and card.issued_by_id != user.pk


def require_may_decide(card: Card, user) -> None:
    require_role(user, Role.SUPERVISOR)
    if card.issued_by_id == user.pk:
        # Nobody judges an appeal against his own card: another supervisor reviews it.
        raise PermissionDenied(
            _("You issued this card: another supervisor decides the appeal against it.")
        )


def _lock_card(card: Card, acting_user) -> Card:
    try:
        return (
            cards_visible_to(acting_user)
            .select_for_update(of=("self",))
            .select_related("case__authority__region", "carded_unit")
            .get(pk=card.pk)
        )
    except Card.DoesNotExist:
        raise Http404(_("No such card.")) from None


def appeal_card(card: Card, *, acting_user, reason: str, now: datetime | None = None) -> CardAppeal:
    """The carded person's appeal (申诉), once per card; the region's supervisors are told."""
    now = _now(now)
    with transaction.atomic():
        card = _lock_card(card, acting_user)
        require_may_appeal(card, acting_user)
        if card.status != CardStatus.VALID or card.appeals.exists():
            raise TransitionError(_("This card has already been appealed."))
        reason = _required(reason, "reason")
        appeal = CardAppeal.objects.create(
            card=card, appellant=acting_user, reason=reason, submitted_at=now
        )
        card.status = CardStatus.APPEALED
        card.save(update_fields=["status"])
        do_record_supervision(
            card.case,
            kind=EventKind.CARD_APPEALED,
            acting_user=acting_user,
            data={"card": card.pk, "color": card.color, "reason": reason},
            now=now,
        )
        recipients = supervisors_for(card.case)
        if card.issued_by_id is not None:
            recipients.append(card.issued_by)
        notify(
            recipients,
            kind=NotificationKind.APPEAL,
            key=f"appeal:{appeal.pk}",
            title=_("Appeal against the {card} on case {number}").format(
                card=card.get_color_display(), number=card.case.number
            ),
            body=reason,
            url=_card_url(card),
        )
        return appeal


def decide_appeal(
    appeal: CardAppeal, *, acting_user, uphold: bool, reason: str, now: datetime | None = None
) -> CardAppeal:
    """A supervisor upholds or revokes an appealed card, with reasons; the appellant is told."""
    now = _now(now)
    with transaction.atomic():
        card = _lock_card(appeal.card, acting_user)
        require_may_decide(card, acting_user)
        appeal = CardAppeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.decided_at is not None or card.status != CardStatus.APPEALED:
            raise TransitionError(_("This appeal has already been decided."))
        reason = _required(reason, "reason")
        decision = CardStatus.UPHELD if uphold else CardStatus.REVOKED
        appeal.decision = decision
        appeal.decision_reason = reason
        appeal.decided_by = acting_user
        appeal.decided_at = now
        appeal.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        card.status = decision
        card.save(update_fields=["status"])
        # Either way the decision is on the case's record: a card that stands after an
        # appeal is counted by the assessment, a revoked one is not.
        do_record_supervision(
            card.case,
            kind=EventKind.CARD_UPHELD if uphold else EventKind.CARD_REVOKED,
            acting_user=acting_user,
            data={"card": card.pk, "color": card.color, "reason": reason},
            now=now,
        )
        title = (
            _("Your appeal was upheld: the {card} on case {number} is revoked")
            if not uphold
            else _("Your appeal was rejected: the {card} on case {number} stands")
        )
        notify(
            [appeal.appellant],
            kind=NotificationKind.APPEAL,
            key=f"appeal:{appeal.pk}:decided",
            title=title.format(card=card.get_color_display(), number=card.case.number),
            body=reason,
            url=_card_url(card),
        )
        appeal.card = card
        return appeal


# -- supervision orders ------------------------------------------------------------


def _log(order: SupervisionOrder, what: str, user, now: datetime, text: str = "", **extra):
    order.history_log = [
        *order.history_log,
        {"at": now.isoformat(), "by": _username(user), "what": what, "text": text, **extra},
    ]


def order_number(authority, year: int) -> str:
    """E.g. 宁国土资督〔2026〕3号: gap-free per issuing authority and year."""
    value = next_value(f"order:{authority.code}:{year}")
    return "{abbreviation}督〔{year}〕{value}号".format(
        abbreviation=authority.region.name[0] + "国土资", year=year, value=value
    )


def _record_on_case(order: SupervisionOrder, kind: str, user, now: datetime, **data) -> None:
    if order.case_id is not None:
        do_record_supervision(
            order.case,
            kind=kind,
            acting_user=user,
            data={"order": order.number, **data},
            now=now,
        )


def _validate_limit(limit_days) -> int:
    if not isinstance(limit_days, int) or not 1 <= limit_days <= MAX_ORDER_DAYS:
        raise ValidationError(
            {"limit_days": _("The limit is 1 to {max} working days.").format(max=MAX_ORDER_DAYS)}
        )
    return limit_days


def issue_order(
    *,
    acting_user,
    unit: Unit,
    instruction: str,
    limit_days: int,
    case: Case | None = None,
    alert: Alert | None = None,
    handler=None,
    now: datetime | None = None,
) -> SupervisionOrder:
    """A supervisor orders a unit (or one of its handlers) to act by a deadline in working days."""
    now = _now(now)
    with transaction.atomic():
        if alert is not None:
            alert = alerts_visible_to(acting_user).filter(pk=alert.pk).first()
            if alert is None:
                raise Http404(_("No such alert."))
            if case is not None and case.pk != alert.case_id:
                raise ValidationError({"alert": _("The alert belongs to another case.")})
            case = alert.case
        if case is not None:
            case = _lock_case(case, acting_user)
        require_role(acting_user, Role.SUPERVISOR)
        instruction = _required(instruction, "instruction")
        limit_days = _validate_limit(limit_days)
        if not Unit.objects.visible_to(acting_user).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("This unit is outside your region.")})
        authority = authority_of(unit)
        if case is not None and authority != case.authority:
            raise ValidationError({"unit": _("The unit must belong to the authority of the case.")})
        if handler is not None and _authority_of_user(handler) != authority:
            raise ValidationError({"handler": _("The handler must work for the ordered unit.")})
        today = timezone.localdate(now)
        order = SupervisionOrder(
            number=order_number(_authority_of_user(acting_user), today.year),
            case=case,
            alert=alert,
            unit=unit,
            handler=handler,
            issued_by=acting_user,
            instruction=instruction,
            issued_on=today,
            limit_days=limit_days,
            due_date=get_calendar().add_workdays(today, limit_days),
        )
        _log(order, "issued", acting_user, now, instruction, due_date=order.due_date.isoformat())
        order.save()
        _record_on_case(
            order,
            EventKind.ORDER_ISSUED,
            acting_user,
            now,
            unit=unit.name,
            due_date=order.due_date.isoformat(),
        )
        recipients = [handler] if handler is not None else [leader_of(authority)]
        notify(
            recipients,
            kind=NotificationKind.ORDER,
            key=f"order:{order.pk}:issued",
            title=_("Supervision order {number}: act by {due}").format(
                number=order.number, due=order.due_date.isoformat()
            ),
            body=instruction,
            url=_order_url(order),
        )
        return order


# Who answers for the ordered unit: its staff who work on cases and its leaders. A
# supervisor of the same authority does not answer the supervision he exercises.
REPLYING_ROLES = BUSINESS_ROLES - {Role.SUPERVISOR}


def may_reply(order: SupervisionOrder, user) -> bool:
    """The ordered handler, or staff of the ordered unit's authority (``REPLYING_ROLES``);
    never the supervisor who issued the order."""
    if order.issued_by_id == user.pk:
        return False
    if order.handler_id is not None and order.handler_id == user.pk:
        return True
    return bool(user_roles(user) & REPLYING_ROLES) and _authority_of_user(user) == authority_of(
        order.unit
    )


def require_may_reply(order: SupervisionOrder, user) -> None:
    if not may_reply(order, user):
        raise PermissionDenied(_("Only the ordered unit or its handler may reply."))


def _lock_order(order: SupervisionOrder, acting_user) -> SupervisionOrder:
    try:
        return (
            orders_visible_to(acting_user)
            .select_for_update(of=("self",))
            .select_related("unit", "case", "issued_by", "handler", "replied_by")
            .get(pk=order.pk)
        )
    except SupervisionOrder.DoesNotExist:
        raise Http404(_("No such supervision order.")) from None


def reply_order(
    order: SupervisionOrder, *, acting_user, reply: str, now: datetime | None = None
) -> SupervisionOrder:
    """The ordered unit says what it did; the issuing supervisor is told."""
    now = _now(now)
    with transaction.atomic():
        order = _lock_order(order, acting_user)
        require_may_reply(order, acting_user)
        if order.status != OrderStatus.OPEN:
            raise TransitionError(_("Only an open order can be replied to."))
        reply = _required(reply, "reply")
        order.status = OrderStatus.REPLIED
        order.reply = reply
        order.replied_by = acting_user
        order.replied_at = now
        _log(order, "replied", acting_user, now, reply)
        order.save(update_fields=["status", "reply", "replied_by", "replied_at", "history_log"])
        _record_on_case(order, EventKind.ORDER_REPLIED, acting_user, now, reply=reply)
        notify(
            [order.issued_by],
            kind=NotificationKind.ORDER,
            key=f"order:{order.pk}:replied:{len(order.history_log)}",
            title=_("Supervision order {number} was replied to").format(number=order.number),
            body=reply,
            url=_order_url(order),
        )
        return order


def close_order(
    order: SupervisionOrder, *, acting_user, note: str, now: datetime | None = None
) -> SupervisionOrder:
    """A supervisor accepts the reply and closes the order."""
    now = _now(now)
    with transaction.atomic():
        order = _lock_order(order, acting_user)
        require_role(acting_user, Role.SUPERVISOR)
        if order.status != OrderStatus.REPLIED:
            raise TransitionError(_("Only a replied order can be closed."))
        note = _required(note, "note")
        order.status = OrderStatus.CLOSED
        order.closed_at = now
        _log(order, "closed", acting_user, now, note)
        order.save(update_fields=["status", "closed_at", "history_log"])
        _record_on_case(order, EventKind.ORDER_CLOSED, acting_user, now, note=note)
        notify(
            [order.replied_by, order.handler],
            kind=NotificationKind.ORDER,
            key=f"order:{order.pk}:closed:{len(order.history_log)}",
            title=_("Supervision order {number} is closed").format(number=order.number),
            body=note,
            url=_order_url(order),
        )
        return order


def reopen_order(
    order: SupervisionOrder,
    *,
    acting_user,
    reason: str,
    limit_days: int | None = None,
    now: datetime | None = None,
) -> SupervisionOrder:
    """A supervisor finds the reply insufficient: the order is open again with a new due date."""
    now = _now(now)
    with transaction.atomic():
        order = _lock_order(order, acting_user)
        require_role(acting_user, Role.SUPERVISOR)
        if order.status == OrderStatus.OPEN:
            raise TransitionError(_("The order is already open."))
        reason = _required(reason, "reason")
        limit_days = _validate_limit(order.limit_days if limit_days is None else limit_days)
        today = timezone.localdate(now)
        order.status = OrderStatus.OPEN
        order.closed_at = None
        # The new term: its limit and its due date (the order page shows both).
        order.limit_days = limit_days
        order.due_date = get_calendar().add_workdays(today, limit_days)
        # The new deadline may escalate again; the earlier escalation stays in the log.
        order.escalated_to = None
        order.escalated_at = None
        _log(order, "reopened", acting_user, now, reason, due_date=order.due_date.isoformat())
        order.save(
            update_fields=[
                "status",
                "closed_at",
                "limit_days",
                "due_date",
                "escalated_to",
                "escalated_at",
                "history_log",
            ]
        )
        _record_on_case(
            order,
            EventKind.ORDER_REOPENED,
            acting_user,
            now,
            reason=reason,
            due_date=order.due_date.isoformat(),
        )
        notify(
            [order.replied_by, order.handler],
            kind=NotificationKind.ORDER,
            key=f"order:{order.pk}:reopened:{len(order.history_log)}",
            title=_("Supervision order {number} is reopened: act by {due}").format(
                number=order.number, due=order.due_date.isoformat()
            ),
            body=reason,
            url=_order_url(order),
        )
        return order


def escalate_overdue_orders(as_of: date, now: datetime | None = None) -> int:
    """Escalate each open order past its due date to a leader of the unit's authority, once.

    Called by the sweep; a second call escalates nothing more (``escalated_at``
    is set, and re-checked under the row lock against a concurrent sweep).
    """
    now = _now(now)
    escalated = 0
    overdue = SupervisionOrder.objects.filter(
        status=OrderStatus.OPEN, due_date__lt=as_of, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            order = (
                SupervisionOrder.objects.select_for_update(of=("self",))
                .select_related("unit", "case")
                .get(pk=pk)
            )
            if order.status != OrderStatus.OPEN or order.escalated_at is not None:
                continue
            leader = leader_of(authority_of(order.unit))
            if leader is None:
                continue  # no leader on record: the next sweep tries again
            order.escalated_to = leader
            order.escalated_at = now
            _log(
                order,
                "escalated",
                None,
                now,
                _username(leader),
                due_date=order.due_date.isoformat(),
            )
            order.save(update_fields=["escalated_to", "escalated_at", "history_log"])
            _record_on_case(
                order,
                EventKind.ORDER_ESCALATED,
                None,
                now,
                leader=_username(leader),
                due_date=order.due_date.isoformat(),
            )
            notify(
                [leader],
                kind=NotificationKind.ORDER,
                key=f"order:{order.pk}:escalated:{order.due_date.isoformat()}",
                title=_("Supervision order {number} is overdue (due {due})").format(
                    number=order.number, due=order.due_date.isoformat()
                ),
                body=order.instruction,
                url=_order_url(order),
            )
            escalated += 1
    return escalated


# -- notifications -------------------------------------------------------------------


def mark_read(
    notification: Notification, *, acting_user, now: datetime | None = None
) -> Notification:
    """Mark one of the user's own notices read (someone else's is a 404)."""
    now = _now(now)
    with transaction.atomic():
        try:
            notice = notifications_of(acting_user).select_for_update().get(pk=notification.pk)
        except Notification.DoesNotExist:
            raise Http404(_("No such notification.")) from None
        if notice.read_at is None:
            notice.read_at = now
            notice.save(update_fields=["read_at"])
        return notice


def mark_all_read(*, acting_user, now: datetime | None = None) -> int:
    """Mark every unread notice of the user read; returns how many were unread."""
    return notifications_of(acting_user).filter(read_at__isnull=True).update(read_at=_now(now))


def prune_notifications(now: datetime | None = None) -> int:
    """Delete the notices read more than ``NOTIFICATION_KEEP_DAYS`` ago; returns how many.

    Unread notices stay, however old (their reader may be away). A notice is a
    message: what it told of (the card, the order, the case's step) stays on
    its own record.
    """
    cutoff = _now(now) - timedelta(days=settings.NOTIFICATION_KEEP_DAYS)
    deleted, _by_model = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


def unread_count(user) -> int:
    return _unread_count(user) if user.is_authenticated else 0


# -- selectors ---------------------------------------------------------------------


def alerts_visible_to(user):
    return Alert.objects.visible_to(user)


def cards_visible_to(user):
    """Cards on cases the user sees, and the cards the user got himself."""
    if not user.is_authenticated:
        return Card.objects.none()
    return Card.objects.filter(Q(case__in=Case.objects.visible_to(user)) | Q(carded_user=user))


def appeals_visible_to(user):
    return CardAppeal.objects.filter(card__in=cards_visible_to(user))


def orders_visible_to(user):
    """Orders to units in the user's scope, to the user, and to his own authority."""
    if not user.is_authenticated:
        return SupervisionOrder.objects.none()
    scope = unit_filter(user, prefix="unit__") | Q(handler=user)
    authority = _authority_of_user(user)
    if authority is not None and user_roles(user) & BUSINESS_ROLES:
        scope |= Q(unit_id__in=authority_unit_ids(authority))
    return SupervisionOrder.objects.filter(scope)


def notifications_of(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
