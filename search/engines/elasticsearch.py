"""The Elasticsearch engine, for national installations (SEARCH_ENGINE = "elasticsearch").

Built on elasticsearch-dsl (`elasticsearch.dsl`): a Dutch analysis chain in the index
(lowercase, ASCII folding, Dutch stop words, stemmer override, Dutch stemmer), the
synonym list as a search-time synonym_graph, keyword fields for facets with correct
multi-select counts (FacetedSearch: post_filter plus per-facet filtered aggregations),
highlighting with HTML encoding, more_like_this, search_after for walking the whole
index, bulk indexing, and zero-downtime rebuilds into a timestamped index behind an alias.
User text only ever goes into match queries, never into query_string.
See https://elasticsearch-dsl.readthedocs.io/ and the Elasticsearch analysis reference.
"""

import logging
import threading
import time
from datetime import datetime, timezone

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import FacetedSearch, Index, Mapping, Q, Search, TermsFacet, analyzer, token_filter, tokenizer

from ..analysis import ANALYSIS_VERSION, words
from ..compounds import split_compound
from ..contract import FACETS, FacetCount, SearchEngineDown, SearchHit, SearchResults, SearchUnavailable
from ..planner import plan_query
from ..synonyms import SynonymMap, all_groups
from .base import SearchEngine

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title^10", "summary^4", "body", "keywords^3", "comments^0.5", "parts^0.5"]
FACET_SIZE = 25
STRICT_BOOST = 1000.0
STEMMER_OVERRIDES = ["fiets=>fiets", "bromfiets=>bromfiets", "ei=>eier", "kind=>kinder"]

dutch_stop = token_filter("veldwerk_dutch_stop", "stop", stopwords="_dutch_")
dutch_override = token_filter("veldwerk_dutch_override", "stemmer_override", rules=STEMMER_OVERRIDES)
dutch_stemmer = token_filter("veldwerk_dutch_stemmer", "stemmer", language="dutch")
autocomplete_edges = tokenizer("veldwerk_edges", "edge_ngram", min_gram=2, max_gram=20, token_chars=["letter", "digit"])

dutch_text = analyzer(
    "veldwerk_dutch", tokenizer="standard",
    filter=["lowercase", "asciifolding", dutch_stop, dutch_override, dutch_stemmer],
)
autocomplete_index = analyzer("veldwerk_autocomplete", tokenizer=autocomplete_edges, filter=["lowercase", "asciifolding"])
autocomplete_search = analyzer("veldwerk_autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"])


def synonym_rules(groups):
    """Synonym groups in Solr format, the form synonym_graph reads."""
    return [", ".join(e.replace(",", " ") for e in group) for group in groups]


def dutch_search_analyzer(groups):
    synonyms = token_filter("veldwerk_synonyms", "synonym_graph", synonyms=synonym_rules(groups), lenient=True)
    return analyzer(
        "veldwerk_dutch_search", tokenizer="standard",
        filter=["lowercase", "asciifolding", dutch_stop, synonyms, dutch_override, dutch_stemmer],
    )


def index_mapping(groups):
    search_analyzer = dutch_search_analyzer(groups)
    mapping = Mapping()
    text = {"analyzer": dutch_text, "search_analyzer": search_analyzer}
    mapping.field(
        "title", "text", **text,
        fields={"autocomplete": {"type": "text", "analyzer": autocomplete_index, "search_analyzer": autocomplete_search},
                "raw": {"type": "keyword"}},
    )
    for name in ("summary", "body", "keywords", "comments", "parts"):
        mapping.field(name, "text", **text)
    for name in ("type", "external_id", *FACETS):
        mapping.field(name, "keyword")
    mapping.field("page_id", "integer")
    mapping.field("published_at", "date")
    mapping.field("adoption_count", "integer")
    mapping.field("analysis_version", "integer")
    return mapping


