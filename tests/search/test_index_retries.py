import pytest

from search import engines
from search.contract import SearchQuery
from search.models import PendingIndexUpdate
from tests.factories import IdeaPageFactory


@pytest.fixture
def elasticsearch_down(settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    engines.engine_named.cache_clear()
    yield
    engines.engine_named.cache_clear()


@pytest.mark.django_db
def test_a_failed_index_update_is_kept_and_retried(elasticsearch_down, settings, django_capture_on_commit_callbacks):
    page = IdeaPageFactory(title="Kliko-sensoren", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    # The database engine, the fallback, has it; Elasticsearch could not be reached, so it waits.
    database = engines.fallback_engine()
    assert [h.page_id for h in database.search(SearchQuery(text="kliko")).hits] == [page.pk]
    assert PendingIndexUpdate.objects.filter(page_id=page.pk).exists()

    settings.SEARCH_ENGINE = "database"  # the server is back (here: no second engine to fail)
    engines.engine_named.cache_clear()
    other = IdeaPageFactory(title="Iets anders", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    assert not PendingIndexUpdate.objects.exists()
