"""The adoption digest: followers hear of adoption changes at most once per idea per hour.

Registering twenty adoptions in a row used to send twenty e-mails to every follower. Now a change
only marks its idea as having news (`AdoptionDigest`) and schedules one delayed job per idea,
due after a short gathering delay and never sooner than an hour after the idea's last digest.
The job reports every change since the last digest: one e-mail per follower, listing each
municipality's latest status.

Decisions:
- Each follower's e-mail lists all municipalities with news, their own changes included (it gives
  the whole picture); a follower whose own changes are all the news gets no e-mail.
- When the task backend cannot hold a job until later (`core.tasks.can_run_later()` is False, as
  with the test suite's immediate backend), the digest goes out at once if the idea's last digest
  is an hour old or more. Changes within that hour wait: the first change after the hour sends a
  digest that includes them.
- An idea nobody follows schedules nothing; a follower who comes later may find such a change in
  the idea's next digest.
- A scheduled job that never ran (its enqueue failed after the commit) is replaced by the next
  change once it is `OVERDUE` past its due time.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoptions.models import AdoptionChange
from core.tasks import can_run_later, enqueue_job_after_commit
from ideas.models import IdeaPage

from .models import AdoptionDigest, Follow
from .notifications import absolute_url, follower_message

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(hours=1)
GATHERING_DELAY = timedelta(minutes=10)
OVERDUE = timedelta(hours=1)


def record_adoption_change(change):
    """Note that `change`'s idea has news and make sure a digest is on its way (see the module doc).

    Runs inside the transaction that registers the change: a rolled-back change schedules nothing.
    """
    idea_id = change.adoption.idea_id
    if not Follow.objects.filter(page_id=idea_id).exists():
        return  # nobody to tell (an import of many ideas schedules no jobs); a later digest may include it
    now = timezone.now()
    with transaction.atomic():
        digest, _created = AdoptionDigest.objects.select_for_update().get_or_create(
            idea_id=idea_id, defaults={"last_change_id": change.pk - 1}
        )
        earliest = digest.last_sent_at + DIGEST_INTERVAL if digest.last_sent_at else now
        if can_run_later():
            if digest.due_at is not None and digest.due_at > now - OVERDUE:
                return  # a digest is already scheduled; it will include this change
            digest.due_at = max(now + GATHERING_DELAY, earliest)
            digest.save(update_fields=["due_at"])
            enqueue_job_after_commit(send_adoption_digest, idea_id, run_after=digest.due_at)
        elif earliest <= now:
            enqueue_job_after_commit(send_adoption_digest, idea_id)


def latest_statuses(changes):
    """(municipality name, status label) per municipality, its latest change only, sorted by name."""
    latest = {}
    for change in changes:
        latest[change.adoption.municipality.name] = change.get_status_display()
    return sorted(latest.items())


def digest_text(idea, statuses):
    """The subject and body of a digest (in the active language)."""
    if len(statuses) == 1:
        [(name, status)] = statuses
        subject = _("Veldwerk: %(municipality)s – %(status)s for “%(title)s”") % {
            "municipality": name, "status": status, "title": idea.title,
        }
    else:
        subject = ngettext(
            "Veldwerk: %(count)d municipality updated its adoption of “%(title)s”",
            "Veldwerk: %(count)d municipalities updated their adoption of “%(title)s”",
            len(statuses),
        ) % {"count": len(statuses), "title": idea.title}
    lines = "\n".join(f"- {name}: {status}" for name, status in statuses)
    body = _("News about the adoption of “%(title)s”:\n\n%(lines)s\n\n%(url)s") % {
        "title": idea.title, "lines": lines, "url": absolute_url(idea.url),
    }
    return subject, body


def send_adoption_digest(idea_id):
    """Job: send the idea's followers one e-mail about every adoption change since its last digest.

    The digest's state is saved in the same transaction as the e-mails are sent: when the mail
    server fails, nothing is marked as reported and the job is retried (core.tasks).
    """
    with transaction.atomic():
        digest = AdoptionDigest.objects.select_for_update().filter(idea_id=idea_id).first()
        if digest is None:
            return
        changes = list(
            AdoptionChange.objects.filter(adoption__idea_id=idea_id, pk__gt=digest.last_change_id)
            .select_related("adoption__municipality")
            .order_by("pk")
        )
        digest.due_at = None
        if not changes:
            digest.save(update_fields=["due_at"])
            return
        digest.last_change_id = changes[-1].pk
        digest.last_sent_at = timezone.now()
        digest.save(update_fields=["due_at", "last_change_id", "last_sent_at"])
        idea = IdeaPage.objects.filter(pk=idea_id).first()
        if idea is None or not idea.live:
            return
        authors = {change.changed_by_id for change in changes}
        follows = (
            Follow.objects.filter(page_id=idea_id, user__is_active=True).exclude(user__email="").select_related("user")
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = digest_text(idea, latest_statuses(changes))
            emails = [
                follower_message(follow, idea.title, subject, body)
                for follow in follows
                if authors != {follow.user_id}  # never an e-mail only about one's own changes
            ]
        if emails:
            get_connection().send_messages(emails)
        logger.info("Sent the adoption digest of idea %s (%s changes) to %s followers", idea_id, len(changes), len(emails))
