"""The public search page, the JSON search API and autocomplete."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .contract import MAX_PAGE, SearchQuery
from .facts import result_facts
from .labels import facet_labels
from .page_filters import active_filters, facet_groups, page_url
from .params import API_PARAMETERS, PAGE_PARAMETERS, InvalidParameter, search_query_from
from .service import autocomplete, run_search, visible_pages
from .syntax import MAX_QUERY_CHARS

AUTOCOMPLETE_MAX_PREFIX = 100
AUTOCOMPLETE_LIMIT = 8


@require_GET
def search_page(request):
    """`/zoeken/`: search with facets, snippets, the facts of each hit, sorting and paging.
    Bad input gives a notice, never an error."""
    problems = []
    try:
        query = search_query_from(request.GET, PAGE_PARAMETERS)
    except InvalidParameter as problem:
        problems.append(str(problem))
        query = SearchQuery(text=request.GET.get("q", "")[:MAX_QUERY_CHARS])
    context = {"query": query, "problems": problems, "results": None, "parameter_names": PAGE_PARAMETERS}
    if query.text.strip() or query.filters:
        results = run_search(query)
        pages = {page.pk: page for page in visible_pages([hit.page_id for hit in results.hits])}
        facts = result_facts(pages.values())
        labels = facet_labels(results.facets)
        context.update(
            results=results,
            items=[(hit, pages[hit.page_id], facts[hit.page_id]) for hit in results.hits if hit.page_id in pages],
            facet_groups=facet_groups(results.facets, labels),
            active_filters=active_filters(query, labels),
            clear_filters_url=page_url(query, {}),
            page_count=min(MAX_PAGE, max(1, -(-results.total // query.page_size))),
        )
    return render(request, "search/search_page.html", context)


@require_GET
def search_api(request):
    """`GET /api/v1/search`: the documented JSON schema; bad parameters get a 400 with a reason."""
    try:
        query = search_query_from(request.GET, API_PARAMETERS)
    except InvalidParameter as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    results = run_search(query) if (query.text.strip() or query.filters) else None
    if results is None:
        return JsonResponse({"error": _("Give a query (q) or at least one filter.")}, status=400)
    pages = {page.pk: page for page in visible_pages([hit.page_id for hit in results.hits])}
    facts = result_facts(pages.values())
    return JsonResponse(
        {
            "total": results.total,
            "total_at_least": results.total_at_least,
            "engine": results.engine,
            "took_ms": results.took_ms,
            "results": [
                {
                    "type": hit.type,
                    "id": hit.page_id,
                    "external_id": hit.external_id,
                    "title": pages[hit.page_id].title,
                    "url": pages[hit.page_id].url,
                    "snippet": hit.snippet,
                    "score": hit.score,
                    "partial": hit.partial,
                    "comment_url": f"{pages[hit.page_id].url}#{hit.comment_anchor}" if hit.comment_anchor else None,
                    **facts[hit.page_id].as_dict(),
                }
                for hit in results.hits
                if hit.page_id in pages
            ],
            "facets": {
                facet: [{"value": f.value, "count": f.count, "selected": f.selected, "at_least": f.at_least} for f in counts]
                for facet, counts in results.facets.items()
            },
            "suggestion": results.suggestion or None,
            "relaxed": results.relaxed,
            "notice": results.notice or None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def autocomplete_api(request):
    """`GET /api/v1/autocomplete?q=`: titles with a word that starts with what was typed."""
    prefix = request.GET.get("q", "")[:AUTOCOMPLETE_MAX_PREFIX]
    return JsonResponse({"suggestions": autocomplete(prefix, AUTOCOMPLETE_LIMIT)}, json_dumps_params={"ensure_ascii": False})
