"""Typo corrections ("Bedoelde u …?") respect what the index, the glossary and the synonyms know."""

import pytest

from search.contract import SearchQuery
from tests.search.conftest import titles


@pytest.mark.django_db
def test_a_word_the_glossary_knows_is_not_corrected(engine, reports):
    # The synonym file maps "waste" to afval; one edit away is the indexed word "vaste".
    results = engine.search(SearchQuery(text="waste"))
    assert results.suggestion == ""
    assert titles(engine, "waste") == ["Afvalcontainers met sensoren"]


@pytest.mark.django_db
def test_a_word_whose_stem_is_indexed_is_not_corrected(engine, reports):
    # The index has "meldingen" and "melding" but not "meldinge"; its stem is known all the same.
    assert engine.search(SearchQuery(text="meldinge")).suggestion == ""


@pytest.mark.django_db
@pytest.mark.parametrize("typo, meant", [
    ("meldigen", "meldingen"),  # one edit
    ("parkeervregunnig", "parkeervergunning"),  # two edits in a long word
    ("sporthla", "sporthal"),  # a swap of neighbours is one edit
])
def test_typos_are_corrected_within_a_distance_that_grows_with_the_word(engine, reports, typo, meant):
    results = engine.search(SearchQuery(text=typo))
    assert results.suggestion == meant
    assert results.hits


@pytest.mark.django_db
@pytest.mark.parametrize("typo", ["parkeervregnnig", "mldng"])
def test_words_too_far_from_any_indexed_word_are_left_alone(engine, reports, typo):
    # Three edits in a long word, and a short word: no guess.
    assert engine.search(SearchQuery(text=typo)).suggestion == ""
