import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from fieldlabs.models import FieldlabIndexPage
from ideas.models import IdeaIndexPage, IdeaPage
from tests.factories import AdoptionFactory, FieldlabSessionPageFactory, IdeaPageFactory, UserFactory, municipality, theme
from veldwerk.models import HomePage


class IdeaPageTypeTests(WagtailPageTestCase):
    def test_ideas_live_only_under_the_idea_index(self):
        self.assertAllowedSubpageTypes(IdeaIndexPage, {IdeaPage})
        self.assertAllowedParentPageTypes(IdeaPage, {IdeaIndexPage})
        self.assertCanNotCreateAt(HomePage, IdeaPage)
        self.assertCanNotCreateAt(FieldlabIndexPage, IdeaPage)

    def test_idea_index_and_idea_are_routable_and_renderable(self):
        idea = IdeaPageFactory(title="Slim parkeren")
        self.assertPageIsRoutable(IdeaIndexPage.objects.get())
        self.assertPageIsRenderable(IdeaIndexPage.objects.get())
        self.assertPageIsRoutable(idea)
        self.assertPageIsRenderable(idea)


@pytest.mark.django_db
def test_idea_page_shows_rendered_sanitised_markdown_and_origin(client):
    idea = IdeaPageFactory(
        title="Meldingen openbare ruimte", body="## Aanpak\n\n**Snel** melden <script>alert(1)</script>",
        organisation="VNG Realisatie",
    )
    response = client.get(idea.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="md-aanpak">Aanpak</h2>' in html
    assert "<strong>Snel</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "Amsterdam · VNG Realisatie" in html


@pytest.mark.django_db
def test_idea_page_lists_who_uses_or_wants_it_by_status(client):
    idea = IdeaPageFactory()
    AdoptionFactory(idea=idea, municipality=municipality("GM0014"), status="production")
    AdoptionFactory(idea=idea, municipality=municipality("GM0034"), status="interest")
    html = client.get(idea.url).content.decode()
    section = html[html.index('id="adoptions-heading"'):]
    assert section.index("Interesse") < section.index("Almere") < section.index("In productie") < section.index("Groningen")


@pytest.mark.django_db
def test_contact_is_shown_to_logged_in_users_only(client):
    idea = IdeaPageFactory(contact_name="Sanne de Vries", contact_email="s.devries@example.org")
    anonymous = client.get(idea.url).content.decode()
    assert "s.devries@example.org" not in anonymous and "Sanne de Vries" not in anonymous
    client.force_login(UserFactory())
    assert "s.devries@example.org" in client.get(idea.url).content.decode()


@pytest.mark.django_db
def test_idea_page_shows_the_fieldlabs_it_was_worked_on_in(client):
    idea = IdeaPageFactory()
    session = FieldlabSessionPageFactory(title="Fieldlab Huwelijksplanner")
    session.related_ideas.add(idea)
    session.save_revision().publish()
    draft_session = FieldlabSessionPageFactory(title="Geheim concept", live=False)
    draft_session.related_ideas.add(idea)
    draft_session.save()
    html = client.get(idea.url).content.decode()
    assert "Fieldlab Huwelijksplanner" in html
    assert "Geheim concept" not in html


@pytest.mark.django_db
def test_listing_shows_live_ideas_only(client, idea_index):
    IdeaPageFactory(title="Gepubliceerd idee")
    IdeaPageFactory(title="Concept idee", live=False)
    html = client.get(idea_index.url).content.decode()
    assert "Gepubliceerd idee" in html
    assert "Concept idee" not in html


@pytest.mark.django_db
def test_listing_filters_by_municipality_theme_status_and_tag(client, idea_index):
    amsterdam = IdeaPageFactory(title="Idee uit Amsterdam", status="pilot")
    amsterdam.themes.add(theme("burgerzaken"))
    amsterdam.tags.add("trouwen")
    amsterdam.save()
    IdeaPageFactory(title="Idee uit Zwolle", municipality=municipality("GM0193"), status="reusable")

    def titles(query):
        response = client.get(idea_index.url + query)
        assert response.status_code == 200
        return {idea.title for idea in response.context["ideas"]}

    assert titles("") == {"Idee uit Amsterdam", "Idee uit Zwolle"}
    assert titles("?gemeente=GM0193") == {"Idee uit Zwolle"}
    assert titles("?thema=burgerzaken") == {"Idee uit Amsterdam"}
    assert titles("?status=reusable") == {"Idee uit Zwolle"}
    assert titles("?tag=trouwen") == {"Idee uit Amsterdam"}
    assert titles("?tag=trouwen&status=reusable") == set()


@pytest.mark.django_db
def test_unknown_filter_values_are_reported_not_errors(client, idea_index):
    IdeaPageFactory(title="Enig idee")
    response = client.get(idea_index.url + "?gemeente=GM9999&status=%3Cscript%3E&pagina=999")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enig idee" in html
    assert "GM9999" in html and "genegeerd" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_listing_paginates(client, idea_index):
    for number in range(14):
        IdeaPageFactory(title=f"Idee nummer {number:02d}")
    first = client.get(idea_index.url)
    second = client.get(idea_index.url + "?pagina=2")
    assert len(first.context["ideas"]) == 12
    assert len(second.context["ideas"]) == 2
    seen = {i.pk for i in first.context["ideas"]} | {i.pk for i in second.context["ideas"]}
    assert len(seen) == 14


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_the_number_of_ideas(client, idea_index, django_assert_max_num_queries):
    def add_idea(number):
        idea = IdeaPageFactory(title=f"Idee {number}")
        idea.themes.add(theme("burgerzaken"))
        idea.tags.add(f"tag{number}")
        idea.save()
        AdoptionFactory(idea=idea)

    add_idea(0)
    count_queries(client, idea_index.url)  # warm caches (site root, content types)
    with_one = count_queries(client, idea_index.url)
    for number in range(1, 12):
        add_idea(number)
    with_twelve = count_queries(client, idea_index.url)
    assert with_twelve == with_one
    with django_assert_max_num_queries(with_one):
        client.get(idea_index.url + "?thema=burgerzaken")


@pytest.mark.django_db
def test_an_editor_views_a_draft_idea_with_its_tags_and_links(client):
    from django.urls import reverse

    from accounts.roles import EDITORS
    from ideas.models import IdeaLink

    idea = IdeaPageFactory(title="Concept met links", live=False)
    draft = idea.get_latest_revision_as_object() if idea.revisions.exists() else idea
    draft.tags.add("conceptlabel")
    draft.links = [IdeaLink(title="Broncode", url="https://example.org/bron")]
    draft.save_revision()
    client.force_login(UserFactory(role=EDITORS))
    html = client.get(reverse("wagtailadmin_pages:view_draft", args=(idea.pk,))).content.decode()
    assert "conceptlabel" in html and "https://example.org/bron" in html


@pytest.mark.django_db
def test_listing_sorts_by_most_adopted(client, idea_index):
    popular = IdeaPageFactory(title="Veel gebruikt")
    for code in ("GM0014", "GM0034", "GM0193"):
        AdoptionFactory(idea=popular, municipality=municipality(code))
    IdeaPageFactory(title="Nieuwer maar onbekend")
    titles = [idea.title for idea in client.get(idea_index.url + "?sorteer=meest-gebruikt").context["ideas"]]
    assert titles == ["Veel gebruikt", "Nieuwer maar onbekend"]
    titles = [idea.title for idea in client.get(idea_index.url).context["ideas"]]
    assert titles == ["Nieuwer maar onbekend", "Veel gebruikt"]
