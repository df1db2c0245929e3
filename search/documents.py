"""The one serializer from a page to a search document; every engine indexes this."""

from django.db.models import Prefetch

from fieldlabs.models import FieldlabSessionPage, FieldlabTag
from adoptions.models import AdoptionStatus
from ideas.models import IdeaPage, IdeaTag
from core.markdown import markdown_as_text

INDEXED_MODELS = (IdeaPage, FieldlabSessionPage)
TYPE_BY_MODEL = {IdeaPage: "idea", FieldlabSessionPage: "fieldlab"}


def search_document(page):
    """The search document of a live idea or fieldlab session page (a specific page)."""
    if isinstance(page, IdeaPage):
        municipalities = [page.municipality] if page.municipality else []
        municipalities += [a.municipality for a in page.adoptions.all() if a.status != AdoptionStatus.STOPPED]
        body = markdown_as_text(page.body)
        extra_text = [page.organisation]
        adoption_count = sum(1 for a in page.adoptions.all() if a.status != AdoptionStatus.STOPPED)
        layer = page.layer
        starts_at = None
    else:
        municipalities = ([page.host_municipality] if page.host_municipality else []) + list(page.participants.all())
        body = "\n\n".join(markdown_as_text(text) for text in (page.problem, page.agenda, page.report) if text)
        body = "\n\n".join(filter(None, [body, *(d.text for d in page.decisions.all())]))
        extra_text = [page.location, page.facilitator]
        adoption_count = 0
        layer = ""
        starts_at = page.starts_at
    municipalities = list({m.code: m for m in municipalities}.values())
    themes = list(page.themes.all())
    tags = [tagged.tag for tagged in page.tagged_items.all()]
    return {
        "page_id": page.pk,
        "type": TYPE_BY_MODEL[type(page)],
        "external_id": page.external_id,
        "title": page.title,
        "summary": page.summary,
        "body": body,
        "keywords": " ".join(
            [*(t.name for t in themes), *(t.name for t in tags), *(m.name for m in municipalities),
             *(m.province for m in municipalities), *filter(None, extra_text)]
        ),
        "published_at": page.first_published_at,
        "starts_at": starts_at,
        "adoption_count": adoption_count,
        "facets": {
            "type": [TYPE_BY_MODEL[type(page)]],
            "municipality": [m.code for m in municipalities],
            "province": sorted({m.province for m in municipalities}),
            "theme": [t.slug for t in themes],
            "status": [page.status],
            "tag": [t.slug for t in tags],
            "layer": [layer] if layer else [],
        },
    }


def indexable_ideas():
    return (
        IdeaPage.objects.live().public()
        .select_related("municipality")
        .prefetch_related("themes", Prefetch("tagged_items", IdeaTag.objects.select_related("tag")), "adoptions__municipality")
    )


def indexable_fieldlabs():
    return (
        FieldlabSessionPage.objects.live().public()
        .select_related("host_municipality")
        .prefetch_related(
            "themes", Prefetch("tagged_items", FieldlabTag.objects.select_related("tag")), "participants", "decisions"
        )
    )


def indexable_pages(chunk_size=500):
    """Every page that belongs in the index, with what its document needs prefetched."""
    for queryset in (indexable_ideas(), indexable_fieldlabs()):
        yield from queryset.order_by("pk").iterator(chunk_size=chunk_size)


def is_indexable(page):
    """Live, public ideas and fieldlab sessions belong in the index; nothing else does."""
    return isinstance(page.specific, INDEXED_MODELS) and page.live and not page.get_view_restrictions().exists()
