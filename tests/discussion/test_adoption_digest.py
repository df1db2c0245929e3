"""Adoption changes reach each follower at most once per idea per hour, as one short digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from adoptions.ledger import register_adoption
from discussion.digests import DIGEST_INTERVAL, GATHERING_DELAY, send_adoption_digest
from discussion.models import AdoptionDigest, Follow
from municipalities.models import Municipality
from tests.factories import IdeaPageFactory, UserFactory, municipality
from tests.tasks import DATABASE_TASKS, run_worker, waiting_jobs

STATUSES = ["interest", "pilot", "production"]


def follower_of(page, **kwargs):
    user = UserFactory(**kwargs)
    Follow.objects.create(user=user, page=page)
    return user


@pytest.mark.django_db
def test_without_a_worker_the_first_change_is_sent_at_once_and_the_hour_after_it_waits(django_capture_on_commit_callbacks):
    idea = IdeaPageFactory(title="Chatbot")
    follower = follower_of(idea, email="volger@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0014"), "interest")
    assert [message.to for message in mail.outbox] == [[follower.email]] and "Groningen" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0193"), "pilot")
        register_adoption(idea, municipality("GM0014"), "production")
    assert mail.outbox == []  # within the hour of the last digest

    AdoptionDigest.objects.filter(idea=idea).update(last_sent_at=timezone.now() - DIGEST_INTERVAL)
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0363"), "interest")
    [message] = mail.outbox  # the changes that waited come along with the new one
    assert message.to == [follower.email]
    lines = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert lines == ["- Amsterdam: interesse", "- Groningen: in productie", "- Zwolle: pilot"]


@pytest.mark.django_db
def test_no_digest_only_about_ones_own_changes(django_capture_on_commit_callbacks):
    idea = IdeaPageFactory()
    registrar = follower_of(idea, email="registrar@example.org")
    other = follower_of(idea, email="ander@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0014"), "interest", user=registrar)
    assert [message.to for message in mail.outbox] == [[other.email]]


@pytest.mark.commits  # the registrations commit and the task worker runs the digest
def test_twenty_changes_in_a_row_make_one_delayed_digest_per_follower(committing_db, settings, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    idea = IdeaPageFactory(title="Slimme lantaarnpalen")
    followers = [follower_of(idea) for _ in range(2)]
    registrar = follower_of(idea)
    places = list(Municipality.objects.order_by("code")[:20])
    before = timezone.now()
    for place in places:
        register_adoption(idea, place, "interest", user=registrar)

    assert mailoutbox == []
    [job] = waiting_jobs(send_adoption_digest)
    assert job.run_after >= before + GATHERING_DELAY
    run_worker()
    assert mailoutbox == []  # not due yet

    type(job).objects.filter(pk=job.pk).update(run_after=timezone.now())
    run_worker()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(user.email for user in followers)
    for message in mailoutbox:
        assert "20" in message.subject and "Slimme lantaarnpalen" in message.subject
        assert all(f"- {place.name}: interesse" in message.body for place in places)
    assert not waiting_jobs(send_adoption_digest)

    mailoutbox.clear()
    register_adoption(idea, places[0], "production", user=UserFactory())
    run_worker()
    assert mailoutbox == []
    [later] = waiting_jobs(send_adoption_digest)
    assert later.run_after - timezone.now() > DIGEST_INTERVAL - timedelta(minutes=5)
    type(later).objects.filter(pk=later.pk).delete()  # later tests with a worker must not find it
    idea.delete()  # the page tree goes back to how the migrations left it, for the transactional tests after this


@pytest.mark.django_db
def test_an_idea_nobody_follows_schedules_no_digest(settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_TASKS
    idea = IdeaPageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0014"), "interest")
    assert not waiting_jobs(send_adoption_digest) and not AdoptionDigest.objects.filter(idea=idea).exists()
