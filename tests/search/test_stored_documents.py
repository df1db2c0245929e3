"""The index keeps each text once (search.engines.stored, migration 0010): edits and removals must
still take everything of the old version out, though SQLite's full-text tables keep no copy of it."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from search import engines
from search.contract import SearchQuery
from search.documents import search_document
from search.engines.database import indexed_documents
from search.engines.stored import StoredDocument
from search.models import SearchStatistic, SearchWord
from tests.factories import IdeaPageFactory, municipality
from tests.ideas.test_merge_races import someone_waits_for_a_lock

from .conftest import idea


def found(engine, text, **filters):
    return [hit.page_id for hit in engine.search(SearchQuery(text=text, filters=filters)).hits]


def full_text_rows():
    """How many documents the full-text index holds (every document has the all-documents token)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
            cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'xall'")
        else:
            cursor.execute("SELECT count(*) FROM search_vector")
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_each_edit_takes_the_previous_words_title_and_facets_out(engine, publish):
    page = idea(publish, "Kwartelkoning telling", "Vogels tellen in het buitengebied.", "Met een app per perceel.", code="GM0363")
    for title, summary, code in (
        ("Grutto telling", "Weidevogels tellen met vrijwilligers.", "GM0014"),
        ("Grutto en kievit", "Nesten markeren voor de maaier.", "GM0034"),
    ):
        page.title, page.summary, page.municipality = title, summary, municipality(code)
        page = publish(page)

    assert found(engine, "kievit nesten") == [page.pk]
    assert found(engine, "kwartelkoning") == []
    assert found(engine, "weidevogels") == []
    assert found(engine, "grutto", municipality=["GM0014"]) == []
    assert found(engine, "grutto", municipality=["GM0034"]) == [page.pk]
    assert engine.autocomplete("kwartel") == []
    assert engine.autocomplete("kiev") == [page.pk]
    assert full_text_rows() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_a_removed_page_leaves_nothing_in_the_full_text_index_or_the_vocabulary(engine, publish):
    kept = idea(publish, "Grutto telling", "Weidevogels tellen.", tags=["vogels"])
    removed = idea(publish, "Kwartelkoning telling", "Roepende kwartelkoningen tellen.", tags=["akkervogels"])

    engine.delete_documents([removed.pk])

    assert found(engine, "telling") == [kept.pk]
    assert full_text_rows() == 1
    assert not SearchWord.objects.filter(word__in=["kwartelkoning", "akkervogels"]).exists()
    assert SearchWord.objects.get(word="telling").document_frequency == 1


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_the_summary_body_and_keywords_are_kept_once_compressed_and_read_back_whole(engine, publish):
    body = "Een lange beschrijving van de aanpak. " * 200
    page = idea(publish, "Grutto telling", "Weidevogels tellen.", body, themes=["openbare-ruimte"])

    [document] = indexed_documents([page.pk])

    assert document.stored.summary == "Weidevogels tellen."
    assert document.stored.body.strip() == body.strip()
    assert "Openbare ruimte" in document.stored.keywords
    with connection.cursor() as cursor:
        cursor.execute("SELECT stored FROM search_document WHERE page_id = %s", [page.pk])
        assert len(bytes(cursor.fetchone()[0])) < len(body) / 10  # a repetitive text compresses well


def test_a_stored_document_survives_a_separator_in_its_text():
    stored = StoredDocument(analysed="a\nb", facet_tokens="xall", summary="een\x00twee", body="drie", keywords="vier")

    assert StoredDocument.unpacked(stored.packed()) == StoredDocument("a\nb", "xall", "een twee", "drie", "vier")


def test_stored_comments_keep_their_anchors_whatever_their_text_contains():
    comments = [("reactie-3", "Eerste\x1eregel\x1f en \x00 meer"), ("reactie-9", "")]
    stored = StoredDocument(comments=StoredDocument.comments_value(comments))

    assert StoredDocument.unpacked(stored.packed()).comment_list() == [("reactie-3", "Eerste regel  en   meer"), ("reactie-9", "")]


@pytest.mark.postgres_only
@pytest.mark.commits
def test_two_index_jobs_replacing_one_page_at_once_leave_the_counts_of_the_last(committing_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL (set DATABASE_URL)")
    settings.SEARCH_ENGINE = "database"
    engine = engines.engine_named("database")
    page = IdeaPageFactory(title="Grutto telling", summary="Weidevogels.", live=True)
    engine.index_documents([search_document(page)])
    second_version = {**search_document(page), "title": "Kievit telling"}
    third_version = {**search_document(page), "title": "Tureluur telling"}
    documents_before = SearchStatistic.objects.get(name="documents").value
    first_written, release = threading.Event(), threading.Event()

    def first_job():
        try:
            with transaction.atomic():  # written, not yet committed
                engine.index_documents([second_version])
                first_written.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def second_job():
        first_written.wait(timeout=30)
        try:
            engine.index_documents([third_version])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_job), threading.Thread(target=second_job)]
    for thread in threads:
        thread.start()
    first_written.wait(timeout=30)
    deadline = time.monotonic() + 30  # the second job waits for the first one's rows; then commit the first
    while threads[1].is_alive() and not someone_waits_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    words = dict(SearchWord.objects.filter(word__in=["grutto", "kievit", "tureluur"]).values_list("word", "document_frequency"))
    assert words == {"tureluur": 1}
    assert SearchStatistic.objects.get(name="documents").value == documents_before
