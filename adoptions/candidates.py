"""Ideas that enough municipalities want, but that no fieldlab has worked on yet."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from ideas.models import IdeaPage
from core.drafts import free_slug

from .models import AdoptionStatus


def fieldlab_candidates():
    """Live ideas with at least FIELDLAB_CANDIDATE_MIN_INTEREST interested municipalities and no fieldlab."""
    minimum = settings.FIELDLAB_CANDIDATE_MIN_INTEREST
    return (
        IdeaPage.objects.live()
        .filter(fieldlabs__isnull=True)
        .annotate(interested=Count("adoptions", filter=Q(adoptions__status=AdoptionStatus.INTEREST), distinct=True))
        .filter(interested__gte=minimum)
        .order_by("-interested", "title")
    )


def start_fieldlab_draft(idea, user):
    """Create a draft fieldlab for `idea` with the interested municipalities as participants."""
    index = FieldlabIndexPage.objects.get()
    interested = [a.municipality for a in idea.adoptions.filter(status=AdoptionStatus.INTEREST).select_related("municipality")]
    starts_at = (timezone.now() + timedelta(days=42)).replace(hour=9, minute=30, second=0, microsecond=0)
    title = _("Fieldlab %(idea)s") % {"idea": idea.title}
    draft = FieldlabSessionPage(
        title=title[:255], slug=free_slug(index, title), summary=idea.summary[:300], starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6), live=False, owner=user,
    )
    draft.participants.set(interested)
    draft.related_ideas.set([idea])
    draft.themes.set(list(idea.themes.all()))
    index.add_child(instance=draft)
    draft.save_revision(user=user, log_action=True)
    return draft

