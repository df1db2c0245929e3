"""Followers hear of status changes, new adoptions and published reports; merges carry comments and followers."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import EDITORS
from adoptions.ledger import register_adoption
from discussion.models import Comment, Follow
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, UserFactory, municipality


def follower_of(page, email):
    user = UserFactory(email=email)
    Follow.objects.create(user=user, page=page)
    return user


@pytest.mark.django_db
def test_followers_hear_of_a_status_change(django_capture_on_commit_callbacks):
    idea = IdeaPageFactory(title="Chatbot", status="pilot", live=False)
    idea.save_revision().publish()
    follower_of(idea, "volger@example.org")
    idea = type(idea).objects.get(pk=idea.pk)
    idea.status = "reusable"
    with django_capture_on_commit_callbacks(execute=True):
        idea.save_revision().publish()
    assert [m.to for m in mail.outbox] == [["volger@example.org"]]
    assert "herbruikbaar" in mail.outbox[0].body and "/volgen/afmelden/" in mail.outbox[0].body


@pytest.mark.django_db
def test_followers_hear_of_a_new_adoption_but_not_the_one_who_registered(django_capture_on_commit_callbacks):
    idea = IdeaPageFactory(title="Chatbot")
    follower_of(idea, "volger@example.org")
    registrar = follower_of(idea, "registrar@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0014"), "interest", user=registrar)
    assert [m.to for m in mail.outbox] == [["volger@example.org"]]
    assert "Groningen" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_published_report_reaches_followers_of_the_fieldlab_and_its_ideas(django_capture_on_commit_callbacks):
    idea = IdeaPageFactory(title="Huwelijksplanner")
    session = FieldlabSessionPageFactory(title="Fieldlab trouwen", status="held", live=False)
    session.related_ideas.set([idea])
    session.save_revision().publish()
    follower_of(session, "fieldlab@example.org")
    follower_of(idea, "idee@example.org")
    session = type(session).objects.get(pk=session.pk)
    session.status = "report_published"
    session.report = "## Uitkomst"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["fieldlab@example.org", "idee@example.org"]


@pytest.mark.django_db
def test_comments_and_followers_move_with_a_merge_and_back_with_undo(client):
    canonical, duplicate = IdeaPageFactory(title="Origineel"), IdeaPageFactory(title="Dubbel")
    author = UserFactory()
    comment = Comment.objects.create(page=duplicate, author=author, body="Wij doen dit ook")
    follow = Follow.objects.create(user=author, page=duplicate)
    client.force_login(UserFactory(role=EDITORS))
    client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"canonical": canonical.pk})
    comment.refresh_from_db()
    follow.refresh_from_db()
    assert comment.page_id == canonical.pk and follow.page_id == canonical.pk

    from ideas.models import IdeaMerge

    client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"undo": IdeaMerge.objects.get().pk})
    comment.refresh_from_db()
    follow.refresh_from_db()
    assert comment.page_id == duplicate.pk and follow.page_id == duplicate.pk


def pilot_followed_and_marked_reusable_in_a_draft():
    """A published pilot with a follower, whose status an editor changed in a draft, not yet published."""
    idea = IdeaPageFactory(title="Chatbot", status="pilot", live=False)
    idea.save_revision().publish()
    follower_of(idea, "volger@example.org")
    draft = type(idea).objects.get(pk=idea.pk).get_latest_revision_as_object()
    draft.status = "reusable"
    draft.save_revision()
    return idea, draft


@pytest.mark.django_db
def test_a_status_change_saved_as_draft_and_then_published_reaches_followers(django_capture_on_commit_callbacks):
    idea, _draft = pilot_followed_and_marked_reusable_in_a_draft()
    draft = type(idea).objects.get(pk=idea.pk).get_latest_revision_as_object()
    draft.summary = "Nu ook met spraak."
    draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        type(idea).objects.get(pk=idea.pk).get_latest_revision().publish()
    assert [m.to for m in mail.outbox] == [["volger@example.org"]] and "herbruikbaar" in mail.outbox[0].body


@pytest.mark.django_db
def test_republishing_without_a_status_change_sends_nothing(django_capture_on_commit_callbacks):
    _idea, draft = pilot_followed_and_marked_reusable_in_a_draft()
    draft.status = "pilot"  # changed back before publishing: readers see no change
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert mail.outbox == []
