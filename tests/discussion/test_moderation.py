"""Editors hide and show comments with a reason; every act lands in the page's audit log."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.roles import EDITORS, SCOUTS
from discussion.models import Comment
from tests.factories import FieldlabSessionPageFactory, UserFactory

from .conftest import discussion_of, specialist_of


@pytest.fixture
def comment(db):
    page = FieldlabSessionPageFactory()
    return Comment.objects.create(page=page, author=specialist_of("GM0014"), body="Koop nu goedkope horloges")


@pytest.mark.django_db
def test_an_editor_hides_a_comment_with_a_reason_and_the_audit_log_records_it(client, comment):
    editor = UserFactory(role=EDITORS)
    client.force_login(editor)
    assert client.get(reverse("hide_comment", args=(comment.pk,))).status_code == 200
    response = client.post(reverse("hide_comment", args=(comment.pk,)), {"reason": "Reclame"})
    assert response.status_code == 302

    client.logout()
    section = discussion_of(client.get(comment.page.url).content.decode())
    assert "Verborgen door de redactie: Reclame" in section and "horloges" not in section
    entry = PageLogEntry.objects.get(page=comment.page, action="veldwerk.comment_hidden")
    assert entry.user == editor and entry.data == {"comment_id": comment.pk, "author_id": comment.author_id, "reason": "Reclame"}
    assert entry.message == f"Reactie {comment.pk} verborgen: Reclame"

    client.force_login(editor)
    assert client.post(reverse("unhide_comment", args=(comment.pk,))).status_code == 302
    assert "horloges" in discussion_of(client.get(comment.page.url).content.decode())
    assert PageLogEntry.objects.filter(page=comment.page, action="veldwerk.comment_unhidden", user=editor).count() == 1


@pytest.mark.django_db
def test_hiding_needs_a_reason(client, comment):
    client.force_login(UserFactory(role=EDITORS))
    response = client.post(reverse("hide_comment", args=(comment.pk,)), {"reason": ""})
    assert response.status_code == 400 and "Give the reason for hiding this comment." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_hidden and not PageLogEntry.objects.filter(action="veldwerk.comment_hidden").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [SCOUTS, None])
def test_others_cannot_hide_or_show_comments(client, comment, role):
    client.force_login(UserFactory(role=role) if role else comment.author)
    response = client.post(reverse("hide_comment", args=(comment.pk,)), {"reason": "Weg ermee"})
    assert response.status_code == 403 and "Only editors can hide comments" in response.content.decode()
    assert client.post(reverse("unhide_comment", args=(comment.pk,))).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert not PageLogEntry.objects.filter(action__startswith="veldwerk.comment_").exists()
    assert reverse("hide_comment", args=(comment.pk,)) not in client.get(comment.page.url).content.decode()


@pytest.mark.django_db
def test_a_hidden_comment_can_no_longer_be_edited_by_its_author(client, comment):
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="Reclame")
    client.force_login(comment.author)
    response = client.post(reverse("edit_comment", args=(comment.pk,)), {"body": "Toch niet"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Koop nu goedkope horloges"
