import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from wagtail.models import PageLogEntry

from accounts.roles import EDITORS, SCOUTS
from adoptions.models import Adoption
from core.drafts import latest_draft, publish, save_draft
from discussion.models import Comment, Follow
from ideas.merging import MergeRefused, active_merge_of, merge_ideas, undo_merge
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



# Merge chains, the order of undoing, and what the scout hears.

def undo(client, duplicate, record):
    return client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"undo": record.pk})


def error_messages(response):
    return [str(message) for message in response.context["messages"] if message.level_tag == "error"]


def locations(rows):
    """The idea each row is on now, by name."""
    found = {}
    for name, row in rows.items():
        row.refresh_from_db()
        found[name] = row.idea_id if isinstance(row, Adoption) else row.page_id
    return found


@pytest.fixture
def chain(db):
    """Three ideas with adoptions, comments with replies and followers, overlapping on purpose."""
    a, b, c = (IdeaPageFactory(title=title) for title in ("Afvalapp", "Afvalwijzer", "Slim afval"))
    everyone, author = UserFactory(), UserFactory()
    rows = {}
    for idea, code in ((a, "GM0014"), (b, "GM0034"), (c, "GM0363")):
        rows[f"adoption {idea.title}"] = AdoptionFactory(idea=idea, municipality=municipality(code))
        comment = rows[f"comment {idea.title}"] = Comment.objects.create(page=idea, author=author, body="Goed idee.")
        rows[f"reply {idea.title}"] = Comment.objects.create(page=idea, author=author, parent=comment, body="Eens.")
        rows[f"follow {idea.title}"] = Follow.objects.create(user=everyone, page=idea)
    rows["A's GM0363"] = AdoptionFactory(idea=a, municipality=municipality("GM0363"))  # C has its own
    rows["A's own follower"] = Follow.objects.create(user=UserFactory(), page=a)
    return a, b, c, rows


@pytest.mark.django_db
def test_undoing_a_merge_whose_canonical_is_merged_is_refused_until_that_is_undone(client, chain):
    a, b, c, rows = chain
    home = locations(rows)
    client.force_login(UserFactory(role=EDITORS))
    merge(client, a, b)
    merge(client, b, c)
    first, second = IdeaMerge.objects.get(duplicate=a), IdeaMerge.objects.get(duplicate=b)
    merged = locations(rows)
    assert [name for name, idea in merged.items() if idea == a.pk] == ["follow Afvalapp"]  # B has that follower
    assert merged["A's GM0363"] == b.pk  # it went on with B's records, but C has an adoption by GM0363
    assert merged["adoption Afvalapp"] == merged["reply Afvalapp"] == merged["A's own follower"] == c.pk

    response = undo(client, a, first)

    [refusal] = error_messages(response)
    assert "Afvalwijzer" in refusal and "Slim afval" in refusal  # "Undo the merge of B into C first"
    first.refresh_from_db()
    a.refresh_from_db()
    assert first.undone_at is None and not a.live and locations(rows) == merged

    undo(client, b, second)
    undo(client, a, first)
    assert locations(rows) == home
    a.refresh_from_db(), b.refresh_from_db()
    assert a.live and b.live and not IdeaMerge.objects.filter(undone_at__isnull=True).exists()


@pytest.mark.django_db
def test_merging_an_idea_that_has_duplicates_carries_them_along(client, chain):
    a, b, c, rows = chain
    client.force_login(UserFactory(role=EDITORS))
    merge(client, a, b)
    page_of_b = client.get(reverse("idea_duplicates", args=(b.pk,))).content.decode()
    assert f'href="{reverse("idea_duplicates", args=(a.pk,))}">Afvalapp</a>' in page_of_b  # merged into B
    merge(client, b, c)

    response = client.get(a.url, follow=True)
    assert response.redirect_chain and response.request["PATH_INFO"] == c.url
    assert sorted(adoption.municipality.code for adoption in c.adoptions.all()) == ["GM0014", "GM0034", "GM0363"]


@pytest.mark.django_db
def test_an_idea_is_not_merged_into_a_merged_duplicate_and_the_refusal_names_where_to(chain):
    a, b, c, rows = chain
    editor = UserFactory(role=EDITORS)
    merge_ideas(b, c, editor)
    before = locations(rows)

    with pytest.raises(MergeRefused) as refusal:
        merge_ideas(a, b, editor)

    assert "Afvalwijzer" in str(refusal.value) and "Slim afval" in str(refusal.value)
    assert locations(rows) == before and IdeaMerge.objects.count() == 1
    a.refresh_from_db()
    assert a.live


