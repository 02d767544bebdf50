from django.db import migrations, models


def relabel(apps, schema_editor):
    """Notices of a campaign problem or a bad rating to fix were filed as orders or warnings."""
    Notification = apps.get_model("supervision", "Notification")
    Notification.objects.filter(key__startswith="campaign-problem:").update(kind="rectify")
    for suffix in (":opened", ":fix:"):
        Notification.objects.filter(key__startswith="rectification:", key__contains=suffix).update(
            kind="rectify"
        )


def unlabel(apps, schema_editor):
    Notification = apps.get_model("supervision", "Notification")
    Notification.objects.filter(kind="rectify", key__startswith="campaign-problem:").update(
        kind="order"
    )
    Notification.objects.filter(kind="rectify").update(kind="warning")


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0013_system_rows_unindexed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("warning", "Warning"),
                    ("card", "Card"),
                    ("appeal", "Appeal"),
                    ("order", "Supervision order"),
                    ("project", "Key project"),
                    ("case", "Case"),
                    ("rectify", "Rectification"),
                ],
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(relabel, unlabel),
    ]
