"""Announcements and policy documents in the admin: the sysadmin's edits, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.portal.models import Announcement, PolicyDocument


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "category", "issuing_unit", "published_at", "is_published"]
    list_filter = ["is_published", "category"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["issuing_unit"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "document_number",
        "issuer",
        "legal_level",
        "effective_on",
        "is_published",
    ]
    list_filter = ["is_published", "legal_level", "category"]
    search_fields = ["title", "document_number", "issuer", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["issuing_unit"]
