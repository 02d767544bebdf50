from django.contrib.auth import views as auth_views
from django.urls import path

from xiaoneng.web import views
from xiaoneng.web.forms import LoginForm, StyledPasswordChangeForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/logins/", views.login_log, name="login_log"),
]
