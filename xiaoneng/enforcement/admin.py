"""The discretion benchmarks in the admin, edited by the system administrator, with history.

A decision keeps the range and article in force when its fine was proposed
(``PenaltyDecision.range_min`` …), so editing a row never changes a case
already graded.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.enforcement.models import DiscretionBenchmark


@admin.register(DiscretionBenchmark)
class DiscretionBenchmarkAdmin(SimpleHistoryAdmin):
    list_display = [
        "violation_type",
        "tier",
        "area_min",
        "area_max",
        "land_classes",
        "restorable",
        "repeat_offence",
        "fine_basis",
        "fine_min",
        "fine_max",
        "statutory_max",
        "article",
        "is_active",
    ]
    list_filter = ["violation_type", "tier", "is_active"]
    search_fields = ["article", "note"]
