"""Test set-up shared by every app: the Brussels data, personas and Chromium."""

import os

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from lisa.geo.geodata import geodata_dir, missing_geodata, missing_geodata_help

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from live-server tests are still made in plain threads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # Browser tests use live_server, whose flush empties the tables at the end:
    # they run last so that the rest of the session keeps the loaded geography.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the Brussels geography and configuration once per test database."""
    path = geodata_dir()
    if missing_geodata(path):
        pytest.exit(missing_geodata_help(path), returncode=2)
    with django_db_blocker.unblock():
        call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session", autouse=True)
def _test_flush_lifts_the_record_guards():
    """Let the flush that ends a transactional test empty the append-only tables.

    Transactional tests (live_server, django_db(transaction=True)) commit, so
    Django empties every table afterwards: DELETE FROM on SQLite, TRUNCATE on
    PostgreSQL, both of which the record's triggers refuse. Here, and only in
    the test process, the flush drops those triggers and puts them back in the
    same transaction. Production code has no such switch: nothing in LISA
    lifts a guard, and the triggers carry no condition a client could meet.
    """
    ops = type(connection.ops)
    original = ops.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        from lisa.testing.guards import guards_lifted

        with transaction.atomic(using=self.connection.alias), guards_lifted(self.connection):
            original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ops, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _geography_for_browser_tests(request):
    """Reload the geography a previous live_server test flushed away (committed, then flushed)."""
    if request.node.get_closest_marker("browser") is None:
        return
    request.getfixturevalue("transactional_db")
    from lisa.geo.models import Area

    if not Area.objects.exists():
        call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _no_lockout(settings):
    """Sign-in lock-out off: Client.login() gives django-axes no request to count by.

    The tests of the lock-out itself turn it back on (`settings.AXES_ENABLED = True`).
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in the site's default language.

    A request through the test client activates its page's language in the test's thread and
    leaves it active: a later test reading a message in French would get it in Dutch.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Public forms unlimited: every test posts from 127.0.0.1, and browser tests commit.

    The tests of the limits set a low rate of their own (counted apart: the rate is part of
    django-ratelimit's key).
    """
    settings.LISA_RATE_LIMITS = dict.fromkeys(settings.LISA_RATE_LIMITS, "100000/h")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Drop the in-memory locator, routing table and calendars after each test's rollback."""
    yield
    from lisa.accounts.calendars import invalidate_calendars
    from lisa.geo.locator import invalidate_locator
    from lisa.reports.routing import invalidate_routing

    invalidate_locator()
    invalidate_routing()
    invalidate_calendars()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


pytest_plugins = ["lisa.testing.personas", "lisa.testing.smtp", "lisa.testing.urbis"]
