"""E-mail to the followers of an idea or fieldlab, each with a one-click unsubscribe link.

Other features (status changes, published reports) call `notify_followers`; new comments and
replies go through `announce_comment`, adoption changes through the hourly digest
(discussion/digests.py). Every e-mail is a background job (core.tasks) started after the
transaction commits, so a rolled-back change sends nothing
(https://docs.djangoproject.com/en/5.2/topics/db/transactions/#performing-actions-after-commit)
and a mail server failure is retried later. Jobs take ids and plain text, never model instances.
"""

import functools
import logging
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.tasks import enqueue_job_after_commit

from .models import Comment, Follow

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "veldwerk.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def unsubscribe_token(follow):
    """A signed token that ends `follow` without logging in."""
    return signing.dumps({"follow": follow.pk}, salt=UNSUBSCRIBE_SALT)


def follow_id_from_token(token):
    """The id of the follow a token ends; raises signing.BadSignature when it is tampered with or expired."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    follow_id = payload.get("follow") if isinstance(payload, dict) else None
    if not isinstance(follow_id, int):
        raise signing.BadSignature("The token names no follow.")
    return follow_id


def in_site_language(function):
    """E-mails go out in the site's language, whatever language the request that caused them used."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapped


def absolute_url(path):
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def unsubscribe_url(follow):
    return absolute_url(reverse("unsubscribe", args=(unsubscribe_token(follow),)))


def follower_message(follow, page_title, subject, message):
    """One follower's e-mail: the message, then why they get it and how to stop it."""
    link = unsubscribe_url(follow)
    footer = _("You receive this e-mail because you follow “%(title)s” on Veldwerk.\nStop these e-mails: %(url)s") % {
        "title": page_title, "url": link,
    }
    return EmailMessage(
        subject=str(subject), body=f"{message}\n\n-- \n{footer}\n", to=[follow.user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_to_followers(page_id, page_title, subject, message, exclude_user_ids=()):
    """Job: send the e-mail now to every active follower of the page with an address, except the
    users in `exclude_user_ids` (whoever caused the change; someone who got a reply notice)."""
    follows = (
        Follow.objects.filter(page_id=page_id, user__is_active=True)
        .exclude(user__email="")
        .exclude(user_id__in=[pk for pk in exclude_user_ids or () if pk is not None])
        .select_related("user")
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject, message = str(subject), str(message)
        emails = [follower_message(follow, page_title, subject, message) for follow in follows]
    if emails:
        sent = get_connection().send_messages(emails)
        logger.info("Sent %s of %s follower e-mails for page %s", sent, len(emails), page_id)


def notify_followers(page, subject, message, exclude_user=None, exclude_user_ids=()):
    """E-mail the followers of `page` in a background job, once the current transaction commits.

    `subject` and `message` are plain text (lazy translations are rendered now, in the site's
    language); `exclude_user` (usually whoever caused the change) and the users in
    `exclude_user_ids` get no e-mail. A rolled-back change sends nothing; a mail server failure
    is retried by the job (core.tasks) and never undoes or breaks the change that caused it.
    """
    excluded = [*exclude_user_ids, getattr(exclude_user, "pk", None)]
    with translation.override(settings.LANGUAGE_CODE):
        subject, message = str(subject), str(message)
    enqueue_job_after_commit(
        send_to_followers, page.pk, page.title, subject, message, [pk for pk in excluded if pk is not None]
    )


def reachable(user):
    """True when `user` can receive e-mail from Veldwerk: an active account with an address."""
    return user is not None and user.is_active and bool(user.email)


def reply_recipient(comment):
    """Whom a reply notice goes to: the author of the comment replied to, unless that is the replier
    themselves or they cannot receive e-mail; None otherwise."""
    parent = comment.parent
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return None
    return parent.author if reachable(parent.author) else None


def announce_comment(comment):
    """Once the comment is committed: a reply notice to the author of the comment replied to, and
    the "new comment" e-mail to the page's followers (not to the commenter, and not a second time
    to whoever got the reply notice). Two jobs, so that each is retried on its own."""
    recipient = reply_recipient(comment)
    if recipient is not None:
        enqueue_job_after_commit(send_reply_notice, comment.pk)
    author = comment.author.get_full_name() or comment.author.get_username()
    page = comment.page
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New comment on “%(title)s”") % {"title": page.title}
        message = _("%(author)s commented on “%(title)s”:\n\n%(text)s\n\nRead and reply: %(url)s") % {
            "author": author, "title": page.title, "text": Truncator(comment.body).chars(1000),
            "url": absolute_url(comment.get_absolute_url()),
        }
    notify_followers(page, subject, message, exclude_user=comment.author, exclude_user_ids=[getattr(recipient, "pk", None)])


def send_reply_notice(comment_id):
    """Job: tell the author of the comment replied to about the reply (see `reply_recipient`);
    nothing when the reply was deleted or hidden in the meantime."""
    comment = (
        Comment.objects.select_related("page", "author", "parent__author")
        .filter(pk=comment_id, is_deleted=False, is_hidden=False).first()
    )
    if comment is None:
        return
    recipient = reply_recipient(comment)
    if recipient is None:
        return
    page = comment.page
    with translation.override(settings.LANGUAGE_CODE):
        facts = {
            "name": recipient.get_full_name() or recipient.get_username(),
            "author": comment.author.get_full_name() or comment.author.get_username(),
            "title": page.title, "text": Truncator(comment.body).chars(1000),
            "url": absolute_url(comment.get_absolute_url()),
        }
        subject = _("Veldwerk: %(author)s replied to your comment on “%(title)s”") % facts
        message = _(
            "Dear %(name)s,\n\n%(author)s replied to your comment on “%(title)s”:\n\n%(text)s\n\nRead and reply: %(url)s\n\n"
            "-- \nYou receive this e-mail because someone replied to your comment on Veldwerk."
        ) % facts
    EmailMessage(subject=subject, body=message, to=[recipient.email]).send()
