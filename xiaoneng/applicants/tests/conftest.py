"""Applicant fixtures: accounts through the service, online cases through the portal's service."""

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.applicants import services
from xiaoneng.cases.testing import ID_NUMBER, at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Demo@2026x"
OTHER_ID = "110105194912310038"  # a second valid GB 11643 number


def pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_cache():
    """The lookup's rate limit counts in the cache: each test starts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def today():
    """Requests happen on Monday 2026-02-09 unless a test travels on."""
    with time_machine.travel(at("2026-02-09", 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def applicant(db):
    """A person's applicant account (13900000001)."""
    return services.register_applicant(
        username="13900000001",
        name="王五",
        password=PASSWORD,
        kind="person",
        id_number=ID_NUMBER,
    ).user


@pytest.fixture
def other_applicant(db):
    return services.register_applicant(
        username="zhao@example.com",
        name="赵六",
        password=PASSWORD,
        kind="person",
        id_number=OTHER_ID,
    ).user


@pytest.fixture
def apply_online(item):
    """Submit an online application for the test item; returns (case, code)."""

    def make(user=None, **applicant):
        values = {"phone": "13912345678", "address": "银川市兴庆区解放西街88号", "title": "一期"}
        if user is None:
            values.update(applicant_kind="person", applicant_name="李四", id_number=ID_NUMBER)
        values.update(applicant)
        return services.submit_application(
            acting_user=user,
            service_item=item,
            applicant=values,
            materials=[(material, pdf()) for material in item.materials.all()],
        )

    return make
