"""E-mail to the followers of an idea or fieldlab, each with a one-click unsubscribe link.

Other features (status changes, new adoptions, published reports) call `notify_followers`;
the mail goes out after the transaction commits, so a rolled-back change sends nothing
(https://docs.djangoproject.com/en/5.2/topics/db/transactions/#performing-actions-after-commit).
"""

import functools
import logging
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Follow

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


def send_to_followers(page_id, page_title, subject, message, exclude_user_id=None):
    """Send the e-mail now to every active follower of the page with an address."""
    follows = Follow.objects.filter(page_id=page_id, user__is_active=True).exclude(user__email="").select_related("user")
    if exclude_user_id is not None:
        follows = follows.exclude(user_id=exclude_user_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject, message = str(subject), str(message)
        emails = [follower_message(follow, page_title, subject, message) for follow in follows]
    if emails:
        sent = get_connection().send_messages(emails)
        logger.info("Sent %s of %s follower e-mails for page %s", sent, len(emails), page_id)


def notify_followers(page, subject, message, exclude_user=None):
    """E-mail the followers of `page` once the current transaction commits.

    `subject` and `message` are plain text (lazy translations are rendered in the site's
    language); `exclude_user` (usually whoever caused the change) gets no e-mail. A mail
    server failure is logged and never undoes or breaks the change that caused it.
    """
    exclude_user_id = getattr(exclude_user, "pk", None)
    transaction.on_commit(
        lambda: send_to_followers(page.pk, page.title, subject, message, exclude_user_id), robust=True
    )
