from django.urls import path
from django.views.generic import RedirectView

from xiaoneng.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="feedback:complaint_list"), name="index"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<str:number>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<str:number>/evidence/", views.complaint_evidence, name="complaint_evidence"),
    path("complaints/<str:number>/<slug:action>/", views.complaint_action, name="complaint_action"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path(
        "rectifications/<int:pk>/<slug:action>/",
        views.rectification_action,
        name="rectification_action",
    ),
]
