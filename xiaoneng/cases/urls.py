from django.urls import path

from xiaoneng.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("all/", views.case_list, name="list"),
    path("new/", views.register, name="register"),
    path(
        "new/check/id-number/",
        views.check_identifier,
        {"field": "id_number"},
        name="check_id_number",
    ),
    path(
        "new/check/credit-code/",
        views.check_identifier,
        {"field": "credit_code"},
        name="check_credit_code",
    ),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/actions/<slug:action>/", views.case_action, name="action"),
    path("<str:number>/documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("<str:number>/materials/<int:pk>/", views.material_file, name="material_file"),
]
