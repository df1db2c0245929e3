"""Filtering and pagination shared by the idea and fieldlab listings."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from municipalities.models import Municipality
from themes.models import Theme
from core.markdown import MARKDOWN_HELP

PAGE_SIZE = 12


@dataclass
class ListingFilters:
    """The filters a visitor chose on a listing page, and the choices the filter form offers.

    Chosen values are checked against those choices; unknown values are dropped and
    reported in `problems`, so a mistyped URL shows the unfiltered list with a notice
    instead of an error page.
    """

    statuses: list
    municipalities: list
    themes: list
    tags: list
    municipality: str = ""
    theme: str = ""
    status: str = ""
    tag: str = ""
    problems: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, statuses, tagged_item_model, listed_pages):
        """Read `?gemeente=&thema=&status=&tag=`; the tags on offer are those of the `listed_pages`
        (live and public), so a tag used only on a draft or a page taken down is never shown."""
        used_tags = tagged_item_model.objects.filter(content_object__in=listed_pages.values("pk")).values("tag_id")
        filters = cls(
            statuses=list(statuses),
            municipalities=list(Municipality.objects.active().only("code", "name")),
            themes=list(Theme.objects.all()),
            tags=list(Tag.objects.filter(pk__in=used_tags).order_by("name")),
        )
        params = request.GET
        filters.municipality = filters.choose(
            params.get("gemeente", "").strip().upper(), {m.code for m in filters.municipalities},
            _("Unknown municipality “%s” was ignored."),
        )
        filters.theme = filters.choose(
            params.get("thema", "").strip(), {t.slug for t in filters.themes}, _("Unknown theme “%s” was ignored.")
        )
        filters.status = filters.choose(
            params.get("status", "").strip(), {value for value, _label in filters.statuses},
            _("Unknown status “%s” was ignored."),
        )
        filters.tag = filters.choose(
            params.get("tag", "").strip(), {t.slug for t in filters.tags}, _("Unknown tag “%s” was ignored.")
        )
        return filters

    def choose(self, value, allowed, problem):
        if value and value not in allowed:
            self.problems.append(problem % value[:50])
            return ""
        return value

    @property
    def active(self):
        return bool(self.municipality or self.theme or self.status or self.tag)

    def apply(self, pages, municipality_lookups):
        """Filter `pages`; a municipality matches any of `municipality_lookups` (e.g. host or participant)."""
        if self.municipality:
            matches = Q()
            for lookup in municipality_lookups:
                matches |= Q(**{f"{lookup}__code": self.municipality})
            pages = pages.filter(pk__in=pages.model.objects.filter(matches).values("pk"))
        if self.theme:
            pages = pages.filter(themes__slug=self.theme)
        if self.status:
            pages = pages.filter(status=self.status)
        if self.tag:
            pages = pages.filter(tags__slug=self.tag)
        return pages


class FilteredIndexPage(Page):
    """An index page that lists its live children with filters and pagination.

    Subclasses set `statuses`, `tagged_item_model`, `municipality_lookups` and
    `listing_name` (the context variable), and define `listing_pages()`.
    """

    intro = models.TextField(gettext_lazy("introduction"), blank=True, help_text=MARKDOWN_HELP)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["veldwerk.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    sort_orders = {}  # ?sorteer= value -> (label, ordering); the first is the default

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed_pages = self.listing_pages()
        filters = ListingFilters.from_request(request, self.statuses, self.tagged_item_model, listed_pages)
        pages = filters.apply(listed_pages, self.municipality_lookups)
        sort = request.GET.get("sorteer", "")
        if sort in self.sort_orders:
            pages = pages.order_by(*self.sort_orders[sort][1])
        context["sort"] = sort if sort in self.sort_orders else next(iter(self.sort_orders), "")
        context["sort_orders"] = [(value, label) for value, (label, _ordering) in self.sort_orders.items()]
        context["filters"] = filters
        context[self.listing_name] = paginate(request, pages)
        return context


def paginate(request, queryset, per_page=PAGE_SIZE):
    """Return the requested page (`?pagina=`) of `queryset`; out-of-range numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))
