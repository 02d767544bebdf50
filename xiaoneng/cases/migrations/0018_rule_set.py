"""A case's rules at registration in a table of their own (``RuleSet``), one row per
distinct set, which the case references.

Every case kept its own copy of its item's rules (~0.8 KB of JSON, two thirds of the
case row): a million cases held a few dozen distinct sets a million times, and the
daily sweep read them all with every row, decoding four figures from each copy. The
cases are linked to their set here; 0019 drops their copies.
"""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 200


def digest_of(rules) -> str:
    # As RuleSet.digest_of (core.hashchain.canonical_json), written out: a migration must
    # not follow later code changes.
    canonical = json.dumps(rules, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def link_rule_sets(apps, schema_editor):
    """Each distinct stored value of ``rules`` becomes (or finds) its rule set; the cases
    holding it are linked with one UPDATE … FROM per chunk of values (one pass)."""
    RuleSet = apps.get_model("cases", "RuleSet")
    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT rules FROM cases_case")
        stored = [text for (text,) in cursor.fetchall()]
    linked = []
    for text in stored:
        rules = json.loads(text) if isinstance(text, str) else text
        rule_set, _created = RuleSet.objects.get_or_create(
            digest=digest_of(rules), defaults={"rules": rules}
        )
        linked.append((text if isinstance(text, str) else json.dumps(text), rule_set.pk))
    row = (
        "SELECT %s::jsonb AS rules, %s::bigint AS id"
        if postgres
        else "SELECT %s AS rules, %s AS id"
    )
    for start in range(0, len(linked), CHUNK):
        chunk = linked[start : start + CHUNK]
        values = " UNION ALL ".join([row] * len(chunk))
        schema_editor.execute(
            "UPDATE cases_case SET rule_set_id = linked.id"  # noqa: S608 (our SQL)
            f" FROM ({values}) AS linked"
            " WHERE cases_case.rules = linked.rules",
            [value for pair in chunk for value in pair],
        )


def copy_rules_back(apps, schema_editor):
    schema_editor.execute(
        "UPDATE cases_case SET rules = (SELECT rules FROM cases_ruleset"
        " WHERE cases_ruleset.id = cases_case.rule_set_id)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_case_light"),
    ]

    operations = [
        migrations.CreateModel(
            name="RuleSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "digest",
                    models.CharField(
                        editable=False, max_length=64, unique=True, verbose_name="digest"
                    ),
                ),
                ("rules", models.JSONField(editable=False, verbose_name="rules")),
            ],
            options={
                "verbose_name": "rules at registration",
                "verbose_name_plural": "rules at registration",
            },
        ),
        migrations.AddField(
            model_name="case",
            name="rule_set",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.ruleset",
                verbose_name="rules at registration",
            ),
        ),
        migrations.RunPython(link_rule_sets, copy_rules_back, elidable=False),
    ]
