"""Dutch compounds split into the parts a searcher would type (search.compounds), checked on a list
of real municipal compounds and on words that must stay whole (tests/search/data/compounds.txt)."""

from pathlib import Path

import pytest

from search.analysis import stem, terms
from search.compounds import compound_parts, corrected_compound, terms_for_words

COMPOUNDS = Path(__file__).parent / "data" / "compounds.txt"


def listed(want_parts):
    entries = []
    for line in COMPOUNDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, parts = line.split("=")
            if bool(parts.split()) == want_parts:
                entries.append((word.strip(), tuple(parts.split())))
    return entries


def test_the_list_has_at_least_fifty_compounds():
    assert len(listed(want_parts=True)) >= 50


@pytest.mark.parametrize("word, parts", listed(want_parts=True))
def test_a_compound_splits_into_its_parts(word, parts):
    # Compared as index terms: a part must be stemmed the way the same word typed alone is.
    assert compound_parts(word) == tuple(stem(part) for part in parts)


@pytest.mark.parametrize("word", [word for word, _parts in listed(want_parts=False)])
def test_a_word_that_is_no_compound_stays_whole(word):
    assert compound_parts(word) == ()


def test_a_word_is_found_as_head_or_tail_of_an_indexed_compound():
    indexed = set(terms_for_words(["zwerfafval", "afvalstoffenheffing"]))
    assert set(terms("afval heffing zwerf stof")) <= indexed


@pytest.mark.parametrize("typed, corrected", [
    ("huwelijksplaner", "huwelijksplanner"),
    ("bestemingsplan", "bestemmingsplan"),
    ("leerplichtambtenaat", "leerplichtambtenaar"),
    ("afvalinzamelnig", "afvalinzameling"),
    ("raadsvergaddering", "raadsvergadering"),
    # A short part one letter off is as likely another word; a compound needs no correction.
    ("omgevingswet", ""),
    ("huwelijksplanner", ""),
    ("fantastich", ""),
])
def test_a_misspelt_part_of_a_compound_is_corrected(typed, corrected):
    assert corrected_compound(typed) == corrected
