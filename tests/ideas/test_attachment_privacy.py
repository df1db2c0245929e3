"""Attachments stay private until their idea is published: before that only the scout who
uploaded it and editors can download it, and each scout's document chooser shows only their own."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from core.drafts import publish
from ideas.models import IdeaPage
from ideas.uploads import PRIVATE_COLLECTION_NAME
from tests.factories import UserFactory
from tests.ideas.test_submission import PDF, idea_data

Document = get_document_model()


@pytest.fixture
def scout(db):
    return UserFactory(role=SCOUTS)


@pytest.fixture
def editor(db):
    return UserFactory(role=EDITORS)


def submit_with_attachment(scout, name="plan.pdf", title="Afvalwijzer in de app"):
    client = Client()
    client.force_login(scout)
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    response = client.post(reverse("submit_idea"), {**idea_data(title=title), "attachment": upload})
    assert response.status_code == 302
    idea = IdeaPage.objects.get(title=title)
    return idea, idea.get_latest_revision_as_object().attachments.get().document


def download(user, document):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(document.url)


@pytest.mark.django_db
def test_a_drafts_attachment_is_only_for_its_scout_and_editors(scout, editor):
    idea, document = submit_with_attachment(scout)
    assert document.collection.name == PRIVATE_COLLECTION_NAME

    assert download(None, document).status_code == 404
    assert download(UserFactory(role=SCOUTS), document).status_code == 404
    assert download(UserFactory(role=SPECIALISTS), document).status_code == 404

    for allowed in (scout, editor):
        response = download(allowed, document)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert "private" in response.headers["Cache-Control"]  # never kept by a shared cache


@pytest.mark.django_db
def test_once_the_idea_is_published_everyone_gets_the_attachment(scout, editor):
    idea, document = submit_with_attachment(scout)
    publish(idea.get_latest_revision(), user=editor)
    response = download(None, document)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "private" not in response.headers.get("Cache-Control", "")

    idea.refresh_from_db()
    idea.unpublish(user=editor)
    assert download(None, document).status_code == 404  # taken down: private again
    assert download(scout, document).status_code == 200


@pytest.mark.django_db
def test_a_scouts_upload_in_the_admin_is_private_too(scout):
    """Uploaded in the Wagtail admin, outside the private collection: still the scout's until published."""
    document = Document(title="Begroting", uploaded_by_user=scout)
    document.file.save("begroting.txt", ContentFile(b"Kosten: 500 euro"), save=False)
    document.save()
    assert download(None, document).status_code == 404
    assert download(scout, document).status_code == 200


@pytest.mark.django_db
def test_an_editors_document_stays_public(editor):
    document = Document(title="Verslag", uploaded_by_user=editor)
    document.file.save("verslag.txt", ContentFile(b"Verslag van het fieldlab"), save=False)
    document.save()
    assert download(None, document).status_code == 200


@pytest.mark.django_db
def test_each_scouts_chooser_and_listing_show_only_their_own_documents(scout, editor):
    other = UserFactory(role=SCOUTS)
    submit_with_attachment(scout, name="mijn-plan.pdf", title="Idee van de eerste scout")
    submit_with_attachment(other, name="ander-plan.pdf", title="Idee van de tweede scout")

    client = Client()
    client.force_login(scout)
    for url in (reverse("wagtaildocs_chooser:choose"), reverse("wagtaildocs:index")):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "mijn-plan.pdf" in html and "ander-plan.pdf" not in html, url

    client.force_login(editor)
    html = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "mijn-plan.pdf" in html and "ander-plan.pdf" in html
