import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime

from tests.factories import AdoptionFactory, municipality
from tests.search.conftest import idea

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["database"], indirect=True)]


def test_api_returns_the_documented_schema(client, corpus):
    response = client.get("/api/v1/search", {"q": "huwelijk", "page_size": 5})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"total", "total_at_least", "engine", "took_ms", "results", "facets", "suggestion", "relaxed", "notice"}
    assert data["engine"] == "database" and data["total"] == 2
    first = data["results"][0]
    assert set(first) == {
        "type", "id", "external_id", "title", "url", "snippet", "score", "partial", "comment_url", "origin", "adoptions",
        "updated_at",
    }
    assert {r["id"] for r in data["results"]} == {corpus["planner"].pk, corpus["fieldlab"].pk}
    assert set(data["facets"]) == {"type", "municipality", "province", "theme", "status", "tag", "layer"}


def test_documents_with_only_some_words_follow_marked_and_are_not_counted(client, corpus):
    data = client.get("/api/v1/search", {"q": "zonnepanelen gemeenten"}).json()
    assert data["total"] == 1 and not data["relaxed"]
    assert [(r["id"], r["partial"]) for r in data["results"][:2]] == [(corpus["solar"].pk, False), (corpus["fieldlab"].pk, True)]

    page = client.get("/zoeken/", {"q": "zonnepanelen gemeenten"}).content.decode()
    assert "1 resultaat" in page
    notice = page.index("Deze bevatten maar een deel van uw woorden:")
    assert page.index(corpus["solar"].title) < notice < page.index(corpus["fieldlab"].title)


def test_api_gives_each_hit_its_origin_adoptions_and_last_update(client, corpus):
    AdoptionFactory(idea=corpus["planner"], municipality=municipality("GM0518"), status="stopped")
    results = {r["id"]: r for r in client.get("/api/v1/search", {"q": "huwelijk"}).json()["results"]}

    planner = results[corpus["planner"].pk]
    assert planner["origin"] == {"municipality": {"code": "GM0363", "name": "Amsterdam"}, "organisation": None}
    assert planner["adoptions"] == {"production": 1, "pilot": 1, "interest": 1}  # who stopped is not counted
    published = corpus["planner"].last_published_at
    assert abs(parse_datetime(planner["updated_at"]) - published) < datetime.timedelta(milliseconds=1)

    fieldlab = results[corpus["fieldlab"].pk]
    assert fieldlab["origin"] == {"municipality": {"code": "GM0193", "name": "Zwolle"}, "organisation": None}
    assert fieldlab["adoptions"] is None  # fieldlabs are not adopted


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


def plain(fragment):
    """The text of an HTML fragment as a reader (or screen reader) gets it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def hit_facts(body, page):
    """The facts listed under a hit on the search page: {term: description}."""
    article = re.search(rf'<article[^>]*aria-labelledby="hit-{page.pk}">(.*?)</article>', body, re.S).group(1)
    return {plain(term): plain(text) for term, text in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", article, re.S)}


def facet_values(body, parameter):
    """(label, checked) of a facet group's boxes, in the order the page shows them."""
    boxes = re.findall(
        rf'<input type="checkbox" id="[^"]+" name="{parameter}" value="[^"]*" ?(checked)?>\s*<label[^>]*>(.*?)</label>',
        body, re.S,
    )
    return [(plain(label), bool(checked)) for checked, label in boxes]