@pytest.mark.django_db
def test_replies_posted_after_a_merge_go_back_with_the_comment_they_answer(client, chain):
    a, b, c, rows = chain
    client.force_login(UserFactory(role=EDITORS))
    merge(client, a, b)
    late_reply = Comment.objects.create(page=b, parent=rows["comment Afvalapp"], author=UserFactory(), body="Later.")

    undo(client, a, IdeaMerge.objects.get())

    late_reply.refresh_from_db()
    assert late_reply.page_id == a.pk == locations(rows)["comment Afvalapp"]
    assert Comment.objects.filter(page=b).count() == 2  # B's own thread


@pytest.mark.django_db
def test_active_merge_of_names_the_merge_a_duplicate_is_in(chain):
    a, b, c, rows = chain
    editor = UserFactory(role=EDITORS)
    assert active_merge_of(a) is None
    record = merge_ideas(a, b, editor)
    assert active_merge_of(a) == record and active_merge_of(a).canonical.title == "Afvalwijzer"
    assert active_merge_of(b) is None
    undo_merge(record, editor)
    assert active_merge_of(a) is None


@pytest.mark.django_db
def test_undo_republishes_what_was_live_at_the_merge_not_a_later_draft(client):
    editor = UserFactory(role=EDITORS)
    idea = IdeaPageFactory(title="Deelauto's")
    published = publish(save_draft(latest_draft(idea), editor), editor)
    draft = latest_draft(idea)
    draft.title = "Deelauto's (nog niet goedgekeurd)"
    save_draft(draft, editor)
    client.force_login(editor)
    merge(client, idea, IdeaPageFactory(title="Deelmobiliteit"))
    merged_at = PageLogEntry.objects.filter(page=idea).latest("timestamp", "pk").timestamp

    undo(client, idea, IdeaMerge.objects.get())

    idea.refresh_from_db()
    assert idea.live and idea.title == "Deelauto's" and idea.live_revision == published
    assert idea.has_unpublished_changes and idea.get_latest_revision().content["title"].endswith("goedgekeurd)")
    assert "Deelauto&#x27;s" in client.get(idea.url).content.decode()
    assert PageLogEntry.objects.filter(page=idea, action="wagtail.publish", user=editor, timestamp__gte=merged_at,
                                       revision=published).exists()


@pytest.mark.django_db
def test_the_scout_gets_an_e_mail_naming_the_idea_it_was_merged_with(client, django_capture_on_commit_callbacks):
    scout = UserFactory(role=SCOUTS, first_name="Fatima", email="fatima@example.org")
    duplicate = IdeaPageFactory(title="Trouwplanner online", scout=scout, owner=UserFactory())
    canonical = IdeaPageFactory(title="Huwelijksplanner")
    client.force_login(UserFactory(role=EDITORS))

    with django_capture_on_commit_callbacks(execute=True):
        merge(client, duplicate, canonical)

    [message] = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert "Trouwplanner online" in message.subject and "Huwelijksplanner" in message.subject
    assert "samengevoegd met" in message.subject
    assert "Fatima" in message.body and "http://127.0.0.1:8000" + canonical.url in message.body


@pytest.mark.django_db
def test_without_a_scout_the_owner_hears_of_the_merge(django_capture_on_commit_callbacks):
    owner = UserFactory(email="eigenaar@example.org")
    duplicate = IdeaPageFactory(owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        merge_ideas(duplicate, IdeaPageFactory(), UserFactory(role=EDITORS))
    assert [message.to for message in mail.outbox] == [["eigenaar@example.org"]]


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_break_the_merge(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    duplicate = IdeaPageFactory(scout=UserFactory())
    client.force_login(UserFactory(role=EDITORS))
    with django_capture_on_commit_callbacks(execute=True):
        response = merge(client, duplicate, IdeaPageFactory())
    assert response.status_code == 302 and IdeaMerge.objects.filter(duplicate=duplicate).exists()


@pytest.mark.django_db
def test_a_mangled_undo_request_finds_nothing(client, ideas):
    canonical, duplicate = ideas
    client.force_login(UserFactory(role=EDITORS))
    assert client.post(reverse("idea_duplicates", args=(duplicate.pk,)), {"undo": "1 OR 1"}).status_code == 404
