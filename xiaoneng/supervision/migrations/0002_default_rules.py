"""The department's default anomaly rules (DESIGN.md §2); officials tune them in the admin."""

from django.db import migrations

# code, level, card, card the handler, card the unit, report, params
DEFAULTS = [
    ("approaching_promised", "warning", "none", False, False, False, {}),
    ("stage_overrun", "warning", "yellow", True, False, False, {}),
    ("promised_passed", "violation", "red", True, True, False, {}),
    ("statutory_passed", "breach", "red", True, True, True, {}),
    ("second_supplement", "violation", "yellow", True, False, False, {}),
    ("fee_mismatch", "violation", "yellow", True, True, True, {}),
    ("refusal_without_basis", "violation", "yellow", True, False, True, {}),
    (
        "pause_irregular",
        "violation",
        "yellow",
        True,
        False,
        False,
        {
            "max_days": {
                "hearing": 20,
                "expert_review": 30,
                "public_notice": 20,
                "site_survey": 10,
                "testing": 30,
                "supplement": 30,
            }
        },
    ),
    ("idle_case", "warning", "none", False, False, False, {"idle_days": 5}),
    ("unauthorised_decision", "breach", "red", True, True, True, {}),
]


def create_rules(apps, schema_editor):
    rule_model = apps.get_model("supervision", "AnomalyRule")
    for code, level, card, handler, unit, report, params in DEFAULTS:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "level": level,
                "card": card,
                "card_handler": handler,
                "card_unit": unit,
                "report_to_supervisors": report,
                "params": params,
                "enabled": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_supervision")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
