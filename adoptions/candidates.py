"""Ideas that enough municipalities want, but that no fieldlab has worked on yet."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.drafts import create_draft
from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from ideas.models import IdeaPage
from municipalities.models import Municipality

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


FIELDLAB_START_TIME = time(9, 30)
FIELDLAB_WEEKS_AHEAD = 6
PARTICIPATING_STATUSES = (AdoptionStatus.INTEREST, AdoptionStatus.PILOT, AdoptionStatus.PRODUCTION)


def candidate_participants(idea):
    """Who a fieldlab on `idea` should invite: the municipality it came from, and every municipality
    that is interested in it, piloting it or running it (not those that stopped)."""
    codes = set(idea.adoptions.filter(status__in=PARTICIPATING_STATUSES).values_list("municipality_id", flat=True))
    if idea.municipality_id:
        codes.add(idea.municipality_id)
    return list(Municipality.objects.filter(pk__in=codes).order_by("name"))


def start_fieldlab_draft(idea, user):
    """Create a draft fieldlab for `idea`, or return the one already started for it.

    Returns (fieldlab, created). The idea's row is locked first, so two editors pressing the
    button at once get one draft. The session starts at 9:30 Amsterdam time, six weeks ahead.
    """
    with transaction.atomic():
        IdeaPage.objects.select_for_update().filter(pk=idea.pk).first()
        existing = FieldlabSessionPage.objects.filter(related_ideas=idea).order_by("pk").first()
        if existing is not None:
            return existing, False
        day = timezone.localdate() + timedelta(weeks=FIELDLAB_WEEKS_AHEAD)
        starts_at = timezone.make_aware(datetime.combine(day, FIELDLAB_START_TIME))
        title = _("Fieldlab %(idea)s") % {"idea": idea.title}
        draft = FieldlabSessionPage(
            title=title[:255], summary=idea.summary[:300], starts_at=starts_at, ends_at=starts_at + timedelta(hours=6),
        )
        draft.participants.set(candidate_participants(idea))
        draft.related_ideas.set([idea])
        draft.themes.set(list(idea.themes.all()))
        create_draft(FieldlabIndexPage.objects.get(), draft, user=user)
    return draft, True
