from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.cases.models import KeyProject


@admin.register(KeyProject)
class KeyProjectAdmin(SimpleHistoryAdmin):
    """Key projects are configuration: their cases take the green channel.

    Cases themselves are never edited here; they change only through the
    lifecycle actions.
    """

    list_display = [
        "code",
        "name",
        "level",
        "region",
        "coordinator",
        "planned_hectares",
        "promised_limit_days",
        "is_active",
    ]
    list_filter = ["is_active", "level"]
    search_fields = ["code", "name", "owner"]
    list_select_related = ["region", "coordinator"]
    autocomplete_fields = ["region"]
    # The staff accounts are managed by the security admin, outside this admin.
    raw_id_fields = ["coordinator"]
