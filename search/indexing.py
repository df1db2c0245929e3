"""Keeping the index in step with the pages.

Every change is indexed after the transaction commits (`transaction.on_commit`):
Wagtail's own search indexes on post_save, before modelcluster has written tags,
so a tag would not be searchable right after publishing. A failed update is kept
in `PendingIndexUpdate` and retried with the next update or by
`manage.py search_index verify`.
"""

import logging

from django.db import transaction
from wagtail.models import Page

from .documents import is_indexable, search_document
from .engines import all_engines

logger = logging.getLogger(__name__)


def schedule_reindex(page_ids):
    """Index (or remove) these pages once the current transaction has committed."""
    page_ids = list(page_ids)
    if page_ids:
        transaction.on_commit(lambda: reindex_pages(page_ids))


def reindex_pages(page_ids):
    """Bring the index in line with the current state of these pages, in every engine."""
    from .models import PendingIndexUpdate

    pending = set(PendingIndexUpdate.objects.values_list("page_id", flat=True))
    page_ids = set(page_ids) | pending
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    documents = [search_document(page) for page in pages.values() if is_indexable(page)]
    gone = [pk for pk in page_ids if pk not in pages or not is_indexable(pages[pk])]
    failed = False
    for engine in all_engines():
        try:
            engine.index_documents(documents)
            engine.delete_documents(gone)
        except Exception:
            logger.exception("Indexing pages %s in the %s engine failed; will retry", sorted(page_ids), engine.name)
            failed = True
    if failed:
        PendingIndexUpdate.objects.bulk_create(
            [PendingIndexUpdate(page_id=pk) for pk in page_ids], ignore_conflicts=True
        )
    else:
        PendingIndexUpdate.objects.filter(page_id__in=page_ids).delete()
