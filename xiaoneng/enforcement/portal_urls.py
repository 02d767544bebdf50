from django.urls import path

from xiaoneng.enforcement import portal_views

app_name = "enforcement_portal"

urlpatterns = [
    path("penalties/", portal_views.decisions, name="decisions"),
    path("penalties/<str:number>/", portal_views.decision, name="decision"),
]
