from django.urls import path

from xiaoneng.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.board, name="board"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/link/", views.link, name="link"),
    path("<str:code>/services/", views.add_service, name="add_service"),
    path("<str:code>/land/<str:number>/", views.record_land, name="record_land"),
]
