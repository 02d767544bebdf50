"""The self-inspection checklists in the admin: the system administrator's edits, with history.

A checklist already filed keeps its answers (they point at the items); a
retired item is deactivated, not deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.campaign.models import ChecklistItem, ChecklistTemplate


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1
    fields = ["order", "text", "is_active"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "is_active"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    list_display = ["text", "template", "order", "is_active"]
    list_filter = ["template"]
