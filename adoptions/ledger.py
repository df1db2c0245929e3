"""Registering an adoption: the one way the ledger changes, so history is always kept."""

from django.db import transaction
from django.utils import timezone

from .models import Adoption, AdoptionChange


def register_adoption(idea, municipality, status, since=None, note="", contact="", user=None):
    """Set `municipality`'s current status for `idea` and add it to the history.

    Registering the same status again only confirms it ("laatst bevestigd").
    Returns the current Adoption.
    """
    with transaction.atomic():
        adoption, created = Adoption.objects.select_for_update().get_or_create(
            idea=idea, municipality=municipality,
            defaults={"status": status, "since": since, "note": note, "contact": contact, "updated_by": user},
        )
        changed = created or (adoption.status, adoption.since, adoption.note, adoption.contact) != (status, since, note, contact)
        adoption.status, adoption.since, adoption.note, adoption.contact = status, since, note, contact
        adoption.confirmed_at = timezone.now()
        adoption.updated_by = user
        adoption.save()
        if changed:
            AdoptionChange.objects.create(
                adoption=adoption, status=status, since=since, note=note, changed_by=user, changed_at=adoption.confirmed_at
            )
    return adoption
