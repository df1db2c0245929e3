"""One behaviour suite for every search engine (see conftest.engine)."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from search.analysis import ANALYSIS_VERSION
from search.contract import FACETS, SearchQuery
from search.models import SearchDocument, SearchFacet
from tests.search.conftest import idea


def search(engine, text="", **options):
    return engine.search(SearchQuery(text=text, **options))


def found(engine, text="", **options):
    return [hit.page_id for hit in search(engine, text, **options).hits]


@pytest.mark.django_db
def test_exact_title_comes_first(engine, corpus):
    assert found(engine, "Slimme afvalinzameling met sensoren")[0] == corpus["waste"].pk
    assert found(engine, "zonnepanelen op daken")[0] == corpus["solar"].pk


@pytest.mark.django_db
@pytest.mark.parametrize("typed, expected", [
    ("gemeenten", "solar"),  # the text says "gemeente"
    ("zonnepaneel", "solar"),  # the text says "zonnepanelen"
    ("container", "waste"),  # the text says "containers"
])
def test_dutch_stemming(engine, corpus, typed, expected):
    assert corpus[expected].pk in found(engine, typed)


@pytest.mark.django_db
@pytest.mark.parametrize("typed, expected", [
    ("BRP", "planner"),  # the text says "basisregistratie personen"
    ("trouwen", "planner"),  # the text says "bruiloft" and "trouwlocatie"
    ("wedding planner", "planner"),  # English query, Dutch text
    ("wet maatschappelijke ondersteuning", "wmo"),
])
def test_synonyms(engine, corpus, typed, expected):
    assert corpus[expected].pk in found(engine, typed)


@pytest.mark.django_db
@pytest.mark.parametrize("typed, expected", [
    ("huwelijk", "planner"),  # "huwelijksplanner"
    ("afval", "waste"),  # "afvalinzameling"
    ("inzameling", "waste"),
])
def test_compound_parts_find_the_compound(engine, corpus, typed, expected):
    assert corpus[expected].pk in found(engine, typed)


@pytest.mark.django_db
def test_a_word_finds_the_compounds_that_begin_or_end_with_it(engine, corpus, publish):
    litter = idea(publish, "Zwerfafval opruimen met de buurt", "Vrijwilligers prikken zwerfafval in het park.")
    levy = idea(publish, "Afvalstoffenheffing per huishouden", "De afvalstoffenheffing hangt af van de bewoners.")
    assert {litter.pk, levy.pk, corpus["waste"].pk} <= set(found(engine, "afval", page_size=50))


@pytest.mark.django_db
def test_a_compound_comes_before_texts_with_only_one_of_its_parts(engine, corpus, publish):
    levy = idea(publish, "Afvalstoffenheffing per huishouden", "De afvalstoffenheffing hangt af van de bewoners.")
    assert found(engine, "afvalstoffenheffing")[0] == levy.pk  # the waste page says "afval", nothing about a levy


@pytest.mark.django_db
def test_a_compound_that_is_found_does_not_also_match_every_text_with_one_part(engine, corpus, publish):
    levies = {idea(publish, f"Afvalstoffenheffing {year}", "Het tarief van de afvalstoffenheffing.").pk for year in range(2016, 2026)}
    results = search(engine, "afvalstoffenheffing", page_size=50)
    assert {hit.page_id for hit in results.hits} == levies
    assert results.total == len(levies)


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch does not split what is typed
def test_a_rare_compound_without_matches_finds_texts_with_one_of_its_parts(engine, corpus):
    results = search(engine, "afvalbeleid")
    assert [hit.page_id for hit in results.hits] == [corpus["waste"].pk]  # "afvalinzameling"
    assert results.relaxed


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch corrects with its own fuzzy matching
def test_a_misspelt_part_of_a_compound_is_corrected(engine, publish):
    planners = idea(publish, "Huwelijksplanners vergeleken", "Drie online huwelijksplanners naast elkaar.")
    results = search(engine, "huwelijksplaner")
    assert [hit.page_id for hit in results.hits] == [planners.pk]
    assert results.suggestion == "huwelijksplanner"


@pytest.mark.django_db
def test_phrase_requires_adjacent_words_in_order(engine, corpus):
    assert corpus["solar"].pk in found(engine, '"daken van scholen"')
    assert corpus["solar"].pk not in found(engine, '"scholen van daken"')


@pytest.mark.django_db
def test_exclusion_leaves_documents_out(engine, corpus):
    with_word = found(engine, "huwelijk")
    without = found(engine, "huwelijk -bruiloft")
    assert corpus["planner"].pk in with_word
    assert corpus["planner"].pk not in without
    assert corpus["fieldlab"].pk in without


@pytest.mark.django_db
def test_or_finds_either(engine, corpus):
    ids = found(engine, "zonnepanelen OR sensoren")
    assert {corpus["solar"].pk, corpus["waste"].pk} <= set(ids)


@pytest.mark.django_db
def test_documents_with_all_words_come_before_those_with_some(engine, corpus):
    results = search(engine, "trouwlocatie sensoren")
    assert results.total >= 2
    assert results.relaxed  # no document has both words


@pytest.mark.django_db
@pytest.mark.parametrize("facet, value, expected", [
    ("type", "fieldlab", {"fieldlab"}),
    ("municipality", "GM0518", {"fieldlab"}),
    ("province", "Noord-Holland", {"planner", "waste", "fieldlab"}),
    ("theme", "burgerzaken", {"planner", "fieldlab"}),
    ("status", "reusable", {"waste", "wmo"}),
    ("tag", "sensoren", {"waste"}),
    ("layer", "interaction", {"planner"}),
])
def test_every_facet_filters(engine, corpus, facet, value, expected):
    ids = set(found(engine, filters={facet: (value,)}, page_size=50))
    assert ids == {corpus[name].pk for name in expected}


@pytest.mark.django_db
def test_facet_counts_agree_with_the_hits_they_lead_to(engine, corpus):
    results = search(engine, "huwelijk")
    assert results.facets["type"]
    for facet in FACETS:
        for count in results.facets[facet]:
            narrowed = search(engine, "huwelijk", filters={facet: (count.value,)}, page_size=50)
            assert narrowed.total == count.count == len(narrowed.hits), (facet, count)


@pytest.mark.django_db
def test_multi_select_keeps_counts_of_the_other_values(engine, corpus):
    results = search(engine, "huwelijk", filters={"type": ("idea",)})
    types = {f.value: (f.count, f.selected) for f in results.facets["type"]}
    assert types["idea"] == (1, True)
    assert types["fieldlab"] == (1, False)
    both = search(engine, "huwelijk", filters={"type": ("idea", "fieldlab")})
    assert both.total == 2


@pytest.mark.django_db
def test_drafts_and_private_pages_are_never_returned(engine, corpus):
    ids = found(engine, "huwelijk", page_size=50)
    assert corpus["draft"].pk not in ids
    assert corpus["private"].pk not in ids


@pytest.mark.django_db
def test_unpublished_and_deleted_pages_disappear(engine, corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        corpus["solar"].unpublish()
    assert corpus["solar"].pk not in found(engine, "zonnepanelen")
    with django_capture_on_commit_callbacks(execute=True):
        corpus["wmo"].delete()
    assert found(engine, "Wmo") == []


@pytest.mark.django_db
def test_a_tag_is_searchable_right_after_publishing(engine, corpus, publish):
    page = corpus["wmo"]
    page.tags.add("keukentafelgesprek")
    publish(page)
    assert found(engine, "keukentafelgesprek") == [page.pk]


@pytest.mark.django_db
def test_paging_returns_each_hit_once(engine, corpus, publish):
    for number in range(7):
        idea(publish, f"Parkeervergunning variant {number}", "Digitale parkeervergunning aanvragen.")
    total = search(engine, "parkeervergunning").total
    seen = []
    for page in range(1, 5):
        seen += found(engine, "parkeervergunning", page=page, page_size=3)
    assert total == 7
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.django_db
def test_sort_by_most_adopted(engine, corpus):
    ids = found(engine, "inwoners OR containers", sort="adoptions")
    assert ids.index(corpus["planner"].pk) < ids.index(corpus["waste"].pk)


@pytest.mark.django_db
def test_autocomplete_completes_title_words(engine, corpus):
    assert corpus["planner"].pk in engine.autocomplete("huwelijksp")
    assert corpus["solar"].pk in engine.autocomplete("zonne")
    assert engine.autocomplete("   ") == []


@pytest.mark.django_db
def test_similar_items(engine, corpus):
    similar = engine.similar(corpus["planner"].pk)
    assert corpus["fieldlab"].pk in similar
    assert corpus["planner"].pk not in similar


@pytest.mark.django_db
def test_highlighting_marks_matches_and_never_carries_markup_from_the_document(engine, corpus):
    snippets = {hit.page_id: hit.snippet for hit in search(engine, "sensoren").hits}
    snippet = snippets[corpus["waste"].pk]
    assert "<mark>" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


@pytest.mark.django_db
def test_a_typo_is_corrected_and_suggested(engine, corpus):
    results = search(engine, "huwelijksplaner")
    assert corpus["planner"].pk in [hit.page_id for hit in results.hits]
    assert results.suggestion == "huwelijksplanner"


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_a_rebuild_gives_the_query_planner_the_size_of_the_facet_table(engine, corpus, database_vendor):
    call_command("search_index", "rebuild", verbosity=0)
    rows = SearchFacet.objects.count()
    with connection.cursor() as cursor:
        if database_vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_facet'")
        else:
            cursor.execute("SELECT CAST(substr(stat, 1, instr(stat, ' ') - 1) AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'search_facet' LIMIT 1")
        assert cursor.fetchone()[0] == rows > 0


@pytest.mark.django_db
def test_rebuild_and_verify_repair_drift(engine, corpus, capsys):
    engine.delete_documents([corpus["solar"].pk])
    call_command("search_index", "verify", verbosity=0)
    assert "1 missing" in capsys.readouterr().out
    assert corpus["solar"].pk in found(engine, "zonnepanelen")
    call_command("search_index", "rebuild", verbosity=0)
    assert corpus["waste"].pk in found(engine, "sensoren")


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # the version is changed in the database's own row
def test_verify_indexes_again_what_an_older_analysis_indexed(engine, corpus, capsys):
    SearchDocument.objects.filter(page_id=corpus["solar"].pk).update(analysis_version=ANALYSIS_VERSION - 1)
    call_command("search_index", "verify", verbosity=0)
    assert "1 indexed in an older form" in capsys.readouterr().out
    assert SearchDocument.objects.get(page_id=corpus["solar"].pk).analysis_version == ANALYSIS_VERSION
    assert corpus["solar"].pk in found(engine, "zonnepanelen")


def full_text_segments():
    """How many segments SQLite's full-text table is in (every write adds one until FTS5 merges)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT segid) FROM search_fts_idx")
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_verify_settles_the_index_after_indexing_everything_again(engine, corpus, capsys, monkeypatch, database_vendor):
    monkeypatch.setattr("search.management.commands.search_index.SETTLE_AFTER_REPAIRS", 2)
    indexed = SearchDocument.objects.update(analysis_version=ANALYSIS_VERSION - 1)
    if database_vendor == "sqlite":
        assert full_text_segments() > 1  # the corpus was published page by page

    call_command("search_index", "verify", verbosity=0)

    assert f"{indexed} indexed in an older form" in capsys.readouterr().out
    if database_vendor == "sqlite":
        assert full_text_segments() == 1
    assert corpus["solar"].pk in found(engine, "zonnepanelen")


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch takes them with the next rebuild
def test_synonyms_added_by_editors_work_without_a_deploy(engine, corpus):
    from search.models import SynonymGroup

    assert corpus["waste"].pk not in found(engine, "kliko")
    SynonymGroup.objects.create(terms="kliko, container, minicontainer")
    assert corpus["waste"].pk in found(engine, "kliko")


