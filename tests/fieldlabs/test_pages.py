import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from ideas.models import IdeaIndexPage
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, municipality, theme


class FieldlabPageTypeTests(WagtailPageTestCase):
    def test_sessions_live_only_under_the_fieldlab_index(self):
        self.assertAllowedSubpageTypes(FieldlabIndexPage, {FieldlabSessionPage})
        self.assertAllowedParentPageTypes(FieldlabSessionPage, {FieldlabIndexPage})
        self.assertCanNotCreateAt(IdeaIndexPage, FieldlabSessionPage)

    def test_fieldlab_index_and_session_are_routable_and_renderable(self):
        session = FieldlabSessionPageFactory()
        self.assertPageIsRoutable(FieldlabIndexPage.objects.get())
        self.assertPageIsRenderable(FieldlabIndexPage.objects.get())
        self.assertPageIsRoutable(session)
        self.assertPageIsRenderable(session)


def huwelijksplanner():
    session = FieldlabSessionPageFactory(
        title="Fieldlab Huwelijksplanner",
        report="## Uitkomst\n\nEén planner voor **vijftien** gemeenten.\n\n<iframe src=x></iframe>",
        location="Stadhuis Zwolle",
        facilitator="Lotte Jansen (VNG)",
        status="report_published",
    )
    session.participants.set([municipality(code) for code in ("GM0363", "GM0014", "GM0034")])
    session.decisions.create(text="Koppeling met het BRP uitwerken", owner="Zwolle", done=False)
    session.save()
    return session


@pytest.mark.django_db
def test_session_page_shows_participants_report_decisions_and_related_ideas(client):
    session = huwelijksplanner()
    idea = IdeaPageFactory(title="Trouwlocatie online reserveren")
    hidden = IdeaPageFactory(title="Nog niet gepubliceerd", live=False)
    session.related_ideas.set([idea, hidden])
    session.save()

    html = client.get(session.url).content.decode()
    assert "Fieldlab Huwelijksplanner" in html
    assert "<strong>vijftien</strong>" in html and "<iframe" not in html
    for name in ("Amsterdam", "Groningen", "Almere"):
        assert name in html
    assert "Koppeling met het BRP uitwerken" in html
    assert "Trouwlocatie online reserveren" in html
    assert "Nog niet gepubliceerd" not in html


@pytest.mark.django_db
def test_session_must_not_end_before_it_starts(fieldlab_index):
    from django.core.exceptions import ValidationError

    start = timezone.now()
    with pytest.raises(ValidationError):
        FieldlabSessionPageFactory(starts_at=start, ends_at=start - datetime.timedelta(hours=1))


@pytest.mark.django_db
def test_listing_filters_by_participant_or_host(client, fieldlab_index):
    huwelijksplanner()
    FieldlabSessionPageFactory(title="Fieldlab Afval", host_municipality=municipality("GM0202"))

    def titles(query):
        return {s.title for s in client.get(fieldlab_index.url + query).context["sessions"]}

    assert titles("?gemeente=GM0034") == {"Fieldlab Huwelijksplanner"}
    assert titles("?gemeente=GM0202") == {"Fieldlab Afval"}
    assert titles("?status=report_published") == {"Fieldlab Huwelijksplanner"}


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_the_number_of_sessions(client, fieldlab_index):
    def add_session(number):
        session = FieldlabSessionPageFactory(title=f"Fieldlab {number}")
        session.participants.set([municipality("GM0363"), municipality("GM0014")])
        session.themes.add(theme("burgerzaken"))
        session.save()

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(fieldlab_index.url)
        return len(queries)

    add_session(0)
    count()
    with_one = count()
    for number in range(1, 10):
        add_session(number)
    assert count() == with_one
