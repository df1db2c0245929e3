"""Phrases of common words: on PostgreSQL they are narrowed by common grams (search.engines.database.
common_grams, migration 0011) and must find what a phrase means on either database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.contract import SearchQuery
from search.engines.database import common_grams

from .conftest import idea


def found(engine, text):
    return sorted(hit.page_id for hit in engine.search(SearchQuery(text=text)).hits)


def test_common_grams_pair_adjacent_common_terms_only():
    # "nieuw", "inwoner" and "stad" are among the most frequent Dutch words; "welkomstpakket" is not.
    assert common_grams(["nieuw", "inwoner", "welkomstpakket", "stad", "nieuw"]) == ["/2/nieuw/inwoner", "/2/stad/nieuw"]
    assert common_grams(["nieuw"]) == []


@pytest.fixture
def phrase_corpus(publish):
    return {
        "adjacent": idea(publish, "Welkomstpakket", "Nieuwe inwoners krijgen een welkomstpakket met de buurtapp."),
        "apart": idea(publish, "Wijkkrant", "De inwoners van de nieuwe wijk lezen de wijkkrant."),
        "reversed": idea(publish, "Spreekuur", "Inwoners nieuwe stijl: het spreekuur in de bibliotheek."),
        "across_fields": idea(publish, "Buurtapp voor nieuwe", "Inwoners melden zich aan bij de buurtapp."),
        "in_body": idea(publish, "Kennismaking", "Een avond in het gemeentehuis.", "Voor alle nieuwe inwoners van de stad."),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_a_phrase_of_common_words_finds_them_side_by_side_in_one_field(engine, phrase_corpus):
    expected = sorted(phrase_corpus[name].pk for name in ("adjacent", "in_body"))

    assert found(engine, '"nieuwe inwoners"') == expected
    assert found(engine, 'inwoners -"nieuwe inwoners"') == sorted(
        phrase_corpus[name].pk for name in ("apart", "reversed", "across_fields")
    )
    assert engine.search(SearchQuery(text='"nieuwe inwoners"')).total == 2


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_an_index_written_before_common_grams_finds_the_phrase_after_migrating(engine, phrase_corpus):
    if connection.vendor != "postgresql":
        pytest.skip("migration 0011 changes only PostgreSQL's vectors (and SQLite migrates only outside a transaction)")
    expected = sorted(phrase_corpus[name].pk for name in ("adjacent", "in_body"))
    executor = MigrationExecutor(connection)
    executor.migrate([("veldwerk_search", "0010_stored_document")])
    assert found(engine, '"nieuwe inwoners"') == []  # the vectors lost their grams, which the phrase asks for

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("veldwerk_search"))

    assert found(engine, '"nieuwe inwoners"') == expected
