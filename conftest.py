"""Shared test fixtures.

The demo organisation (regions, units, 66 staff with every role) is loaded
once per test database; tests refer to the standard users by their demo
usernames: clerk, handler, reviewer, approver, supervisor, leader, sysadmin,
secadmin, auditadmin (department) and yc_clerk, yc_supervisor (Yinchuan, the
outsiders of another region).
"""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.org.demo import seed_org

CHROMIUM = "/usr/bin/chromium"

# The database the settings name, read before pytest-django swaps in the test one.
# When no collected test uses the database pytest-django sets none up and the
# connection still names this one: the session fixtures below must not touch it
# (they seeded the demo organisation into it and, on PostgreSQL, ended its other
# sessions).
REAL_DATABASE = str(settings.DATABASES["default"]["NAME"])


def _test_database_is_up() -> bool:
    from django.db import connection

    return str(connection.settings_dict["NAME"]) != REAL_DATABASE


# item, submit, reviewed: a test service item and cases through the real actions.
pytest_plugins = ["xiaoneng.cases.testing"]


@pytest.fixture(scope="session", autouse=True)
def no_stray_connections(django_db_setup, django_db_blocker):
    """Close what the live server left open before the test database is dropped.

    A browser test's live server answers Chromium's keep-alive connections
    from daemon threads, each with its own database connection, closed only
    when the socket is: one may still be open when the session ends, and
    PostgreSQL refuses to drop a database in use (a teardown warning, and a
    database left behind). Torn down before ``django_db_setup``.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql" or not _test_database_is_up():
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the centre keeps its figures a minute."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def calendar_checked():
    """Each test reads the calendar's version anew: the last one's rollback changed it."""
    from xiaoneng.workdays.services import forget_calendar_check

    forget_calendar_check()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in zh-Hans: a request with the English cookie leaves
    English active in the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    if not _test_database_is_up():
        return
    with django_db_blocker.unblock():
        seed_org()
        seed_catalog()


@pytest.fixture
def transactional_org(transactional_db):
    """The demo organisation for tests that commit (each such test starts empty)."""
    seed_org()


@pytest.fixture
def migration_data(transactional_db):
    """What the data migrations wrote — the holiday calendar, the anomaly rules — once
    more: a transactional test's flush empties every table for the tests after it."""
    from importlib import import_module

    from django.apps import apps

    from xiaoneng.workdays.models import CalendarDay

    if not CalendarDay.objects.exists():
        import_module("xiaoneng.workdays.migrations.0002_seed_from_chinesecalendar").seed(
            apps, None
        )
    import_module("xiaoneng.supervision.migrations.0002_default_rules").create_rules(apps, None)
    import_module("xiaoneng.supervision.migrations.0003_discretion_rule").create_rule(apps, None)


@pytest.fixture
def users(db):
    """The demo users by username."""
    by_name = {user.username: user for user in get_user_model().objects.all()}

    class Users(dict):
        def __getattr__(self, name):
            return self[name]

    return Users(by_name)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given demo user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def chromium_path():
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests but {CHROMIUM} is missing")
        pytest.skip(f"!!! {CHROMIUM} is not installed: browser test SKIPPED (run as root) !!!")
    return CHROMIUM


@pytest.fixture
def browser_context(chromium_path, transactional_org, live_server, monkeypatch):
    """A Playwright context in Debian's Chromium against the live server.

    Console errors (a CSP violation, a missing file) and uncaught page errors
    fail the test.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server
    # answers from its own thread, so Django's async-safety guard does not
    # apply. Set for this test only: `check --deploy` in a subprocess of a
    # later test would otherwise inherit it and fail (async.E001).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        errors = []
        context.on(
            "console", lambda message: message.type == "error" and errors.append(message.text)
        )
        context.on("weberror", lambda error: errors.append(str(error.error)))
        context.base_url = live_server.url
        yield context
        browser.close()
        assert not errors, f"browser console errors (CSP or missing files?): {errors}"
