"""Wagtail's e-mails about a submitted idea speak the site's formal Dutch, without admin words."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import EDITORS, SCOUTS
from ideas.models import IdeaPage
from tests.factories import UserFactory

from .test_submission import idea_data

JARGON = re.compile(r"workflow|task|taak|moderation|moderatie|revision|revisie|stage", re.IGNORECASE)


@pytest.fixture
def scout(db):
    return UserFactory(role=SCOUTS, email="scout@example.org")


@pytest.fixture
def editor(db):
    return UserFactory(role=EDITORS, email="redactie@example.org")


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def decide(client, idea, action, comment, django_capture_on_commit_callbacks):
    task_state = idea.current_workflow_state.current_task_state
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:workflow_action", args=(idea.pk, action, task_state.pk)), {"comment": comment})


@pytest.mark.django_db
def test_scout_and_editors_get_plain_dutch_e_mails_about_a_review(client, scout, editor, django_capture_on_commit_callbacks):
    client.force_login(scout)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submit_idea"), idea_data(action="submit"))
    idea = IdeaPage.objects.get()
    [to_editor] = mails_to(editor.email)
    assert "Afvalwijzer in de app" in to_editor.subject and "beoordelen" in to_editor.subject
    assert f"/admin/pages/{idea.pk}/edit/" in to_editor.body
    assert not JARGON.search(to_editor.subject + to_editor.body)

    client.force_login(editor)
    decide(client, idea, "reject", "Voeg de kosten toe", django_capture_on_commit_callbacks)
    [rejected] = mails_to(scout.email)
    assert "Afvalwijzer in de app" in rejected.subject and "wijzigen" in rejected.subject
    assert "Geachte" in rejected.body and "Voeg de kosten toe" in rejected.body
    assert "http://127.0.0.1:8000/mijn-ideeen/" in rejected.body
    assert not JARGON.search(rejected.subject + rejected.body)

    client.force_login(scout)
    client.post(reverse("edit_submission", args=(idea.pk,)), idea_data(action="submit", summary="Met kosten: 500 euro per jaar."))
    client.force_login(editor)
    decide(client, IdeaPage.objects.get(), "approve", "", django_capture_on_commit_callbacks)
    [approved] = mails_to(scout.email)
    assert approved.subject == "Veldwerk: uw idee “Afvalwijzer in de app” is goedgekeurd en gepubliceerd"
    assert "http://127.0.0.1:8000/ideeen/afvalwijzer-in-de-app/" in approved.body
    assert "http://127.0.0.1:8000/mijn-ideeen/" in approved.body
    assert not JARGON.search(approved.subject + approved.body)
