"""The judged query sets are well-formed: a broken judgement would silently skew every figure."""

from collections import Counter

import pytest

from tests.eval.judged_sets import KINDS, SHARED_EVAL_DIR, load_queries, query_files, read_jsonl

pytestmark = pytest.mark.skipif(
    not (SHARED_EVAL_DIR / "solutions.jsonl").exists(),
    reason=f"the public evaluation corpus is not at {SHARED_EVAL_DIR}",
)


@pytest.fixture(scope="module")
def queries():
    return load_queries(query_files("all"))


def test_every_judged_solution_exists_in_the_corpus(queries):
    solution_ids = {s["id"] for s in read_jsonl(SHARED_EVAL_DIR / "solutions.jsonl")}
    unknown = {(q["id"], j["id"]) for q in queries for j in q["judgements"] if j["id"] not in solution_ids}
    assert not unknown


def test_query_ids_are_unique_across_the_sets(queries):
    assert [i for i, n in Counter(q["id"] for q in queries).items() if n > 1] == []


def test_each_query_judges_a_solution_once_with_grade_1_or_2_and_one_exact_match(queries):
    for query in queries:
        ids = [j["id"] for j in query["judgements"]]
        assert len(ids) == len(set(ids)), query["id"]
        assert {j["grade"] for j in query["judgements"]} <= {1, 2}, query["id"]
        assert any(j["grade"] == 2 for j in query["judgements"]), query["id"]


def test_queries_use_only_documented_kinds_and_our_set_covers_every_kind(queries):
    assert {tag for q in queries for tag in q["tags"]} <= set(KINDS)
    ours = load_queries(query_files("veldwerk"))
    assert len(ours) >= 45
    assert set(KINDS) <= {tag for q in ours for tag in q["tags"]}


def test_each_query_says_its_language_and_why_it_was_judged_so(queries):
    for query in queries:
        assert query["language"] in {"nl", "en"} and query["query"].strip() and query["notes"].strip(), query["id"]
