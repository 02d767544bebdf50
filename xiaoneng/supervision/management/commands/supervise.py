"""``manage.py supervise [--as-of YYYY-MM-DD] [--full] [--every SECONDS]``: run the sweep.

Prints one JSON line per sweep. With ``--every`` it keeps sweeping (what
``make run`` does when no Celery broker is configured); a failed sweep is
logged and the loop goes on.
"""

import json
import logging
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.supervision.sweep import run_sweep

logger = logging.getLogger("xiaoneng.supervision")


class Command(BaseCommand):
    help = "Re-read every open case's clock and open or close supervision alerts."
    # A periodic task, not a deployment step: the system checks (every URL
    # pattern and view imported, half a second) run with ``manage.py check``
    # at deployment, not before each sweep.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day to sweep on (YYYY-MM-DD); default today")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="cases per batch, one transaction each (default: SWEEP_BATCH_SIZE)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="ranges of cases swept side by side on PostgreSQL (default: SWEEP_WORKERS)",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="read every open case even if nothing changed since today's last full sweep",
        )
        parser.add_argument(
            "--every", type=float, default=0, help="repeat every SECONDS (0: sweep once)"
        )

    def handle(
        self, *args, as_of=None, batch_size=None, every=0, full=False, workers=None, **options
    ):
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                self.stderr.write(f"supervise: --as-of must be a date YYYY-MM-DD, got {as_of!r}")
                sys.exit(2)
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1")
        while True:
            try:
                counts = run_sweep(as_of=day, batch_size=batch_size, full=full, workers=workers)
                self.stdout.write(json.dumps(counts))
            except Exception:
                if not every:
                    raise
                logger.exception("supervision sweep failed")
            if not every:
                return
            time.sleep(every)
