"""Dates and numbers in the Dutch format, English when chosen."""

import datetime

import pytest
from django.template import engines
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


@pytest.mark.parametrize("language, expected", [("nl", "12.345 resultaten"), ("en", "12,345 results")])
def test_large_numbers_are_grouped_in_the_reader_s_language(language, expected):
    """The search page's result count, rendered with the site's settings and translations."""
    template = engines["django"].from_string(
        "{% load humanize i18n %}{% blocktranslate count counter=results.total with total=results.total|intcomma %}"
        "{{ total }} result{% plural %}{{ total }} results{% endblocktranslate %}"
    )
    with translation.override(language):
        assert template.render({"results": {"total": 12345}}) == expected
