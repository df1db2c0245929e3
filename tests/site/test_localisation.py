"""Dates and numbers in the Dutch format, English when chosen."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tests.factories import FieldlabSessionPageFactory


@pytest.mark.django_db
def test_fieldlab_dates_are_written_the_dutch_way_or_the_english_way(client):
    starts = timezone.make_aware(datetime.datetime(2026, 3, 12, 9, 30))
    session = FieldlabSessionPageFactory(title="Fieldlab Datumnotatie", starts_at=starts, ends_at=starts + datetime.timedelta(hours=6))
    dutch = client.get(session.url).content.decode()
    assert "donderdag 12 maart 2026" in dutch
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Thursday 12 March 2026" in client.get(session.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language, expected", [("nl", "12.345 resultaten"), ("en", "12,345 results")])
def test_large_result_counts_are_grouped_in_the_reader_s_language(rf, language, expected):
    """The real search page template, given a result count no test database could produce."""
    request = rf.get("/zoeken/", {"q": "huwelijk"})
    request.user = AnonymousUser()
    context = {
        "query": SimpleNamespace(text="huwelijk", sort="relevance", filters={}, page=1),
        "results": SimpleNamespace(total=12345, notice="", suggestion="", relaxed=False),
        "facet_groups": [], "items": [], "page_count": 1, "problems": [],
    }
    with translation.override(language):
        html = render_to_string("search/search_page.html", context, request=request)
    assert f">{expected}</h2>" in html
