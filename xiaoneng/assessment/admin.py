"""Scoring schemes in the admin (the system administrator's edits, with history).

Results are read-only here: periods, scores, manual scores and objections
are written only by ``services.py`` (computing, publishing, answering).
Editing a scheme never changes a computed period: every indicator score
keeps a frozen copy of the definition it was computed with.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.assessment.models import (
    Indicator,
    ManualScore,
    Objection,
    Period,
    Scheme,
    Score,
)

RULES_NOTE = _(
    "Linear: 0 points at the first threshold, the weight at the second (the second may be "
    "lower, when lower is better). Deduction: starts at the weight, loses the points per "
    "occurrence, never below 0. Bonus: the points per occurrence, up to the weight. Manual: "
    "entered by an assessor with a reason. Changes apply to periods computed from now on."
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "position",
        "code",
        "name",
        "source",
        "rule",
        "weight",
        "zero_at",
        "full_at",
        "per_occurrence",
    ]


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "subject", "region", "is_active"]
    list_filter = ["subject", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]
    inlines = [IndicatorInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "subject", "region", "description", "is_active"]}),
        (
            _("Grade bands"),
            {
                "description": RULES_NOTE,
                "fields": ["excellent_min", "good_min", "pass_min"],
            },
        ),
    ]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "position", "code", "name", "source", "rule", "weight"]
    list_filter = ["scheme", "source", "rule"]
    search_fields = ["code", "name"]
    list_select_related = ["scheme"]
    fieldsets = [
        (
            None,
            {
                "description": RULES_NOTE,
                "fields": [
                    "scheme",
                    "position",
                    "code",
                    "name",
                    "source",
                    "rule",
                    "weight",
                    "zero_at",
                    "full_at",
                    "per_occurrence",
                    "description",
                ],
            },
        )
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services: viewable, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "label", "kind", "status", "version", "computed_at", "published_at"]
    list_filter = ["status", "kind", "scheme"]
    list_select_related = ["scheme"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["period", "version", "unit", "staff", "total", "grade", "rank"]
    list_filter = ["period", "grade"]
    list_select_related = ["period__scheme", "unit", "staff"]


@admin.register(ManualScore)
class ManualScoreAdmin(ReadOnlyAdmin):
    list_display = ["period", "indicator", "unit", "staff", "points", "entered_by", "entered_at"]
    list_select_related = ["period__scheme", "indicator", "unit", "staff", "entered_by"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["score", "raised_by", "raised_at", "status", "outcome", "answered_by"]
    list_filter = ["status", "outcome"]
    list_select_related = ["score__period__scheme", "score__unit", "raised_by", "answered_by"]
