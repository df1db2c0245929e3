"""The one way code creates, reads, revises and publishes page drafts.

Wagtail keeps a page's edits in revisions: the page row holds what was last published
(or the first version of a page that was never published), the latest revision holds
the work in progress. Code that reads the page row to edit it overwrites that work, so
submission, the importer, fieldlab drafting and notifications all go through here.
See https://docs.wagtail.org/en/stable/reference/models.html#revision.
"""

from django.db import transaction
from django.utils.text import slugify


def free_slug(parent, title, fallback="pagina"):
    """A slug from `title` that no child of `parent` uses yet ("titel", "titel-2", …)."""
    base = slugify(title)[:200] or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_draft(parent, page, user=None, fallback_slug="pagina"):
    """Add the unsaved specific `page` under `parent`, unpublished, with its first revision.

    The slug is made from the title when the page has none. Returns the revision.
    """
    page.live = False
    if user is not None:
        page.owner = user
    if not page.slug:
        page.slug = free_slug(parent, page.title, fallback=fallback_slug)
    parent.add_child(instance=page)  # validates the page (Page.save runs full_clean)
    return page.save_revision(user=user, log_action=True, clean=False)  # the same content: no second validation


def latest_draft(page):
    """The page as its latest revision has it: what an editor or scout continues from."""
    return page.specific.get_latest_revision_as_object()


def save_draft(draft, user=None):
    """Save `draft` (an object from `latest_draft`) as a new revision, leaving what is live alone."""
    return draft.save_revision(user=user, log_action=True)


def publish(revision, user=None):
    """Make `revision` the live version of its page."""
    revision.publish(user=user, log_action=True)
    return revision


def last_published(page):
    """The page as it was last published, or None when it has never been published.

    Wagtail keeps the published revision in `live_revision`; it stays set when the page is
    unpublished, so a republication compares with what readers last saw.
    """
    revision = page.live_revision
    return revision.as_object() if revision else None


def previously_published_revision(page):
    """The revision readers last saw before the publication in progress, or None.

    For listeners of `page_published`: Wagtail sends the signal before it writes the
    publication to the audit log, so the newest "wagtail.publish" entry is the one before.
    Publications made with `log_action=False` are invisible here; this module never makes one.
    """
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None
