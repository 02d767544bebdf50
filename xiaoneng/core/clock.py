"""The one place that reads the current time.

Deadline code takes ``today()`` here rather than ``date.today()``, which is in
the server's zone and cannot be frozen consistently in tests.
"""

from datetime import date

from django.utils import timezone


def now():
    return timezone.now()


def today() -> date:
    """Today's date in Asia/Shanghai, where working days are counted."""
    return timezone.localdate()
