from django.urls import path

from xiaoneng.supervision import record_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("mine/", record_views.mine, name="mine"),
    path("cards/<int:pk>/", record_views.card_detail, name="card"),
    path("cards/<int:pk>/appeal/", record_views.card_appeal, name="card_appeal"),
    path("cards/<int:pk>/decide/", record_views.card_decide, name="card_decide"),
    path("orders/<int:pk>/", record_views.order_detail, name="order"),
    path("orders/<int:pk>/<slug:action>/", record_views.order_action, name="order_action"),
    path("cases/<str:number>/card/", record_views.issue_card, name="issue_card"),
    path("cases/<str:number>/order/", record_views.issue_order, name="issue_order"),
    path("<slug:name>/", views.supervision_list, name="list"),
]
