"""Each role can do exactly its job in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from fieldlabs.models import FieldlabSessionPage
from ideas.models import IdeaPage
from tests.factories import IdeaPageFactory, UserFactory, municipality


def idea_form(title, action):
    return nested_form_data({
        "title": title,
        "slug": slugify(title),
        "summary": "Een idee om te delen.",
        "body": "Tekst",
        "municipality": municipality("GM0363").pk,
        "organisation": "",
        "status": "submitted",
        "layer": "",
        "found_via": "visit",
        "tags": "trouwen",
        "scout": "",
        "contact_name": "",
        "contact_email": "",
        "links": inline_formset([]),
        "attachments": inline_formset([]),
        "adoptions": inline_formset([]),
        "external_id": "",
        **{action: "1"},
    })


def fieldlab_form(title):
    data = nested_form_data({
        "title": title,
        "slug": slugify(title),
        "summary": "Samen bouwen.",
        "starts_at": "2027-03-01 09:00",
        "ends_at": "2027-03-01 16:00",
        "location": "Utrecht",
        "status": "planned",
        "facilitator": "",
        "host_municipality": municipality("GM0344").pk,
        "tags": "",
        "problem": "",
        "agenda": "",
        "report": "",
        "decisions": inline_formset([]),
        "attachments": inline_formset([]),
        "external_id": "",
        "action-publish": "1",
    })
    data["participants"] = [municipality("GM0363").pk]
    return data


def add_page_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


@pytest.mark.django_db
def test_the_three_roles_exist_and_wagtails_stock_groups_are_replaced():
    assert set(Group.objects.values_list("name", flat=True)) == {SCOUTS, SPECIALISTS, EDITORS}


@pytest.mark.django_db
def test_scout_creates_an_idea_and_submits_it_for_review_but_cannot_publish(client, idea_index):
    scout = UserFactory(role=SCOUTS)
    client.force_login(scout)

    response = client.post(add_page_url(IdeaPage, idea_index), idea_form("Idee van de scout", "action-submit"))

    assert response.status_code == 302
    idea = IdeaPage.objects.get(title="Idee van de scout")
    assert not idea.live
    assert idea.owner == scout
    assert idea.current_workflow_state.status == "in_progress"
    assert idea.current_workflow_state.workflow.name == "Ideebeoordeling"

    client.post(add_page_url(IdeaPage, idea_index), idea_form("Gepubliceerd door scout?", "action-publish"))
    assert not IdeaPage.objects.filter(title="Gepubliceerd door scout?", live=True).exists()
    client.post(reverse("wagtailadmin_pages:edit", args=(idea.pk,)), idea_form("Idee van de scout", "action-publish"))
    idea.refresh_from_db()
    assert not idea.live


@pytest.mark.django_db
def test_scout_cannot_edit_fieldlabs_or_other_peoples_ideas(client, fieldlab_index):
    client.force_login(UserFactory(role=SCOUTS))
    assert client.get(add_page_url(FieldlabSessionPage, fieldlab_index)).status_code in (302, 403)
    client.post(add_page_url(FieldlabSessionPage, fieldlab_index), fieldlab_form("Fieldlab van scout"))
    assert not FieldlabSessionPage.objects.exists()
    others = IdeaPageFactory(title="Idee van een ander")
    assert client.get(reverse("wagtailadmin_pages:edit", args=(others.pk,))).status_code in (302, 403)


@pytest.mark.django_db
def test_specialist_has_no_admin_access(client):
    client.force_login(UserFactory(role=SPECIALISTS))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_editor_publishes_ideas_and_fieldlabs(client, idea_index, fieldlab_index):
    client.force_login(UserFactory(role=EDITORS))

    client.post(add_page_url(IdeaPage, idea_index), idea_form("Idee van de redactie", "action-publish"))
    client.post(add_page_url(FieldlabSessionPage, fieldlab_index), fieldlab_form("Fieldlab Wmo"))

    assert IdeaPage.objects.get(title="Idee van de redactie").live
    session = FieldlabSessionPage.objects.get(title="Fieldlab Wmo")
    assert session.live and [m.code for m in session.participants.all()] == ["GM0363"]


@pytest.mark.django_db
def test_editor_approves_a_submitted_idea(client, idea_index):
    scout = UserFactory(role=SCOUTS)
    client.force_login(scout)
    client.post(add_page_url(IdeaPage, idea_index), idea_form("Ter beoordeling", "action-submit"))
    idea = IdeaPage.objects.get(title="Ter beoordeling")

    client.force_login(UserFactory(role=EDITORS))
    task_state = idea.current_workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(idea.pk, "approve", task_state.pk)), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    idea.refresh_from_db()
    assert idea.live


@pytest.mark.django_db
def test_editor_unpublishes(client):
    idea = IdeaPageFactory(title="Verouderd idee")
    client.force_login(UserFactory(role=EDITORS))
    client.post(reverse("wagtailadmin_pages:unpublish", args=(idea.pk,)))
    idea.refresh_from_db()
    assert not idea.live


@pytest.mark.django_db
@pytest.mark.parametrize("snippet_url", [
    "wagtailsnippets_municipalities_municipality:list",
    "wagtailsnippets_themes_theme:list",
    "wagtailsnippets_taggit_tag:list",
    "wagtailsnippets_veldwerk_search_synonymgroup:list",
])
def test_editor_manages_municipalities_themes_and_tags_scout_does_not(client, snippet_url):
    client.force_login(UserFactory(role=EDITORS))
    assert client.get(reverse(snippet_url)).status_code == 200
    client.force_login(UserFactory(role=SCOUTS))
    assert client.get(reverse(snippet_url)).status_code in (302, 403)


@pytest.mark.django_db
def test_editor_edits_a_municipality_but_cannot_delete_it(client):
    client.force_login(UserFactory(role=EDITORS))
    groningen = municipality("GM0014")
    edit = reverse("wagtailsnippets_municipalities_municipality:edit", args=(groningen.pk,))
    response = client.post(edit, {"code": "GM0014", "name": "Groningen (stad)", "province": "Groningen", "active": "on"})
    assert response.status_code == 302
    groningen.refresh_from_db()
    assert groningen.name == "Groningen (stad)"
    delete = reverse("wagtailsnippets_municipalities_municipality:delete", args=(groningen.pk,))
    assert client.post(delete).status_code in (302, 403)
    assert Page.objects.exists() and municipality("GM0014")
