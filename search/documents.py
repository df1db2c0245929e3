"""The one serializer from a page to a search document; every engine indexes this."""

from types import SimpleNamespace
from typing import NamedTuple

from adoptions.models import Adoption, AdoptionStatus
from core.markdown import markdown_as_text
from discussion.models import Comment
from fieldlabs.models import FieldlabDecision, FieldlabSessionPage
from ideas.models import IdeaPage
from municipalities.models import Municipality
from themes.models import Theme

INDEXED_MODELS = (IdeaPage, FieldlabSessionPage)
TYPE_BY_MODEL = {IdeaPage: "idea", FieldlabSessionPage: "fieldlab"}
ORIGIN_FIELD = {IdeaPage: "municipality_id", FieldlabSessionPage: "host_municipality_id"}
# What search_document reads of a page, as `search_documents` loads it: values, not page objects,
# whose construction (Wagtail's and modelcluster's) took a quarter of a rebuild's writing process.
DOCUMENT_FIELDS = {
    IdeaPage: ("pk", "title", "external_id", "summary", "body", "organisation", "layer", "status", "first_published_at"),
    FieldlabSessionPage: (
        "pk", "title", "external_id", "summary", "problem", "agenda", "report", "location", "facilitator", "starts_at",
        "status", "first_published_at",
    ),
}


class Related(NamedTuple):
    """What a page's search document takes from outside the page's own row."""

    themes: list  # Theme, by name
    tags: list  # Tag, by name
    municipalities: list  # Municipality: the origin or host first, then adopters or participants by name
    adoption_count: int  # adoptions that were not stopped
    decisions: list  # texts of a fieldlab's decisions, in their order
    comments: list  # SearchableComment: the comments readers see, oldest first


class SearchableComment(NamedTuple):
    anchor: str  # the comment's element id on the page ("reactie-12")
    text: str  # as plain text


def searchable_comments(page_ids):
    """{page id: [SearchableComment]} of the comments readers see on these pages: not deleted, not
    hidden by an editor, oldest first."""
    comments = {page_id: [] for page_id in page_ids}
    visible = Comment.objects.filter(page_id__in=page_ids, is_deleted=False, is_hidden=False).order_by("created_at", "pk")
    for comment in visible.only("page_id", "body"):
        comments[comment.page_id].append(SearchableComment(comment.anchor, markdown_as_text(comment.body)))
    return comments


def related_of(page):
    """The Related of one page, read through its own relations."""
    tags = sorted((tagged.tag for tagged in page.tagged_items.all()), key=lambda tag: tag.name)
    comments = searchable_comments([page.pk])[page.pk]
    if isinstance(page, IdeaPage):
        adopters = [a.municipality for a in page.adoptions.all() if a.status != AdoptionStatus.STOPPED]
        origin = [page.municipality] if page.municipality else []
        return Related(list(page.themes.all()), tags, origin + adopters, len(adopters), [], comments)
    host = [page.host_municipality] if page.host_municipality else []
    decisions = [d.text for d in page.decisions.all()]
    return Related(list(page.themes.all()), tags, host + list(page.participants.all()), 0, decisions, comments)


def search_document(page, related=None, model=None):
    """The search document of a live idea or fieldlab session page: a specific page, or the
    DOCUMENT_FIELDS of a page of `model` with its Related, as `search_documents` loads them in bulk."""
    model = model or type(page)
    related = related or related_of(page)
    if model is IdeaPage:
        body = markdown_as_text(page.body)
        extra_text = [page.organisation]
        layer = page.layer
        starts_at = None
    else:
        body = "\n\n".join(markdown_as_text(text) for text in (page.problem, page.agenda, page.report) if text)
        body = "\n\n".join(filter(None, [body, *related.decisions]))
        extra_text = [page.location, page.facilitator]
        layer = ""
        starts_at = page.starts_at
    municipalities = list({m.code: m for m in related.municipalities}.values())
    themes, tags = related.themes, related.tags
    return {
        "page_id": page.pk,
        "type": TYPE_BY_MODEL[model],
        "external_id": page.external_id,
        "title": page.title,
        "summary": page.summary,
        "body": body,
        "keywords": " ".join(
            [*(t.name for t in themes), *(t.name for t in tags), *(m.name for m in municipalities),
             *(m.province for m in municipalities), *filter(None, extra_text)]
        ),
        "comments": related.comments,
        "published_at": page.first_published_at,
        "starts_at": starts_at,
        "adoption_count": related.adoption_count,
        "facets": {
            "type": [TYPE_BY_MODEL[model]],
            "municipality": [m.code for m in municipalities],
            "province": sorted({m.province for m in municipalities}),
            "theme": [t.slug for t in themes],
            "status": [page.status],
            "tag": [t.slug for t in tags],
            "layer": [layer] if layer else [],
        },
    }


