"""Only live, public pages show through search's side doors: autocomplete titles and tags,
"did you mean" words, and the listings' tag filter."""

import pytest

from search.documents import search_document
from tests.factories import IdeaPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["database"], indirect=True)]


def suggestions(client, prefix):
    return client.get("/api/v1/autocomplete", {"q": prefix}).json()["suggestions"]


def test_autocomplete_never_offers_a_drafts_title_or_tag(client, corpus, engine):
    draft = corpus["draft"]  # "Geheim huwelijksconcept", never published
    draft.tags.add("geheimhouding")
    draft.save()
    engine.index_documents([search_document(draft)])  # even when a stale index holds it
    assert "Geheim huwelijksconcept" not in suggestions(client, "geheim")
    assert "geheimhouding" not in suggestions(client, "geheim")
    assert "Online huwelijksplanner" in suggestions(client, "huwelijksp")


def test_autocomplete_forgets_a_page_taken_down(client, corpus, engine, django_capture_on_commit_callbacks):
    assert "Zonnepanelen op daken van scholen" in suggestions(client, "zonne")
    assert "energie" in suggestions(client, "energ")
    with django_capture_on_commit_callbacks(execute=True):
        corpus["solar"].unpublish()
    assert "Zonnepanelen op daken van scholen" not in suggestions(client, "zonne")
    assert "energie" not in suggestions(client, "energ")


def test_did_you_mean_never_offers_a_word_of_a_page_taken_down(client, engine, publish, django_capture_on_commit_callbacks):
    page = publish(IdeaPageFactory(title="Xylofoonregister voor muziekscholen", live=False))
    assert client.get("/api/v1/search", {"q": "xylofoonregistr"}).json()["suggestion"] == "xylofoonregister"
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/api/v1/search", {"q": "xylofoonregistr"}).json()["suggestion"] is None


def test_did_you_mean_keeps_a_word_other_pages_still_use(client, engine, publish, django_capture_on_commit_callbacks):
    first = publish(IdeaPageFactory(title="Xylofoonregister Zwolle", live=False))
    publish(IdeaPageFactory(title="Xylofoonregister Deventer", live=False))
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert client.get("/api/v1/search", {"q": "xylofoonregistr"}).json()["suggestion"] == "xylofoonregister"


def test_the_listing_tag_filter_offers_only_tags_of_live_pages(client, corpus, engine, idea_index):
    corpus["draft"].tags.add("geheimhouding")
    corpus["draft"].save()
    html = client.get(idea_index.url).content.decode()
    assert "sensoren" in html and "geheimhouding" not in html
