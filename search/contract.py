"""The one search contract: what goes into an engine and what comes out.

Engines return page ids, never model instances; the view loads live, public pages
for those ids, so a stale index can never show a draft or a private page.
"""

from dataclasses import dataclass, field

FACETS = ("type", "municipality", "province", "theme", "status", "tag", "layer")
SORTS = ("relevance", "newest", "adoptions")
MAX_PAGE_SIZE = 50
MAX_PAGE = 100


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> tuple of selected values (OR within a facet)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class SearchHit:
    page_id: int
    external_id: str | None
    type: str
    score: float
    snippet: str  # safe HTML: escaped text with <mark> around matches
    partial: bool = False  # has only some of the words; follows the hits with all of them (not in `total`)
    comment_anchor: str = ""  # when only a comment on the page matches: its element id, and the snippet is from it


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    selected: bool = False
    at_least: bool = False  # counted in a sample of a very large match set: the true count is at least this


@dataclass
class SearchResults:
    hits: list
    total: int
    facets: dict  # facet name -> list of FacetCount, most frequent first
    engine: str
    took_ms: float = 0.0
    suggestion: str = ""  # "did you mean", when a query word is not in the index
    relaxed: bool = False  # True when not every word matched and any word was used instead
    notice: str = ""  # shown to the user, e.g. when a fallback engine answered
    total_at_least: bool = False  # more matches than SEARCH_TOTAL_EXACT_LIMIT: `total` is that limit


class SearchUnavailable(Exception):
    """The engine cannot answer now (server down, timeout); the caller may fall back."""


class SearchEngineDown(SearchUnavailable):
    """The engine failed a moment ago and is left alone for a cool-down (circuit breaker): the
    request was not even sent."""
