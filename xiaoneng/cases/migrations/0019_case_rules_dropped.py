"""Every case linked to its rule set (0018): the link is required and the copies go.

A migration of its own: on PostgreSQL, 0018's UPDATE leaves foreign-key checks
pending until its commit, and no table they touch may be altered before then.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_rule_set"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="rule_set",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.ruleset",
                verbose_name="rules at registration",
            ),
        ),
        migrations.RemoveField(
            model_name="case",
            name="rules",
        ),
    ]
