"""Login, lockout after five failures, session limits, logout."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from xiaoneng.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Demo@2026"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_login_with_the_right_password_reaches_home(client):
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "马晓燕" in home
    assert "行政审批办公室" in home


def test_wrong_password_shows_a_clear_error(client):
    response = login(client, "clerk", "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(client):
    for _ in range(5):
        login(client, "handler", "wrong-password")
    response = login(client, "handler", PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.locked_out", new__username="handler").exists()


def test_lockout_is_per_username_and_ends_after_30_minutes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, "handler", "wrong-password")
        # Another account from the same address is not affected.
        assert login(client, "reviewer", PASSWORD).status_code == 302
        client.logout()
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert login(client, "handler", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert login(client, "handler", PASSWORD).status_code == 302


def test_idle_session_expires_after_30_minutes(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "clerk", PASSWORD)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(reverse("home")).status_code == 200  # 29 idle minutes again
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_session_ends_12_hours_after_login_even_when_active(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "clerk", PASSWORD)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=10), tick=False):
        assert client.get(reverse("home")).status_code == 302


def test_logout_needs_post_and_ends_the_session(client_for, users):
    client = client_for(users.clerk)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_enforces_the_validators(client_for, users):
    client = client_for(users.clerk)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"}
    )
    assert weak.status_code == 200
    assert weak.context["form"].errors["new_password2"]
    ok = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "Better#2027", "new_password2": "Better#2027"},
    )
    assert ok.status_code == 302
    users.clerk.refresh_from_db()
    assert users.clerk.check_password("Better#2027")
    assert users.clerk.password.startswith("argon2$")


def test_csrf_is_enforced_on_login():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 403
