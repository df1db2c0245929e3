"""Reading search parameters from a request, the same way for the page and the API."""

from django.utils.translation import gettext as _

from .contract import FACETS, MAX_PAGE, MAX_PAGE_SIZE, SORTS, SearchQuery
from .syntax import MAX_QUERY_CHARS, clean_query

MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 100


class InvalidParameter(ValueError):
    """A parameter that cannot be used; the message says why, for a 400 answer or a notice."""


def positive_int(value, name, maximum, default):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidParameter(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not 1 <= number <= maximum:
        raise InvalidParameter(_("%(name)s must be between 1 and %(maximum)s.") % {"name": name, "maximum": maximum})
    return number


def search_query_from(params, names, default_page_size=10):
    """Build a SearchQuery from a QueryDict; `names` maps contract names to parameter names.

    Raises InvalidParameter with a reason for values that cannot be used.
    """
    text = params.get(names.get("text", "q"), "")
    if len(text) > MAX_QUERY_CHARS * 4:
        raise InvalidParameter(_("The query is too long (at most %(max)s characters).") % {"max": MAX_QUERY_CHARS})
    filters = {}
    for facet in FACETS:
        values = [clean_query(v) for v in params.getlist(names.get(facet, facet)) if clean_query(v)]
        if len(values) > MAX_VALUES_PER_FACET or any(len(v) > MAX_VALUE_LENGTH for v in values):
            raise InvalidParameter(_("Too many or too long values for %(name)s.") % {"name": names.get(facet, facet)})
        if values:
            filters[facet] = tuple(dict.fromkeys(values))
    if "municipality" in filters:
        filters["municipality"] = tuple(v.upper() for v in filters["municipality"])
    sort = params.get(names.get("sort", "sort"), "") or "relevance"
    if sort not in SORTS:
        raise InvalidParameter(_("sort must be one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)})
    return SearchQuery(
        text=text,
        filters=filters,
        sort=sort,
        page=positive_int(params.get(names.get("page", "page")), names.get("page", "page"), MAX_PAGE, 1),
        page_size=positive_int(
            params.get(names.get("page_size", "page_size")), names.get("page_size", "page_size"),
            MAX_PAGE_SIZE, default_page_size,
        ),
    )


PAGE_PARAMETERS = {
    "text": "q", "type": "type", "municipality": "gemeente", "province": "provincie", "theme": "thema",
    "status": "status", "tag": "tag", "layer": "laag", "sort": "sorteer", "page": "pagina", "page_size": "per_pagina",
}
API_PARAMETERS = {facet: facet for facet in FACETS} | {"text": "q", "sort": "sort", "page": "page", "page_size": "page_size"}
