"""The calendar in the admin: the system administrator's edits, with history.

Saves and deletes go through ``services`` so each writes its audit event and
changes the calendar version, which every worker picks up on its next
computation.
"""

from django.contrib import admin
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.workdays import services
from xiaoneng.workdays.models import CalendarDay, CalendarYear


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(date__year=self.value())
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "weekday", "is_workday", "name", "source"]
    list_filter = [YearListFilter, "is_workday", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["source"]
    ordering = ["-date"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj):
        return dateformat.format(obj.date, "D")

    def save_model(self, request, obj, form, change):
        services.save_calendar_day(obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.delete_calendar_days([obj], acting_user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_calendar_days(queryset, acting_user=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "notice_loaded", "source", "loaded_at", "note"]
    list_filter = ["notice_loaded", "source"]
    search_fields = ["year", "note"]
    readonly_fields = ["source", "loaded_at"]
    ordering = ["-year"]

    def save_model(self, request, obj, form, change):
        services.save_calendar_year(obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.delete_calendar_years([obj], acting_user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_calendar_years(queryset, acting_user=request.user)
