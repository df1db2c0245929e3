"""The total a search shows, capped at SEARCH_TOTAL_EXACT_LIMIT: for some queries the term table
alone shows that there are more matches than the limit (DatabaseEngine.matches_at_least), and the
count is skipped. Whichever way it is found, the total must be what counting every match gives."""

import pytest

from search.contract import SearchQuery

from .conftest import idea

QUERIES = [
    ("grutto", {}),  # in three documents
    ("grutto kievit", {}),  # each in three, both in one
    ("grutto OR kievit", {}),
    ('"grutto kievit"', {}),
    ("grutto -kievit", {}),
    ("grutto", {"municipality": ["GM0014"]}),
    ("grutto zwaluwstaart", {}),  # no document has both: documents with either follow
    ("weidevogelbeheer", {}),  # a compound: its parts count only when it finds too little
]


@pytest.fixture
def birds(publish):
    for title, summary, code in (
        ("Grutto telling", "Weidevogels tellen met vrijwilligers.", "GM0014"),
        ("Grutto nesten", "Nesten markeren voor de maaier.", "GM0363"),
        ("Grutto en kievit", "Weidevogelbeheer met boeren.", "GM0363"),
        ("Kievit app", "Meldingen van kievitsnesten.", "GM0363"),
        ("Kievit boerenland", "Vogelbeheer op het boerenland.", "GM0363"),
        ("Zwaluwen", "Nestkasten voor zwaluwen.", "GM0034"),
    ):
        idea(publish, title, summary, code=code)


def total(engine, text, filters):
    results = engine.search(SearchQuery(text=text, filters=filters))
    return results.total, results.total_at_least


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_capped_total_is_what_counting_every_match_gives(engine, birds, settings, limit):
    counted = {}
    for text, filters in QUERIES:
        counted[text, str(filters)] = total(engine, text, filters)[0]
    assert counted["grutto kievit", "{}"] == 1 and counted["grutto", "{}"] == 3  # the corpus is as described

    settings.SEARCH_TOTAL_EXACT_LIMIT = limit
    for text, filters in QUERIES:
        every_match = counted[text, str(filters)]
        assert total(engine, text, filters) == (min(every_match, limit), every_match > limit), (text, filters)
