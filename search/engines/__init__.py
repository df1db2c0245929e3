"""Choosing the search engine: one setting, and views never import an engine directly.

SEARCH_ENGINE = "database" (default) or "elasticsearch". The database engine is also
the fallback: it is always kept up to date, so it can answer when Elasticsearch cannot.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string

ENGINES = {
    "database": "search.engines.database.DatabaseEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}


@functools.lru_cache(maxsize=None)
def engine_named(name):
    if name not in ENGINES:
        raise ValueError(f"Unknown SEARCH_ENGINE {name!r}; choose one of {', '.join(ENGINES)}.")
    return import_string(ENGINES[name])(**getattr(settings, "SEARCH_ENGINE_OPTIONS", {}))


def primary_engine():
    return engine_named(getattr(settings, "SEARCH_ENGINE", "database"))


def fallback_engine():
    return engine_named("database")


def all_engines():
    """Every engine that must receive index updates: the primary one and the database fallback."""
    engines = [fallback_engine()]
    if primary_engine() is not engines[0]:
        engines.append(primary_engine())
    return engines
