"""A scout's draft survives every edit: each save continues from the last one, and attachments
are never dropped without a word (preview, a form with errors, editing again)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from accounts.roles import EDITORS, SCOUTS
from ideas.merging import merge_ideas
from ideas.models import IdeaPage
from tests.factories import IdeaPageFactory, UserFactory
from tests.ideas.test_submission import PDF, idea_data


@pytest.fixture
def scout(db):
    return UserFactory(role=SCOUTS, email="scout@example.org")


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def edit_url(idea):
    return reverse("edit_submission", args=(idea.pk,))


def form_value(response, name):
    return response.context["form"][name].value()


@pytest.mark.django_db
def test_three_successive_edits_each_start_from_the_last_save(client, scout):
    client.force_login(scout)
    client.post(reverse("submit_idea"), idea_data(title="Versie 1"))
    idea = IdeaPage.objects.get()
    for version in (2, 3, 4):
        form = client.get(edit_url(idea))
        assert form_value(form, "title") == f"Versie {version - 1}"
        assert client.post(edit_url(idea), idea_data(title=f"Versie {version}", summary=f"Samenvatting {version}")).status_code == 302
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert (draft.title, draft.summary) == ("Versie 4", "Samenvatting 4")
    assert IdeaPage.objects.get().revisions.count() == 4
    assert form_value(client.get(edit_url(idea)), "summary") == "Samenvatting 4"


@pytest.mark.django_db
def test_my_ideas_shows_the_title_of_the_latest_save(client, scout):
    client.force_login(scout)
    client.post(reverse("submit_idea"), idea_data(title="Eerste titel"))
    client.post(edit_url(IdeaPage.objects.get()), idea_data(title="Betere titel"))
    html = client.get(reverse("my_ideas")).content.decode()
    assert "Betere titel" in html and "Eerste titel" not in html


@pytest.mark.django_db
def test_an_attachment_chosen_before_preview_is_kept_and_saved(client, scout):
    client.force_login(scout)
    preview = client.post(reverse("submit_idea"), {**idea_data(action="preview"), "attachment": pdf()})
    html = preview.content.decode()
    assert preview.status_code == 200 and "plan.pdf" in html and 'name="pending_attachment"' in html
    pending = [d.pk for d in preview.context["pending_attachments"]]
    assert client.post(reverse("submit_idea"), {**idea_data(), "pending_attachment": pending}).status_code == 302
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["plan.pdf"]


@pytest.mark.django_db
def test_an_attachment_is_kept_when_the_form_has_errors(client, scout):
    client.force_login(scout)
    refused = client.post(reverse("submit_idea"), {**idea_data(organisation="", municipality=""), "attachment": pdf()})
    assert refused.status_code == 400 and "plan.pdf" in refused.content.decode()
    pending = [d.pk for d in refused.context["pending_attachments"]]
    client.post(reverse("submit_idea"), {**idea_data(), "pending_attachment": pending})
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["plan.pdf"]


@pytest.mark.django_db
def test_saved_attachments_are_listed_kept_and_removable_when_editing(client, scout):
    client.force_login(scout)
    client.post(reverse("submit_idea"), {**idea_data(), "attachment": pdf("plan.pdf")})
    idea = IdeaPage.objects.get()
    edit = client.get(edit_url(idea)).content.decode()
    assert "plan.pdf" in edit and 'name="remove_attachment"' in edit

    client.post(edit_url(idea), {**idea_data(title="Met tweede bijlage"), "attachment": pdf("begroting.pdf")})
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["plan.pdf", "begroting.pdf"]

    first = draft.attachments.all()[0].document
    client.post(edit_url(idea), {**idea_data(), "remove_attachment": [first.pk]})
    draft = IdeaPage.objects.get().get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["begroting.pdf"]


@pytest.mark.django_db
def test_a_forged_pending_attachment_of_someone_else_is_ignored(client, scout):
    other = UserFactory(role=SCOUTS)
    client.force_login(other)
    preview = client.post(reverse("submit_idea"), {**idea_data(action="preview"), "attachment": pdf("geheim.pdf")})
    someone_elses = preview.context["pending_attachments"][0]
    client.force_login(scout)
    client.post(reverse("submit_idea"), {**idea_data(), "pending_attachment": [someone_elses.pk]})
    assert list(IdeaPage.objects.get().get_latest_revision_as_object().attachments.all()) == []
    assert get_document_model().objects.filter(uploaded_by_user=scout).count() == 0


@pytest.mark.django_db
def test_a_merged_idea_shows_where_it_went_and_can_no_longer_be_edited(client, scout):
    client.force_login(scout)
    client.post(reverse("submit_idea"), idea_data(title="Mijn afvalapp"))
    duplicate = IdeaPage.objects.get()
    canonical = IdeaPageFactory(title="Afvalwijzer van Zwolle")
    merge_ideas(duplicate, canonical, UserFactory(role=EDITORS))
    html = client.get(reverse("my_ideas")).content.decode()
    assert "Samengevoegd" in html and "Afvalwijzer van Zwolle" in html and canonical.url in html
    assert edit_url(duplicate) not in html
    assert client.get(edit_url(duplicate)).status_code == 403
    assert client.post(edit_url(duplicate), idea_data(action="submit")).status_code == 403
