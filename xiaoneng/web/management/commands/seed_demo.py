import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.cases.demo import seed_cases
from xiaoneng.cases.models import Case
from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.org.demo import seed_org
from xiaoneng.projects.demo import seed_projects


def non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise CommandError(_("Expected a whole number ≥ 0, got “{value}”.").format(value=value))
    return number


class Command(BaseCommand):
    help = (
        "Load realistic Ningxia demo data: regions, units, staff, the service catalogue and a "
        "year of cases. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=non_negative,
            default=2000,
            help="How many cases to add when the database has none (default 2000).",
        )
        parser.add_argument(
            "--seed", type=non_negative, default=2026, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off (never on a live system).",
        )

    def handle(self, *args, cases, seed, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off; pass --allow-production "
                    "if this really is not a live system."
                )
            )
        with transaction.atomic():
            counts = seed_org()
            counts.update(seed_catalog())
            # Cases are history: they are added once, to a database that has none.
            # Those that reach a review committee wait there for its meetings,
            # held next, before anything else is added to the cases.
            waiting = []
            fresh = not Case.objects.exists()
            counts["cases"] = seed_cases(cases, seed=seed, waiting=waiting) if fresh else 0
            from xiaoneng.committee.demo import seed_committee

            counts.update(seed_committee(waiting=waiting, seed=seed))
            from xiaoneng.applicants.demo import seed_applicants

            counts["applicants"] = seed_applicants()
            from xiaoneng.feedback.demo import seed_feedback

            counts.update({f"feedback_{k}": v for k, v in seed_feedback(seed=seed).items()})
            from xiaoneng.campaign.demo import seed_campaign

            counts.update({f"campaign_{k}": v for k, v in seed_campaign(seed=seed).items()})
            from xiaoneng.portal.demo import seed_portal

            counts.update(seed_portal())
            counts.update(seed_projects())
            from xiaoneng.enforcement.demo import seed_enforcement

            counts["penalty_cases"] = seed_enforcement()
            # The discipline office's cards and orders on the cases as they now stand.
            from xiaoneng.supervision.demo import seed_supervision

            counts.update(seed_supervision())
            # Last: assessment scores the record every app above has written.
            from xiaoneng.assessment.demo import seed_assessment

            counts.update(seed_assessment())
        self.stdout.write(json.dumps(counts))
