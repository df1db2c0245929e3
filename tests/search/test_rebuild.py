"""A rebuild leaves the index ready to search at full speed."""

import pytest
from django.db import connection

from search import engines
from search.contract import SearchQuery
from search.documents import search_document
from tests.factories import IdeaPageFactory


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
