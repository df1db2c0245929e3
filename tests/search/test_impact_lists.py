"""Impact lists (search.engines.impact_lists): the best documents of a frequent term, so that a common
word's first page does not order every match. At 100,000 items only terms in 1,000 documents get a
list; here every term does, so that the small corpus takes the same path."""

import pytest
from django.core.management import call_command
from django.db import connection

from search.contract import SearchQuery
from search.engines import database, impact_lists
from search.matching import PlanMatcher
from search.models import SearchDocument, SearchImpact, SearchImpactList
from search.planner import plan_query
from search.synonyms import synonym_map
from tests.search.conftest import idea

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["database"], indirect=True)]

QUERIES = [
    "huwelijk", "online huwelijk", "gemeente", "planner trouwlocatie", '"online planner"', "huwelijk -fieldlab",
    "sensoren OR zonnepanelen", "afval", "daken scholen", "trouwen", "parkeren vergunning", "meldingen",
    "huwelijksplanner", "afvalinzameling", "hoe regel ik een huwelijk?",
]
FILTERS = [{}, {"type": ("idea",)}, {"municipality": ("GM0363", "GM0014")}, {"type": ("idea",), "status": ("pilot", "reusable")}]


@pytest.fixture
def every_term_listed(monkeypatch):
    """Every term is frequent enough for a list, and every match set large enough to use the lists."""
    monkeypatch.setattr(database, "SCORE_EVERY_MATCH_UP_TO", 0)
    monkeypatch.setattr(database, "IMPACT_LIST_MIN_DOCUMENTS", 1)


def search(engine, text, filters=None):
    return engine.search(SearchQuery(text=text, filters=filters or {}))


def outcome(results):
    return [hit.page_id for hit in results.hits], results.total, results.facets


def test_the_lists_find_what_ordering_every_match_finds(engine, corpus, reports, monkeypatch):
    exhaustive = {(text, i): outcome(search(engine, text, f)) for text in QUERIES for i, f in enumerate(FILTERS)}
    assert not SearchImpactList.objects.exists()
    monkeypatch.setattr(database, "SCORE_EVERY_MATCH_UP_TO", 0)
    monkeypatch.setattr(database, "IMPACT_LIST_MIN_DOCUMENTS", 1)

    from_lists = {(text, i): outcome(search(engine, text, f)) for text in QUERIES for i, f in enumerate(FILTERS)}

    assert from_lists == exhaustive
    assert set(SearchImpactList.objects.values_list("term", flat=True)) >= {"huwelijk", "gemeent", "afval", "sensor"}


def test_the_matcher_agrees_with_the_database_on_every_query(engine, corpus, reports):
    fields = engine.analysed_fields(SearchDocument.objects.values_list("page_id", flat=True))
    dialect = engine.dialect
    for text in QUERIES:
        plan = plan_query(text, synonym_map(), engine.vocabulary)
        widened = engine.widened_clauses(plan, dialect)
        for relaxed in (False, True):
            matcher = PlanMatcher(plan, relaxed, widened)
            for filters in FILTERS:
                expression = engine.compile(plan, filters, dialect, widened)[relaxed]
                with connection.cursor() as cursor:
                    cursor.execute(dialect.matching_ids_sql(), [expression])
                    in_database = {page_id for (page_id,) in cursor.fetchall()}
                in_python = set(engine.filtered([p for p, f in fields.items() if matcher.matches(f)], filters))
                assert in_python == in_database, (text, relaxed, filters)
                if filters == {} and not relaxed and text in ("huwelijk", "afval"):
                    assert in_database  # the comparison is not between two empty sets


def listed(term):
    return set(SearchImpact.objects.filter(term=term).values_list("page_id", flat=True))


def floor(term):
    return SearchImpactList.objects.get(term=term).floor_impact


def test_a_list_follows_the_pages_as_they_are_written_and_taken_down(
    engine, corpus, reports, publish, every_term_listed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(impact_lists, "IMPACT_LIST_LENGTH", 2)
    monkeypatch.setattr(impact_lists, "IMPACT_LIST_PRESELECTION", 3)
    search(engine, "huwelijk")
    assert len(listed("huwelijk")) == 2 and floor("huwelijk") > 0
    first = listed("huwelijk")
    for _ in range(2):  # built again (as two searches may at once): the same list, whole
        engine.impact_lists.build("huwelijk", engine.average_lengths(), engine.dialect)
    assert listed("huwelijk") == first

    central = idea(publish, "Huwelijk", "Huwelijk, huwelijk en nog eens huwelijk.", "Alles over het huwelijk.")
    aside = idea(publish, "Verslag van de raad", "Een lange vergadering.", "Veel punten. " * 60 + "Ook even het huwelijk.")
    assert central.pk in listed("huwelijk")  # scores above the floor: entered
    assert aside.pk not in listed("huwelijk")  # scores below it: the list already holds better ones
    assert search(engine, "huwelijk").hits[0].page_id == central.pk

    with django_capture_on_commit_callbacks(execute=True):
        central.unpublish()
    assert central.pk not in listed("huwelijk")
    assert central.pk not in [hit.page_id for hit in search(engine, "huwelijk").hits]

    before = floor("huwelijk")
    for number in range(4):
        idea(publish, f"Huwelijk {number}", "Huwelijk huwelijk huwelijk.", "Het huwelijk.")
    assert len(listed("huwelijk")) <= 4  # twice its length at most: then cut back, with a higher floor
    assert floor("huwelijk") > before

    call_command("search_index", "rebuild", verbosity=0)
    assert not SearchImpactList.objects.exists() and not SearchImpact.objects.exists()