def index_definition(name, groups):
    """The index with its Dutch analysis and mapping (`index_definition(...).to_dict()` is what is sent)."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10_000)
    index.mapping(index_mapping(groups))
    return index


def document_source(document):
    # The parts as words, so that Elasticsearch's Dutch analysis stems them the way it stems a query.
    parts = [" ".join(p) for w in words(f"{document['title']} {document['summary']} {document['body']}") if (p := split_compound(w))]
    return {
        "page_id": document["page_id"],
        "type": document["type"],
        "external_id": document["external_id"],
        "title": document["title"],
        "summary": document["summary"],
        "body": document["body"],
        "keywords": document["keywords"],
        "comments": "\n\n".join(text for _anchor, text in document["comments"]),
        "parts": " ".join(parts),
        "published_at": document["published_at"],
        "adoption_count": document["adoption_count"],
        "analysis_version": ANALYSIS_VERSION,
        **{facet: document["facets"].get(facet, []) for facet in FACETS if facet != "type"},
    }


def means_server_down(error):
    """Connection failures, timeouts and server-side errors (5xx) mean the server is down;
    a bad request or a missing document do not."""
    if isinstance(error, TransportError):
        return True
    if isinstance(error, ApiError):
        return error.meta.status >= 500
    return False


class CircuitBreaker:
    """After a failure, Elasticsearch is considered down for `cooldown` seconds: calls fail at once
    instead of each waiting for the timeout. After the cool-down one trial call is let through;
    its success closes the breaker, its failure opens it for another cool-down.

    The state is per process (each worker finds out on its own, at the cost of one timeout);
    `clock` is injectable for tests.
    """

    def __init__(self, cooldown, clock=time.monotonic):
        self.cooldown = cooldown
        self.clock = clock
        self.opened_at = None
        self.lock = threading.Lock()

    def is_open(self):
        """True while calls must fail at once (down, and no trial due yet)."""
        with self.lock:
            return self.opened_at is not None and self.clock() - self.opened_at < self.cooldown

    def allow(self):
        """Whether a call may go out now; a call let through after the cool-down is the trial,
        and calls after it wait for its outcome (a new cool-down starts at once)."""
        with self.lock:
            if self.opened_at is None:
                return True
            if self.clock() - self.opened_at >= self.cooldown:
                self.opened_at = self.clock()
                return True
            return False

    def succeeded(self):
        with self.lock:
            self.opened_at = None

    def failed(self):
        with self.lock:
            self.opened_at = self.clock()


class VeldwerkFacetedSearch(FacetedSearch):
    facets = {facet: TermsFacet(field=facet, size=FACET_SIZE) for facet in FACETS}

    def __init__(self, client, index, text_query, filters, sort):
        self.using = client
        self.index = index
        self.text_query = text_query
        super().__init__(query=text_query, filters=filters, sort=sort)

    def query(self, search, query):
        return search.query(query) if query is not None else search

    def highlight(self, search):
        return search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], number_of_fragments=1, fragment_size=220,
            no_match_size=220,
        ).highlight("summary", "body")

    def build_search(self):
        search = super().build_search()
        return self.highlight(search).source(["page_id", "external_id", "type"])


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, **options):
        self.alias = getattr(settings, "ELASTICSEARCH_INDEX", "veldwerk")
        self.url = getattr(settings, "ELASTICSEARCH_URL", "") or "http://127.0.0.1:9200"
        self.timeout = float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5))
        self.breaker = CircuitBreaker(settings.ELASTICSEARCH_COOLDOWN)
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = Elasticsearch(self.url, request_timeout=self.timeout, max_retries=1, retry_on_timeout=False)
        return self._client

    def is_available(self):
        return not self.breaker.is_open()

    def call(self, action, *args, **kwargs):
        """Run a client call; connection problems become SearchUnavailable for the fallback.

        While the circuit breaker is open (a failure less than ELASTICSEARCH_COOLDOWN seconds
        ago) the call is not made at all and fails at once."""
        if not self.breaker.allow():
            raise SearchEngineDown(
                f"Elasticsearch at {self.url} is considered down for {self.breaker.cooldown:g} s after a failure"
            )
        try:
            result = action(*args, **kwargs)
        except Exception as error:
            if means_server_down(error):
                self.breaker.failed()
            else:
                self.breaker.succeeded()
            raise SearchUnavailable(f"Elasticsearch at {self.url}: {error}") from error
        self.breaker.succeeded()
        return result

    # Queries, built without a server so they can be checked as dicts

    def text_query(self, plan):
        """A bool query from the plan: every typed clause as match queries on the text fields."""
        def clause_query(clause):
            text = " ".join(clause.words)
            if clause.phrase:
                return Q("multi_match", query=text, type="phrase", fields=TEXT_FIELDS)
            return Q(
                "multi_match", query=text, fields=TEXT_FIELDS, type="best_fields", operator="and",
                fuzziness="AUTO", prefix_length=2, max_expansions=20,
            )

        groups = [Q("bool", should=[clause_query(c) for c in group], minimum_should_match=1) for group in plan.groups]
        excluded = [clause_query(c) for c in plan.excluded]
        if not groups:
            return Q("bool", must=[Q("match_all")], must_not=excluded)
        strict = Q("bool", must=groups)
        relaxed = Q("bool", should=groups, minimum_should_match=1, must_not=excluded)
        return Q("bool", must=[relaxed], should=[Q("constant_score", filter=strict, boost=STRICT_BOOST)])

    def build_search(self, query, plan):
        sort = {
            "relevance": ["_score", "page_id"] if not plan.is_empty else ["-published_at", "page_id"],
            "newest": ["-published_at", "_score", "page_id"],
            "adoptions": ["-adoption_count", "_score", "page_id"],
        }[query.sort]
        faceted = VeldwerkFacetedSearch(
            self.client, self.alias, self.text_query(plan),
            {facet: list(values) for facet, values in query.filters.items()}, sort,
        )
        faceted = faceted[query.offset : query.offset + query.page_size]
        if plan.groups:
            text = " ".join(w for clause in plan.positive_clauses() for w in clause.words)
            faceted._s = faceted._s.suggest("spelling", text, term={"field": "body", "suggest_mode": "missing"})
        return faceted

    def results_from(self, response, plan):
        hits = []
        for hit in response.hits:
            highlight = getattr(hit.meta, "highlight", None)
            fragments = (list(highlight.summary) if highlight and "summary" in highlight else []) + (
                list(highlight.body) if highlight and "body" in highlight else []
            )
            marked = [f for f in fragments if "<mark>" in f]
            hits.append(SearchHit(
                page_id=int(hit.page_id), external_id=getattr(hit, "external_id", None), type=hit.type,
                score=float(hit.meta.score or 0.0), snippet=(marked or fragments or [""])[0],
            ))
        facets = {
            name: [FacetCount(str(value), count, selected) for value, count, selected in values]
            for name, values in response.facets.to_dict().items()
        }
        total = response.hits.total.value if hasattr(response.hits.total, "value") else int(response.hits.total)
        # Elasticsearch counts exactly up to 10,000 matches (track_total_hits), as the database engine
        # does up to SEARCH_TOTAL_EXACT_LIMIT; beyond it the relation is "gte".
        total_at_least = getattr(response.hits.total, "relation", "eq") == "gte"
        max_score = response.hits.max_score or 0.0
        return SearchResults(
            hits=hits, total=total, facets=facets, engine=self.name, suggestion=self.suggestion(response, plan),
            relaxed=bool(plan.groups) and len(plan.groups) > 1 and bool(hits) and max_score < STRICT_BOOST,
            total_at_least=total_at_least,
        )

    @staticmethod
    def suggestion(response, plan):
        suggest = getattr(response, "suggest", None)
        if not suggest or "spelling" not in suggest:
            return ""
        corrections = {entry.text: entry.options[0].text for entry in suggest.spelling if entry.options}
        if not corrections:
            return ""
        return " ".join(corrections.get(w, w) for clause in plan.positive_clauses() for w in clause.words)

    # The engine contract

    def search(self, query):
        started = time.perf_counter()
        plan = plan_query(query.text, SynonymMap([]))
        if plan.is_empty and not query.filters:
            return SearchResults(hits=[], total=0, facets={}, engine=self.name)
        response = self.call(self.build_search(query, plan).execute)
        results = self.results_from(response, plan)
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def autocomplete(self, prefix, limit=8):
        if not words(prefix):
            return []
        search = (
            Search(using=self.client, index=self.alias)
            .query("match", **{"title.autocomplete": {"query": prefix, "operator": "and"}})
            .source(["page_id"])[:limit]
        )
        return [int(hit.page_id) for hit in self.call(search.execute)]

    def similar_search(self, page_id, limit):
        return (
            Search(using=self.client, index=self.alias)
            .query("more_like_this", fields=["title", "summary", "body", "keywords"],
                   like=[{"_index": self.alias, "_id": str(page_id)}], min_term_freq=1, min_doc_freq=1,
                   max_query_terms=25)
            .source(["page_id"])[:limit]
        )

    def similar(self, page_id, limit=5):
        return [int(hit.page_id) for hit in self.call(self.similar_search(page_id, limit).execute)]

    def index_documents(self, documents, index=None):
        actions = [
            {"_op_type": "index", "_index": index or self.alias, "_id": str(d["page_id"]), "_source": document_source(d)}
            for d in documents
        ]
        if actions:
            self.ensure_index()
            self.call(helpers.bulk, self.client, actions, refresh="wait_for" if index is None else False)

    def delete_documents(self, page_ids):
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in page_ids]
        if actions:
            self.ensure_index()
            self.call(helpers.bulk, self.client, actions, raise_on_error=False, refresh="wait_for")

    def ensure_index(self):
        if not self.call(self.client.indices.exists_alias, name=self.alias):
            self.create_index_behind_alias()

    def create_index_behind_alias(self):
        name = self.new_index_name()
        self.call(index_definition(name, all_groups()).create, using=self.client)
        self.call(self.client.indices.put_alias, index=name, name=self.alias)
        return name

    def new_index_name(self):
        return f"{self.alias}-{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"

    def rebuild(self, documents):
        """Index everything into a new timestamped index, then switch the alias in one step."""
        name = self.new_index_name()
        self.call(index_definition(name, all_groups()).create, using=self.client)
        count = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= 500:
                self.index_documents(batch, index=name)
                count += len(batch)
                batch = []
        if batch:
            self.index_documents(batch, index=name)
            count += len(batch)
        self.call(self.client.indices.refresh, index=name)
        old = list(self.call(self.client.indices.get_alias, name=self.alias, ignore_unavailable=True) or {})
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old] + [{"add": {"index": name, "alias": self.alias}}]
        self.call(self.client.indices.update_aliases, actions=actions)
        for index in old:
            self.call(self.client.indices.delete, index=index, ignore_unavailable=True)
        return count

    def indexed_ids(self):
        return self.walked_ids(Search(using=self.client, index=self.alias))

    def outdated_ids(self):
        return self.walked_ids(Search(using=self.client, index=self.alias).exclude("term", analysis_version=ANALYSIS_VERSION))

    def walked_ids(self, search):
        """Every page id `search` finds, walked with search_after (no deep from/size paging)."""
        ids, after = set(), None
        while True:
            page = search.sort("page_id").source(["page_id"])[:1000]
            if after is not None:
                page = page.extra(search_after=after)
            hits = list(self.call(page.execute))
            if not hits:
                return ids
            ids.update(int(hit.page_id) for hit in hits)
            after = list(hits[-1].meta.sort)

    def clear(self):
        indices = self.call(self.client.indices.get_alias, name=self.alias, ignore_unavailable=True) or {}
        for index in list(indices):
            self.call(self.client.indices.delete, index=index, ignore_unavailable=True)
