"""The discussion costs the same number of queries for 2 comments as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import EDITORS
from discussion.models import Comment
from tests.factories import IdeaPageFactory, UserFactory

from .conftest import specialist_of


def page_with_comments(count):
    page = IdeaPageFactory()
    authors = [specialist_of(code) for code in ("GM0014", "GM0034", "GM0193")]
    top = None
    for number in range(count):
        comment = Comment.objects.create(
            page=page, author=authors[number % 3], body=f"Reactie **{number}**",
            parent=top if number % 2 else None, is_hidden=number % 5 == 4, is_deleted=number % 7 == 6,
        )
        top = top if number % 2 else comment
    return page


def queries_for(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [EDITORS, None])
def test_query_count_does_not_grow_with_the_comments(client, role):
    few, many = page_with_comments(2), page_with_comments(20)
    if role:
        client.force_login(UserFactory(role=role))
    queries_for(client, few)  # warm caches (site root paths, content types)
    assert Comment.objects.filter(page=many).count() == 20
    assert queries_for(client, many) == queries_for(client, few)
