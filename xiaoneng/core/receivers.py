"""Receivers for third-party signals (our own code calls actions directly)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from xiaoneng.core import audit
from xiaoneng.core.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    with transaction.atomic():
        audit.record(
            "auth.locked_out",
            new={"username": username, "ip": ip_address},
            request=request,
        )


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    # The 12-hour absolute limit counts from the login itself, not from the
    # first page after it.
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now
