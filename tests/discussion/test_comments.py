"""Posting, replying, editing and deleting comments, as the author and as others."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from accounts.roles import SPECIALISTS
from discussion.models import Comment
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, UserFactory

from .conftest import discussion_of, post_comment, specialist_of


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [IdeaPageFactory, FieldlabSessionPageFactory])
def test_a_specialist_comments_and_the_page_shows_name_municipality_and_text(client, factory):
    page = factory()
    client.force_login(specialist_of("GM0014", first_name="Janneke", last_name="Bakker"))

    response = post_comment(client, page, "Wij willen dit **ook** gebruiken.")

    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{page.url}#reactie-{comment.pk}"
    section = discussion_of(client.get(page.url).content.decode())
    assert 'aria-labelledby="discussion-heading"' in section and ">Discussion</h2>" in section
    assert f'<article id="reactie-{comment.pk}"' in section
    assert "Janneke Bakker" in section and "Groningen" in section
    assert "Wij willen dit <strong>ook</strong> gebruiken." in section


@pytest.mark.django_db
def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(client):
    page = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    post_comment(client, page, "Eerste reactie")
    top = Comment.objects.get()
    post_comment(client, page, "Antwoord op de eerste", parent=top)
    reply = Comment.objects.get(body="Antwoord op de eerste")
    post_comment(client, page, "Antwoord op het antwoord", parent=reply)
    nested = Comment.objects.get(body="Antwoord op het antwoord")

    assert reply.parent_id == top.pk and nested.parent_id == top.pk
    section = discussion_of(client.get(page.url).content.decode())
    replies = section[section.index('class="discussion__replies"'):]
    assert "Antwoord op de eerste" in replies and "Antwoord op het antwoord" in replies
    assert section.index("Eerste reactie") < section.index("Antwoord op de eerste") < section.index("Antwoord op het antwoord")


@pytest.mark.django_db
def test_a_reply_to_a_comment_on_another_page_is_refused_with_the_text_kept(client):
    elsewhere = IdeaPageFactory()
    other = Comment.objects.create(page=elsewhere, author=UserFactory(), body="Elders")
    page = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    response = post_comment(client, page, "Mijn antwoord", parent=other)
    assert response.status_code == 400
    assert "The comment you replied to no longer exists." in response.content.decode()
    assert "Mijn antwoord" in discussion_of(response.content.decode())
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_markdown_is_limited_to_a_safe_subset(client):
    page = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    post_comment(client, page, (
        "**vet** en [link](https://example.org)\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "![plaatje](https://example.org/x.png)\n\n[klik](javascript:alert(3))\n\n# Kop\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    ))
    section = discussion_of(client.get(page.url).content.decode())
    assert "<strong>vet</strong>" in section
    assert '<a href="https://example.org" rel="nofollow noopener">link</a>' in section
    assert "<script" not in section and "<img" not in section  # typed HTML shows as text, never as markup
    assert "javascript:" not in section
    assert "<h1" not in section and "<table" not in section and "Kop" in section


@pytest.mark.django_db
@pytest.mark.parametrize("body, message", [
    ("   ", "Write something before you post."),
    ("x" * 5001, "A comment can be at most 5,000 characters; this one has 5001."),
])
def test_an_invalid_comment_shows_the_error_and_keeps_the_text(client, body, message):
    page = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    response = post_comment(client, page, body)
    assert response.status_code == 400
    section = discussion_of(response.content.decode())
    assert f'<div class="field-error" id="id_comment_body_error" role="alert"><p>{message}</p></div>' in section
    assert 'aria-describedby="id_comment_body_helptext id_comment_body_error"' in section
    assert 'aria-invalid="true"' in section and '<label for="id_comment_body">' in section
    if body.strip():
        assert body in section
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_an_invalid_reply_is_shown_open_under_its_comment(client):
    page = IdeaPageFactory()
    top = Comment.objects.create(page=page, author=UserFactory(), body="Vraag")
    client.force_login(specialist_of("GM0014"))
    response = post_comment(client, page, "x" * 5001, parent=top)
    section = discussion_of(response.content.decode())
    assert response.status_code == 400
    assert '<details class="discussion__reply" open>' in section
    assert f'id="id_reply_{top.pk}_body_error" role="alert"' in section
    assert section.count('aria-invalid="true"') == 1


@pytest.mark.django_db
def test_drafts_take_no_comments(client):
    draft = IdeaPageFactory(live=False)
    client.force_login(specialist_of("GM0014"))
    response = post_comment(client, draft, "Op een concept")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Comments can only be posted on published ideas and fieldlabs." in html and "Op een concept" in html
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_read_but_are_sent_to_log_in(client):
    page = IdeaPageFactory()
    Comment.objects.create(page=page, author=UserFactory(first_name="Piet"), body="Goed idee")
    response = post_comment(client, page, "Anoniem")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Comment.objects.count() == 1
    section = discussion_of(client.get(page.url).content.decode())
    assert "Goed idee" in section and "Log in to take part in the discussion." in section
    assert "<textarea" not in section and "Follow" not in section


def edit(client, comment, body):
    return client.post(reverse("edit_comment", args=(comment.pk,)), {"body": body})


@pytest.mark.django_db
def test_the_author_edits_within_15_minutes_and_not_after(client):
    author = specialist_of("GM0014")
    page = IdeaPageFactory()
    comment = Comment.objects.create(page=page, author=author, body="Eerste versie")
    client.force_login(author)

    assert 'href="%s"' % reverse("edit_comment", args=(comment.pk,)) in client.get(page.url).content.decode()
    assert client.get(reverse("edit_comment", args=(comment.pk,))).status_code == 200
    response = edit(client, comment, "Tweede versie")
    assert response.status_code == 302
    section = discussion_of(client.get(page.url).content.decode())
    assert "Tweede versie" in section and "(edited)" in section

    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert reverse("edit_comment", args=(comment.pk,)) not in client.get(page.url).content.decode()
    response = edit(client, comment, "Derde versie")
    assert response.status_code == 403
    html = response.content.decode()
    assert "within 15 minutes of posting" in html and "Derde versie" in html  # the typed text is kept to copy
    comment.refresh_from_db()
    assert comment.body == "Tweede versie"


@pytest.mark.django_db
def test_deleting_leaves_a_marker_and_keeps_the_replies(client):
    author = specialist_of("GM0014", first_name="Anouk")
    page = IdeaPageFactory()
    comment = Comment.objects.create(page=page, author=author, body="Spijt van")
    Comment.objects.create(page=page, author=UserFactory(first_name="Bram"), parent=comment, body="Het antwoord blijft")
    client.force_login(author)

    assert client.get(reverse("delete_comment", args=(comment.pk,))).status_code == 200  # asks first
    assert client.post(reverse("delete_comment", args=(comment.pk,))).status_code == 302

    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    section = discussion_of(client.get(page.url).content.decode())
    assert "This comment was deleted." in section and "Spijt van" not in section and "Anouk" not in section
    assert "Het antwoord blijft" in section
    assert client.post(reverse("delete_comment", args=(comment.pk,))).status_code == 403  # once is enough


@pytest.mark.django_db
def test_another_user_can_neither_edit_nor_delete(client):
    page = IdeaPageFactory()
    comment = Comment.objects.create(page=page, author=specialist_of("GM0014"), body="Van mij")
    client.force_login(UserFactory(role=SPECIALISTS))

    assert edit(client, comment, "Overgenomen").status_code == 403
    response = client.post(reverse("delete_comment", args=(comment.pk,)))
    assert response.status_code == 403 and "You can only delete your own comments." in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Van mij" and not comment.is_deleted
    section = discussion_of(client.get(page.url).content.decode())
    assert reverse("edit_comment", args=(comment.pk,)) not in section
    assert reverse("delete_comment", args=(comment.pk,)) not in section


@pytest.mark.django_db
def test_a_page_behind_a_password_takes_no_comments_from_those_who_cannot_see_it(client):
    page = IdeaPageFactory()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim123")
    client.force_login(specialist_of("GM0014"))
    assert post_comment(client, page, "Toch geprobeerd").status_code == 404
    assert client.post(reverse("follow_page", args=(page.pk,))).status_code == 404
    assert not Comment.objects.exists()
