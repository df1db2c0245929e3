"""Comments readers see are searchable with their page: a page found only through a comment shows
that comment, as "Reactie op …", and links to it. The index follows every post, edit, hide and
delete, on both databases."""

import re

import pytest
from django.urls import reverse

from accounts.roles import EDITORS
from discussion.models import Comment
from tests.discussion.conftest import post_comment, specialist_of
from tests.factories import UserFactory

from .conftest import idea


@pytest.fixture
def planner(publish):
    return idea(publish, "Digitale huwelijksplanner", "Een bruidspaar plant de ceremonie online.")


@pytest.fixture
def acting(client, django_capture_on_commit_callbacks):
    """Do something through the site as `user`, with the index jobs it starts run after commit."""

    def act(user, method, url, data=None):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(url, data or {})
        client.logout()
        return response

    return act


def api_hits(client, text):
    return client.get("/api/v1/search", {"q": text}).json()["results"]


@pytest.mark.django_db
def test_a_comment_finds_its_page_and_the_hit_shows_and_links_to_it(client, planner, acting):
    author = specialist_of("GM0014")
    acting(author, "post", reverse("post_comment", args=(planner.pk,)), {"body": "Wij halen de **BRP-gegevens** via Haal Centraal op."})
    comment = Comment.objects.get()

    [hit] = api_hits(client, "haal centraal")
    assert hit["id"] == planner.pk and hit["comment_url"] == f"{planner.url}#{comment.anchor}"
    assert "<mark>Haal</mark> <mark>Centraal</mark>" in hit["snippet"] and "**" not in hit["snippet"]
    page = client.get("/zoeken/", {"q": "haal centraal"}).content.decode()
    assert re.search(
        rf'<a href="{re.escape(planner.url)}#{comment.anchor}">Reactie op “Digitale huwelijksplanner”</a>: .*<mark>Haal</mark>', page
    )
    # Found through its own text, the hit shows the page's own words and no comment.
    [own] = api_hits(client, "ceremonie")
    assert own["comment_url"] is None and "<mark>ceremonie</mark>" in own["snippet"]


@pytest.mark.django_db
def test_each_edit_of_a_comment_replaces_what_search_finds(client, planner, acting):
    author = specialist_of("GM0014")
    acting(author, "post", reverse("post_comment", args=(planner.pk,)), {"body": "Gekoppeld aan Haal Centraal."})
    comment = Comment.objects.get()
    for body in ("Gekoppeld aan ons zaaksysteem.", "Gekoppeld aan de kennisbank."):
        assert acting(author, "post", reverse("edit_comment", args=(comment.pk,)), {"body": body}).status_code == 302

    assert api_hits(client, "haal centraal") == [] and api_hits(client, "zaaksysteem") == []
    assert [hit["id"] for hit in api_hits(client, "kennisbank")] == [planner.pk]


@pytest.mark.django_db
def test_hidden_and_deleted_comments_are_not_searchable(client, planner, acting):
    author = specialist_of("GM0014")
    acting(author, "post", reverse("post_comment", args=(planner.pk,)), {"body": "Koop nu goedkope horloges"})
    comment = Comment.objects.get()
    editor = UserFactory(role=EDITORS)

    acting(editor, "post", reverse("hide_comment", args=(comment.pk,)), {"reason": "Reclame"})
    assert api_hits(client, "horloges") == []
    acting(editor, "post", reverse("unhide_comment", args=(comment.pk,)))
    assert [hit["id"] for hit in api_hits(client, "horloges")] == [planner.pk]
    acting(author, "post", reverse("delete_comment", args=(comment.pk,)))
    assert api_hits(client, "horloges") == []


@pytest.mark.django_db
def test_a_page_about_something_ranks_above_a_page_whose_comments_mention_it(client, planner, publish, acting):
    about = idea(publish, "Antwoorden aan de balie", "Vragen van inwoners snel beantwoord.", "Medewerkers zoeken het op in de kennisbank.")
    acting(specialist_of("GM0014"), "post", reverse("post_comment", args=(planner.pk,)), {"body": "Staat dit ook in de kennisbank?"})

    assert [hit["id"] for hit in api_hits(client, "kennisbank")] == [about.pk, planner.pk]


@pytest.mark.django_db
def test_words_only_comments_contain_are_not_offered_as_corrections(client, planner, acting):
    acting(specialist_of("GM0014"), "post", reverse("post_comment", args=(planner.pk,)), {"body": "Hebben jullie een trouwlocatiekaart?"})

    data = client.get("/api/v1/search", {"q": "trouwlokatiekaart"}).json()
    assert data["suggestion"] is None
