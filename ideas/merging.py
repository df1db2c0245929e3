"""Marking an idea as a duplicate of another, and undoing it.

The duplicate is unpublished and its URL redirects to the canonical idea; what
hangs on it (adoptions, and whatever other apps connect to `idea_merged`) moves
over. Every moved record is remembered on the `IdeaMerge`, so the merge can be
undone exactly; both acts are in Wagtail's audit log.

Merges may form chains (A into B, then B into C: A's records travel on to C), and
these rules keep every record on its own idea or on an idea along that idea's chain:

- an idea is merged into an idea that is not itself a merged duplicate (pick the end
  of the chain instead), and at most once at a time;
- a merge is undone only while its canonical idea is not merged itself: undo B into C
  before A into B, so B's records are back on B when A takes its own back.

The rules are checked inside the transaction that does the work, after locking the
pages involved (`select_for_update`), so two editors racing cannot both pass them.
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from core.drafts import previously_published_revision, publish, save_draft
from core.signals import announce_content_changed

from .models import IdeaMerge, IdeaPage
from .notifications import notify_scout_of_merge

# Receivers move their records from `duplicate` to `canonical` and return
# {"label": [ids moved]}; on undo they get back exactly those ids. Receivers must
# leave a record where it is rather than break a unique constraint.
idea_merged = Signal()
idea_merge_undone = Signal()


class MergeRefused(ValueError):
    """The merge (or its undoing) cannot be done; the message says why, in the user's language."""


def active_merge_of(idea):
    """The merge that currently makes `idea` a duplicate (its canonical selected), or None."""
    return (
        IdeaMerge.objects.filter(duplicate_id=idea.pk, undone_at__isnull=True)
        .select_related("canonical")
        .order_by("-merged_at", "-pk")
        .first()
    )


def end_of_chain(idea):
    """The idea that `idea` finally leads to through active merges (itself when it is not merged)."""
    seen = {idea.pk}
    while (merge := active_merge_of(idea)) is not None and merge.canonical_id not in seen:
        idea = merge.canonical
        seen.add(idea.pk)
    return idea


@contextmanager
def refused_on_conflict():
    """A unique constraint broken by a record someone added meanwhile refuses the act (rolled back) instead of a 500."""
    try:
        yield
    except IntegrityError as error:
        raise MergeRefused(_("The ideas changed while they were being merged. Please try again.")) from error


def _lock_ideas(*page_ids):
    """Lock the pages' rows until the transaction ends, always in the same order; returns them by pk."""
    ideas = IdeaPage.objects.select_for_update().filter(pk__in=sorted(set(page_ids))).order_by("pk")
    return {idea.pk: idea for idea in ideas}


def _lock_active_merges(*page_ids):
    return list(
        IdeaMerge.objects.select_for_update()
        .filter(duplicate_id__in=page_ids, undone_at__isnull=True)
        .select_related("canonical")
        .order_by("pk")
    )


def merge_ideas(duplicate, canonical, user):
    """Make `duplicate` a duplicate of `canonical`: unpublish it, redirect it, move what hangs on it.

    Raises MergeRefused when the rules above do not allow it; then nothing has changed.
    The duplicate's scout hears of it by e-mail once the merge is committed.
    """
    if duplicate.pk == canonical.pk:
        raise MergeRefused(_("An idea cannot be a duplicate of itself."))
    with refused_on_conflict(), transaction.atomic():
        ideas = _lock_ideas(duplicate.pk, canonical.pk)
        duplicate, canonical = ideas[duplicate.pk], ideas[canonical.pk]
        for active in _lock_active_merges(duplicate.pk, canonical.pk):
            if active.duplicate_id == duplicate.pk:
                raise MergeRefused(_("“%(duplicate)s” is already merged into “%(canonical)s”.") % {
                    "duplicate": duplicate.title, "canonical": active.canonical.title,
                })
            raise MergeRefused(
                _("“%(canonical)s” is itself merged into another idea: merge into “%(end)s” instead.") % {
                    "canonical": canonical.title, "end": end_of_chain(canonical).title,
                }
            )
        moved = {}
        for _receiver, result in idea_merged.send(sender=IdeaPage, duplicate=duplicate, canonical=canonical):
            moved.update(result or {})
        was_live = duplicate.live
        live_revision = duplicate.live_revision if was_live else None
        if was_live:
            duplicate.unpublish(user=user, log_action=True)
        redirect = Redirect.add_redirect(
            old_path=duplicate.url_path_for_redirect(), redirect_to=canonical, is_permanent=False
        )
        merge = IdeaMerge.objects.create(
            duplicate=duplicate, canonical=canonical, merged_by=user, was_live=was_live,
            live_revision=live_revision, moved=moved, redirect=redirect,
        )
        log(instance=duplicate, action="veldwerk.idea_merged", user=user,
            data={"canonical_id": canonical.pk, "canonical_title": canonical.title})
        announce_content_changed([duplicate.pk, canonical.pk], sender=IdeaMerge)
        notify_scout_of_merge(merge)
    return merge


def undo_merge(merge, user):
    """Bring the duplicate back as it was before `merge`: its records, and its page as readers last saw it.

    Raises MergeRefused when the merge was undone already or its canonical idea is itself
    merged (that merge is undone first); then nothing has changed.
    """
    with refused_on_conflict(), transaction.atomic():
        ideas = _lock_ideas(merge.duplicate_id, merge.canonical_id)
        duplicate, canonical = ideas[merge.duplicate_id], ideas[merge.canonical_id]
        merge = IdeaMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at:
            raise MergeRefused(_("This merge has already been undone."))
        if (later := active_merge_of(canonical)) is not None:
            raise MergeRefused(_("Undo the merge of “%(canonical)s” into “%(next)s” first.") % {
                "canonical": canonical.title, "next": later.canonical.title,
            })
        idea_merge_undone.send(sender=IdeaPage, duplicate=duplicate, canonical=canonical, moved=merge.moved)
        if merge.redirect_id:
            merge.redirect.delete()
            merge.redirect = None
        if merge.was_live and not duplicate.live:
            publish(_revision_live_at_merge(merge, duplicate, user), user)
        merge.undone_at = timezone.now()
        merge.undone_by = user
        merge.save(update_fields=["undone_at", "undone_by", "redirect"])
        log(instance=duplicate, action="veldwerk.idea_merge_undone", user=user, data={"canonical_id": canonical.pk})
        announce_content_changed([duplicate.pk, canonical.pk], sender=IdeaMerge)
    return merge


def _revision_live_at_merge(merge, duplicate, user):
    """What readers saw when the duplicate was merged; never a later or unapproved draft.

    Merges made before the merge kept its live revision fall back to the last publication
    in the audit log, and a page that never had a revision gets one of its page row (which
    holds the live content).
    """
    return merge.live_revision or previously_published_revision(duplicate) or save_draft(duplicate, user)
