"""Marking an idea as a duplicate of another, and undoing it.

The duplicate is unpublished and its URL redirects to the canonical idea; what
hangs on it (adoptions, and whatever other apps connect to `idea_merged`) moves
over. Every moved record is remembered on the `IdeaMerge`, so the merge can be
undone exactly; both acts are in Wagtail's audit log.
"""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from search.indexing import schedule_reindex

from .models import IdeaMerge

# Receivers move their records from `duplicate` to `canonical` and return
# {"label": [ids moved]}; on undo they get back exactly those ids.
idea_merged = Signal()
idea_merge_undone = Signal()


class MergeRefused(ValueError):
    """The merge cannot be done; the message says why."""


def merge_ideas(duplicate, canonical, user):
    if duplicate.pk == canonical.pk:
        raise MergeRefused(_("An idea cannot be a duplicate of itself."))
    if IdeaMerge.objects.filter(duplicate=duplicate, undone_at__isnull=True).exists():
        raise MergeRefused(_("This idea has already been merged."))
    if IdeaMerge.objects.filter(duplicate=canonical, undone_at__isnull=True).exists():
        raise MergeRefused(_("The canonical idea is itself a merged duplicate."))
    with transaction.atomic():
        moved = {}
        for _receiver, result in idea_merged.send(sender=type(duplicate), duplicate=duplicate, canonical=canonical):
            moved.update(result or {})
        was_live = duplicate.live
        if was_live:
            duplicate.unpublish(user=user, log_action=False)
        redirect = Redirect.add_redirect(old_path=duplicate.url_path_for_redirect(), redirect_to=canonical, is_permanent=False)
        merge = IdeaMerge.objects.create(
            duplicate=duplicate, canonical=canonical, merged_by=user, was_live=was_live, moved=moved, redirect=redirect
        )
        log(instance=duplicate, action="veldwerk.idea_merged", user=user,
            data={"canonical_id": canonical.pk, "canonical_title": canonical.title})
        schedule_reindex([duplicate.pk, canonical.pk])
    return merge


def undo_merge(merge, user):
    if merge.undone_at:
        raise MergeRefused(_("This merge has already been undone."))
    with transaction.atomic():
        idea_merge_undone.send(sender=type(merge.duplicate), duplicate=merge.duplicate, canonical=merge.canonical, moved=merge.moved)
        if merge.redirect_id:
            merge.redirect.delete()
            merge.redirect = None
        duplicate = merge.duplicate
        if merge.was_live:
            revision = duplicate.get_latest_revision() or duplicate.save_revision(user=user, log_action=False)
            revision.publish(user=user, log_action=False)
        merge.undone_at = timezone.now()
        merge.undone_by = user
        merge.save(update_fields=["undone_at", "undone_by", "redirect"])
        log(instance=duplicate, action="veldwerk.idea_merge_undone", user=user, data={"canonical_id": merge.canonical_id})
        schedule_reindex([duplicate.pk, merge.canonical_id])
    return merge
