import json
import sys

from django.core.management.base import BaseCommand

from xiaoneng.cases.integrity import verify_all


class Command(BaseCommand):
    help = "Check every case's SM3 event chain; exit 1 when any is broken."

    def handle(self, *args, **options):
        result = verify_all()
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if result["broken"]:
            sys.exit(1)
