from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.cases.models import KeyProject


@admin.register(KeyProject)
class KeyProjectAdmin(SimpleHistoryAdmin):
    """Key projects are configuration: their cases take the green channel.

    Cases themselves are never edited here; they change only through the
    lifecycle actions.
    """

    list_display = ["code", "name", "promised_limit_days", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
