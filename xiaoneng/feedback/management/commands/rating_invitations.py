"""``manage.py rating_invitations [--as-of YYYY-MM-DD]``: invite completed, unrated cases once.

Prints one JSON line: ``{"as_of": "...", "invited": N}``.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.core import clock
from xiaoneng.feedback.services import send_rating_invitations


class Command(BaseCommand):
    help = "Send the one rating invitation to every completed case without a completion rating."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day to invite on (YYYY-MM-DD); default today")

    def handle(self, *args, as_of=None, **options):
        day = clock.today()
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}") from None
        invited = send_rating_invitations(day)
        self.stdout.write(json.dumps({"as_of": day.isoformat(), "invited": invited}))
