from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ideas.models import IdeaPage
from core.listing import FilteredIndexPage
from core.markdown import MARKDOWN_HELP


class FieldlabStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    REPORT_PUBLISHED = "report_published", _("report published")


class FieldlabIndexPage(FilteredIndexPage):
    """All fieldlab sessions, newest first, filterable by host or participant, theme, status and tag."""

    subpage_types = ["fieldlabs.FieldlabSessionPage"]
    statuses = FieldlabStatus.choices
    municipality_lookups = ["host_municipality", "participants"]
    listing_name = "sessions"

    class Meta:
        verbose_name = _("fieldlab index")

    @property
    def tagged_item_model(self):
        return FieldlabTag

    def listing_pages(self):
        return FieldlabSessionPage.objects.child_of(self).live().public().for_listing().order_by("-starts_at", "-pk")


class FieldlabSessionQuerySet(PageQuerySet):
    def for_listing(self):
        """Everything a listing shows per session, in a fixed number of queries."""
        return self.select_related("host_municipality").prefetch_related("participants")

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class FieldlabTag(TaggedItemBase):
    content_object = ParentalKey("fieldlabs.FieldlabSessionPage", on_delete=models.CASCADE, related_name="tagged_items")


class FieldlabSessionPage(Page):
    """One working session of specialists from several municipalities, and its report."""

    external_id = models.CharField(
        _("external id"), max_length=200, unique=True, null=True, blank=True,
        help_text=_("Stable identifier from the source a fieldlab was imported from."),
    )
    summary = models.TextField(
        _("summary"), max_length=300, validators=[MaxLengthValidator(300)],
        help_text=_("Plain text, at most 300 characters."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    host_municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("host municipality"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="hosted_fieldlabs",
    )
    participants = ParentalManyToManyField(
        "municipalities.Municipality", verbose_name=_("participating municipalities"), blank=True,
        related_name="fieldlabs",
    )
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    themes = ParentalManyToManyField("themes.Theme", verbose_name=_("themes"), blank=True, related_name="fieldlabs")
    tags = ClusterTaggableManager(through=FieldlabTag, blank=True, verbose_name=_("tags"))
    status = models.CharField(
        _("status"), max_length=20, choices=FieldlabStatus.choices, default=FieldlabStatus.PLANNED, db_index=True
    )
    problem = models.TextField(_("problem statement"), blank=True, help_text=MARKDOWN_HELP)
    agenda = models.TextField(_("agenda"), blank=True, help_text=MARKDOWN_HELP)
    report = models.TextField(_("report"), blank=True, help_text=MARKDOWN_HELP)
    related_ideas = ParentalManyToManyField(
        "ideas.IdeaPage", verbose_name=_("related ideas"), blank=True, related_name="fieldlabs"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("facilitator")]),
            ],
            heading=_("Session"),
        ),
        MultiFieldPanel(
            [FieldPanel("host_municipality", widget=forms.Select), FieldPanel("participants", widget=forms.SelectMultiple(attrs={"size": 12}))],
            heading=_("Municipalities"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("problem"),
        FieldPanel("agenda"),
        FieldPanel("report"),
        InlinePanel("decisions", label=_("Decisions and follow-ups")),
        FieldPanel("related_ideas"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("external_id")]
    search_fields = [  # Wagtail's own index, used by the admin's page search
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("report"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    objects = PageManager.from_queryset(FieldlabSessionQuerySet)()
    parent_page_types = ["fieldlabs.FieldlabIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fieldlab session")
        verbose_name_plural = _("fieldlab sessions")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})

    def live_related_ideas(self):
        """Related ideas a visitor may see (drafts and private ideas stay hidden); works in previews too."""
        related_ids = [idea.pk for idea in self.related_ideas.all()]
        return IdeaPage.objects.live().public().filter(pk__in=related_ids).select_related("municipality").order_by("title")


class FieldlabDecision(Orderable):
    """A decision or follow-up agreed in a session: who does what, by when."""

    page = ParentalKey(FieldlabSessionPage, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision or follow-up"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("done")])]

    class Meta(Orderable.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text


class FieldlabAttachment(Orderable):
    page = ParentalKey(FieldlabSessionPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]
