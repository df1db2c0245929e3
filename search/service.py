"""Running a search for the site: the primary engine, the database engine as fallback,
and only live, public pages in what is shown."""

import logging
import sys
import time

from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from .contract import SearchEngineDown
from .engines import fallback_engine, primary_engine
from .syntax import clean_query

logger = logging.getLogger(__name__)


def log_fallback(engine, what):
    """Log why the database engine answers: the full error the first time, one line while the
    primary engine's circuit breaker keeps it out (no traceback per request during an outage)."""
    error = sys.exc_info()[1]
    if isinstance(error, SearchEngineDown):
        logger.warning("%s: %s; answering from the database engine", what, error)
    else:
        logger.exception("%s from %s failed; answering from the database engine", what, engine.name)


def run_search(query):
    """SearchResults for `query`; when the primary engine fails, the database engine answers
    and the results carry a notice, so the page never breaks."""
    started = time.perf_counter()
    engine = primary_engine()
    try:
        results = engine.search(query)
    except Exception:
        fallback = fallback_engine()
        if engine is fallback:
            raise
        log_fallback(engine, "Search")
        results = fallback.search(query)
        results.notice = _("The search service is not fully available; these results come from a simpler search.")
    results.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return results


def visible_pages(page_ids):
    """The live, public pages among `page_ids`, as specific pages in the given order."""
    pages = Page.objects.live().public().filter(pk__in=page_ids).specific().in_bulk()
    return [pages[pk] for pk in page_ids if pk in pages]


def similar_pages(page, limit=5):
    """Live pages most like `page`, from the primary engine or, when it fails, the database engine."""
    engine = primary_engine()
    try:
        ids = engine.similar(page.pk, limit)
    except Exception:
        if engine is fallback_engine():
            raise
        log_fallback(engine, "Similar items")
        ids = fallback_engine().similar(page.pk, limit)
    return visible_pages(ids)


def live_tag_names(prefix, limit):
    """Tags of live, public ideas and fieldlabs that start with `prefix`."""
    from fieldlabs.models import FieldlabTag
    from ideas.models import IdeaTag

    visible = Page.objects.live().public().values("pk")
    used = [
        *IdeaTag.objects.filter(content_object__in=visible).values_list("tag_id", flat=True),
        *FieldlabTag.objects.filter(content_object__in=visible).values_list("tag_id", flat=True),
    ]
    tags = Tag.objects.filter(pk__in=used, name__istartswith=prefix).order_by("name")
    return list(tags.values_list("name", flat=True)[:limit])


def autocomplete(prefix, limit=8):
    """Tags and titles completing `prefix`, from live, public pages only (titles found by the primary
    engine, or the database engine when it fails; a stale index never shows a draft's title)."""
    prefix = clean_query(prefix)
    if not prefix:
        return []
    tags = live_tag_names(prefix, 3)
    engine = primary_engine()
    try:
        page_ids = engine.autocomplete(prefix, limit)
    except Exception:
        if engine is fallback_engine():
            raise
        log_fallback(engine, "Autocomplete")
        page_ids = fallback_engine().autocomplete(prefix, limit)
    titles = [page.title for page in visible_pages(page_ids)]
    return list(dict.fromkeys([*tags, *titles]))[:limit]
