import os

import pytest
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from adoptions.ledger import register_adoption
from search import engines
from search.contract import SearchQuery
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, municipality, theme


def engine_names():
    return ["database", "elasticsearch"]


@pytest.fixture(params=engine_names())
def engine(request, settings):
    """The contract suite runs against every engine: the database engine on the suite's own
    database (SQLite or PostgreSQL), and Elasticsearch when ELASTICSEARCH_URL is set."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("Elasticsearch leg: set ELASTICSEARCH_URL to run it (no server can run on this machine)")
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX = f"veldwerk-test-{os.getpid()}"
    settings.SEARCH_ENGINE = request.param
    engines.engine_named.cache_clear()
    chosen = engines.engine_named(request.param)
    chosen.clear()
    yield chosen
    chosen.clear()
    engines.engine_named.cache_clear()


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page the way an editor does, running the after-commit indexing."""

    def publish_page(page, adoptions=()):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
            for code, status in adoptions:
                register_adoption(page, municipality(code), status)
        return type(page).objects.get(pk=page.pk)

    return publish_page


def idea(publish, title, summary, body="", code="GM0363", themes=(), tags=(), adoptions=(), **fields):
    page = IdeaPageFactory(title=title, summary=summary, body=body, municipality=municipality(code), live=False, **fields)
    page.themes.set([theme(slug) for slug in themes])
    page.tags.set(list(tags))
    return publish(page, adoptions)


@pytest.fixture
def corpus(engine, publish, django_capture_on_commit_callbacks):
    """A small knowledge base that every contract test searches."""
    pages = {}
    pages["planner"] = idea(
        publish, "Online huwelijksplanner",
        "Inwoners plannen hun bruiloft online: trouwlocatie, datum en trouwambtenaar in één keer.",
        "De planner haalt gegevens op uit de basisregistratie personen en toont het rooster van de BABS.",
        themes=["burgerzaken"], tags=["digitaal loket"], status="pilot", layer="interaction",
        adoptions=[("GM0014", "interest"), ("GM0034", "production"), ("GM0193", "pilot")],
    )
    pages["waste"] = idea(
        publish, "Slimme afvalinzameling met sensoren",
        "Containers melden zelf wanneer ze vol zijn, zodat de wagen alleen rijdt waar het nodig is.",
        "Sensoren in ondergrondse containers. <script>alert('x')</script> Minder ritten door de wijk.",
        code="GM0014", themes=["openbare-ruimte"], tags=["sensoren"], status="reusable", layer="data",
        adoptions=[("GM0363", "pilot")],
    )
    pages["solar"] = idea(
        publish, "Zonnepanelen op daken van scholen",
        "De gemeente legt zonnepanelen op daken van scholen en sporthallen.",
        "Een overzicht van geschikte daken in de gemeente, met opbrengst per dak.",
        code="GM0193", themes=["ruimte-en-omgevingswet"], tags=["energie"], status="submitted",
    )
    pages["wmo"] = idea(
        publish, "Wmo-aanvraag in drie stappen",
        "Inwoners vragen ondersteuning thuis digitaal aan.",
        "Op grond van de Wet maatschappelijke ondersteuning beoordelen consulenten de aanvraag.",
        code="GM0344", themes=["sociaal-domein"], tags=["zorg"], status="reusable", layer="process",
    )
    session = FieldlabSessionPageFactory(
        title="Fieldlab trouwen", summary="Vijftien gemeenten ontwerpen samen één online planner voor het huwelijk.",
        report="We besloten de trouwlocatie en het rooster van de trouwambtenaren te koppelen.",
        host_municipality=municipality("GM0193"), live=False, status="report_published",
    )
    session.participants.set([municipality(c) for c in ("GM0363", "GM0014", "GM0518")])
    session.themes.set([theme("burgerzaken")])
    session.related_ideas.set([pages["planner"]])
    pages["fieldlab"] = publish(session)

    pages["draft"] = IdeaPageFactory(title="Geheim huwelijksconcept", summary="Nog niet klaar: huwelijk.", live=False)
    private = idea(publish, "Besloten huwelijksnotitie", "Alleen voor intern gebruik: huwelijk.")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=private, restriction_type="login")
    pages["private"] = private
    return pages


def titles(engine, text, **options):
    """Titles of the hits, best first."""
    hits = engine.search(SearchQuery(text=text, **options)).hits
    pages = Page.objects.in_bulk([hit.page_id for hit in hits])
    return [pages[hit.page_id].title for hit in hits]


@pytest.fixture
def reports(engine, publish):
    """Municipal ideas where a naive ranking goes wrong."""
    idea(
        publish, "Herbruikbare formulierbibliotheek",
        "Formulieren die gemeenten delen.",
        "Voor meldingen, klachten en aanvragen: een klacht over een melding, een melding over een klacht. "
        "Meldingen komen in het zaaksysteem.",
    )
    idea(publish, "Meldingen openbare ruimte", "Inwoners melden een losse stoeptegel met een foto.", "De melding komt bij de wijkbeheerder.")
    idea(
        publish, "Parkeren bij de sporthal",
        "Vergunning voor het parkeren van bezoekers.",
        "Bezoekers van de sporthal parkeren op het terrein; de vergunning vraagt u digitaal aan.",
    )
    idea(
        publish, "Digitale parkeervergunning",
        "Parkeervergunning voor bewoners direct digitaal aanvragen.",
        "Een bewoner vraagt de vergunning aan; parkeren in de wijk mag direct.",
    )
    idea(publish, "Huwelijk plannen", "Het huwelijk online plannen met trouwlocatie en datum.")
    idea(publish, "Vaste werkwijze voor Woo-verzoeken", "Een vaste volgorde voor lakken en publiceren.")
    idea(publish, "Afvalcontainers met sensoren", "Het afval wordt opgehaald wanneer de container vol is.")
