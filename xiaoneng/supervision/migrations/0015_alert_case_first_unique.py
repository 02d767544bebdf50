"""Alerts: one unique index led by the case serves both uniqueness and a case's lookups."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_case_autovacuum"),
        ("catalog", "0001_service_catalogue"),
        ("org", "0001_organisation"),
        ("supervision", "0014_notification_kind_rectification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The new key before the old one goes: uniqueness holds all along.
    operations = [
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                fields=("case", "rule", "rung"), name="alert_once_per_rung"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="supervision_alert_once_per_rung",
        ),
        migrations.RemoveIndex(
            model_name="alert",
            name="alert_case_open_idx",
        ),
    ]
