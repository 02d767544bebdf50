"""Notifications: an in-app notice per recipient and event, then SMS/e-mail after commit.

``notify`` is called inside the caller's transaction. It writes the notice
rows (a unique key per recipient and event: the same event never notifies
twice) and schedules the outside delivery with ``transaction.on_commit``, so
nothing is sent for a change that rolls back, and nothing is sent inside the
transaction.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from xiaoneng.supervision.models import Notification

logger = logging.getLogger("xiaoneng.notifications")


class LoggingSmsBackend:
    """The SMS backend for development and tests: it logs the message.

    A deployment points SMS_BACKEND at a class with the same ``send`` method
    that talks to the provincial SMS gateway.
    """

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


def sms_backend():
    path = getattr(settings, "SMS_BACKEND", "xiaoneng.supervision.notifications.LoggingSmsBackend")
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)()


def notify(recipients, *, kind: str, key: str, title: str, body: str = "", url: str = "") -> list:
    """Notify each recipient once for the event ``key``; returns the new notices."""
    created = []
    for user in {user.pk: user for user in recipients if user is not None}.values():
        if Notification.objects.filter(recipient=user, key=key).exists():
            continue
        try:
            with transaction.atomic():  # a savepoint: a concurrent duplicate loses quietly
                notice = Notification.objects.create(
                    recipient=user, kind=kind, key=key, title=title, body=body, url=url
                )
        except IntegrityError:
            continue
        created.append(notice)
    if created:
        ids = [notice.pk for notice in created]
        transaction.on_commit(lambda: deliver(ids))
    return created


def deliver(notification_ids) -> int:
    """Send the notices by e-mail and SMS; each at most once (``sent_at`` is claimed first)."""
    sent = 0
    for notice in Notification.objects.filter(
        pk__in=notification_ids, sent_at__isnull=True
    ).select_related("recipient__profile"):
        # Claim the row before sending: of two deliverers, only one updates it.
        claimed = Notification.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if not claimed:
            continue
        user = notice.recipient
        text = f"{notice.title}\n{notice.body}".strip()
        if user.email:
            send_mail(notice.title, text, None, [user.email], fail_silently=True)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.phone:
            sms_backend().send(profile.phone, text)
        sent += 1
    return sent


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
