from django.contrib import admin
from django.contrib.auth.models import Group, User
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.org.models import Region, Unit

# Accounts and roles are the security administrator's duty (三员分立): they
# are managed on the staff site's account pages, never in the system admin.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "is_active", "region__level"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["region"]
