from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from xiaoneng.feedback.models import ComplaintPolicy


@admin.register(ComplaintPolicy)
class ComplaintPolicyAdmin(SimpleHistoryAdmin):
    """The complaint limits are configuration: the newest row is in force.

    Complaints, ratings and rectifications themselves change only through the
    services, never here.
    """

    list_display = ["pk", "accept_days", "reply_days", "note"]
