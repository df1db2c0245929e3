"""E-mail to the scout of an idea about what editors did with it.

Sent by a background job (core.tasks) after the transaction commits, in the site's language,
whatever language the editor's admin uses; a mail server failure is retried later and never
undoes or breaks the change (https://docs.djangoproject.com/en/5.2/topics/db/transactions/#performing-actions-after-commit).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from core.tasks import enqueue_job_after_commit

from .models import IdeaMerge


def idea_contact(idea):
    """Who hears about an idea: its scout, else the user who owns the page; None when neither has an address."""
    for user in (idea.scout, idea.owner):
        if user is not None and user.is_active and user.email:
            return user
    return None


def notify_scout_of_merge(merge):
    """Tell the scout of `merge.duplicate` that it was merged, once the merge is committed."""
    enqueue_job_after_commit(send_merge_notice, merge.pk)


def send_merge_notice(merge_id):
    """Job: send the "samengevoegd met …" e-mail now, unless the merge was undone in the meantime."""
    merge = IdeaMerge.objects.select_related("duplicate__scout", "duplicate__owner", "canonical").filter(
        pk=merge_id, undone_at__isnull=True
    ).first()
    if merge is None:
        return
    recipient = idea_contact(merge.duplicate)
    if recipient is None:
        return
    facts = {
        "name": recipient.get_full_name() or recipient.get_username(),
        "title": merge.duplicate.title,
        "canonical": merge.canonical.title,
        "url": urljoin(settings.WAGTAILADMIN_BASE_URL, merge.canonical.url or ""),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Veldwerk: “%(title)s” is merged with “%(canonical)s”") % facts
        message = _(
            "Dear %(name)s,\n\n"
            "The editors found that your idea “%(title)s” describes the same as “%(canonical)s”, "
            "and merged it with that idea. Its adoptions, comments and followers have moved there, "
            "and the address of your idea now leads to:\n%(url)s\n\n"
            "Do you think the ideas differ? Please let the editors know; a merge can be undone."
        ) % facts
    send_mail(subject, message, None, [recipient.email])
