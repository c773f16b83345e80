"""Test set-up shared by every app: the Brussels data, personas and Chromium."""

import os

import pytest
from django.core.management import call_command

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
def _fresh_caches():
    """Drop the in-memory locator and routing table after each test's rollback."""
    yield
    from lisa.geo.locator import invalidate_locator
    from lisa.reports.routing import invalidate_routing

    invalidate_locator()
    invalidate_routing()


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


pytest_plugins = ["lisa.testing.personas"]
