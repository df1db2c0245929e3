from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentQuerySet(models.QuerySet):
    def for_display(self):
        """Comments with their authors and their municipality memberships in one query, oldest first."""
        return self.select_related("author__membership__municipality").order_by("created_at", "pk")

    def posted_by_since(self, user, since):
        """Comments `user` posted from `since` on, deleted ones included: they count for the rate limit."""
        return self.filter(author=user, created_at__gte=since)


class Comment(models.Model):
    """A comment on a live idea or fieldlab page, or a reply to one (replies go one level deep).

    Deleting keeps the row with its text emptied, so the thread shows where a comment was;
    editors hide a comment with a reason instead of removing it.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="discussion_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL,
        related_name="discussion_comments",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["page", "created_at"], name="discussion_comment_page"),
            models.Index(fields=["author", "created_at"], name="discussion_comment_author"),
        ]

    def __str__(self):
        return f"{self.author} on {self.page_id} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def anchor(self):
        """The id of this comment's element on the page."""
        return f"reactie-{self.pk}"

    def get_absolute_url(self):
        return f"{self.page.url}#{self.anchor}"


class Follow(models.Model):
    """A user who wants an e-mail when something happens on an idea or fieldlab page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("following since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="discussion_follow_unique")]

    def __str__(self):
        return f"{self.user} follows {self.page_id}"


class AdoptionDigest(models.Model):
    """Where the hourly adoption digest of one idea stands (see discussion/digests.py).

    Followers hear of adoption changes at most once per idea per hour: a change marks the idea as
    having news and schedules one delayed job, which reports every change after `last_change_id`.
    """

    idea = models.OneToOneField(
        "ideas.IdeaPage", verbose_name=_("idea"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    last_change_id = models.PositiveBigIntegerField(
        _("last reported change"), default=0, help_text=_("Adoption changes up to this id have been reported.")
    )
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    due_at = models.DateTimeField(
        _("next digest due at"), null=True, blank=True, help_text=_("Empty when no digest is scheduled.")
    )

    class Meta:
        verbose_name = _("adoption digest")
        verbose_name_plural = _("adoption digests")

    def __str__(self):
        return f"Adoption digest of {self.idea_id}"
