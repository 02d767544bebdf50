"""Alerts and cards carry their case's licensing authority and item.

The supervision centre counts a region's open alerts and cards in force from
these columns (with the partial and covering indexes below) instead of
joining every case of the region. Existing rows are filled from their case.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for name in ("Alert", "Card"):
        model = apps.get_model("supervision", name)
        case = Case.objects.filter(pk=OuterRef("case_id"))
        model.objects.update(
            authority_id=Subquery(case.values("authority_id")[:1]),
            service_item_id=Subquery(case.values("service_item_id")[:1]),
        )


def field(null):
    return {
        "authority": models.ForeignKey(
            db_index=False,
            null=null,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="org.unit",
            verbose_name="licensing authority",
        ),
        "service_item": models.ForeignKey(
            db_index=False,
            null=null,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="catalog.serviceitem",
            verbose_name="service item",
        ),
    }


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_service_catalogue"),
        ("cases", "0009_open_case_indexes_by_due_date"),
        ("org", "0001_organisation"),
        ("supervision", "0005_sweep_runs"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=value)
            for model in ("alert", "card")
            for name, value in field(True).items()
        ),
        migrations.RunPython(copy_from_cases, migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=model, name=name, field=value)
            for model in ("alert", "card")
            for name, value in field(False).items()
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", True)),
                fields=["authority", "service_item", "level"],
                name="alert_open_scope_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="card",
            index=models.Index(
                fields=["authority", "service_item", "status", "color"], name="card_scope_idx"
            ),
        ),
    ]
