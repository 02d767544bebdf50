import pytest

from xiaoneng.workdays.package import package_calendar


@pytest.fixture(scope="session")
def calendar():
    """The calendar the database is seeded with, built without the database."""
    return package_calendar()


@pytest.fixture
def english():
    """Messages in English, the language the assertions quote (zh-Hans is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
