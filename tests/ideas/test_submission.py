import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from ideas.models import IdeaPage
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def idea_data(**overrides):
    return {
        "title": "Afvalwijzer in de app", "summary": "Inwoners zien wanneer de containers geleegd worden.",
        "body": "## Werking\n\nDe app **toont** de ophaaldagen.", "municipality": "GM0193", "organisation": "",
        "themes": [], "tags": "afval, app", "found_via": "visit", "link_title_1": "Broncode",
        "link_url_1": "https://example.org/afvalwijzer", "action": "save", **overrides,
    }


@pytest.fixture
def scout(db):
    return UserFactory(role=SCOUTS, email="scout@example.org")


@pytest.fixture
def editor(db):
    return UserFactory(role=EDITORS, email="redactie@example.org")


@pytest.mark.django_db
def test_only_scouts_and_editors_may_submit(client):
    assert client.get(reverse("submit_idea")).status_code == 302  # to the login page
    client.force_login(UserFactory(role=SPECIALISTS))
    response = client.get(reverse("submit_idea"))
    assert response.status_code == 403 and "talentscout" in response.content.decode()
    client.force_login(UserFactory(role=SCOUTS))
    assert client.get(reverse("submit_idea")).status_code == 200


@pytest.mark.django_db
def test_a_scout_saves_a_draft_owned_by_them(client, scout):
    client.force_login(scout)
    response = client.post(reverse("submit_idea"), idea_data())
    assert response.status_code == 302
    idea = IdeaPage.objects.get()
    assert not idea.live and idea.owner == scout
    assert idea.revisions.count() == 1 and not idea.workflow_in_progress
    draft = idea.get_latest_revision_as_object()
    assert sorted(t.name for t in draft.tags.all()) == ["afval", "app"] and draft.links.all()[0].url == "https://example.org/afvalwijzer"
    html = client.get(reverse("my_ideas")).content.decode()
    assert "Afvalwijzer in de app" in html and "Concept" in html


@pytest.mark.django_db
def test_preview_renders_the_sites_sanitised_markdown_without_saving(client, scout):
    client.force_login(scout)
    response = client.post(reverse("submit_idea"), idea_data(action="preview", body="**vet** <script>alert(1)</script>"))
    html = response.content.decode()
    assert "<strong>vet</strong>" in html and "<script>alert(1)" not in html
    assert not IdeaPage.objects.exists()


@pytest.mark.django_db
def test_an_invalid_submission_keeps_what_was_typed(client, scout):
    client.force_login(scout)
    response = client.post(reverse("submit_idea"), idea_data(municipality="", organisation="", body="Mijn lange tekst"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Mijn lange tekst" in html and "Afvalwijzer in de app" in html
    assert 'role="alert"' in html and 'href="#id_organisation"' in html
    assert not IdeaPage.objects.exists()


@pytest.mark.django_db
def test_submit_review_request_changes_resubmit_and_publish(client, scout, editor, django_capture_on_commit_callbacks):
    client.force_login(scout)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submit_idea"), idea_data(action="submit"))
    idea = IdeaPage.objects.get()
    assert idea.workflow_in_progress
    assert any(editor.email in message.to for message in mail.outbox)  # editors hear of the submission
    assert client.get(reverse("edit_submission", args=(idea.pk,))).status_code == 403  # locked while in review

    client.force_login(editor)
    task_state = idea.current_workflow_state.current_task_state
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:workflow_action", args=(idea.pk, "reject", task_state.pk)), {"comment": "Voeg de kosten toe"})
    assert any(scout.email in message.to for message in mail.outbox)  # the scout hears of the decision

    client.force_login(scout)
    html = client.get(reverse("my_ideas")).content.decode()
    assert "Wijzigingen gevraagd" in html and "Voeg de kosten toe" in html
    response = client.post(reverse("edit_submission", args=(idea.pk,)), idea_data(action="submit", summary="Met kosten: 500 euro per jaar."))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.workflow_in_progress and idea.get_latest_revision_as_object().summary == "Met kosten: 500 euro per jaar."

    client.force_login(editor)
    task_state = idea.current_workflow_state.current_task_state
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:workflow_action", args=(idea.pk, "approve", task_state.pk)), {"comment": ""})
    idea.refresh_from_db()
    assert idea.live and idea.summary == "Met kosten: 500 euro per jaar."
    assert any(scout.email in message.to for message in mail.outbox)
    client.force_login(scout)
    assert "Gepubliceerd" in client.get(reverse("my_ideas")).content.decode()
    assert client.get(reverse("edit_submission", args=(idea.pk,))).status_code == 403


@pytest.mark.django_db
def test_a_scout_cannot_edit_someone_elses_idea(client, scout):
    client.force_login(scout)
    client.post(reverse("submit_idea"), idea_data())
    idea = IdeaPage.objects.get()
    client.force_login(UserFactory(role=SCOUTS))
    assert client.post(reverse("edit_submission", args=(idea.pk,)), idea_data(title="Gekaapt")).status_code == 403
    assert idea.get_latest_revision_as_object().title == "Afvalwijzer in de app"


@pytest.mark.django_db
def test_a_valid_attachment_is_stored_with_the_idea(client, scout):
    client.force_login(scout)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    assert client.post(reverse("submit_idea"), {**idea_data(), "attachment": upload}).status_code == 302
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["plan.pdf"]


@pytest.mark.django_db
@pytest.mark.parametrize("name, content, message", [
    ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "komt niet overeen"),  # a Windows executable named .pdf
    ("script.exe", b"MZ\x90\x00", "niet geaccepteerd"),
    ("groot.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "hoogstens"),
])
def test_refused_uploads_get_a_clear_message_and_keep_the_form(client, scout, name, content, message):
    client.force_login(scout)
    response = client.post(reverse("submit_idea"), {**idea_data(), "attachment": SimpleUploadedFile(name, content)})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "Afvalwijzer in de app" in html
    assert not IdeaPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/plan.pdf", "data:text/html,<b>x</b>"])
def test_a_link_that_is_not_a_web_address_is_refused_with_a_reason(client, scout, url):
    client.force_login(scout)
    response = client.post(reverse("submit_idea"), idea_data(link_url_1=url))
    assert response.status_code == 400 and "Link 1" in response.content.decode()
    assert not IdeaPage.objects.exists()
