"""How the ranking constants in search/ranking.py were chosen: a random search over field weights,
saturation, length normalisation and the title and proximity bonuses, scored by nDCG@10 on the
judged queries (dev + veldwerk). To see whether a choice generalises rather than fits, the queries
are split in two halves (alternating, in file order): a setting is chosen on one half and reported
on the other, and the other way round.

    python tests/eval/tune_ranking.py [--samples 300] [--seed 1]

Prints the current constants' scores and the best settings found; it changes nothing.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="veldwerk-tune-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'tune.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "veldwerk.settings.test"
    import django

    django.setup()
    import json

    from django.core.management import call_command

    from judged_sets import load_queries, query_files, read_jsonl, SHARED_EVAL_DIR
    from run_eval import record_for
    from search import ranking
    from search.contract import SearchQuery
    from search.engines import engine_named
    from search.evaluation import score_run
    from search.models import SearchDocument

    call_command("migrate", verbosity=0)
    solutions = read_jsonl(SHARED_EVAL_DIR / "solutions.jsonl")
    records = workdir / "records.jsonl"
    records.write_text("\n".join(json.dumps(record_for(s), ensure_ascii=False) for s in solutions) + "\n", encoding="utf-8")
    call_command("import_ideas", str(records), "--publish", verbosity=0)
    call_command("search_index", "rebuild", verbosity=0)
    engine = engine_named("database")
    external_ids = dict(SearchDocument.objects.values_list("page_id", "external_id"))
    queries = load_queries(query_files("all"))
    halves = (queries[0::2], queries[1::2])

    def ndcg(subset):
        runs = []
        for query in subset:
            hits = engine.search(SearchQuery(text=query["query"], page_size=10)).hits
            runs.append(([external_ids[hit.page_id] for hit in hits], {j["id"]: j["grade"] for j in query["judgements"]}))
        return score_run(runs)["ndcg@10"]

    def apply(setting):
        ranking.FIELD_WEIGHTS = dict(setting["field_weights"])
        ranking.LENGTH_NORMALISATION = {**ranking.LENGTH_NORMALISATION, "body": setting["body_b"], "summary": setting["body_b"]}
        ranking.K1 = setting["k1"]
        ranking.TITLE_MATCH_BONUS = setting["title_bonus"]
        ranking.PROXIMITY_BONUS = setting["proximity_bonus"]

    current = {
        "field_weights": dict(ranking.FIELD_WEIGHTS), "body_b": ranking.LENGTH_NORMALISATION["body"], "k1": ranking.K1,
        "title_bonus": ranking.TITLE_MATCH_BONUS, "proximity_bonus": ranking.PROXIMITY_BONUS,
    }
    chooser = random.Random(args.seed)
    settings = [current] + [
        {
            "field_weights": {
                "title": chooser.choice([2, 3, 4, 6, 8, 10]), "summary": chooser.choice([1, 1.5, 2, 3, 4]),
                "body": 1.0, "keywords": chooser.choice([0.5, 1, 1.5, 2, 3]),
            },
            "body_b": chooser.choice([0.3, 0.5, 0.75, 0.9]),
            "k1": chooser.choice([0.6, 0.9, 1.2, 1.6, 2.0]),
            "title_bonus": chooser.choice([0, 0.5, 1, 2, 3]),
            "proximity_bonus": chooser.choice([0, 0.25, 0.5, 1]),
        }
        for _ in range(args.samples)
    ]
    scored = []
    for setting in settings:
        apply(setting)
        scored.append((ndcg(halves[0]), ndcg(halves[1]), setting))
    apply(current)

    print(f"{len(queries)} judged queries, {len(settings)} settings")
    print(f"current constants: nDCG@10 {scored[0][0]:.3f} (half A) {scored[0][1]:.3f} (half B)")
    for chosen_on, reported_on in ((0, 1), (1, 0)):
        best = max(scored, key=lambda item: item[chosen_on])
        print(
            f"best on half {'AB'[chosen_on]}: {best[chosen_on]:.3f}, on half {'AB'[reported_on]}: {best[reported_on]:.3f}: {best[2]}"
        )
    best_both = max(scored, key=lambda item: item[0] + item[1])
    print(f"best on all: {(best_both[0] + best_both[1]) / 2:.3f} (A {best_both[0]:.3f}, B {best_both[1]:.3f}): {best_both[2]}")


if __name__ == "__main__":
    main()
