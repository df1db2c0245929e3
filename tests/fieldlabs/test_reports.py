"""Editors write fieldlab reports with Wagtail's drafts, preview, revisions and scheduled publishing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITORS
from fieldlabs.models import FieldlabSessionPage
from tests.factories import FieldlabSessionPageFactory, UserFactory


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(role=EDITORS))
    return client


@pytest.mark.django_db
def test_a_draft_report_can_be_viewed_by_the_editor_but_not_by_visitors(editor_client, client):
    session = FieldlabSessionPageFactory(title="Fieldlab Woo", report="## Uitkomst\n\nEén **publicatieplatform**.", live=False)
    session.save_revision()
    draft = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=(session.pk,)))
    assert draft.status_code == 200 and "<strong>publicatieplatform</strong>" in draft.content.decode()
    editor_client.logout()
    assert client.get("/fieldlabs/fieldlab-woo/").status_code == 404


@pytest.mark.django_db
def test_revisions_keep_earlier_versions_of_a_report():
    session = FieldlabSessionPageFactory(title="Fieldlab Woo", report="Eerste versie", live=False)
    session.save_revision().publish()
    session = FieldlabSessionPage.objects.get(pk=session.pk)
    session.report = "Tweede versie"
    session.save_revision().publish()
    versions = [r.as_object().report for r in session.revisions.order_by("created_at")]
    assert versions == ["Eerste versie", "Tweede versie"]


@pytest.mark.django_db
def test_a_report_scheduled_for_later_goes_live_then(client):
    session = FieldlabSessionPageFactory(title="Fieldlab Algoritmeregister", report="Verslag", live=False)
    session.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    session.save_revision().publish()
    session.refresh_from_db()
    assert not session.live

    # Let the hour pass: the scheduled moment now lies in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = session.get_latest_revision()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    session.refresh_from_db()
    assert session.live
    assert client.get(session.url).status_code == 200
