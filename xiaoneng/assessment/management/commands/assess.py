"""``manage.py assess --period 2026-Q3 [--scheme CODE] [--as-of YYYY-MM-DD]``.

Computes the period for one scheme (or every active scheme) and prints ONE
JSON line: ``{"period", "units", "staff", "seconds"}`` (units and staff: the
scores written, summed over the schemes). A period computed before is
recomputed (version + 1, audited as the system's recomputation); a published
one is refused — a leader unpublishes it first.
"""

import json
import time
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xiaoneng.assessment import services
from xiaoneng.assessment.models import Scheme
from xiaoneng.core.errors import TransitionError


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for messages in error.message_dict.values() for m in messages)
    return str(error)


class Command(BaseCommand):
    help = "Compute an assessment period (e.g. 2026-Q3) and print one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-Q3, 2026-07 or 2026")
        parser.add_argument("--scheme", help="the scheme's code (default: every active scheme)")
        parser.add_argument("--as-of", help="the day of computation (YYYY-MM-DD); default today")

    def handle(self, *args, period, scheme=None, as_of=None, **options):
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}") from None
        if scheme:
            schemes = list(Scheme.objects.filter(code=scheme))
            if not schemes:
                raise CommandError(f"no scheme with code {scheme!r}")
        else:
            schemes = list(Scheme.objects.active().order_by("code"))
            if not schemes:
                raise CommandError("no active scheme")
        started = time.perf_counter()
        units = staff = 0
        label = period.strip().upper()
        for item in schemes:
            try:
                result = services.compute_period(item, period, as_of=day)
            except (ValidationError, TransitionError) as error:
                raise CommandError(f"{item.code}: {_message(error)}") from None
            units += result.units
            staff += result.staff
            label = result.period.label
        self.stdout.write(
            json.dumps(
                {
                    "period": label,
                    "units": units,
                    "staff": staff,
                    "seconds": round(time.perf_counter() - started, 2),
                }
            )
        )
