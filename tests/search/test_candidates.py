"""Where the database engine takes the candidates for its first page from: when every match is
already known (no more than SEARCH_FACET_EXACT_LIMIT), the database ranks just those, rather than
matching the query again (on PostgreSQL that checks a phrase against every document with its words)."""

import pytest

from search.contract import SearchQuery
from search.engines import database

from .test_impact_lists import FILTERS, QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["database"], indirect=True)]


def test_ranking_the_known_matches_finds_what_matching_again_finds(engine, corpus, reports, monkeypatch, settings):
    monkeypatch.setattr(database, "RERANK_DEPTH", 2)  # more matches than candidates, on a small corpus

    def first_pages():
        return {
            (text, i): [hit.page_id for hit in engine.search(SearchQuery(text=text, filters=f, page_size=2)).hits]
            for text in QUERIES for i, f in enumerate(FILTERS)
        }

    settings.SEARCH_FACET_EXACT_LIMIT = 0  # the matches are never all known: the database matches and ranks
    matched_again = first_pages()
    settings.SEARCH_FACET_EXACT_LIMIT = 1000
    among_known = first_pages()

    assert among_known == matched_again
    totals = [engine.search(SearchQuery(text=text)).total for text in QUERIES]
    assert any(total > 2 for total in totals)  # the known matches were more than the candidates
