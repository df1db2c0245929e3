"""`make eval`: relevance on the judged evaluation sets, our engine next to Wagtail's built-in search.

Imports the judged solutions with `import_ideas` into a fresh database, asks every query
through the JSON search API, and prints nDCG@10, recall@10 and MRR per engine, then per kind
of query for our engine. Wagtail's built-in search (modelsearch's database backend) is run on
the same pages with AND and OR. See tests/eval/README.md.

    python tests/eval/run_eval.py [EVAL_DIR] [--queries dev|veldwerk|all] [--queries-file PATH]
                                  [--database-url URL] [--per-query]
"""

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from judged_sets import KINDS, SHARED_EVAL_DIR, load_queries, query_files, read_jsonl
from search.evaluation import ndcg_at, score_run

ROOT = Path(__file__).resolve().parents[2]
STATUS_BY_DEVELOPMENT_STATUS = {"concept": "submitted", "development": "pilot", "beta": "pilot", "stable": "reusable", "obsolete": "archived"}


def record_for(solution):
    """A solution of the evaluation set as a Veldwerk import record."""
    summary = solution.get("short_description_nl") or solution.get("short_description_en") or solution["name"]
    url = solution.get("url") or ""
    body = "\n\n".join(t for t in (solution.get("long_description_nl"), solution.get("long_description_en")) if t)
    return {
        "id": solution["id"],
        "type": "idea",
        "title": solution["name"],
        "summary": summary.strip()[:300],
        "body": body,
        "organisation": (solution.get("organisation") or "Onbekend")[:200],
        "tags": [c for c in solution.get("categories") or []][:20],
        "status": STATUS_BY_DEVELOPMENT_STATUS.get(str(solution.get("development_status", "")).lower(), "submitted"),
        # The importer refuses other schemes (one solution gives a git:// URL); links are not searched.
        "links": [{"title": "Broncode", "url": url}] if url.startswith(("https://", "http://")) else [],
    }


def table_row(label, runs, count=None):
    scores = score_run(runs)
    n = "" if count is None else f" {count} |"
    return f"| {label} |{n} {scores['ndcg@10']:.3f} | {scores['recall@10']:.3f} | {scores['mrr']:.3f} |"


def print_per_kind(queries, runs):
    """A query counts under each of its tags."""
    by_kind = defaultdict(list)
    for query, run in zip(queries, runs):
        for tag in query["tags"]:
            by_kind[tag].append(run)
    print("\n| kind (veldwerk) | n | nDCG@10 | recall@10 | MRR |")
    print("| --- | --- | --- | --- | --- |")
    for kind in sorted(by_kind, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS)):
        print(table_row(kind, by_kind[kind], len(by_kind[kind])))


def print_per_query(queries, runs):
    """Worst first, so the queries to look at come first."""
    scored = sorted(zip(queries, runs), key=lambda pair: ndcg_at(*pair[1]))
    for query, (ranked, judgements) in scored:
        print(f"  {query['id']} {ndcg_at(ranked, judgements):.2f} {query['query']!r}: {ranked[:5]}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("eval_dir", nargs="?", default=str(SHARED_EVAL_DIR), help="the corpus and the dev queries")
    parser.add_argument("--queries", choices=["dev", "veldwerk", "all"], default="all")
    parser.add_argument("--queries-file", action="append", default=[], help="an extra judged set (repeatable)")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--per-query", action="store_true")
    args = parser.parse_args()
    eval_dir = Path(args.eval_dir)

    workdir = Path(tempfile.mkdtemp(prefix="veldwerk-eval-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'eval.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "veldwerk.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ideas.models import IdeaPage

    setup_test_environment()
    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    solutions = read_jsonl(eval_dir / "solutions.jsonl")
    queries = load_queries(query_files(args.queries, eval_dir) + [Path(p) for p in args.queries_file])
    records = workdir / "solutions-as-ideas.jsonl"
    records.write_text("\n".join(json.dumps(record_for(s), ensure_ascii=False) for s in solutions) + "\n", encoding="utf-8")
    call_command("import_ideas", str(records), "--publish", verbosity=0)
    call_command("search_index", "rebuild", verbosity=0)
    call_command("update_index", verbosity=0, stdout=open(os.devnull, "w"))

    client = Client()
    external_ids = dict(IdeaPage.objects.values_list("pk", "external_id"))

    def ours(text):
        data = client.get("/api/v1/search", {"q": text, "page_size": 10}).json()
        return [r["external_id"] for r in data["results"]]

    def wagtail(operator):
        def run(text):
            pages = IdeaPage.objects.live().search(text, operator=operator)[:10]
            return [external_ids[p.pk] for p in pages]
        return run

    def run_all(name, runner):
        runs = []
        for query in queries:
            try:
                ranked = runner(query["query"])
            except Exception as error:  # Wagtail's own search may fail on some input
                print(f"  {name} failed on {query['query']!r}: {error}", file=sys.stderr)
                ranked = []
            runs.append((ranked, {j["id"]: j["grade"] for j in query["judgements"]}))
        return runs

    runners = {"veldwerk": ours, "wagtail (and)": wagtail("and"), "wagtail (or)": wagtail("or")}
    print(f"Evaluation set: {len(solutions)} solutions, {len(queries)} queries ({args.queries}"
          f"{''.join(' + ' + p for p in args.queries_file)}), database: {connection.vendor}")
    print("| engine | nDCG@10 | recall@10 | MRR |")
    print("| --- | --- | --- | --- |")
    runs_by_engine = {name: run_all(name, runner) for name, runner in runners.items()}
    for name, runs in runs_by_engine.items():
        print(table_row(name, runs))
    print_per_kind(queries, runs_by_engine["veldwerk"])
    if args.per_query:
        print_per_query(queries, runs_by_engine["veldwerk"])
    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

if __name__ == "__main__":
    main()