@pytest.mark.django_db
def test_a_compound_found_through_its_part_is_highlighted(engine, corpus):
    snippets = {hit.page_id: hit.snippet for hit in search(engine, "trouw").hits}
    assert "<mark>trouwlocatie</mark>" in snippets[corpus["planner"].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)  # Elasticsearch counts its facets itself
def test_over_a_large_match_set_facet_counts_are_lower_bounds_and_the_total_exact(engine, corpus, settings):
    exact = search(engine, "huwelijk")
    settings.SEARCH_FACET_EXACT_LIMIT = 1  # "huwelijk" matches two documents
    sampled = search(engine, "huwelijk")

    assert sampled.total == exact.total == 2
    exact_counts = {(facet, f.value): f.count for facet, counts in exact.facets.items() for f in counts}
    shown = [(facet, count) for facet, counts in sampled.facets.items() for count in counts]
    assert shown
    for facet, count in shown:
        if facet == "type":  # the types are always exact: their counts sit beside the total
            assert not count.at_least and count.count == exact_counts[(facet, count.value)]
        else:
            assert count.at_least and count.count <= exact_counts[(facet, count.value)]


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_a_selected_value_is_counted_exactly_over_a_large_match_set(engine, corpus, settings):
    settings.SEARCH_FACET_EXACT_LIMIT = 1
    types = {f.value: f for f in search(engine, "huwelijk", filters={"type": ("idea", "fieldlab")}).facets["type"]}
    assert (types["idea"].count, types["idea"].at_least) == (1, False)
    assert (types["fieldlab"].count, types["fieldlab"].at_least) == (1, False)
