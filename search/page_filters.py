"""The filters of `/zoeken/` as the page shows them: facet groups with the selected values on top,
and the active filters, each with a link that removes just that one."""

from dataclasses import dataclass

from django.utils.http import urlencode

from .contract import FACETS, SearchQuery
from .labels import FACET_TITLES
from .params import PAGE_PARAMETERS


@dataclass(frozen=True)
class FacetGroup:
    facet: str
    parameter: str
    title: str
    values: list  # (FacetCount, label) pairs


@dataclass(frozen=True)
class ActiveFilter:
    title: str
    label: str
    remove_url: str


def facet_groups(facets, labels):
    """A group per facet with values, selected values first (so none hides at the bottom of a
    scrolling list), the rest most frequent first as the engine gave them."""
    return [
        FacetGroup(
            facet, PAGE_PARAMETERS[facet], FACET_TITLES[facet],
            [(count, labels.get(facet, {}).get(count.value, count.value))
             for count in sorted(facets[facet], key=lambda count: not count.selected)],
        )
        for facet in FACETS
        if facets.get(facet)
    ]


def page_url(query, filters):
    """`?…` for the search page with the query's words and sort but the given filters (on the
    first page: other filters give other pages)."""
    params = [(PAGE_PARAMETERS["text"], query.text)]
    params += [(PAGE_PARAMETERS[facet], value) for facet in FACETS for value in filters.get(facet, ())]
    if query.sort != SearchQuery.sort:
        params.append((PAGE_PARAMETERS["sort"], query.sort))
    return "?" + urlencode(params)


def active_filters(query, labels):
    """Every selected filter value with its label and a link to the same search without it."""
    return [
        ActiveFilter(
            FACET_TITLES[facet],
            labels.get(facet, {}).get(value, value),
            page_url(query, query.filters | {facet: tuple(v for v in query.filters[facet] if v != value)}),
        )
        for facet in FACETS
        for value in query.filters.get(facet, ())
    ]
