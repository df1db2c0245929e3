"""Ranking cases of the contract suite: every engine, and the database engine on SQLite and on
PostgreSQL alike (one ranking model, search.ranking, on both)."""

import pytest

from search.contract import SearchQuery
from tests.search.conftest import idea, titles


@pytest.mark.django_db
def test_the_title_that_is_the_query_comes_first(engine, reports):
    assert titles(engine, "meldingen")[0] == "Meldingen openbare ruimte"
    assert titles(engine, "huwelijk plannen")[0] == "Huwelijk plannen"


@pytest.mark.django_db
def test_a_rare_synonym_does_not_outrank_the_word_typed(engine, reports):
    # "klacht" is a synonym of "melding" and rarer: a document full of complaints must not win.
    ranked = titles(engine, "melding")
    assert ranked.index("Meldingen openbare ruimte") < ranked.index("Herbruikbare formulierbibliotheek")


@pytest.mark.django_db
def test_words_next_to_each_other_rank_above_words_far_apart(engine, reports):
    ranked = titles(engine, "vergunning digitaal")
    assert ranked.index("Digitale parkeervergunning") < ranked.index("Parkeren bij de sporthal")


@pytest.mark.django_db
@pytest.mark.parametrize("question, expected", [
    ("Hoe regel ik een huwelijk?", "Huwelijk plannen"),
    ("Bestaat er al iets voor afvalcontainers?", "Afvalcontainers met sensoren"),
    ("welke gemeente heeft een oplossing voor meldingen openbare ruimte", "Meldingen openbare ruimte"),
])
def test_a_question_is_answered_by_its_content_words(engine, reports, question, expected):
    results = engine.search(SearchQuery(text=question))
    assert titles(engine, question)[0] == expected
    assert not results.relaxed  # the question words are not required, so nothing was relaxed


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch counts its own way
def test_the_total_counts_documents_with_every_word_and_others_follow_marked_partial(engine, reports):
    results = engine.search(SearchQuery(text="vergunning sporthal"))
    assert results.total == 1
    assert not results.relaxed
    assert [hit.partial for hit in results.hits][:2] == [False, True]
    assert titles(engine, "vergunning sporthal")[:2] == ["Parkeren bij de sporthal", "Digitale parkeervergunning"]
    assert sum(count.count for count in results.facets["type"]) == 1  # facets count what the total counts


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch leaves question words out
def test_question_words_are_not_required_but_add_to_the_rank(engine, publish):
    # Without "regelen" counting, the shorter text about the huwelijk would rank first.
    idea(publish, "Trouwen op een bijzondere plek", "Een huwelijk.")
    idea(publish, "Trouwen zonder gedoe", "Het huwelijk digitaal regelen, met locatie, datum, getuigen en ambtenaar in één keer.")
    assert titles(engine, "Hoe regel ik een huwelijk?") == ["Trouwen zonder gedoe", "Trouwen op een bijzondere plek"]
