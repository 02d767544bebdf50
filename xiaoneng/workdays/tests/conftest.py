import pytest

from xiaoneng.workdays.package import package_calendar


@pytest.fixture(scope="session")
def calendar():
    """The calendar the database is seeded with, built without the database."""
    return package_calendar()
