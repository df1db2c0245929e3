"""A reply reaches the author of the comment replied to, once, whether or not they follow the page."""

import pytest
from django.core import mail

from discussion.models import Comment, Follow
from tests.factories import IdeaPageFactory, UserFactory

from .conftest import post_comment, specialist_of


def reply_to(client, django_capture_on_commit_callbacks, parent, replier, body="Wij ook! Zullen we samen optrekken?"):
    client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, parent.page, body, parent=parent)
    assert response.status_code == 302
    return Comment.objects.get(parent=parent, body=body)


@pytest.mark.django_db
def test_the_author_of_a_comment_hears_of_a_reply_without_following(client, django_capture_on_commit_callbacks):
    page = IdeaPageFactory(title="Chatbot voor vergunningen")
    author = specialist_of("GM0014", email="auteur@example.org")
    parent = Comment.objects.create(page=page, author=author, body="Wij testen dit in Groningen.")
    replier = specialist_of("GM0193", first_name="Sanne")

    reply = reply_to(client, django_capture_on_commit_callbacks, parent, replier)

    [message] = mail.outbox
    assert message.to == ["auteur@example.org"]
    assert "Chatbot voor vergunningen" in message.subject and "Sanne" in message.subject
    assert "Wij ook! Zullen we samen optrekken?" in message.body
    assert "http://127.0.0.1:8000" + page.url + "#" + reply.anchor in message.body


@pytest.mark.django_db
def test_an_author_who_follows_gets_the_reply_once_and_other_followers_hear_of_it(client, django_capture_on_commit_callbacks):
    page = IdeaPageFactory(title="Chatbot voor vergunningen")
    author = specialist_of("GM0014", email="auteur@example.org")
    follower = specialist_of("GM0034", email="volger@example.org")
    Follow.objects.create(user=author, page=page)
    Follow.objects.create(user=follower, page=page)
    parent = Comment.objects.create(page=page, author=author, body="Wij testen dit in Groningen.")

    reply_to(client, django_capture_on_commit_callbacks, parent, specialist_of("GM0193", first_name="Sanne"))

    assert sorted(message.to[0] for message in mail.outbox) == ["auteur@example.org", "volger@example.org"]
    to_author = [message for message in mail.outbox if message.to == ["auteur@example.org"]]
    assert len(to_author) == 1 and "Sanne" in to_author[0].subject


@pytest.mark.django_db
def test_no_reply_notice_about_ones_own_reply(client, django_capture_on_commit_callbacks):
    author = specialist_of("GM0014", email="auteur@example.org")
    parent = Comment.objects.create(page=IdeaPageFactory(), author=author, body="Eerste gedachte.")
    reply_to(client, django_capture_on_commit_callbacks, parent, author, body="Aanvulling op mijzelf.")
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("account", [{"is_active": False}, {"email": ""}])
def test_no_reply_notice_to_a_closed_account_or_one_without_an_address(client, django_capture_on_commit_callbacks, account):
    author = UserFactory(**account)
    parent = Comment.objects.create(page=IdeaPageFactory(), author=author, body="Eerste gedachte.")
    reply_to(client, django_capture_on_commit_callbacks, parent, specialist_of("GM0193"))
    assert mail.outbox == []
