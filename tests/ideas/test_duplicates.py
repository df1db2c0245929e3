import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.roles import EDITORS, SCOUTS
from ideas.models import IdeaMerge
from tests.factories import AdoptionFactory, IdeaPageFactory, UserFactory, municipality


@pytest.fixture
def ideas(db):
    canonical = IdeaPageFactory(title="Huwelijksplanner")
    duplicate = IdeaPageFactory(title="Trouwplanner online")
    AdoptionFactory(idea=canonical, municipality=municipality("GM0014"), status="production")
    AdoptionFactory(idea=duplicate, municipality=municipality("GM0014"), status="interest")  # already on canonical
    AdoptionFactory(idea=duplicate, municipality=municipality("GM0034"), status="pilot")
    return canonical, duplicate


def merge(client, duplicate, canonical):
    return client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"canonical": canonical.pk})


@pytest.mark.django_db
def test_editor_merges_a_duplicate_which_then_redirects(client, ideas):
    canonical, duplicate = ideas
    old_url = duplicate.url
    client.force_login(UserFactory(role=EDITORS))
    assert merge(client, duplicate, canonical).status_code == 302

    duplicate.refresh_from_db()
    assert not duplicate.live
    response = client.get(old_url)
    assert response.status_code == 302 and response["Location"].endswith(canonical.url)
    assert sorted((a.municipality.code, a.status) for a in canonical.adoptions.all()) == [("GM0014", "production"), ("GM0034", "pilot")]
    assert PageLogEntry.objects.filter(page=duplicate, action="veldwerk.idea_merged").exists()
    assert PageLogEntry.objects.filter(page=duplicate).count() >= 1  # the page and its history stay


@pytest.mark.django_db
def test_a_merge_can_be_undone(client, ideas):
    canonical, duplicate = ideas
    old_url = duplicate.url
    client.force_login(UserFactory(role=EDITORS))
    merge(client, duplicate, canonical)
    record = IdeaMerge.objects.get()

    client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"undo": record.pk})

    duplicate.refresh_from_db()
    record.refresh_from_db()
    assert duplicate.live and record.undone_at is not None
    assert client.get(old_url).status_code == 200
    assert sorted(a.municipality.code for a in duplicate.adoptions.all()) == ["GM0014", "GM0034"]
    assert [a.municipality.code for a in canonical.adoptions.all()] == ["GM0014"]
    assert PageLogEntry.objects.filter(page=duplicate, action="veldwerk.idea_merge_undone").exists()


@pytest.mark.django_db
def test_only_editors_merge(client, ideas):
    canonical, duplicate = ideas
    client.force_login(UserFactory(role=SCOUTS))
    merge(client, duplicate, canonical)
    assert not IdeaMerge.objects.exists()


@pytest.mark.django_db
def test_an_idea_cannot_be_merged_into_itself_or_twice(client, ideas):
    canonical, duplicate = ideas
    client.force_login(UserFactory(role=EDITORS))
    merge(client, duplicate, duplicate)
    assert not IdeaMerge.objects.exists()
    merge(client, duplicate, canonical)
    merge(client, duplicate, canonical)
    assert IdeaMerge.objects.count() == 1
