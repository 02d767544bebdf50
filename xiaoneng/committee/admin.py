"""Committees and their seats in the admin: the system administrator's edits, with history.

Meetings, agenda, attendance and ballots are records of the committee's
work, written only by its services; they are not edited here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.committee.models import Committee, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "unit",
        "stage_name",
        "quorum_numerator",
        "quorum_denominator",
        "decision_numerator",
        "decision_denominator",
        "decision_base",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "unit", "stage_name", "number_prefix"]}),
        (
            _("Quorum"),
            {"fields": ["quorum_numerator", "quorum_denominator"]},
        ),
        (
            _("Decision rule"),
            {
                "fields": [
                    "decision_numerator",
                    "decision_denominator",
                    "decision_base",
                    "decision_strict",
                    "abstentions_in_base",
                ]
            },
        ),
        (None, {"fields": ["is_active"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "user", "role", "valid_from", "valid_to"]
    list_filter = ["committee", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
