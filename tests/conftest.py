import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connections

from fieldlabs.models import FieldlabIndexPage
from ideas.models import IdeaIndexPage


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts from empty caches: no lockout or cached value carries over."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def idea_index(db):
    return IdeaIndexPage.objects.get()


@pytest.fixture
def fieldlab_index(db):
    return FieldlabIndexPage.objects.get()


def run_order(item):
    """0: ordinary tests, each in a transaction that is rolled back; 1: browser tests and 2: tests
    that commit for real (threads, the task worker), so what they write is seen by no test
    before them; 3: pytest-django's transactional tests, which empty the database when they end
    (the browser and committing tests need the data the migrations wrote)."""
    if item.get_closest_marker("browser") is not None:
        return 1
    if item.get_closest_marker("commits") is not None:
        return 2
    marker = item.get_closest_marker("django_db")
    return 3 if marker is not None and marker.kwargs.get("transaction") else 0


@pytest.fixture
def committing_db(django_db_setup, django_db_blocker):
    """The test database without a per-test transaction: every write commits, as it does for
    requests in threads and for the task worker. Tests using it are marked `commits`, run after
    the others, and leave what they wrote in place (the database is dropped after the session)."""
    with django_db_blocker.unblock():
        yield
        connections.close_all()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=run_order)


def pytest_report_header(config):
    if not os.environ.get("ELASTICSEARCH_URL"):
        return "search contract: the elasticsearch leg is skipped (ELASTICSEARCH_URL is not set; no server runs here)"
    return f"search contract: elasticsearch leg against {os.environ['ELASTICSEARCH_URL']}"
