import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.org.demo import seed_org


class Command(BaseCommand):
    help = "Load realistic Ningxia demo data (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off (never on a live system).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off; pass --allow-production "
                    "if this really is not a live system."
                )
            )
        with transaction.atomic():
            counts = seed_org()
        self.stdout.write(json.dumps(counts))
