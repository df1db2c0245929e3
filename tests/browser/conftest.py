"""Browser tests: Playwright driving Debian's Chromium against a live Veldwerk server.

The server runs once per test session on the test database, seeded with the demo content
and the demo accounts. Journeys create their own, uniquely named content, so they do not
depend on each other's order. Browser tests run after the rest of the suite (see
tests/conftest.py), so the content they commit is seen by no other test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import expect

from tests.browser.site import seed_browser_site

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "Chromium is needed for the browser tests: run `make browser` (it installs Debian's "
    "`chromium` package with apt-get) or set CHROMIUM_EXECUTABLE to a Chromium binary."
)


@pytest.fixture(scope="session")
def chromium_executable():
    path = os.environ.get("CHROMIUM_EXECUTABLE") or shutil.which("chromium") or "/usr/bin/chromium"
    if Path(path).is_file():
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and no Chromium at {path}. {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"no Chromium at {path}. {INSTALL_HINT}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    return {**browser_type_launch_args, "executable_path": chromium_executable, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def live_server(chromium_executable, django_db_setup, django_db_blocker):
    """One server for the whole browser session, on the committed test database.

    This replaces pytest-django's `live_server`, which flushes the database after every
    test; the name stays so that pytest-django creates the test database for these tests."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        seed_browser_site()
        server = LiveServer("127.0.0.1")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's synchronous API runs an event loop in the test thread; the tests touch
        # the ORM only between page interactions, so Django's async-safety guard does not apply.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield server
    server.stop()


@pytest.fixture(autouse=True)
def _live_server_helper(live_server, django_db_blocker):
    """Replaces pytest-django's helper of this name (which would flush the database after
    each test): the live server and the test both use the committed test database."""
    with django_db_blocker.unblock():
        yield
        # Playwright's event loop gives the test body a context of its own, and with it
        # database connections of its own: close them, or the database cannot be dropped.
        connections.close_all()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    return {**browser_context_args, "base_url": base_url, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture(scope="session")
def screenshot_dir():
    directory = Path(settings.BASE_DIR) / "var" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def context(context):
    """Fail within seconds rather than Playwright's 30, but give a loaded CI machine room."""
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    return context
