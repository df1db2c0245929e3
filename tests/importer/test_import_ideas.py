import json

import pytest
from django.core.management import CommandError, call_command

from fieldlabs.models import FieldlabSessionPage
from ideas.models import IdeaPage

IDEA = {
    "id": "zwolle-afvalapp",
    "type": "idea",
    "title": "Afvalapp met ophaalkalender",
    "summary": "Inwoners zien wanneer welke container wordt geleegd.",
    "body": "## Werking\n\nDe app haalt de **ophaaldagen** op.",
    "municipality": "GM0193",
    "organisation": "",
    "themes": ["openbare-ruimte"],
    "tags": ["afval", "app"],
    "status": "pilot",
    "layer": "interaction",
    "found_via": "visit",
    "contact": {"name": "Sanne de Vries", "email": "s.devries@example.org"},
    "links": [{"title": "Broncode", "url": "https://example.org/afvalapp"}],
    "adoptions": [{"municipality": "GM0014", "status": "interest", "since": "2025-03-01", "note": "Verkenning"}],
}
FIELDLAB = {
    "id": "fieldlab-afval",
    "type": "fieldlab",
    "title": "Fieldlab Afval",
    "summary": "Drie gemeenten bouwen één ophaalkalender.",
    "themes": ["openbare-ruimte"],
    "tags": ["afval"],
    "status": "held",
    "starts_at": "2026-03-12T09:30:00+01:00",
    "ends_at": "2026-03-12T16:00:00+01:00",
    "location": "Stadhuis Zwolle",
    "host": "GM0193",
    "participants": ["GM0193", "GM0014", "GM0034"],
    "facilitator": "Lotte Jansen (VNG)",
    "problem": "Iedere gemeente bouwt een eigen kalender.",
    "agenda": "1. Welkom",
    "report": "## Uitkomst\n\nEén kalender.",
    "decisions": [{"text": "API beschrijven", "owner": "Zwolle", "due": "2026-06-01", "done": False}],
    "related_ideas": ["zwolle-afvalapp"],
}


