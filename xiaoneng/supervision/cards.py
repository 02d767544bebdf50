"""Issuing a card: shared by the sweep (rule cards) and the supervisor's action."""

from django.urls import reverse
from django.utils.translation import gettext as _

from xiaoneng.cases.actions import do_record_supervision
from xiaoneng.cases.choices import EventKind
from xiaoneng.supervision.choices import NotificationKind
from xiaoneng.supervision.models import Card
from xiaoneng.supervision.notifications import notify


def create_card(
    *,
    case,
    color: str,
    reason: str,
    carded_user=None,
    carded_unit=None,
    rule=None,
    alert=None,
    issued_by=None,
    evidence=None,
    now=None,
) -> Card:
    """Write the card, put it on the case timeline and notify the carded person.

    Runs inside the caller's transaction; permissions are the caller's.
    """
    card = Card.objects.create(
        case=case,
        authority_id=case.authority_id,
        service_item_id=case.service_item_id,
        color=color,
        reason=reason,
        carded_user=carded_user,
        carded_unit=carded_unit,
        rule=rule,
        alert=alert,
        issued_by=issued_by,
        evidence=evidence or {},
        **({"issued_at": now} if now else {}),
    )
    do_record_supervision(
        case,
        kind=EventKind.CARD_ISSUED,
        acting_user=issued_by,
        data={
            "card": card.pk,
            "color": color,
            "reason": reason,
            "rule": rule.code if rule else "",
            "carded_user": carded_user.get_username() if carded_user else "",
            "carded_unit": carded_unit.name if carded_unit else "",
        },
        now=now,
    )
    if carded_user is not None:
        notify(
            [carded_user],
            kind=NotificationKind.CARD,
            key=f"card:{card.pk}",
            title=_("{card} on case {number}").format(
                card=card.get_color_display(), number=case.number
            ),
            body=reason,
            url=reverse("supervision:card", args=[card.pk]),
        )
    return card
