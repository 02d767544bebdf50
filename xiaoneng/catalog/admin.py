"""The catalogue in the admin: the system administrator's edits, with history.

Edits reach new applications only. A case copies the limits and the stage
plan of its item when it is registered (``ServiceItem.rules_snapshot``), so
changing an item here never moves the deadline of a case under way.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.catalog.models import Material, ServiceItem, Stage, validate_stage_plan

SNAPSHOT_NOTE = _(
    "Changes apply to applications registered from now on. A case keeps the limits and "
    "stages in force when it was registered, so an edit here never moves its deadlines."
)


class StageInlineFormSet(BaseInlineFormSet):
    """Refuses a stage plan the case engine could not run (see ``validate_stage_plan``)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return  # the row errors are shown first; the plan is judged once rows are valid
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        rows.sort(key=lambda row: row["order"])
        try:
            validate_stage_plan(rows)
        except ValidationError as error:
            raise ValidationError(
                [_("The stage plan is not valid: {error}").format(error=message)
                 for message in error.messages]
            ) from error  # fmt: skip


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["order", "name", "form", "copies", "required", "note"]


class StageInline(admin.TabularInline):
    model = Stage
    formset = StageInlineFormSet
    extra = 0
    fields = ["order", "code", "name", "kind", "role", "budget_days"]


@admin.register(ServiceItem)
class ServiceItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "level",
        "unit",
        "statutory_limit_days",
        "promised_limit_days",
        "fee_kind",
        "online_allowed",
        "is_active",
    ]
    list_filter = ["category", "level", "fee_kind", "online_allowed", "is_active"]
    search_fields = ["code", "name", "legal_basis"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [MaterialInline, StageInline]
    fieldsets = [
        (
            None,
            {
                "description": SNAPSHOT_NOTE,
                "fields": ["code", "name", "category", "level", "unit", "is_active"],
            },
        ),
        (_("Legal basis and conditions"), {"fields": ["legal_basis", "conditions"]}),
        (
            _("Limits (working days)"),
            {
                "fields": [
                    "statutory_limit_days",
                    "promised_limit_days",
                    "warning_days",
                    "max_extension_days",
                ]
            },
        ),
        (_("Fee"), {"fields": ["fee_kind", "fee_amount", "fee_unit", "fee_basis"]}),
        (
            _("Where and how to apply"),
            {"fields": ["online_allowed", "venue", "office_hours", "phone"]},
        ),
    ]
