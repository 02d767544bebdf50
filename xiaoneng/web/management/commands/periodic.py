"""``manage.py periodic [--as-of YYYY-MM-DD] [--every SECONDS]``: every app's periodic work.

The supervision sweep and the follow-ups of the other apps
(``web.periodic``). Prints one JSON line per run; with ``--every`` it keeps
running (what ``make run`` does when no Celery broker is configured), and a
failed run is logged while the loop goes on.
"""

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.web.periodic import run_periodic


class Command(BaseCommand):
    help = "Run the supervision sweep and every app's periodic follow-ups."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day to run on (YYYY-MM-DD); default today")
        parser.add_argument(
            "--every", type=float, default=0, help="repeat every SECONDS (0: run once)"
        )

    def handle(self, *args, as_of=None, every=0, **options):
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}") from None
        while True:
            result = run_periodic(as_of=day)
            self.stdout.write(json.dumps(result, default=str))
            self.stdout.flush()
            if not every:
                failed = [name for name, value in result.items() if value == "failed"]
                if failed:
                    # A one-off run (cron, an operator) must see the failure in its exit code.
                    raise CommandError("periodic steps failed: " + ", ".join(failed))
                return
            time.sleep(every)
