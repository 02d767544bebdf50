"""Celery tasks of electronic supervision.

Without a broker (development, tests) ``.delay()`` runs the task in the
caller's process (``CELERY_TASK_ALWAYS_EAGER``).
"""

from collections import defaultdict
from datetime import date

from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xiaoneng.celery import app


@app.task(name="supervision.sweep", ignore_result=True)
def sweep(as_of: str | None = None) -> dict:
    """Run the supervision sweep (``sweep.run_sweep``) on ``as_of`` (ISO date) or today."""
    from xiaoneng.supervision.sweep import run_sweep

    return run_sweep(as_of=date.fromisoformat(as_of) if as_of else None)


@app.task(name="supervision.deliver_notices", ignore_result=True)
def deliver_notices(first: int, last: int) -> int:
    """Send the notices with keys ``first``…``last`` not sent yet by e-mail and SMS, each at
    most once; returns how many.

    The bulk form of ``notifications.deliver`` for a sweep, whose notices are
    one range of keys: the rows are claimed in one statement (``sent_at``)
    under row locks that a concurrent deliverer skips, and sent after that
    commit. A sweep may hand over a hundred thousand at once, many for the
    same supervisor: each person gets ONE message for them — the notice
    itself when there is one, else a digest of their titles (every notice
    stays in the in-app list). Nobody's phone rings a hundred times.
    """
    from django.contrib.auth import get_user_model

    from xiaoneng.supervision.models import Notification
    from xiaoneng.supervision.notifications import sms_backend

    # One statement claims the rows: a concurrent deliverer's UPDATE waits for
    # this one's row locks, then finds sent_at set and skips them.
    table = connection.ops.quote_name(Notification._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET sent_at = %s"  # noqa: S608 (the model's table)
            " WHERE id >= %s AND id <= %s AND sent_at IS NULL"
            " RETURNING id, recipient_id, title, body",
            [connection.ops.adapt_datetimefield_value(timezone.now()), first, last],
        )
        rows = sorted(cursor.fetchall(), key=lambda row: (row[1], row[0]))
    by_recipient = defaultdict(list)
    for _pk, recipient_id, title, body in rows:
        by_recipient[recipient_id].append((title, body))
    users = get_user_model().objects.select_related("profile").in_bulk(list(by_recipient))
    sms = None
    for recipient_id, notices in by_recipient.items():
        user = users[recipient_id]
        subject, text = _message(notices)
        if user.email:
            send_mail(subject, text, None, [user.email], fail_silently=True)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.phone:
            sms = sms or sms_backend()
            sms.send(profile.phone, text)
    return len(rows)


DIGEST_LINES = 10


def _message(notices: list[tuple[str, str]]) -> tuple[str, str]:
    """(subject, text) of one person's message: the notice, or a digest of several."""
    if len(notices) == 1:
        title, body = notices[0]
        return title, f"{title}\n{body}".strip()
    subject = ngettext(
        "{count} new supervision notice", "{count} new supervision notices", len(notices)
    ).format(count=len(notices))
    lines = [title for title, _body in notices[:DIGEST_LINES]]
    if len(notices) > DIGEST_LINES:
        lines.append(_("… and {count} more in Xiaoneng.").format(count=len(notices) - DIGEST_LINES))
    return subject, "\n".join([subject, *lines])
