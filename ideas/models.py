from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from adoptions.models import AdoptionStatus, active_adoption_count
from core.links import LinkURLField
from core.listing import FilteredIndexPage
from core.markdown import MARKDOWN_HELP


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    PILOT = "pilot", _("in pilot")
    REUSABLE = "reusable", _("reusable")
    ARCHIVED = "archived", _("archived")


class CommonGroundLayer(models.TextChoices):
    INTERACTION = "interaction", _("interaction")
    PROCESS = "process", _("process")
    INTEGRATION = "integration", _("integration")
    SERVICES = "services", _("services")
    DATA = "data", _("data")


class FoundVia(models.TextChoices):
    VISIT = "visit", _("visit")
    EVENT = "event", _("event")
    NEWS = "news", _("news")
    OWN_INITIATIVE = "own_initiative", _("own initiative")


class IdeaIndexPage(FilteredIndexPage):
    """The list of all ideas, filterable by municipality, theme, status and tag."""

    subpage_types = ["ideas.IdeaPage"]
    statuses = IdeaStatus.choices
    municipality_lookups = ["municipality"]
    listing_name = "ideas"
    sort_orders = {
        "nieuwste": (_("Newest"), ["-first_published_at", "-pk"]),
        "meest-gebruikt": (_("Most adopted"), ["-adoption_count", "-first_published_at", "-pk"]),
    }

    class Meta:
        verbose_name = _("idea index")

    @property
    def tagged_item_model(self):
        return IdeaTag

    def listing_pages(self):
        return IdeaPage.objects.child_of(self).live().public().for_listing().order_by("-first_published_at", "-pk")


class IdeaPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Everything a listing shows per idea, in a fixed number of queries."""
        return (
            self.select_related("municipality")
            .prefetch_related("themes", "tags")
            .annotate(adoption_count=active_adoption_count())
        )


class IdeaTag(TaggedItemBase):
    content_object = ParentalKey("ideas.IdeaPage", on_delete=models.CASCADE, related_name="tagged_items")


class IdeaPage(Page):
    """A promising local idea or solution that could serve every municipality."""

    external_id = models.CharField(
        _("external id"), max_length=200, unique=True, null=True, blank=True,
        help_text=_("Stable identifier from the source an idea was imported from."),
    )
    summary = models.TextField(
        _("summary"), max_length=300, validators=[MaxLengthValidator(300)],
        help_text=_("Plain text, at most 300 characters."),
    )
    body = models.TextField(_("description"), blank=True, help_text=MARKDOWN_HELP)
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("origin municipality"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="ideas",
    )
    organisation = models.CharField(
        _("origin organisation"), max_length=200, blank=True,
        help_text=_("For solutions from other public bodies or suppliers."),
    )
    themes = ParentalManyToManyField("themes.Theme", verbose_name=_("themes"), blank=True, related_name="ideas")
    tags = ClusterTaggableManager(through=IdeaTag, blank=True, verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED, db_index=True)
    layer = models.CharField(_("Common Ground layer"), max_length=20, choices=CommonGroundLayer.choices, blank=True)
    found_via = models.CharField(_("found via"), max_length=20, choices=FoundVia.choices, blank=True)
    scout = models.ForeignKey(
        "auth.User", verbose_name=_("talent scout"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="scouted_ideas",
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("municipality", widget=forms.Select), FieldPanel("organisation")])],
            heading=_("Origin"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("layer"), FieldPanel("found_via")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        MultiFieldPanel([FieldPanel("scout"), FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("People")),
        InlinePanel("links", label=_("Links")),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("external_id")]
    search_fields = [  # Wagtail's own index, used by the admin's page search
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organisation"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    objects = PageManager.from_queryset(IdeaPageQuerySet)()
    parent_page_types = ["ideas.IdeaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def clean(self):
        super().clean()
        if not self.municipality_id and not self.organisation.strip():
            raise ValidationError(
                {"organisation": _("Give the origin: a municipality, an organisation name, or both.")}
            )

    @property
    def origin(self):
        """The municipality and/or organisation the idea comes from, for display."""
        return " · ".join(str(part) for part in (self.municipality, self.organisation) if part)

    @property
    def is_merged_duplicate(self):
        """True while an editor has this idea marked as a duplicate of another."""
        return self.merges_as_duplicate.filter(undone_at__isnull=True).exists()

    def url_path_for_redirect(self):
        """The path a visitor used for this idea, as Wagtail's redirects store it."""
        from wagtail.contrib.redirects.models import Redirect

        return Redirect.normalise_path(self.url)

    def get_context(self, request, *args, **kwargs):
        from adoptions.forms import adoption_form_for

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("adoption_form", adoption_form_for(request.user, self))
        return context

    def live_fieldlabs(self):
        """Fieldlab sessions this idea was worked on in, that a visitor may see."""
        return self.fieldlabs.all().live().public().order_by("-starts_at")

    def adoptions_by_status(self):
        """Adoptions grouped per status in the order of AdoptionStatus, for the idea page."""
        adoptions = list(self.adoptions.select_related("municipality").prefetch_related("changes").order_by("municipality__name"))
        return [
            (label, [a for a in adoptions if a.status == value])
            for value, label in AdoptionStatus.choices
            if any(a.status == value for a in adoptions)
        ]


class IdeaLink(Orderable):
    page = ParentalKey(IdeaPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = LinkURLField(_("URL"), max_length=500)

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("url")])]

    def __str__(self):
        return self.title


class IdeaAttachment(Orderable):
    page = ParentalKey(IdeaPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]


class IdeaMerge(models.Model):
    """An idea marked as a duplicate of another, with what was moved, so it can be undone."""

    duplicate = models.ForeignKey(IdeaPage, verbose_name=_("duplicate"), on_delete=models.CASCADE, related_name="merges_as_duplicate")
    canonical = models.ForeignKey(IdeaPage, verbose_name=_("canonical idea"), on_delete=models.CASCADE, related_name="merges_as_canonical")
    merged_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    was_live = models.BooleanField(default=True)
    # Wagtail clears `live_revision` when it unpublishes, so the merge keeps it: undoing
    # republishes what readers saw, not a draft nobody approved.
    live_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("live revision at merge"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moved = models.JSONField(default=dict, blank=True)
    redirect = models.ForeignKey("wagtailredirects.Redirect", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("merge of duplicate ideas")
        verbose_name_plural = _("merges of duplicate ideas")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.duplicate} → {self.canonical}"
