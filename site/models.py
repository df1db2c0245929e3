from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from adoptions.models import Adoption
from ideas.models import IdeaIndexPage, IdeaPage
from core.markdown import MARKDOWN_HELP

LATEST_IDEAS = 6
FIELDLABS_PER_LIST = 3


def count_involved_municipalities(ideas, sessions):
    """How many municipalities an idea came from, adopted one, hosted or joined a fieldlab."""
    origins = ideas.filter(municipality__isnull=False).values_list("municipality_id", flat=True).order_by()
    adopters = Adoption.objects.filter(idea__in=ideas).values_list("municipality_id", flat=True).order_by()
    hosts = sessions.filter(host_municipality__isnull=False).values_list("host_municipality_id", flat=True).order_by()
    participants = FieldlabSessionPage.participants.through.objects.filter(
        fieldlabsessionpage__in=sessions
    ).values_list("municipality_id", flat=True).order_by()
    return origins.union(adopters, hosts, participants).count()


class HomePage(Page):
    """The front door: what Veldwerk is, a search box, what is new, and the figures."""

    intro = models.TextField(_("introduction"), blank=True, help_text=MARKDOWN_HELP)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["ideas.IdeaIndexPage", "fieldlabs.FieldlabIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ideas = IdeaPage.objects.live().public()
        sessions = FieldlabSessionPage.objects.live().public()
        context.update(
            latest_ideas=ideas.for_listing().order_by("-first_published_at", "-pk")[:LATEST_IDEAS],
            upcoming_fieldlabs=sessions.upcoming().for_listing()[:FIELDLABS_PER_LIST],
            recent_fieldlabs=sessions.past().for_listing()[:FIELDLABS_PER_LIST],
            idea_index=IdeaIndexPage.objects.live().first(),
            fieldlab_index=FieldlabIndexPage.objects.live().first(),
            figures={
                "ideas": ideas.count(),
                "fieldlabs": sessions.count(),
                "municipalities": count_involved_municipalities(ideas, sessions),
            },
        )
        return context
