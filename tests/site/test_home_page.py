import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from fieldlabs.models import FieldlabIndexPage
from ideas.models import IdeaIndexPage
from tests.factories import AdoptionFactory, FieldlabSessionPageFactory, IdeaPageFactory, municipality
from veldwerk.models import HomePage


class HomePageTypeTests(WagtailPageTestCase):
    def test_home_holds_the_two_indexes(self):
        self.assertAllowedSubpageTypes(HomePage, {IdeaIndexPage, FieldlabIndexPage})
        self.assertPageIsRoutable(HomePage.objects.get())
        self.assertPageIsRenderable(HomePage.objects.get())


@pytest.mark.django_db
def test_home_shows_search_latest_ideas_fieldlabs_and_figures(client):
    idea = IdeaPageFactory(title="Slimme afvalinzameling", municipality=municipality("GM0014"))
    AdoptionFactory(idea=idea, municipality=municipality("GM0034"))
    IdeaPageFactory(title="Verborgen concept", live=False)
    FieldlabSessionPageFactory(title="Komend fieldlab", host_municipality=municipality("GM0193"))
    past = FieldlabSessionPageFactory(
        title="Afgelopen fieldlab", starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=40, hours=-4), host_municipality=None,
    )
    past.participants.set([municipality("GM0014"), municipality("GM0363")])
    past.save()

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and 'action="/zoeken/"' in html
    assert "Slimme afvalinzameling" in html and "Verborgen concept" not in html
    assert "Komend fieldlab" in html and "Afgelopen fieldlab" in html
    # Groningen (origin and participant), Almere (adoption), Zwolle (host), Amsterdam (participant)
    assert response.context["figures"] == {"ideas": 1, "fieldlabs": 2, "municipalities": 4}


@pytest.mark.django_db
def test_home_query_count_is_bounded(client):
    for number in range(8):
        IdeaPageFactory(title=f"Idee {number}")
        FieldlabSessionPageFactory(title=f"Fieldlab {number}")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) <= 20


@pytest.mark.django_db
def test_base_layout_is_accessible_and_dutch(client):
    html = client.get("/").content.decode()
    assert '<html lang="nl">' in html
    assert 'class="skip-link" href="#inhoud"' in html and 'id="inhoud"' in html
    assert '<nav class="site-nav" aria-label=' in html
    for link in ('href="/ideeen/"', 'href="/fieldlabs/"', 'href="/zoeken/"', 'href="/inloggen/'):
        assert link in html
    assert "https://cdn" not in html and "//fonts.googleapis" not in html


@pytest.mark.django_db
def test_dutch_first_whatever_the_browser_says_english_when_chosen(client):
    english_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Nieuwste ideeën" in english_browser.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Latest ideas" in client.get("/").content.decode()
