from django.urls import path

from xiaoneng.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("compute/", views.compute, name="compute"),
    path("periods/<int:pk>/", views.period, name="period"),
    path("periods/<int:pk>/export.xlsx", views.export, name="export"),
    path("periods/<int:pk>/report.pdf", views.report, name="report"),
    path("periods/<int:pk>/manual/", views.manual, name="manual"),
    path("periods/<int:pk>/<slug:action>/", views.period_action, name="period_action"),
    path("schemes/<int:pk>/trend/", views.trend, name="trend"),
    path("scores/<int:pk>/", views.score, name="score"),
    path("scores/<int:pk>/object/", views.object_to, name="object"),
    path("scores/<int:pk>/indicators/<int:item_pk>/", views.item, name="item"),
    path("objections/", views.objections, name="objections"),
    path("objections/<int:pk>/answer/", views.answer, name="answer"),
]
