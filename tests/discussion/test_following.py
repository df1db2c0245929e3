"""Following a page, e-mail to followers, and the one-click unsubscribe link."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from discussion.models import Follow
from discussion.notifications import notify_followers, unsubscribe_token
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, UserFactory

from .conftest import discussion_of, post_comment, specialist_of


@pytest.mark.django_db
def test_follow_and_unfollow_from_the_page(client):
    page = IdeaPageFactory()
    user = specialist_of("GM0014")
    client.force_login(user)
    assert reverse("follow_page", args=(page.pk,)) in discussion_of(client.get(page.url).content.decode())

    response = client.post(reverse("follow_page", args=(page.pk,)))
    assert response.status_code == 302 and response["Location"] == f"{page.url}#discussie"
    client.post(reverse("follow_page", args=(page.pk,)))  # twice is still once
    assert Follow.objects.filter(user=user, page=page).count() == 1
    section = discussion_of(client.get(page.url).content.decode())
    assert "You follow this page" in section and reverse("unfollow_page", args=(page.pk,)) in section

    client.post(reverse("unfollow_page", args=(page.pk,)))
    assert not Follow.objects.exists()
    assert client.get(reverse("follow_page", args=(page.pk,))).status_code == 405  # only by POST


@pytest.mark.django_db
def test_drafts_cannot_be_followed_and_anonymous_visitors_log_in_first(client):
    draft = IdeaPageFactory(live=False)
    assert client.post(reverse("follow_page", args=(draft.pk,))).status_code == 302
    client.force_login(specialist_of("GM0014"))
    assert client.post(reverse("follow_page", args=(draft.pk,))).status_code == 403
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_followers_get_an_e_mail_for_a_new_comment_but_not_for_their_own(client, django_capture_on_commit_callbacks):
    page = FieldlabSessionPageFactory(title="Fieldlab Afval")
    author = specialist_of("GM0014", first_name="Janneke")
    follower = specialist_of("GM0034")
    Follow.objects.create(user=author, page=page)
    Follow.objects.create(user=follower, page=page)
    Follow.objects.create(user=UserFactory(), page=IdeaPageFactory())  # follows something else
    client.force_login(author)

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, page, "We sluiten aan in juni.")

    assert [message.to for message in mail.outbox] == [[follower.email]]
    message = mail.outbox[0]
    assert "Fieldlab Afval" in message.subject
    assert "Janneke" in message.body and "We sluiten aan in juni." in message.body
    assert "http://127.0.0.1:8000" + page.url in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/volgen/afmelden/")


@pytest.mark.django_db
def test_the_unsubscribe_link_in_the_e_mail_works_without_logging_in(client, django_capture_on_commit_callbacks):
    page = IdeaPageFactory(title="Slimme afvalinzameling")
    follower = specialist_of("GM0034")
    Follow.objects.create(user=follower, page=page)
    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(page, "Status gewijzigd", "Het idee is nu herbruikbaar.")
    [message] = mail.outbox
    assert message.body.startswith("Het idee is nu herbruikbaar.")
    link = re.search(r"http://127\.0\.0\.1:8000(/volgen/afmelden/[^/\s]+/)", message.body)[1]

    page_html = client.get(link).content.decode()
    assert "Slimme afvalinzameling" in page_html and '<form method="post"' in page_html
    assert Follow.objects.exists()  # a link prefetcher's GET changes nothing

    response = client.post(link)
    assert response.status_code == 200
    assert "You no longer get e-mails about “Slimme afvalinzameling”." in response.content.decode()
    assert not Follow.objects.exists()
    assert "this subscription has already ended" in client.post(link).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: signing.dumps({"follow": 1}, salt="another.salt"),
    lambda token: "zomaar-iets",
])
def test_a_tampered_unsubscribe_token_is_refused(client, tamper):
    follow = Follow.objects.create(user=specialist_of("GM0034"), page=IdeaPageFactory())
    for method in (client.get, client.post):
        response = method(reverse("unsubscribe", args=(tamper(unsubscribe_token(follow)),)))
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert Follow.objects.exists()


@pytest.mark.django_db
def test_notify_followers_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    page = IdeaPageFactory()
    Follow.objects.create(user=specialist_of("GM0034"), page=page)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_followers(page, "Onderwerp", "Bericht")
    assert len(callbacks) == 1 and mail.outbox == []
