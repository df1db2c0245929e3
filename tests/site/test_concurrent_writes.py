"""Many people writing at the same moment get an answer, never a server error, on SQLite and PostgreSQL.

The requests run in threads through the real views, each with its own database connection,
on a database that commits (SQLite on a file in WAL mode, as in production-like use).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import EDITORS, SPECIALISTS
from adoptions.models import Adoption
from discussion.models import Comment, Follow
from tests.factories import IdeaPageFactory, UserFactory

WRITERS = 20


def run_at_once(requests):
    """Run each (user, path, data) POST in its own thread, released together; return the status codes."""
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)

    def post(number, user, path, data):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            barrier.wait(timeout=30)
            statuses[number] = client.post(path, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n, *request)) for n, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.commits
def test_twenty_simultaneous_writers_get_no_server_error(committing_db):
    idea = IdeaPageFactory(title="Gedeelde chatbot")
    commenters = [UserFactory(role=SPECIALISTS) for _ in range(12)]
    editor = UserFactory(role=EDITORS)
    follower = UserFactory(role=SPECIALISTS)
    comment_path = reverse("post_comment", args=(idea.pk,))
    adoption_path = reverse("register_adoption", args=(idea.pk,))
    follow_path = reverse("follow_page", args=(idea.pk,))
    requests = [(user, comment_path, {"body": f"Wij willen dit ook ({n})."}) for n, user in enumerate(commenters)]
    requests += [(editor, adoption_path, {"municipality": code, "status": "interest"}) for code in ("GM0014", "GM0034", "GM0193", "GM0014")]
    requests += [(follower, follow_path, {})] * 4  # a double click, four times over

    statuses = run_at_once(requests)

    assert len(requests) == WRITERS
    assert all(status is not None and status < 500 for status in statuses), statuses
    assert Comment.objects.filter(page=idea).count() == 12
    assert sorted(Adoption.objects.filter(idea=idea).values_list("municipality__code", flat=True)) == ["GM0014", "GM0034", "GM0193"]
    assert Follow.objects.filter(page=idea, user=follower).count() == 1
