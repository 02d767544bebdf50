from django.urls import path

from xiaoneng.feedback import portal_views

app_name = "feedback_portal"

urlpatterns = [
    path("complaints/new/", portal_views.complaint_new, name="complaint_new"),
    path("complaints/track/", portal_views.complaint_track, name="complaint_track"),
    path("ratings/", portal_views.rates, name="rates"),
]
