"""A regression floor for relevance on a small judged set of our own (the public evaluation
set runs with `make eval`)."""

import pytest

from search.evaluation import score_run

JUDGED = [
    ("huwelijk plannen", {"planner": 2, "fieldlab": 1}),
    ("afvalcontainers", {"waste": 2}),
    ("zonne-energie op scholen", {"solar": 2}),
    ("ondersteuning thuis aanvragen", {"wmo": 2}),
    ("wedding", {"planner": 2, "fieldlab": 1}),
    ("basisregistratie personen", {"planner": 2}),
    ("trouwambtenaren rooster", {"fieldlab": 2, "planner": 1}),
    ("containers die vol zijn", {"waste": 2}),
]
NDCG_FLOOR = 0.9


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["database"], indirect=True)
def test_relevance_stays_above_the_floor(client, corpus):
    names = {page.pk: name for name, page in corpus.items()}
    runs = []
    for text, judgements in JUDGED:
        results = client.get("/api/v1/search", {"q": text}).json()["results"]
        runs.append(([names[r["id"]] for r in results], judgements))
    scores = score_run(runs)
    assert scores["ndcg@10"] >= NDCG_FLOOR, (scores, runs)
    assert scores["recall@10"] == 1.0, runs
