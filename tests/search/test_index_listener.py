"""Indexing as a listener: content apps announce changes, search coalesces them into one
re-index per page per transaction, and the importer's pages are indexed in batches at the end."""

import ast
import json
from pathlib import Path

import pytest
from django.db import transaction

from adoptions.ledger import register_adoption
from importer.pages import import_records
from importer.sources import read_records
from search import engines, indexing
from search.contract import SearchQuery
from tests.factories import IdeaPageFactory, municipality

ROOT = Path(__file__).resolve().parents[2]
BELOW_SEARCH = ["municipalities", "themes", "core", "accounts", "ideas", "fieldlabs", "importer", "adoptions", "discussion"]


@pytest.fixture
def index_calls(settings, monkeypatch):
    """The page ids of every index_documents call on the real database engine (which still runs)."""
    settings.SEARCH_ENGINE = "database"
    engines.engine_named.cache_clear()
    engine = engines.fallback_engine()
    calls = []
    original = engine.index_documents

    def counting(documents, *args, **kwargs):
        calls.append(sorted(d["page_id"] for d in documents))
        return original(documents, *args, **kwargs)

    monkeypatch.setattr(engine, "index_documents", counting)
    yield calls
    engines.engine_named.cache_clear()


def found(text):
    return [hit.page_id for hit in engines.fallback_engine().search(SearchQuery(text=text)).hits]


def imported(tmp_path, *records):
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return read_records([path])


def record(number, adoptions=()):
    return {
        "id": f"listener-{number}", "type": "idea", "title": f"Zaaksysteem koppeling {number}",
        "summary": "Een koppeling tussen zaaksysteem en website.", "municipality": "GM0363",
        "adoptions": [{"municipality": code, "status": "interest"} for code in adoptions],
    }


def test_no_app_below_search_imports_search():
    """The layers of CONVENTIONS.md: content apps announce changes (core.signals), search listens."""
    offenders = []
    for app in BELOW_SEARCH:
        for path in sorted((ROOT / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                if any(name == "search" or name.startswith("search.") for name in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.django_db
def test_registering_an_adoption_indexes_the_idea_once(index_calls, django_capture_on_commit_callbacks):
    idea = IdeaPageFactory(title="Parkeervergunning aanvragen", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        idea.save_revision().publish()
    index_calls.clear()

    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(idea, municipality("GM0014"), "production")

    assert index_calls == [[idea.pk]]
    assert engines.fallback_engine().search(SearchQuery(text="parkeervergunning", filters={"municipality": ("GM0014",)})).total == 1


@pytest.mark.django_db
def test_an_imported_record_with_three_adoptions_is_indexed_once(tmp_path, index_calls, django_capture_on_commit_callbacks, idea_index):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_records(imported(tmp_path, record(1, adoptions=["GM0014", "GM0034", "GM0193"])), publish=True)

    assert report.counts["created"] == 1
    assert len(index_calls) == 1
    assert found("zaaksysteem") == index_calls[0]


@pytest.mark.django_db
def test_an_import_is_indexed_in_batches_after_its_records(tmp_path, index_calls, django_capture_on_commit_callbacks, idea_index, monkeypatch):
    monkeypatch.setattr(indexing, "INDEX_BATCH_SIZE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_records(imported(tmp_path, *(record(n, adoptions=["GM0014"]) for n in range(5))), publish=True)

    assert report.counts["created"] == 5
    assert [len(batch) for batch in index_calls] == [2, 2, 1]
    assert len(found("zaaksysteem")) == 5


@pytest.mark.django_db
def test_changes_after_a_rolled_back_savepoint_are_still_indexed(index_calls, django_capture_on_commit_callbacks):
    first = IdeaPageFactory(title="Eerste idee", live=True)
    second = IdeaPageFactory(title="Tweede idee over glasvezel", live=True)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                register_adoption(first, municipality("GM0014"), "interest")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        register_adoption(second, municipality("GM0014"), "interest")

    assert len(index_calls) == 1 and second.pk in index_calls[0]
    assert found("glasvezel") == [second.pk]


@pytest.mark.django_db
def test_a_merge_is_announced_and_indexes_both_ideas_once(index_calls, django_capture_on_commit_callbacks, django_user_model):
    from ideas.merging import merge_ideas

    editor = django_user_model.objects.create_superuser("redacteur", "r@example.org", "x")
    duplicate = IdeaPageFactory(title="Dubbel idee", live=True)
    canonical = IdeaPageFactory(title="Origineel idee", live=True)
    with django_capture_on_commit_callbacks(execute=True):
        register_adoption(duplicate, municipality("GM0014"), "interest")
    assert found("dubbel") == [duplicate.pk]
    index_calls.clear()

    with django_capture_on_commit_callbacks(execute=True):
        merge_ideas(duplicate, canonical, editor)

    assert index_calls == [[canonical.pk]]  # the duplicate, now unpublished, is removed in the same job
    assert found("dubbel") == []
    assert engines.fallback_engine().search(SearchQuery(text="origineel", filters={"municipality": ("GM0014",)})).total == 1


@pytest.mark.django_db
def test_an_imported_page_is_in_wagtails_reference_index_once_the_import_is_done(tmp_path, idea_index):
    """The importer updates Wagtail's reference index once per record instead of once per save;
    the usage of a municipality (a snippet) is still recorded."""
    from wagtail.models import ReferenceIndex

    from ideas.models import IdeaPage

    import_records(imported(tmp_path, record(1)), publish=True)

    page = IdeaPage.objects.get(external_id="listener-1")
    references = ReferenceIndex.get_references_for_object(page)
    assert references.filter(to_object_id=str(page.municipality_id)).exists()


@pytest.mark.django_db
def test_an_imported_page_is_in_wagtails_own_search_once_the_import_is_done(tmp_path, idea_index):
    """The admin's page search (Wagtail's own index) is updated once per imported record, not on
    every save, and the importer leaves Wagtail's per-save updates switched on afterwards."""
    from ideas.models import IdeaPage

    import_records(imported(tmp_path, record(7)), publish=True)
    assert [p.external_id for p in IdeaPage.objects.search("Zaaksysteem koppeling 7")] == ["listener-7"]

    later = IdeaPageFactory(title="Xylofoonbeheer na de import", live=True)
    assert [p.pk for p in IdeaPage.objects.search("Xylofoonbeheer")] == [later.pk]
