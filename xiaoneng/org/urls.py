from django.urls import path

from xiaoneng.org import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("staff/", views.staff_list, name="staff"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<str:staff_no>/", views.account_edit, name="account_edit"),
    path("accounts/<str:staff_no>/password/", views.account_password, name="account_password"),
    path("accounts/<str:staff_no>/unlock/", views.account_unlock, name="account_unlock"),
]
