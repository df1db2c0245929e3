"""No input ever produces an error page, through the page or the API, on any database."""

from pathlib import Path

import pytest

HOSTILE = (Path(__file__).parent / "data" / "hostile-queries.txt").read_text(encoding="utf-8").split("\n")
HOSTILE = [q for q in HOSTILE if q] + ["x" * 10_000, " ".join(f"woord{n}" for n in range(2_000)), "huwelijk " * 2_000]


@pytest.fixture
def some_content(corpus):
    return corpus


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_every_hostile_query_is_answered_by_page_and_api(client, some_content):
    for query in HOSTILE:
        page = client.get("/zoeken/", {"q": query})
        assert page.status_code == 200, query
        assert b"<script>alert(1)" not in page.content
        api = client.get("/api/v1/search", {"q": query})
        assert api.status_code in (200, 400), query
        if api.status_code == 200:
            assert api.json()["engine"] == "database"
        assert client.get("/api/v1/autocomplete", {"q": query}).status_code == 200, query


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_hostile_facet_values_are_answered(client, some_content):
    for value in ("\x00", "GM0363\x00", "x" * 5_000, "' OR 1=1 --", "<script>"):
        for parameter in ("gemeente", "thema", "tag", "type", "status", "laag", "provincie"):
            assert client.get("/zoeken/", {"q": "huwelijk", parameter: value}).status_code == 200
        assert client.get("/api/v1/search", {"q": "huwelijk", "municipality": value}).status_code in (200, 400)