def search_documents(page_ids=None, chunk_size=500):
    """The search documents of the live, public ideas and fieldlabs (those among `page_ids`, or
    all), a chunk of pages at a time: the pages, then what they relate to in one query per
    relation. Through prefetch_related, which builds a queryset and a model object for every
    related row, loading took 0.26 ms a page, more than analysing it (10,000 items)."""
    municipalities = Municipality.objects.in_bulk()
    themes = Theme.objects.in_bulk()
    for model in INDEXED_MODELS:
        ids = list(indexable(model, page_ids).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            chunk = model.objects.filter(pk__in=ids[start : start + chunk_size]).order_by("pk")
            pages = [SimpleNamespace(**values) for values in chunk.values(*DOCUMENT_FIELDS[model], ORIGIN_FIELD[model])]
            related = related_in_bulk(model, pages, municipalities, themes)
            for page in pages:
                yield search_document(page, related[page.pk], model)


def indexable(model, page_ids=None):
    """The live, public pages of `model` (among `page_ids`, or all): those that belong in the index."""
    pages = model.objects.live().public()
    return pages if page_ids is None else pages.filter(pk__in=list(page_ids))


def indexable_page_ids():
    return {pk for model in INDEXED_MODELS for pk in indexable(model).values_list("pk", flat=True)}


class TagValue(NamedTuple):
    name: str
    slug: str


def related_in_bulk(model, pages, municipalities, themes):
    """{page id: Related} of these pages of `model` (with their ORIGIN_FIELD), given every
    municipality and theme by id."""
    page_ids = [page.pk for page in pages]
    page_tags, page_themes, others, decisions = ({page_id: [] for page_id in page_ids} for _ in range(4))
    tagged = model.tags.through.objects.filter(content_object_id__in=page_ids).order_by("tag__name")
    for page_id, name, slug in tagged.values_list("content_object_id", "tag__name", "tag__slug"):
        page_tags[page_id].append(TagValue(name, slug))
    page_column = f"{model._meta.model_name}_id"
    through = model.themes.through.objects.filter(**{f"{page_column}__in": page_ids})
    for page_id, theme_id in through.values_list(page_column, "theme_id"):
        page_themes[page_id].append(themes[theme_id])
    if model is IdeaPage:
        adoptions = Adoption.objects.filter(idea_id__in=page_ids).exclude(status=AdoptionStatus.STOPPED)
        for page_id, municipality_id in adoptions.values_list("idea_id", "municipality_id"):
            others[page_id].append(municipalities[municipality_id])
    else:
        participants = model.participants.through.objects.filter(**{f"{page_column}__in": page_ids})
        for page_id, municipality_id in participants.values_list(page_column, "municipality_id"):
            others[page_id].append(municipalities[municipality_id])
        for page_id, text in FieldlabDecision.objects.filter(page_id__in=page_ids).values_list("page_id", "text"):
            decisions[page_id].append(text)
    origins = {page.pk: getattr(page, ORIGIN_FIELD[model]) for page in pages}
    comments = searchable_comments(page_ids)
    related = {}
    for page_id in page_ids:
        origin = [municipalities[origins[page_id]]] if origins[page_id] else []
        related[page_id] = Related(
            themes=sorted(page_themes[page_id], key=lambda theme: theme.name),
            tags=page_tags[page_id],
            municipalities=origin + sorted(others[page_id], key=lambda municipality: municipality.name),
            adoption_count=len(others[page_id]) if model is IdeaPage else 0,
            decisions=decisions[page_id],
            comments=comments[page_id],
        )
    return related


def is_indexable(page):
    """Live, public ideas and fieldlab sessions belong in the index; nothing else does."""
    return isinstance(page.specific, INDEXED_MODELS) and page.live and not page.get_view_restrictions().exists()
