from django.urls import path

from xiaoneng.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("<slug:name>/", views.supervision_list, name="list"),
]
