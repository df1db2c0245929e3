"""Every field is type-checked: a mistyped record is reported by its line and the records
around it still import; no input makes the import raise."""

import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldlabs.models import FieldlabSessionPage
from ideas.models import IdeaPage
from importer.pages import import_records
from importer.sources import read_records
from tests.importer.test_import_ideas import FIELDLAB, IDEA, PUBLICCODE, write_jsonl

BEFORE = {**IDEA, "id": "before", "title": "Idee ervoor", "adoptions": []}
AFTER = {**IDEA, "id": "after", "title": "Idee erna", "adoptions": []}

MISTYPED_IDEAS = [
    ("tags", 5, "field tags must be a list of text"),
    ("tags", ["afval", 7], "field tags[1] must be text"),
    ("contact", "Jan", "field contact must be an object with name, email"),
    ("contact", {"name": ["Jan"]}, "field contact.name must be text"),
    ("links", ["https://example.org"], "field links[0] must be an object with title, url"),
    ("links", [{"title": "Zonder adres"}], "field links[0].url is required"),
    ("adoptions", ["GM0014"], "field adoptions[0] must be an object with municipality, status, since, note"),
    ("adoptions", [{"municipality": "GM0014", "since": 2025}], "field adoptions[0].since must be text"),
    ("themes", {"a": 1}, "field themes must be a list of text"),
    ("id", [], "field id must be text or a whole number"),
    ("title", 5, "field title must be text"),
    ("summary", {"nl": "x"}, "field summary must be text"),
    ("municipality", 363, "field municipality must be text"),
    ("status", True, "field status must be text"),
    ("type", ["idea"], "field type must be text"),
]
MISTYPED_FIELDLABS = [
    ("decisions", "x", "field decisions must be a list of objects with text, owner, due, done"),
    ("decisions", [{"text": "API", "done": "ja"}], "field decisions[0].done must be true or false"),
    ("participants", "GM0014", "field participants must be a list of text"),
    ("related_ideas", [1], "field related_ideas[0] must be text"),
    ("starts_at", 20260312, "field starts_at must be text"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("record", "name", "value", "message"), [
    *((IDEA, *case) for case in MISTYPED_IDEAS),
    *((FIELDLAB, *case) for case in MISTYPED_FIELDLABS),
])
def test_a_mistyped_field_is_reported_by_line_and_the_records_around_it_import(tmp_path, capsys, record, name, value, message):
    source = write_jsonl(tmp_path / "data.jsonl", BEFORE, {**record, "id": "mistyped", name: value}, AFTER)

    with pytest.raises(CommandError):
        call_command("import_ideas", str(source), "--publish", verbosity=0)

    output = capsys.readouterr()
    assert f"{source}:2: {message}" in output.err
    assert "Traceback" not in output.err
    assert "2 created" in output.out and "1 failed" in output.out
    assert sorted(IdeaPage.objects.values_list("external_id", flat=True)) == ["after", "before"]
    assert not FieldlabSessionPage.objects.exists()


@pytest.mark.django_db
def test_numeric_ids_and_null_fields_are_accepted(tmp_path):
    source = write_jsonl(tmp_path / "data.jsonl", {**IDEA, "id": 42, "tags": None, "contact": None, "links": None})
    call_command("import_ideas", str(source), verbosity=0)
    idea = IdeaPage.objects.get(external_id="42")
    assert not idea.tags.exists() and not idea.links.exists() and idea.contact_name == ""


@pytest.mark.django_db
def test_impossible_dates_and_lone_surrogates_are_reported(tmp_path, capsys):
    source = write_jsonl(
        tmp_path / "data.jsonl",
        {**IDEA, "id": "bad-date", "adoptions": [{"municipality": "GM0014", "since": "2025-02-30"}]},
        raw_lines=['{"id": "surrogate", "title": "\\ud800"}', "[" * 100_000 + "]" * 100_000],
    )
    with pytest.raises(CommandError):
        call_command("import_ideas", str(source), verbosity=0)
    errors = capsys.readouterr().err
    assert f"{source}:1: adoption date '2025-02-30' is not a date" in errors
    assert f"{source}:2: the line holds text that is not valid Unicode" in errors
    assert f"{source}:3: not valid JSON" in errors


MISTYPED_PUBLICCODE = [
    ("legal: x\n", "field legal must be a mapping"),
    ("legal:\n  mainCopyrightOwner: [Dimpact]\n", "field legal.mainCopyrightOwner must be text"),
    ("description: 5\n", "field description must be a mapping"),
    ("description:\n  nl: tekst\n", "field description.nl must be a mapping"),
    ("description:\n  nl:\n    features: Prefill\n", "field description.nl.features must be a list of text"),
    ("usedBy: x\n", "field usedBy must be a list of text"),
    ("categories: 7\n", "field categories must be a list of text"),
    ("url: 5\n", "field url must be text"),
    ("organisation: Dimpact\n", "field organisation must be a mapping"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("override", "message"), MISTYPED_PUBLICCODE)
def test_a_mistyped_publiccode_field_is_reported_and_other_files_import(tmp_path, capsys, override, message):
    good, bad = tmp_path / "a" / "publiccode.yml", tmp_path / "b" / "publiccode.yml"
    good.parent.mkdir(), bad.parent.mkdir()
    good.write_text(PUBLICCODE, encoding="utf-8")
    key = override.split(":")[0]
    kept = "".join(line + "\n" for line in strip_key(PUBLICCODE, key))
    bad.write_text(kept.replace("name: Open Formulieren", "name: Kapot") + override, encoding="utf-8")
    after = write_jsonl(tmp_path / "c.jsonl", AFTER)

    with pytest.raises(CommandError):
        call_command("import_ideas", str(tmp_path), "--publish", verbosity=0)

    output = capsys.readouterr()
    assert f"{bad}:1: {message}" in output.err
    assert "Traceback" not in output.err
    assert IdeaPage.objects.filter(title="Open Formulieren").exists()
    assert IdeaPage.objects.filter(external_id="after").exists() and after.exists()
    assert not IdeaPage.objects.filter(title="Kapot").exists()


def strip_key(text, key):
    """The lines of a YAML text without the top-level `key` and its nested lines."""
    skipping = False
    for line in text.splitlines():
        if not line.startswith((" ", "-")):
            skipping = line.startswith(f"{key}:")
        if not skipping:
            yield line


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = sorted({*IDEA, *FIELDLAB, "url", "title", "name", "email", "text", "owner", "due", "done", "since", "note"})


def mutated(base):
    """A valid record with some of its fields replaced by random JSON values, at any depth it has."""
    return st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in FIELD_NAMES}).map(
        lambda random_fields: {**base, **random_fields}
    )