def write_jsonl(path, *records, raw_lines=()):
    path.write_text("\n".join([*(json.dumps(r, ensure_ascii=False) for r in records), *raw_lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_creates_published_idea_and_fieldlab_with_everything(tmp_path, capsys):
    call_command("import_ideas", str(write_jsonl(tmp_path / "data.jsonl", FIELDLAB, IDEA)), "--publish")

    idea = IdeaPage.objects.get(external_id="zwolle-afvalapp")
    assert idea.live and idea.title == "Afvalapp met ophaalkalender"
    assert idea.municipality.code == "GM0193" and idea.status == "pilot" and idea.layer == "interaction"
    assert [t.slug for t in idea.themes.all()] == ["openbare-ruimte"]
    assert sorted(t.name for t in idea.tags.all()) == ["afval", "app"]
    assert [(a.municipality.code, a.status, str(a.since)) for a in idea.adoptions.all()] == [("GM0014", "interest", "2025-03-01")]
    assert [link.url for link in idea.links.all()] == ["https://example.org/afvalapp"]

    session = FieldlabSessionPage.objects.get(external_id="fieldlab-afval")
    assert session.live and session.host_municipality.code == "GM0193"
    assert sorted(m.code for m in session.participants.all()) == ["GM0014", "GM0034", "GM0193"]
    assert list(session.related_ideas.all()) == [idea]
    assert session.decisions.get().text == "API beschrijven"
    assert "2 created" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_without_publish_leaves_drafts(tmp_path, client):
    call_command("import_ideas", str(write_jsonl(tmp_path / "data.jsonl", IDEA)))
    idea = IdeaPage.objects.get(external_id="zwolle-afvalapp")
    assert not idea.live
    assert client.get("/ideeen/afvalapp-met-ophaalkalender/").status_code == 404


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(tmp_path, capsys):
    source = write_jsonl(tmp_path / "data.jsonl", IDEA, FIELDLAB)
    call_command("import_ideas", str(source), "--publish")
    idea = IdeaPage.objects.get(external_id="zwolle-afvalapp")
    revisions = idea.revisions.count()
    capsys.readouterr()

    call_command("import_ideas", str(source), "--publish")

    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert idea.revisions.count() == revisions
    assert IdeaPage.objects.count() == 1 and FieldlabSessionPage.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_record_updates_its_page_as_a_new_revision(tmp_path):
    call_command("import_ideas", str(write_jsonl(tmp_path / "v1.jsonl", IDEA)), "--publish")
    idea = IdeaPage.objects.get(external_id="zwolle-afvalapp")
    revisions = idea.revisions.count()

    changed = {
        **IDEA, "title": "Afvalapp 2.0", "status": "reusable",
        "adoptions": [{"municipality": "GM0034", "status": "production", "since": "2026-01-01"}],
    }
    call_command("import_ideas", str(write_jsonl(tmp_path / "v2.jsonl", changed)), "--publish")

    idea.refresh_from_db()
    assert idea.title == "Afvalapp 2.0" and idea.status == "reusable"
    assert idea.revisions.count() == revisions + 1
    # The ledger keeps entries the source no longer lists: they may come from the municipalities themselves.
    assert sorted((a.municipality.code, a.status) for a in idea.adoptions.all()) == [
        ("GM0014", "interest"), ("GM0034", "production"),
    ]
    assert IdeaPage.objects.count() == 1


@pytest.mark.django_db
def test_bad_records_are_reported_by_line_and_the_rest_still_imports(tmp_path, capsys):
    bad_adoption = {**IDEA, "id": "bad-adoption", "title": "Half geschreven", "adoptions": [{"municipality": "GM9999"}]}
    no_origin = {**IDEA, "id": "no-origin", "municipality": "", "organisation": ""}
    long_summary = {**IDEA, "id": "long-summary", "summary": "x" * 301}
    unknown_status = {**IDEA, "id": "bad-status", "status": "klaar"}
    source = write_jsonl(
        tmp_path / "mixed.jsonl", IDEA, bad_adoption, no_origin, long_summary, unknown_status,
        raw_lines=["{not json", '{"id": "x", "type": "blog", "title": "x"}'],
    )

    with pytest.raises(CommandError):
        call_command("import_ideas", str(source), "--publish")

    errors = capsys.readouterr().err
    assert f"{source}:2: unknown municipality code 'GM9999'" in errors
    assert f"{source}:3: organisation: " in errors
    assert f"{source}:4: summary:" in errors
    assert f"{source}:5: unknown status 'klaar'" in errors
    assert f"{source}:6: not valid JSON" in errors
    assert f"{source}:7: type must be" in errors
    assert list(IdeaPage.objects.values_list("external_id", flat=True)) == ["zwolle-afvalapp"]
    assert not IdeaPage.objects.filter(title="Half geschreven").exists()


@pytest.mark.django_db
def test_fieldlab_with_unknown_related_idea_is_refused(tmp_path, capsys):
    source = write_jsonl(tmp_path / "f.jsonl", {**FIELDLAB, "related_ideas": ["does-not-exist"]})
    with pytest.raises(CommandError):
        call_command("import_ideas", str(source))
    assert "related idea 'does-not-exist' does not exist" in capsys.readouterr().err
    assert not FieldlabSessionPage.objects.exists()


PUBLICCODE = """\
publiccodeYmlVersion: "0.4"
name: Open Formulieren
url: https://github.com/open-formulieren/open-forms
developmentStatus: stable
categories:
  - forms
  - e-service
legal:
  license: EUPL-1.2
  mainCopyrightOwner: Dimpact
usedBy:
  - Gemeente Utrecht
  - Gemeente Den Haag
  - Provincie Zuid-Holland
description:
  en:
    shortDescription: Build forms without programming.
    longDescription: English text.
  nl:
    shortDescription: Formulieren bouwen zonder te programmeren.
    longDescription: |
      Met Open Formulieren bouwen gemeenten **slimme formulieren**.
    features:
      - Prefill uit de BRP
      - Koppeling met ZGW API's
"""


@pytest.mark.django_db
def test_publiccode_files_in_a_folder_become_ideas(tmp_path):
    folder = tmp_path / "catalogue" / "open-forms"
    folder.mkdir(parents=True)
    (folder / "publiccode.yml").write_text(PUBLICCODE, encoding="utf-8")
    (tmp_path / "catalogue" / "README.txt").write_text("not imported", encoding="utf-8")

    call_command("import_ideas", str(tmp_path / "catalogue"), "--publish")

    idea = IdeaPage.objects.get(external_id="https://github.com/open-formulieren/open-forms")
    assert idea.title == "Open Formulieren"
    assert idea.summary == "Formulieren bouwen zonder te programmeren."
    assert "**slimme formulieren**" in idea.body and "- Prefill uit de BRP" in idea.body
    assert idea.organisation == "Dimpact" and idea.status == "reusable"
    assert sorted(t.name for t in idea.tags.all()) == ["e-service", "forms"]
    assert [link.url for link in idea.links.all()] == ["https://github.com/open-formulieren/open-forms"]
    assert sorted((a.municipality.code, a.status) for a in idea.adoptions.all()) == [
        ("GM0344", "production"), ("GM0518", "production"),
    ]


@pytest.mark.django_db
def test_broken_publiccode_is_reported(tmp_path, capsys):
    broken = tmp_path / "publiccode.yml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_ideas", str(broken))
    assert "not valid YAML" in capsys.readouterr().err


AFTER_IDEA = {**IDEA, "id": "after", "title": "Idee erna", "adoptions": []}
