import json
import sys

from django.core.management.base import BaseCommand

from xiaoneng.cases.integrity import verify_lights


class Command(BaseCommand):
    help = (
        "Check that every open case has its light row (the supervision centre's figures) "
        "and that each equals its case; exit 1 when any does not (with --repair, copy "
        "those rows again first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="copy the rows that are out of step again"
        )

    def handle(self, *args, repair=False, **options):
        result = verify_lights(repair=repair)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if result["out_of_step"] and not repair:
            sys.exit(1)
