"""A rebuild loads documents in bulk, analyses them in other processes, and leaves the index ready
to search at full speed."""

import pytest
from django.db import connection
from wagtail.models import Page

from adoptions.ledger import register_adoption
from search import engines
from search.contract import SearchQuery
from search.documents import is_indexable, search_document, search_documents
from search.engines import database
from tests.factories import IdeaPageFactory, municipality


@pytest.mark.commits  # VACUUM cannot run inside the per-test transaction
def test_a_rebuild_leaves_the_search_tables_vacuumed(committing_db):
    page = IdeaPageFactory(title="Herbouwde zoekindex", summary="Na de herbouw meteen snel.", live=True)
    engine = engines.engine_named("database")

    assert engine.rebuild([search_document(page)]) == 1

    assert [hit.page_id for hit in engine.search(SearchQuery(text="zoekindex")).hits] == [page.pk]
    if connection.vendor == "postgresql":  # every page all-visible: counting needs no look-up per row
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'search_vector'")
            visible, pages = cursor.fetchone()
        assert visible == pages > 0


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_documents_loaded_in_bulk_are_those_of_each_page_read_alone(engine, corpus, publish):
    planner, fieldlab = corpus["planner"], corpus["fieldlab"]
    register_adoption(planner, municipality("GM0518"), "stopped")  # a stopped adoption neither counts nor names
    planner.organisation = "Dienst Dataplatform"
    planner.tags.add("Zaakgericht werken")
    publish(planner)
    fieldlab.decisions.create(text="Koppeling met het rooster bouwen", owner="Team BABS")
    fieldlab.decisions.create(text="Pilot in twee gemeenten")
    fieldlab.location, fieldlab.facilitator = "Stadskantoor Utrecht", "VNG Realisatie"
    publish(fieldlab)
    pages = [page.specific for page in Page.objects.filter(pk__in=[p.pk for p in corpus.values()]).order_by("pk")]

    in_bulk = {document["page_id"]: document for document in search_documents(chunk_size=2)}

    alone = {page.pk: search_document(page) for page in pages if is_indexable(page)}
    assert in_bulk == alone
    assert {corpus["draft"].pk, corpus["private"].pk}.isdisjoint(in_bulk)
    assert in_bulk[planner.pk]["adoption_count"] == 3
    assert "Pilot in twee gemeenten" in in_bulk[fieldlab.pk]["body"]


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_a_rebuild_analysing_in_other_processes_builds_the_same_index(engine, corpus, settings, monkeypatch):
    monkeypatch.setattr(database, "REBUILD_BATCH_SIZE", 2)  # several batches, so the processes take part

    def index_state():
        with connection.cursor() as cursor:
            tables = {}
            for table, key in (("search_word", "word"), ("search_term", "term"), ("search_statistic", "name")):
                cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")
                tables[table] = cursor.fetchall()
        results = {text: [hit.page_id for hit in engine.search(SearchQuery(text=text)).hits]
                   for text in ("huwelijk", "afval sensoren", "zonnepanelen scholen", "gemeente", "trouwen")}
        return tables, results, sorted(engine.indexed_ids())

    settings.SEARCH_REBUILD_PROCESSES = 0
    assert engine.rebuild(search_documents()) == 5
    in_one_process = index_state()
    settings.SEARCH_REBUILD_PROCESSES = 2
    assert engine.rebuild(search_documents()) == 5

    assert index_state() == in_one_process
    assert in_one_process[1]["huwelijk"]  # the comparison is of a working index