def active_filter_links(body):
    """{link text: href} of the active filters above the results."""
    section = re.search(r'<section class="active-filters".*?</section>', body, re.S)
    if section is None:
        return {}
    return {plain(text): html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', section.group(0), re.S)}


def test_search_page_shows_the_facts_a_specialist_decides_from(client, corpus):
    AdoptionFactory(idea=corpus["planner"], municipality=municipality("GM0518"), status="stopped")
    body = client.get("/zoeken/", {"q": "huwelijk"}).content.decode()
    with translation.override("nl"):
        published = date_format(localtime(corpus["planner"].last_published_at), "j F Y")
    assert hit_facts(body, corpus["planner"]) == {
        "Soort": "Idee",
        "Status": "In pilot",
        "Herkomst": "Amsterdam",
        "Gebruikt door": "1 in productie, 1 in pilot, 1 met interesse",
        "Laatst bijgewerkt": published,
    }
    fieldlab = hit_facts(body, corpus["fieldlab"])
    assert fieldlab["Soort"] == "Fieldlab" and fieldlab["Gastgemeente"] == "Zwolle"
    assert "Gebruikt door" not in fieldlab


def test_most_adopted_is_chosen_above_the_results_and_orders_them(client, corpus):
    response = client.get("/zoeken/", {"type": "idea", "sorteer": "adoptions"})
    body = response.content.decode()
    results = body[body.index('id="resultaten"'):]
    assert results.index('<select id="sort" name="sorteer" form="search-filters">') < results.index("<article")
    assert '<option value="adoptions" selected>Meest gebruikt</option>' in results
    titles = [page.title for _hit, page, _facts in response.context["items"]]
    assert titles[:2] == ["Online huwelijksplanner", "Slimme afvalinzameling met sensoren"]  # 3 and 1 municipalities


def test_active_filters_are_listed_above_the_results_each_with_a_link_that_removes_it(client, corpus):
    body = client.get("/zoeken/?q=huwelijk&type=idea&type=fieldlab&thema=burgerzaken&sorteer=newest").content.decode()
    assert body.index('class="active-filters"') < body.index("<article")
    links = active_filter_links(body)
    assert list(links) == [
        "Filter verwijderen Soort: Idee ×",
        "Filter verwijderen Soort: Fieldlab ×",
        "Filter verwijderen Thema: Burgerzaken ×",
        "Alle filters wissen",
    ]

    without_ideas = client.get("/zoeken/" + links["Filter verwijderen Soort: Idee ×"])
    assert list(active_filter_links(without_ideas.content.decode())) == [
        "Filter verwijderen Soort: Fieldlab ×", "Filter verwijderen Thema: Burgerzaken ×", "Alle filters wissen",
    ]
    assert [page.title for _hit, page, _facts in without_ideas.context["items"]] == ["Fieldlab trouwen"]
    assert without_ideas.context["query"].text == "huwelijk" and without_ideas.context["query"].sort == "newest"

    cleared = client.get("/zoeken/" + links["Alle filters wissen"])
    assert active_filter_links(cleared.content.decode()) == {}
    assert cleared.context["results"].total == 2
    assert cleared.context["query"].text == "huwelijk" and cleared.context["query"].sort == "newest"


def test_selected_values_come_first_in_their_group_with_exact_counts(client, corpus):
    body = client.get("/zoeken/", {"q": "huwelijk", "type": "fieldlab"}).content.decode()
    assert facet_values(body, "type") == [("Fieldlab (1)", True), ("Idee (1)", False)]
    body = client.get("/zoeken/", {"tag": "zorg"}).content.decode()
    assert facet_values(body, "tag") == [
        ("zorg (1)", True), ("digitaal loket (1)", False), ("energie (1)", False), ("sensoren (1)", False),
    ]


def test_tags_show_as_written_and_our_own_labels_start_with_a_capital(client, corpus, publish):
    idea(
        publish, "Koppelvlak voor zaakgegevens", "Zaken en personen uit één bron.", tags=["BRP", "DigiD", "ZGW API's", "kcc"],
        status="under_review", layer="integration",
    )
    body = client.get("/zoeken/", {"q": "koppelvlak"}).content.decode()
    assert sorted(facet_values(body, "tag")) == [
        ("BRP (1)", False), ("DigiD (1)", False), ("ZGW API's (1)", False), ("kcc (1)", False),
    ]
    assert ("In beoordeling (1)", False) in facet_values(body, "status")
    assert ("Integratie (1)", False) in facet_values(body, "laag")


def test_search_page_makes_as_many_queries_for_ten_hits_as_for_two(client, corpus, publish, django_assert_max_num_queries):
    url = "/zoeken/?q=huwelijk"
    client.get(url)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as two_hits:
        assert len(client.get(url).context["items"]) == 2
    for number, code in enumerate(["GM0014", "GM0034", "GM0193", "GM0344", "GM0106", "GM1966"] * 2):
        idea(
            publish, f"Huwelijk in gemeente {number}", "Een huwelijk online plannen.", code=code,
            themes=["burgerzaken"], tags=[f"trouwen {number}"], adoptions=[("GM0518", "pilot")],
        )
    with django_assert_max_num_queries(len(two_hits)):
        response = client.get(url)
    assert len(response.context["items"]) == 10


def test_search_page_multi_select_facets(client, corpus):
    response = client.get("/zoeken/?q=huwelijk&type=idea&type=fieldlab")
    assert response.context["results"].total == 2
    response = client.get("/zoeken/?q=huwelijk&type=fieldlab")
    assert [hit.page_id for hit, _page, _facts in response.context["items"]] == [corpus["fieldlab"].pk]


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


def test_sampled_facet_counts_read_at_least(client, corpus, settings):
    settings.SEARCH_FACET_EXACT_LIMIT = 1
    page = client.get("/zoeken/", {"q": "huwelijk"}).content.decode()
    facets = client.get("/api/v1/search", {"q": "huwelijk"}).json()["facets"]
    assert {f["at_least"] for f in facets["type"]} == {False}
    assert re.search(r'<span class="facet__count">\(minstens 1\)</span>', page)
    assert {f["at_least"] for f in facets["municipality"]} == {True}


def test_a_total_beyond_the_exact_limit_reads_more_than(client, corpus, settings):
    settings.SEARCH_TOTAL_EXACT_LIMIT = 1  # "huwelijk" matches two documents
    page = client.get("/zoeken/", {"q": "huwelijk"}).content.decode()
    api = client.get("/api/v1/search", {"q": "huwelijk"}).json()
    assert (api["total"], api["total_at_least"]) == (1, True)
    assert re.search(r'<h2 id="results-heading"[^>]*>Meer dan 1 resultaat</h2>', page)
    settings.SEARCH_TOTAL_EXACT_LIMIT = 10_000
    api = client.get("/api/v1/search", {"q": "huwelijk"}).json()
    assert (api["total"], api["total_at_least"]) == (2, False)
