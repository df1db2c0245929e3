"""Keeping the index in step with the pages.

Changes are collected per database transaction and indexed once it commits: every page
announced during a transaction (by Wagtail's page signals, or by a content app through
`core.signals.content_changed`) is indexed once, by one index job, however often it was
announced. Indexing after commit matters: Wagtail's own search indexes on post_save, before
modelcluster has written tags, so a tag would not be searchable right after publishing.

The job runs through core.tasks (retried with backoff). An engine that fails leaves its pages in
`PendingIndexUpdate`, retried with later updates and by `manage.py search_index verify`; that
backlog is capped at SEARCH_PENDING_INDEX_LIMIT pages (beyond it, `verify` must run, and the
log says so).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.signals import deferred_page_ids
from core.tasks import enqueue_job

from .contract import SearchEngineDown
from .documents import search_documents
from .engines import all_engines

logger = logging.getLogger(__name__)

INDEX_BATCH_SIZE = 500  # pages per index job
PENDING_RETRY_BATCH = 500  # pages of the backlog retried with each index job
CONNECTION_ATTRIBUTE = "veldwerk_reindex_collector"


class ReindexCollector:
    """The page ids changed in one transaction; called once, on commit, to enqueue their indexing."""

    def __init__(self, connection, page_ids=()):
        self.connection = connection
        self.page_ids = set(page_ids)
        self.flushed = False

    def __call__(self):
        self.flushed = True
        if getattr(self.connection, CONNECTION_ATTRIBUTE, None) is self:
            setattr(self.connection, CONNECTION_ATTRIBUTE, None)
        enqueue_reindex(self.page_ids)

    def is_registered(self):
        """False once its transaction (or the savepoint it was registered in) was rolled back:
        Django then drops the on-commit callback."""
        return any(callback is self for _savepoints, callback, _robust in self.connection.run_on_commit)


def schedule_reindex(page_ids, using=None):
    """Index (or remove) these pages once the current transaction has committed.

    All calls in one transaction share one on-commit callback, so each page is indexed once per
    transaction. Inside `core.signals.deferred_indexing()` the ids are only collected; the block
    announces them at its end. Ids collected in a savepoint that was rolled back are kept and
    simply indexed again with the next transaction: re-indexing a page is always harmless.
    """
    page_ids = {int(pk) for pk in page_ids if pk is not None}
    if not page_ids:
        return
    deferred = deferred_page_ids()
    if deferred is not None:
        deferred.update(page_ids)
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        enqueue_reindex(page_ids)
        return
    collector = getattr(connection, CONNECTION_ATTRIBUTE, None)
    if collector is not None and not collector.flushed and collector.is_registered():
        collector.page_ids.update(page_ids)
        return
    leftover = collector.page_ids if collector is not None and not collector.flushed else ()
    collector = ReindexCollector(connection, [*leftover, *page_ids])
    setattr(connection, CONNECTION_ATTRIBUTE, collector)
    transaction.on_commit(collector, using=using, robust=True)


def enqueue_reindex(page_ids):
    """Enqueue index jobs for these pages, in batches of INDEX_BATCH_SIZE."""
    page_ids = sorted(page_ids)
    for start in range(0, len(page_ids), INDEX_BATCH_SIZE):
        enqueue_job(reindex_pages, page_ids[start : start + INDEX_BATCH_SIZE])


def pending_limit():
    return settings.SEARCH_PENDING_INDEX_LIMIT


def reindex_pages(page_ids):
    """Bring the index in line with the current state of these pages, in every engine.

    When every engine is available, up to PENDING_RETRY_BATCH pages of the backlog of failed
    updates are retried along with them."""
    from .models import PendingIndexUpdate

    engines = all_engines()
    page_ids = set(page_ids)
    if all(engine.is_available() for engine in engines):
        page_ids |= set(PendingIndexUpdate.objects.order_by("failed_at").values_list("page_id", flat=True)[:PENDING_RETRY_BATCH])
    # The live, public ideas and fieldlabs among them (a batch costs a handful of queries, not
    # several per page); the others leave the index.
    documents = list(search_documents(page_ids))
    gone = sorted(page_ids - {document["page_id"] for document in documents})
    failed = False
    for engine in engines:
        try:
            engine.index_documents(documents)
            engine.delete_documents(gone)
        except SearchEngineDown as error:
            logger.warning("Indexing %s page(s) in the %s engine postponed: %s", len(page_ids), engine.name, error)
            failed = True
        except Exception:
            logger.exception("Indexing pages %s in the %s engine failed; will retry", sorted(page_ids), engine.name)
            failed = True
    if failed:
        keep_pending(page_ids)
    else:
        PendingIndexUpdate.objects.filter(page_id__in=page_ids).delete()


def keep_pending(page_ids):
    """Remember pages whose update failed, up to SEARCH_PENDING_INDEX_LIMIT pages in all."""
    from .models import PendingIndexUpdate

    limit = pending_limit()
    known = set(PendingIndexUpdate.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True))
    new = sorted(set(page_ids) - known)
    PendingIndexUpdate.objects.filter(page_id__in=known).update(failed_at=timezone.now())
    room = max(0, limit - PendingIndexUpdate.objects.count())
    if len(new) > room:
        logger.error(
            "%s page(s) wait for a retried index update, the limit (SEARCH_PENDING_INDEX_LIMIT); %s more are not "
            "remembered. Run `manage.py search_index verify` once the search engine is back to repair the index.",
            limit, len(new) - room,
        )
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(page_id=pk) for pk in new[:room]], ignore_conflicts=True)
