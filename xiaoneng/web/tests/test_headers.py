import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client_for, users):
    for username, url in [("clerk", "home"), ("secadmin", "org:accounts")]:
        content = client_for(users[username]).get(reverse(url)).content.decode()
        assert "<script>" not in content
        assert "onclick=" not in content
