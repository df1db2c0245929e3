"""`make eval`: relevance on the public evaluation set, our engine next to Wagtail's built-in search.

Imports the judged solutions with `import_ideas` into a fresh database, asks every query
through the JSON search API, and prints nDCG@10, recall@10 and MRR per engine. Wagtail's
built-in search (modelsearch's database backend) is run on the same pages with AND and OR.

    python tests/eval/run_eval.py [EVAL_DIR] [--database-url URL] [--per-query]
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
STATUS_BY_DEVELOPMENT_STATUS = {"concept": "submitted", "development": "pilot", "beta": "pilot", "stable": "reusable", "obsolete": "archived"}


def record_for(solution):
    """A solution of the evaluation set as a Veldwerk import record."""
    summary = solution.get("short_description_nl") or solution.get("short_description_en") or solution["name"]
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
        "links": [{"title": "Broncode", "url": solution["url"]}] if str(solution.get("url")).startswith("http") else [],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("eval_dir", nargs="?", default=str(DEFAULT_EVAL_DIR))
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
    from search.evaluation import score_run

    setup_test_environment()
    if connection.vendor == "postgresql":
        from django.test.utils import get_runner  # noqa: F401  (test database handling below)

        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    solutions = [json.loads(line) for line in (eval_dir / "solutions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = [json.loads(line) for line in (eval_dir / "queries-dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
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

    runners = {"veldwerk": ours, "wagtail (and)": wagtail("and"), "wagtail (or)": wagtail("or")}
    print(f"Evaluation set: {len(solutions)} solutions, {len(queries)} queries, database: {connection.vendor}")
    print("| engine | nDCG@10 | recall@10 | MRR |")
    print("| --- | --- | --- | --- |")
    for name, runner in runners.items():
        runs = []
        for query in queries:
            judgements = {j["id"]: j["grade"] for j in query["judgements"]}
            try:
                ranked = runner(query["query"])
            except Exception as error:  # Wagtail's own search may fail on some input
                print(f"  {name} failed on {query['query']!r}: {error}", file=sys.stderr)
                ranked = []
            runs.append((ranked, judgements))
            if args.per_query and name == "veldwerk":
                from search.evaluation import ndcg_at
                print(f"  {query['id']} {ndcg_at(ranked, judgements):.2f} {query['query']!r}: {ranked[:5]}", file=sys.stderr)
        scores = score_run(runs)
        print(f"| {name} | {scores['ndcg@10']:.3f} | {scores['recall@10']:.3f} | {scores['mrr']:.3f} |")
    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
