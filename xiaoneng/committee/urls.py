from django.urls import path

from xiaoneng.committee import views

app_name = "committee"

urlpatterns = [
    path("", views.committee_list, name="list"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("ballots/", views.my_ballots, name="ballots"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes"),
    path("meetings/<int:pk>/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("items/<int:pk>/vote/", views.vote, name="vote"),
    path("items/<int:pk>/close/", views.close_item, name="close_item"),
    path("items/<int:pk>/remove/", views.remove_item, name="remove_item"),
]