def nested_mutation(base):
    """A valid record whose list entries (links, adoptions, decisions, contact) get random values."""
    def replace(entries):
        return {**base, **entries}
    fields = {
        "contact": st.dictionaries(st.sampled_from(["name", "email"]), JSON_VALUES, max_size=2),
        "links": st.lists(st.dictionaries(st.sampled_from(["title", "url"]), JSON_VALUES, max_size=2), max_size=2),
        "adoptions": st.lists(
            st.dictionaries(st.sampled_from(["municipality", "status", "since", "note"]), JSON_VALUES, max_size=4), max_size=2
        ),
        "decisions": st.lists(
            st.dictionaries(st.sampled_from(["text", "owner", "due", "done"]), JSON_VALUES, max_size=4), max_size=2
        ),
    }
    return st.fixed_dictionaries({}, optional=fields).map(replace)


RECORDS = st.lists(
    st.one_of(mutated(IDEA), mutated(FIELDLAB), nested_mutation(IDEA), nested_mutation(FIELDLAB)), min_size=1, max_size=3
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=RECORDS)
def test_no_record_makes_the_import_raise_and_each_is_imported_or_reported(tmp_path_factory, records):
    source = tmp_path_factory.mktemp("random") / "random.jsonl"
    source.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")

    report = import_records(read_records([source]), publish=True)

    assert sum(report.counts.values()) + len(report.problems) == len(records)
    assert all(location.startswith(f"{source}:") and reason for location, reason in report.problems)
