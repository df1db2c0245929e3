import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["database"], indirect=True)]


def test_api_returns_the_documented_schema(client, corpus):
    response = client.get("/api/v1/search", {"q": "huwelijk", "page_size": 5})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"total", "engine", "took_ms", "results", "facets", "suggestion", "relaxed", "notice"}
    assert data["engine"] == "database" and data["total"] == 2
    first = data["results"][0]
    assert set(first) == {"type", "id", "external_id", "title", "url", "snippet", "score"}
    assert {r["id"] for r in data["results"]} == {corpus["planner"].pk, corpus["fieldlab"].pk}
    assert set(data["facets"]) == {"type", "municipality", "province", "theme", "status", "tag", "layer"}


def test_api_filters_and_exposes_external_ids(client, corpus, publish):
    corpus["waste"].external_id = "groningen-afval"
    publish(corpus["waste"])
    data = client.get("/api/v1/search", {"q": "sensoren", "type": "idea", "municipality": "gm0014"}).json()
    assert [r["external_id"] for r in data["results"]] == ["groningen-afval"]


@pytest.mark.parametrize("params, reason", [
    ({"q": "x", "page": "0"}, "page"),
    ({"q": "x", "page": "abc"}, "page"),
    ({"q": "x", "page_size": "500"}, "page_size"),
    ({"q": "x", "sort": "random"}, "sort"),
    ({}, "(q)"),
])
def test_api_rejects_bad_parameters_with_a_reason(client, corpus, params, reason):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_autocomplete_api(client, corpus):
    data = client.get("/api/v1/autocomplete", {"q": "zonne"}).json()
    assert "Zonnepanelen op daken van scholen" in data["suggestions"]
    assert client.get("/api/v1/autocomplete", {"q": "sens"}).json()["suggestions"][0] == "sensoren"  # a tag


def test_search_page_shows_hits_snippets_and_facets(client, corpus):
    html = client.get("/zoeken/", {"q": "sensoren"}).content.decode()
    assert "Slimme afvalinzameling met sensoren" in html
    assert "<mark>sensoren</mark>" in html or "<mark>Sensoren</mark>" in html
    assert '<legend>Soort</legend>' in html and 'name="gemeente"' in html


def test_search_page_multi_select_facets(client, corpus):
    response = client.get("/zoeken/?q=huwelijk&type=idea&type=fieldlab")
    assert response.context["results"].total == 2
    response = client.get("/zoeken/?q=huwelijk&type=fieldlab")
    assert [hit.page_id for hit, page in response.context["items"]] == [corpus["fieldlab"].pk]


def test_search_page_suggests_a_correction(client, corpus):
    html = client.get("/zoeken/", {"q": "huwelijksplaner"}).content.decode()
    assert "huwelijksplanner</a>" in html


def test_search_page_with_bad_parameters_shows_a_notice_not_an_error(client, corpus):
    response = client.get("/zoeken/", {"q": "sensoren", "pagina": "-3", "sorteer": "x"})
    assert response.status_code == 200
    assert response.context["problems"]
    assert response.context["results"].total == 1


def test_similar_items_on_idea_and_fieldlab_pages(client, corpus):
    html = client.get(corpus["planner"].url).content.decode()
    assert 'id="similar-heading"' in html and "Fieldlab trouwen" in html
    html = client.get(corpus["fieldlab"].url).content.decode()
    assert "Online huwelijksplanner" in html.split('id="similar-heading"')[1]


def test_a_broken_primary_engine_falls_back_to_the_database_with_a_notice(client, corpus, settings, caplog):
    from search import engines

    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    engines.engine_named.cache_clear()
    try:
        page = client.get("/zoeken/", {"q": "sensoren"})
        api = client.get("/api/v1/search", {"q": "sensoren"}).json()
        similar = client.get(corpus["planner"].url)
    finally:
        engines.engine_named.cache_clear()
    assert page.status_code == 200
    assert page.context["results"].total == 1 and page.context["results"].notice
    assert api["engine"] == "database" and api["notice"]
    assert similar.status_code == 200 and "Fieldlab trouwen" in similar.content.decode()
    assert "failed; answering from the database engine" in caplog.text
