"""Keeping the ledger in step: its changes are announced (the search index follows them), and
adoptions follow idea merges."""

from django.db.models.signals import post_delete, post_save

from core.signals import announce_content_changed

from .models import Adoption


def adoption_changed(sender, instance, **kwargs):
    announce_content_changed([instance.idea_id], sender=Adoption)


def move_adoptions(sender, duplicate, canonical, **kwargs):
    """Adoptions of the duplicate move to the canonical idea, unless that municipality is already there."""
    taken = set(canonical.adoptions.values_list("municipality_id", flat=True))
    movable = list(duplicate.adoptions.exclude(municipality_id__in=taken).values_list("pk", flat=True))
    Adoption.objects.filter(pk__in=movable).update(idea=canonical)
    return {"adoptions": movable}


def move_adoptions_back(sender, duplicate, canonical, moved, **kwargs):
    """The moved adoptions go back, except one whose municipality meanwhile has an adoption on the duplicate."""
    taken = set(duplicate.adoptions.values_list("municipality_id", flat=True))
    Adoption.objects.filter(pk__in=moved.get("adoptions", []), idea=canonical).exclude(
        municipality_id__in=taken
    ).update(idea=duplicate)


def connect():
    from ideas.merging import idea_merge_undone, idea_merged

    post_save.connect(adoption_changed, sender=Adoption, dispatch_uid="adoption_saved")
    post_delete.connect(adoption_changed, sender=Adoption, dispatch_uid="adoption_deleted")
    idea_merged.connect(move_adoptions, dispatch_uid="adoptions_follow_merge")
    idea_merge_undone.connect(move_adoptions_back, dispatch_uid="adoptions_follow_merge_undo")
