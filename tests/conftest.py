import os

import pytest
from django.conf import settings
from django.core.cache import caches

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests go last: the content they commit through the live server is then seen
    by no other test (pytest-django has already put database tests first)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_report_header(config):
    if not os.environ.get("ELASTICSEARCH_URL"):
        return "search contract: the elasticsearch leg is skipped (ELASTICSEARCH_URL is not set; no server runs here)"
    return f"search contract: elasticsearch leg against {os.environ['ELASTICSEARCH_URL']}"
