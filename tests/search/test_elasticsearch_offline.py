"""The Elasticsearch engine without a server: the index definition and the generated
requests as dicts, and response handling on a saved response. The same contract suite as
the database engine runs against a real server when ELASTICSEARCH_URL is set."""

import json
from pathlib import Path

import pytest
from elasticsearch.dsl import FacetedResponse

from search.contract import SearchQuery
from search.analysis import ANALYSIS_VERSION
from search.engines.elasticsearch import ElasticsearchEngine, document_source, index_definition
from search.planner import plan_query
from search.synonyms import SynonymMap, file_groups

SAVED_RESPONSE = Path(__file__).parent / "data" / "elasticsearch-response.json"
HOSTILE = (Path(__file__).parent / "data" / "hostile-queries.txt").read_text(encoding="utf-8").split("\n")


@pytest.fixture
def engine(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX = "veldwerk"
    return ElasticsearchEngine()


def request_for(engine, text, **options):
    query = SearchQuery(text=text, **options)
    return engine.build_search(query, plan_query(text, SynonymMap([])))._s.to_dict()


def test_index_has_a_dutch_analysis_chain_with_search_time_synonyms():
    definition = index_definition("veldwerk-1", file_groups()).to_dict()
    analysis = definition["settings"]["analysis"]
    assert analysis["analyzer"]["veldwerk_dutch"]["filter"] == [
        "lowercase", "asciifolding", "veldwerk_dutch_stop", "veldwerk_dutch_override", "veldwerk_dutch_stemmer",
    ]
    assert analysis["filter"]["veldwerk_dutch_stemmer"] == {"type": "stemmer", "language": "dutch"}
    assert analysis["filter"]["veldwerk_dutch_stop"]["stopwords"] == "_dutch_"
    synonyms = analysis["filter"]["veldwerk_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert any(rule.startswith("brp, basisregistratie personen") for rule in synonyms["synonyms"])
    assert "veldwerk_synonyms" in analysis["analyzer"]["veldwerk_dutch_search"]["filter"]
    assert "veldwerk_synonyms" not in analysis["analyzer"]["veldwerk_dutch"]["filter"]


def test_mapping_has_text_fields_with_dutch_analysis_and_keyword_facets():
    properties = index_definition("veldwerk-1", file_groups()).to_dict()["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "veldwerk_dutch"
    assert properties["title"]["search_analyzer"] == "veldwerk_dutch_search"
    assert properties["title"]["fields"]["autocomplete"]["analyzer"] == "veldwerk_autocomplete"
    for text_field in ("summary", "body", "keywords", "comments", "parts"):
        assert properties[text_field]["analyzer"] == "veldwerk_dutch"
    for facet in ("type", "municipality", "province", "theme", "status", "tag", "layer"):
        assert properties[facet] == {"type": "keyword"}
    assert properties["published_at"]["type"] == "date" and properties["adoption_count"]["type"] == "integer"
    assert properties["analysis_version"] == {"type": "integer"}


def test_compound_parts_are_indexed_as_words_for_the_dutch_analysis_to_stem():
    source = document_source({
        "page_id": 12, "type": "idea", "external_id": "x-1", "title": "Afvalstoffenheffing", "summary": "",
        "body": "Minder zwerfafval in de wijk.", "keywords": "", "published_at": None, "adoption_count": 0,
        "facets": {}, "comments": [("reactie-3", "Wij doen mee."), ("reactie-5", "Wij ook.")],
    })
    assert source["parts"] == "afval stof heffing zwerf afval"
    assert source["comments"] == "Wij doen mee.\n\nWij ook."
    assert source["analysis_version"] == ANALYSIS_VERSION


def test_query_uses_match_queries_tiers_and_exclusions(engine):
    body = request_for(engine, 'trouwen "online planner" -afval')
    relaxed, = body["query"]["bool"]["must"]
    assert relaxed["bool"]["must_not"][0]["multi_match"]["query"] == "afval"
    phrase = relaxed["bool"]["should"][1]["bool"]["should"][0]["multi_match"]
    assert phrase["type"] == "phrase" and phrase["query"] == "online planner"
    word = relaxed["bool"]["should"][0]["bool"]["should"][0]["multi_match"]
    assert word["fuzziness"] == "AUTO" and word["operator"] == "and"
    strict = body["query"]["bool"]["should"][0]["constant_score"]
    assert strict["boost"] == 1000.0 and len(strict["filter"]["bool"]["must"]) == 2


def test_facet_filters_are_post_filters_and_each_facet_ignores_its_own_selection(engine):
    body = request_for(engine, "huwelijk", filters={"type": ("idea", "fieldlab"), "theme": ("burgerzaken",)})
    assert body["post_filter"]["bool"]["must"] == [
        {"terms": {"type": ["idea", "fieldlab"]}}, {"terms": {"theme": ["burgerzaken"]}},
    ] or body["post_filter"]["bool"]["must"][::-1] == [
        {"terms": {"type": ["idea", "fieldlab"]}}, {"terms": {"theme": ["burgerzaken"]}},
    ]
    assert body["aggs"]["_filter_type"]["filter"] == {"terms": {"theme": ["burgerzaken"]}}
    assert body["aggs"]["_filter_theme"]["filter"] == {"terms": {"type": ["idea", "fieldlab"]}}


def test_highlighting_is_html_encoded_with_mark_tags(engine):
    highlight = request_for(engine, "huwelijk")["highlight"]
    assert highlight["encoder"] == "html"
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]


def test_paging_and_sorting(engine):
    body = request_for(engine, "huwelijk", page=3, page_size=20, sort="adoptions")
    assert (body["from"], body["size"]) == (40, 20)
    assert body["sort"][0] == {"adoption_count": {"order": "desc"}}


@pytest.mark.parametrize("text", [q for q in HOSTILE if q][:80])
def test_user_text_never_reaches_query_string(engine, text):
    serialised = json.dumps(request_for(engine, text))
    assert "query_string" not in serialised and "simple_query_string" not in serialised


def test_more_like_this_and_autocomplete_requests(engine):
    similar = engine.similar_search(12, 5).to_dict()
    assert similar["query"]["more_like_this"]["like"] == [{"_index": "veldwerk", "_id": "12"}]
    assert similar["size"] == 5


def test_response_handling_on_a_saved_response(engine):
    query = SearchQuery(text="huwelijk planer")
    plan = plan_query(query.text, SynonymMap([]))
    faceted = engine.build_search(query, plan)
    response = FacetedResponse(faceted._s, json.loads(SAVED_RESPONSE.read_text()))
    response._faceted_search = faceted
    results = engine.results_from(response, plan)

    assert results.total == 2 and results.engine == "elasticsearch"
    assert [(h.page_id, h.external_id, h.type) for h in results.hits] == [(12, "demo-idea-001", "idea"), (31, None, "fieldlab")]
    assert results.hits[0].snippet == "Inwoners plannen hun <mark>huwelijk</mark> online &lt;b&gt;"
    assert [(f.value, f.count) for f in results.facets["type"]] == [("fieldlab", 1), ("idea", 1)]
    assert results.suggestion == "huwelijk planner"
    assert not results.relaxed
