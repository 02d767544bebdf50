from django.urls import path

from xiaoneng.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("guides/", views.guides, name="guides"),
    path("guides/<str:code>/", views.guide, name="guide"),
    path("results/", views.results, name="results"),
    path("staff/", views.staff, name="staff"),
    path("staff/<str:staff_no>/", views.staff_member, name="staff_member"),
    path("news/", views.news, name="news"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("policies/", views.policies, name="policies"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("statistics/", views.statistics, name="statistics"),
]
