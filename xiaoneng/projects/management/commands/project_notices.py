"""``manage.py project_notices [--since EVENT_ID]``: notify key-project coordinators.

Reads the case events of key-project cases after the stored cursor (or
after ``--since``) and notifies each project's coordinator once per event.
Prints one JSON line.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from xiaoneng.projects.services import notify_project_events


class Command(BaseCommand):
    help = "Notify each key project's coordinator of the new events of its cases."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=int, default=None, help="read events after this id")

    def handle(self, *args, since=None, **options):
        if since is not None and since < 0:
            raise CommandError("--since must be an event id ≥ 0")
        self.stdout.write(json.dumps({"project_notices": notify_project_events(since)}))
