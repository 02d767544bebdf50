"""Celery tasks of electronic supervision.

Without a broker (development, tests) ``.delay()`` runs the task in the
caller's process (``CELERY_TASK_ALWAYS_EAGER``).
"""

from datetime import date

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from xiaoneng.celery import app


@app.task(name="supervision.sweep", ignore_result=True)
def sweep(as_of: str | None = None) -> dict:
    """Run the supervision sweep (``sweep.run_sweep``) on ``as_of`` (ISO date) or today."""
    from xiaoneng.supervision.sweep import run_sweep

    return run_sweep(as_of=date.fromisoformat(as_of) if as_of else None)


@app.task(name="supervision.deliver_notices", ignore_result=True)
def deliver_notices(ids: list[int]) -> int:
    """Send the sweep's new notices by e-mail and SMS, each at most once.

    The bulk form of ``notifications.deliver``: the rows are claimed in one
    statement (``sent_at``) under row locks that a concurrent deliverer skips,
    and sent after that commit — a sweep may hand over thousands at once.
    """
    from xiaoneng.supervision.models import Notification
    from xiaoneng.supervision.notifications import sms_backend

    with transaction.atomic():
        notices = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, sent_at__isnull=True)
            .select_related("recipient__profile")
        )
        Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(
            sent_at=timezone.now()
        )
    sms = None
    for notice in notices:
        user = notice.recipient
        text = f"{notice.title}\n{notice.body}".strip()
        if user.email:
            send_mail(notice.title, text, None, [user.email], fail_silently=True)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.phone:
            sms = sms or sms_backend()
            sms.send(profile.phone, text)
    return len(notices)
