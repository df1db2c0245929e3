"""Posting is limited per user, counted from the database; the text typed is never lost."""

import datetime

import pytest
from django.utils import timezone

from discussion.models import Comment
from tests.factories import IdeaPageFactory

from .conftest import discussion_of, post_comment, specialist_of


@pytest.mark.django_db
def test_over_the_limit_the_page_explains_and_keeps_the_text(client, settings):
    settings.COMMENT_RATE_LIMIT = (5, 60)
    page = IdeaPageFactory()
    user = specialist_of("GM0014")
    client.force_login(user)
    for number in range(5):
        assert post_comment(client, page, f"Reactie {number}").status_code == 302

    response = post_comment(client, page, "Mijn zesde, lang uitgewerkte reactie")

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    section = discussion_of(response.content.decode())
    assert "You can post at most 5 comments per 60 seconds." in section and 'role="alert"' in section
    assert "Mijn zesde, lang uitgewerkte reactie</textarea>" in section
    assert Comment.objects.count() == 5


@pytest.mark.django_db
def test_the_limit_counts_only_the_window_and_only_the_user(client, settings):
    settings.COMMENT_RATE_LIMIT = (2, 60)
    page = IdeaPageFactory()
    user, other = specialist_of("GM0014"), specialist_of("GM0034")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for _number in range(3):
        Comment.objects.create(page=page, author=user, body="Oud", created_at=an_hour_ago)
        Comment.objects.create(page=page, author=other, body="Van een ander")
    client.force_login(user)
    assert post_comment(client, page, "Nieuw").status_code == 302
    Comment.objects.filter(body="Nieuw").update(is_deleted=True, body="")  # deleting does not reset the count
    assert post_comment(client, page, "Nog een").status_code == 302
    assert post_comment(client, page, "Te veel").status_code == 429
