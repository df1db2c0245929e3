"""The importer never publishes what an editor did not: unchanged records change nothing,
changed records on pages editors touched are conflicts, the rest become new revisions."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from accounts.roles import EDITORS
from core.drafts import latest_draft, save_draft
from discussion.models import Comment
from ideas.merging import merge_ideas
from ideas.models import IdeaPage
from tests.factories import UserFactory
from tests.importer.test_import_ideas import IDEA, write_jsonl

OTHER_IDEA = {**IDEA, "id": "deventer-afvalapp", "title": "Ophaalkalender Deventer", "adoptions": []}


@pytest.fixture
def editor(db):
    return UserFactory(role=EDITORS)


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("beheer", "beheer@example.org", "correct horse battery"))
    return client


def import_file(path, *options):
    call_command("import_ideas", str(path), *options, verbosity=0)


def imported(external_id="zwolle-afvalapp"):
    return IdeaPage.objects.get(external_id=external_id)


def public_title(client, page):
    response = client.get(page.url or "/ideeen/afvalapp-met-ophaalkalender/")
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_unchanged_record_does_not_publish_an_editors_draft(tmp_path, client, editor, capsys):
    source = write_jsonl(tmp_path / "data.jsonl", IDEA)
    import_file(source, "--publish")
    draft = latest_draft(imported())
    draft.title = "Afvalapp (nog niet nagekeken)"
    save_draft(draft, user=editor)
    capsys.readouterr()

    import_file(source, "--publish")

    idea = imported()
    assert "1 unchanged" in capsys.readouterr().out
    assert idea.title == "Afvalapp met ophaalkalender" and idea.has_unpublished_changes
    status, html = public_title(client, idea)
    assert status == 200 and "Afvalapp met ophaalkalender" in html and "nog niet nagekeken" not in html


@pytest.mark.django_db
def test_unchanged_record_does_not_republish_a_page_an_editor_unpublished(tmp_path, client, admin_client):
    source = write_jsonl(tmp_path / "data.jsonl", IDEA)
    import_file(source, "--publish")
    idea = imported()
    url = idea.url
    admin_client.post(f"/admin/pages/{idea.pk}/unpublish/")
    assert not imported().live

    import_file(source, "--publish")

    assert not imported().live
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unchanged_record_does_not_republish_a_merged_duplicate(tmp_path, client, editor):
    source = write_jsonl(tmp_path / "data.jsonl", IDEA, OTHER_IDEA)
    import_file(source, "--publish")
    merge_ideas(imported("deventer-afvalapp"), imported("zwolle-afvalapp"), editor)
    assert not imported("deventer-afvalapp").live

    import_file(source, "--publish")

    assert not imported("deventer-afvalapp").live
    assert imported("zwolle-afvalapp").live


@pytest.mark.django_db
def test_changed_record_on_a_page_an_editor_edited_is_a_conflict_and_the_page_stays(tmp_path, client, editor, capsys):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA), "--publish")
    draft = latest_draft(imported())
    draft.summary = "Door de redactie herschreven."
    save_draft(draft, user=editor)
    revisions = imported().revisions.count()
    capsys.readouterr()

    source = write_jsonl(tmp_path / "v2.jsonl", {**IDEA, "title": "Afvalapp 2.0"})
    import_file(source, "--publish")  # no CommandError: a conflict is not a failure

    output = capsys.readouterr()
    assert "0 updated, 0 unchanged, 1 conflict, 0 failed" in output.out
    assert f"{source}:1: conflict: editors saved changes to the page after the last import" in output.err
    idea = imported()
    assert idea.revisions.count() == revisions
    assert idea.title == "Afvalapp met ophaalkalender"
    assert latest_draft(idea).summary == "Door de redactie herschreven." and latest_draft(idea).title != "Afvalapp 2.0"
    status, html = public_title(client, idea)
    assert status == 200 and "Afvalapp 2.0" not in html

    import_file(source, "--publish")  # reported again on every run until resolved
    assert "1 conflict" in capsys.readouterr().out


@pytest.mark.django_db
def test_changed_record_on_an_unpublished_page_is_a_conflict(tmp_path, admin_client, capsys):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA), "--publish")
    admin_client.post(f"/admin/pages/{imported().pk}/unpublish/")
    capsys.readouterr()

    import_file(write_jsonl(tmp_path / "v2.jsonl", {**IDEA, "title": "Afvalapp 2.0"}), "--publish")

    output = capsys.readouterr()
    assert "1 conflict" in output.out and "'wagtail.unpublish' by beheer" in output.err
    assert not imported().live and imported().title == "Afvalapp met ophaalkalender"


@pytest.mark.django_db
def test_changed_record_on_a_merged_duplicate_is_a_conflict_even_with_overwrite(tmp_path, editor, capsys):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA, OTHER_IDEA), "--publish")
    merge_ideas(imported("deventer-afvalapp"), imported("zwolle-afvalapp"), editor)
    capsys.readouterr()

    changed = write_jsonl(tmp_path / "v2.jsonl", {**OTHER_IDEA, "title": "Ophaalkalender Deventer 2.0"})
    import_file(changed, "--publish", "--overwrite", "deventer-afvalapp")

    output = capsys.readouterr()
    assert "1 conflict" in output.out and "the idea was merged into 'Afvalapp met ophaalkalender'" in output.err
    duplicate = imported("deventer-afvalapp")
    assert not duplicate.live and latest_draft(duplicate).title == "Ophaalkalender Deventer"


@pytest.mark.django_db
def test_changed_record_on_an_untouched_page_becomes_a_new_published_revision(tmp_path, client, capsys):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA), "--publish")
    idea = imported()
    # Comment moderation is logged on the page, but it does not touch what the page says.
    moderator = UserFactory(role=EDITORS)
    comment = Comment.objects.create(page=idea, author=moderator, body="Spam")
    client.force_login(moderator)
    client.post(f"/reacties/{comment.pk}/verbergen/", {"reason": "Reclame"})
    client.logout()
    assert idea.get_latest_revision() and Comment.objects.get(pk=comment.pk).is_hidden
    revisions = idea.revisions.count()
    capsys.readouterr()

    import_file(write_jsonl(tmp_path / "v2.jsonl", {**IDEA, "title": "Afvalapp 2.0"}), "--publish")

    assert "1 updated, 0 unchanged, 0 conflict" in capsys.readouterr().out
    idea = imported()
    assert idea.revisions.count() == revisions + 1 and idea.live and idea.title == "Afvalapp 2.0"
    assert "Afvalapp 2.0" in client.get(idea.url).content.decode()


@pytest.mark.django_db
def test_without_publish_a_changed_record_is_a_draft_and_an_editor_publishing_it_does_not_block_the_next(
    tmp_path, client, admin_client, capsys
):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA))
    idea = imported()
    assert not idea.live
    # An editor reviews the imported draft and publishes it as it is (the admin's bulk "publish").
    admin_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={idea.pk}", {"include_descendants": ""})
    assert imported().live
    capsys.readouterr()

    import_file(write_jsonl(tmp_path / "v2.jsonl", {**IDEA, "title": "Afvalapp 2.0"}))

    assert "1 updated" in capsys.readouterr().out
    idea = imported()
    assert idea.live and idea.title == "Afvalapp met ophaalkalender"  # the live version stays until published
    assert idea.has_unpublished_changes and latest_draft(idea).title == "Afvalapp 2.0"


@pytest.mark.django_db
def test_overwrite_resolves_a_conflict_in_favour_of_the_source(tmp_path, editor, capsys):
    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA), "--publish")
    draft = latest_draft(imported())
    draft.summary = "Door de redactie herschreven."
    save_draft(draft, user=editor)
    changed = write_jsonl(tmp_path / "v2.jsonl", {**IDEA, "title": "Afvalapp 2.0"})
    import_file(changed, "--publish")
    capsys.readouterr()

    import_file(changed, "--publish", "--overwrite", "zwolle-afvalapp")

    assert "1 updated" in capsys.readouterr().out
    assert imported().live and imported().title == "Afvalapp 2.0"
    assert imported().summary == IDEA["summary"]

    import_file(changed, "--publish")  # resolved: now simply unchanged
    assert "1 unchanged, 0 conflict" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_page_with_the_id_that_the_importer_did_not_make_is_a_conflict(tmp_path, capsys):
    from tests.factories import IdeaPageFactory

    IdeaPageFactory(title="Handmatig aangemaakt", external_id="zwolle-afvalapp")

    import_file(write_jsonl(tmp_path / "data.jsonl", IDEA), "--publish")

    assert "exists but it was not made by the importer" in capsys.readouterr().err
    assert imported().title == "Handmatig aangemaakt"

    import_file(write_jsonl(tmp_path / "data.jsonl", IDEA), "--publish", "--overwrite", "zwolle-afvalapp")

    assert "1 updated" in capsys.readouterr().out
    assert imported().title == IDEA["title"] and IdeaPage.objects.count() == 1


@pytest.mark.django_db
def test_records_imported_before_the_baseline_existed_get_it_from_the_audit_log(tmp_path, admin_client, capsys):
    from importlib import import_module

    from django.apps import apps

    from importer.models import ImportedRecord

    import_file(write_jsonl(tmp_path / "v1.jsonl", IDEA, OTHER_IDEA), "--publish")
    admin_client.post(f"/admin/pages/{imported().pk}/unpublish/")
    ImportedRecord.objects.update(revision=None, last_log_entry_id=None, live=False)  # as before migration 0002

    import_module("importer.migrations.0002_editor_baseline").set_baseline(apps, None)
    capsys.readouterr()
    changed = [{**IDEA, "title": "Afvalapp 2.0"}, {**OTHER_IDEA, "title": "Ophaalkalender 2.0"}]
    import_file(write_jsonl(tmp_path / "v2.jsonl", *changed), "--publish")

    assert "1 updated, 0 unchanged, 1 conflict" in capsys.readouterr().out
    assert not imported().live and imported().title == "Afvalapp met ophaalkalender"
    assert imported("deventer-afvalapp").live and imported("deventer-afvalapp").title == "Ophaalkalender 2.0"
