from django.urls import path

from xiaoneng.applicants import views

app_name = "applicants"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/cases/<str:number>/", views.case_detail, name="case"),
    path("account/cases/<str:number>/supplement/", views.supplement, name="supplement"),
    path("account/cases/<str:number>/rate/", views.rate_own, name="rate"),
    path(
        "account/cases/<str:number>/rectifications/<int:pk>/appeal/",
        views.appeal_verdict,
        name="appeal_verdict",
    ),
    path(
        "account/cases/<str:number>/documents/<int:pk>/pdf/",
        views.document_pdf,
        name="document_pdf",
    ),
    path("apply/", views.apply, name="apply"),
    path("apply/<str:code>/", views.apply_item, name="apply_item"),
    path("progress/", views.progress, name="progress"),
    path(
        "staff/cases/<str:number>/query-code/",
        views.issue_query_code,
        name="issue_query_code",
    ),
    path("progress/rate/", views.rate_lookup, name="rate_lookup"),
]
