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


@pytest.fixture
def elasticsearch_calls(elasticsearch_down, monkeypatch):
    """Every request the real Elasticsearch client sends (counted on its transport, then sent)."""
    engine = engines.primary_engine()
    transport = engine.client.transport
    calls = []
    original = transport.perform_request

    def counting(method, path, *args, **kwargs):
        calls.append(f"{method} {path}")
        return original(method, path, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counting)
    return calls


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.mark.django_db
def test_after_a_failure_elasticsearch_is_not_asked_again_during_the_cooldown(
    elasticsearch_calls, client, settings, django_capture_on_commit_callbacks
):
    page = IdeaPageFactory(title="Kliko-sensoren", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # the first failure: Elasticsearch is asked once
    asked = len(elasticsearch_calls)
    assert asked >= 1 and PendingIndexUpdate.objects.filter(page_id=page.pk).exists()

    # Searches fall back at once, and index updates are kept as pending, without asking the server.
    answer = client.get("/api/v1/search", {"q": "kliko"}).json()
    page_html = client.get("/zoeken/", {"q": "kliko"}).content.decode()
    other = IdeaPageFactory(title="Iets anders", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()

    assert answer["engine"] == "database" and answer["notice"] and [r["id"] for r in answer["results"]] == [page.pk]
    assert "Kliko-sensoren" in page_html
    assert PendingIndexUpdate.objects.filter(page_id=other.pk).exists()
    assert len(elasticsearch_calls) == asked


@pytest.mark.django_db
def test_after_the_cooldown_one_trial_request_is_let_through(elasticsearch_calls, client):
    breaker = engines.primary_engine().breaker
    breaker.clock = clock = Clock()
    client.get("/api/v1/search", {"q": "kliko"})
    assert len(elasticsearch_calls) == 1

    clock.now += breaker.cooldown - 1
    client.get("/api/v1/search", {"q": "kliko"})
    assert len(elasticsearch_calls) == 1

    clock.now += 2  # the cool-down has passed: one trial, which fails and opens the breaker again
    answer = client.get("/api/v1/search", {"q": "kliko"}).json()
    assert len(elasticsearch_calls) == 2 and answer["engine"] == "database"
    client.get("/api/v1/search", {"q": "kliko"})
    assert len(elasticsearch_calls) == 2


@pytest.mark.django_db
def test_with_no_cooldown_every_request_tries_the_server(settings, elasticsearch_down, client, monkeypatch):
    settings.ELASTICSEARCH_COOLDOWN = 0
    engines.engine_named.cache_clear()
    transport = engines.primary_engine().client.transport
    calls = []
    original = transport.perform_request
    monkeypatch.setattr(transport, "perform_request", lambda *a, **k: calls.append(a) or original(*a, **k))
    client.get("/api/v1/search", {"q": "kliko"})
    client.get("/api/v1/search", {"q": "kliko"})
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_pending_backlog_is_capped_and_verify_repairs_the_rest(
    elasticsearch_down, settings, caplog, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.SEARCH_PENDING_INDEX_LIMIT = 2
    pages = [IdeaPageFactory(title=f"Afvalkalender {n}", live=False) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for page in pages:
            page.save_revision().publish()

    assert PendingIndexUpdate.objects.count() == 2
    assert "search_index verify" in caplog.text

    settings.SEARCH_ENGINE = "database"  # the server is back (here: no second engine to fail)
    engines.engine_named.cache_clear()
    call_command("search_index", "verify", verbosity=0)
    assert not PendingIndexUpdate.objects.exists()
    database = engines.fallback_engine()
    assert sorted(h.page_id for h in database.search(SearchQuery(text="afvalkalender")).hits) == sorted(p.pk for p in pages)


@pytest.mark.django_db
def test_during_the_cooldown_the_log_has_one_line_per_request_not_a_traceback(elasticsearch_calls, client, caplog):
    client.get("/api/v1/search", {"q": "kliko"})
    caplog.clear()
    answer = client.get("/api/v1/search", {"q": "kliko"}).json()
    assert answer["engine"] == "database" and answer["notice"]
    assert "considered down" in caplog.text and "Traceback" not in caplog.text
