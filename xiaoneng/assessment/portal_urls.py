from django.urls import path

from xiaoneng.assessment import portal_views

app_name = "assessment_portal"

urlpatterns = [
    path("assessment/", portal_views.grades, name="grades"),
    path("assessment/<int:pk>/", portal_views.grades, name="period"),
]
