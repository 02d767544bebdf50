from django.urls import path

from xiaoneng.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.open_case, name="open"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/<slug:name>/", views.step, name="step"),
]
