"""The language switch works from every public page (a real POST with its CSRF token)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_language_switch_posts_with_a_csrf_token_and_switches(db):
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("portal:guides")).content.decode()
    form = html[html.index('class="xn-lang"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "the language form carries no CSRF token"
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("portal:guides"), "csrfmiddlewaretoken": token[1]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:guides")
    assert '<html lang="en">' in client.get(reverse("portal:guides")).content.decode()
