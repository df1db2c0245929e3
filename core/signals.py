"""Announcements from the content apps, for whoever keeps derived data in step (the search index).

Domain apps (ideas, adoptions, the importer, …) live below `search/` and never import it: they
announce that pages changed with `announce_content_changed`, and search listens
(search/signals.py). Wagtail's own page signals (published, unpublished, moved) need no
announcement; search listens to those directly.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent with `page_ids`: the content of these pages (or what hangs on them: adoptions, merges)
# changed, so whatever is derived from them must follow once the transaction commits.
content_changed = Signal()

_deferred_page_ids = ContextVar("veldwerk_deferred_page_ids", default=None)


def announce_content_changed(page_ids, sender=None):
    """Tell listeners that these pages changed (they act after the transaction commits)."""
    page_ids = sorted({int(pk) for pk in page_ids if pk is not None})
    if page_ids:
        content_changed.send(sender=sender, page_ids=page_ids)


@contextmanager
def deferred_indexing():
    """Hold back per-commit indexing inside the block and announce every changed page once at
    the end, so bulk work (an import writing each record in its own transaction) is indexed
    in batches instead of once per transaction. Listeners honour it through
    `deferred_page_ids()`. Nested blocks join the outermost one."""
    if _deferred_page_ids.get() is not None:
        yield
        return
    page_ids = set()
    token = _deferred_page_ids.set(page_ids)
    try:
        yield
    finally:
        _deferred_page_ids.reset(token)
        announce_content_changed(page_ids, sender=deferred_indexing)


def deferred_page_ids():
    """The set collecting changed page ids while `deferred_indexing` is active, else None."""
    return _deferred_page_ids.get()
