"""Relevance metrics for judged queries: nDCG@k (gain 2^grade − 1), recall@k and MRR."""

import math
from statistics import mean


def dcg(grades):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at(ranked_ids, judgements, k=10):
    """`judgements` maps document id → grade (2 exact need, 1 related)."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    return dcg([judgements.get(doc, 0) for doc in ranked_ids[:k]]) / ideal if ideal else 0.0


def recall_at(ranked_ids, judgements, k=10):
    relevant = {doc for doc, grade in judgements.items() if grade >= 1}
    return len(relevant & set(ranked_ids[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked_ids, judgements):
    for rank, doc in enumerate(ranked_ids, start=1):
        if judgements.get(doc, 0) >= 1:
            return 1 / rank
    return 0.0


def score_run(runs):
    """Mean metrics over `runs`: a list of (ranked ids, judgements) pairs."""
    return {
        "ndcg@10": mean(ndcg_at(r, j) for r, j in runs),
        "recall@10": mean(recall_at(r, j) for r, j in runs),
        "mrr": mean(reciprocal_rank(r, j) for r, j in runs),
    }
