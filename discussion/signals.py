"""Followers hear of what happens to what they follow; comments and followers follow idea merges;
comment changes are announced for the search index.

Adoption changes reach followers through the hourly digest (discussion/digests.py).

Connected in DiscussionConfig.ready(). New comments notify from the comment view itself.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from adoptions.models import AdoptionChange
from core.drafts import previously_published_revision
from core.signals import announce_content_changed
from fieldlabs.models import FieldlabSessionPage, FieldlabStatus
from ideas.merging import idea_merge_undone, idea_merged
from ideas.models import IdeaPage

from .digests import record_adoption_change
from .models import Comment, Follow
from .notifications import absolute_url, in_site_language, notify_followers


def previously_published_value(page, field):
    """The value of `field` as readers last saw it before this publication, or None the first time."""
    revision = previously_published_revision(page)
    return revision.content.get(field) if revision else None


@in_site_language
def idea_published(sender, instance, revision, **kwargs):
    before = previously_published_value(instance, "status")
    if before is not None and before != instance.status:
        notify_followers(
            instance,
            _("Veldwerk: “%(title)s” is now %(status)s") % {"title": instance.title, "status": instance.get_status_display()},
            _("The status of “%(title)s” changed to: %(status)s.\n%(url)s") % {
                "title": instance.title, "status": instance.get_status_display(), "url": absolute_url(instance.url),
            },
            exclude_user=revision.user,
        )


@in_site_language
def fieldlab_published(sender, instance, revision, **kwargs):
    """Tell followers of the fieldlab and of its related ideas when its status becomes "report published"."""
    if instance.status != FieldlabStatus.REPORT_PUBLISHED:
        return
    if previously_published_value(instance, "status") == FieldlabStatus.REPORT_PUBLISHED:
        return
    subject = _("Veldwerk: the report of “%(title)s” is published") % {"title": instance.title}
    message = _("The report of the fieldlab “%(title)s” is published.\n%(url)s") % {
        "title": instance.title, "url": absolute_url(instance.url),
    }
    notify_followers(instance, subject, message, exclude_user=revision.user)
    for idea in instance.live_related_ideas():
        notify_followers(idea, subject, message, exclude_user=revision.user)


def adoption_registered(sender, instance, created, **kwargs):
    """A new adoption change goes into the idea's hourly digest (discussion/digests.py)."""
    if created:
        record_adoption_change(instance)


def comment_changed(sender, instance, **kwargs):
    """The comments readers see are searchable with their page: posting, editing, hiding or deleting
    one is announced, and the search index follows."""
    announce_content_changed([instance.page_id], sender=Comment)


def move_discussion(sender, duplicate, canonical, **kwargs):
    """Comments move to the canonical idea; followers too, unless they already follow it."""
    comments = list(Comment.objects.filter(page=duplicate).values_list("pk", flat=True))
    Comment.objects.filter(pk__in=comments).update(page=canonical)
    already = Follow.objects.filter(page=canonical).values("user_id")
    follows = list(Follow.objects.filter(page=duplicate).exclude(user_id__in=already).values_list("pk", flat=True))
    Follow.objects.filter(pk__in=follows).update(page=canonical)
    return {"comments": comments, "follows": follows}


def move_discussion_back(sender, duplicate, canonical, moved, **kwargs):
    """The moved comments go back with the replies posted to them since; the moved follows go back too.

    A follow stays on the canonical idea when its user meanwhile follows the duplicate as well.
    """
    comments = moved.get("comments", [])
    Comment.objects.filter(Q(pk__in=comments) | Q(parent_id__in=comments), page=canonical).update(page=duplicate)
    already = set(Follow.objects.filter(page=duplicate).values_list("user_id", flat=True))
    Follow.objects.filter(pk__in=moved.get("follows", []), page=canonical).exclude(user_id__in=already).update(
        page=duplicate
    )


def connect():
    page_published.connect(idea_published, sender=IdeaPage, dispatch_uid="discussion_idea_published")
    page_published.connect(fieldlab_published, sender=FieldlabSessionPage, dispatch_uid="discussion_fieldlab_published")
    post_save.connect(adoption_registered, sender=AdoptionChange, dispatch_uid="discussion_adoption_registered")
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="discussion_comment_saved")
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="discussion_comment_deleted")
    idea_merged.connect(move_discussion, dispatch_uid="discussion_follows_merge")
    idea_merge_undone.connect(move_discussion_back, dispatch_uid="discussion_follows_merge_undo")
