import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from adoptions.models import Adoption
from fieldlabs.models import FieldlabSessionPage
from tests.factories import AdoptionFactory, IdeaPageFactory, UserFactory, confirmed_member, municipality


def specialist_of(code):
    user = UserFactory(role=SPECIALISTS)
    return confirmed_member(user, code)


def register(client, idea, code, status="interest", **extra):
    return client.post(reverse("register_adoption", args=(idea.pk,)), {"municipality": code, "status": status, **extra})


@pytest.mark.django_db
def test_specialist_registers_interest_for_their_municipality(client):
    idea = IdeaPageFactory(title="Slimme afvalinzameling")
    client.force_login(specialist_of("GM0014"))

    response = register(client, idea, "GM0014", note="We verkennen dit", contact="j.bakker@example.org")

    assert response.status_code == 302 and response["Location"].endswith("#gebruik")
    adoption = Adoption.objects.get(idea=idea)
    assert (adoption.municipality.code, adoption.status, adoption.note) == ("GM0014", "interest", "We verkennen dit")
    assert adoption.changes.count() == 1
    html = client.get(idea.url).content.decode()
    section = html[html.index('id="adoptions-heading"'):]
    assert "Groningen" in section and "laatst bevestigd" in section and "j.bakker@example.org" in section


@pytest.mark.django_db
def test_confirming_keeps_history_short_and_a_change_is_recorded(client):
    idea = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    register(client, idea, "GM0014", "interest")
    first = Adoption.objects.get().confirmed_at
    register(client, idea, "GM0014", "interest")
    adoption = Adoption.objects.get()
    assert adoption.changes.count() == 1 and adoption.confirmed_at > first

    register(client, idea, "GM0014", "production", since="2026-09-01")
    adoption.refresh_from_db()
    assert adoption.status == "production" and str(adoption.since) == "2026-09-01"
    assert [c.status for c in adoption.changes.all()] == ["production", "interest"]
    assert Adoption.objects.count() == 1  # one current status per municipality per idea


@pytest.mark.django_db
def test_a_specialist_cannot_register_for_another_municipality(client):
    idea = IdeaPageFactory()
    client.force_login(specialist_of("GM0034"))
    response = register(client, idea, "GM0014")
    assert response.status_code == 400
    assert not Adoption.objects.exists()


@pytest.mark.django_db
def test_without_a_municipality_or_login_nothing_is_registered(client, settings):
    idea = IdeaPageFactory()
    assert register(client, idea, "GM0014").status_code == 302  # to the login page
    client.force_login(UserFactory(role=SCOUTS))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = register(client, idea, "GM0014")
    assert refused.status_code == 403
    assert "Only confirmed members of a municipality register its adoptions" in refused.content.decode()
    assert not Adoption.objects.exists()


@pytest.mark.django_db
def test_editor_corrects_any_municipality(client):
    idea = IdeaPageFactory()
    AdoptionFactory(idea=idea, municipality=municipality("GM0014"), status="pilot")
    client.force_login(UserFactory(role=EDITORS))
    assert register(client, idea, "GM0014", "stopped").status_code == 302
    assert Adoption.objects.get().status == "stopped"


@pytest.mark.django_db
def test_invalid_registration_shows_the_errors_and_keeps_the_input(client):
    idea = IdeaPageFactory()
    client.force_login(specialist_of("GM0014"))
    response = register(client, idea, "GM0014", status="klaar", note="Mijn toelichting")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn toelichting" in html and 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_drafts_cannot_be_adopted(client):
    draft = IdeaPageFactory(live=False)
    client.force_login(specialist_of("GM0014"))
    assert register(client, draft, "GM0014").status_code == 404


@pytest.mark.django_db
def test_adoptions_reach_listing_counts_and_search(client, django_capture_on_commit_callbacks, idea_index):
    idea = IdeaPageFactory(title="Parkeervergunning digitaal")
    client.force_login(specialist_of("GM0014"))
    with django_capture_on_commit_callbacks(execute=True):
        register(client, idea, "GM0014")
    listing = client.get(idea_index.url)
    assert listing.context["ideas"][0].adoption_count == 1
    data = client.get("/api/v1/search", {"q": "parkeervergunning", "municipality": "GM0014"}).json()
    assert [r["id"] for r in data["results"]] == [idea.pk]


@pytest.mark.django_db
def test_fieldlab_candidates_on_the_editors_dashboard(client, settings):
    settings.FIELDLAB_CANDIDATE_MIN_INTEREST = 3
    wanted = IdeaPageFactory(title="Gedeelde chatbot")
    for code in ("GM0014", "GM0034", "GM0193"):
        AdoptionFactory(idea=wanted, municipality=municipality(code), status="interest")
    lukewarm = IdeaPageFactory(title="Half gewild")
    AdoptionFactory(idea=lukewarm, municipality=municipality("GM0014"), status="interest")

    client.force_login(UserFactory(role=EDITORS))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Gedeelde chatbot" in dashboard and "Half gewild" not in dashboard

    response = client.post(reverse("start_fieldlab_from_idea", args=(wanted.pk,)))
    draft = FieldlabSessionPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert not draft.live and list(draft.related_ideas.all()) == [wanted]
    assert sorted(m.code for m in draft.participants.all()) == ["GM0014", "GM0034", "GM0193", "GM0363"]  # interested and origin
    assert draft.starts_at > timezone.now()
    assert reverse("start_fieldlab_from_idea", args=(wanted.pk,)) not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_only_editors_see_and_use_the_candidates_panel(client):
    wanted = IdeaPageFactory(title="Gedeelde chatbot")
    for code in ("GM0014", "GM0034", "GM0193"):
        AdoptionFactory(idea=wanted, municipality=municipality(code), status="interest")
    client.force_login(UserFactory(role=SCOUTS))
    assert "Gedeelde chatbot" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.post(reverse("start_fieldlab_from_idea", args=(wanted.pk,)))
    assert not FieldlabSessionPage.objects.exists()


@pytest.mark.django_db
def test_a_started_fieldlab_begins_at_half_past_nine_in_amsterdam_and_invites_origin_and_pilots(client):
    from zoneinfo import ZoneInfo

    wanted = IdeaPageFactory(title="Gedeelde chatbot", municipality=municipality("GM0363"))
    for code, status in (("GM0014", "interest"), ("GM0034", "interest"), ("GM0193", "interest"),
                         ("GM0344", "pilot"), ("GM0599", "production"), ("GM0518", "stopped")):
        AdoptionFactory(idea=wanted, municipality=municipality(code), status=status)
    client.force_login(UserFactory(role=EDITORS))
    client.post(reverse("start_fieldlab_from_idea", args=(wanted.pk,)))
    draft = FieldlabSessionPage.objects.get()
    local = draft.starts_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert (local.hour, local.minute) == (9, 30)
    assert sorted(m.code for m in draft.participants.all()) == ["GM0014", "GM0034", "GM0193", "GM0344", "GM0363", "GM0599"]


@pytest.mark.django_db
def test_starting_a_fieldlab_twice_opens_the_first_draft(client):
    wanted = IdeaPageFactory(title="Gedeelde chatbot")
    for code in ("GM0014", "GM0034", "GM0193"):
        AdoptionFactory(idea=wanted, municipality=municipality(code), status="interest")
    client.force_login(UserFactory(role=EDITORS))
    first = client.post(reverse("start_fieldlab_from_idea", args=(wanted.pk,)))
    second = client.post(reverse("start_fieldlab_from_idea", args=(wanted.pk,)))
    assert FieldlabSessionPage.objects.count() == 1
    assert first["Location"] == second["Location"]
