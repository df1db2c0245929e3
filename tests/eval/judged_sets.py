"""The judged query sets of `make eval`: where they live, how they load and which kinds they use."""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
# A clean clone sits next to ../shared; a git worktree elsewhere points at it with VELDWERK_EVAL_DIR.
SHARED_EVAL_DIR = Path(os.environ.get("VELDWERK_EVAL_DIR") or HERE.parents[2] / "shared" / "eval")
OWN_QUERIES = HERE / "queries-veldwerk.jsonl"

# The kinds documented in tests/eval/README.md, in the order the per-kind table prints them.
KINDS = (
    "keyword", "synonym", "everyday-word", "compound", "compound-part", "compound-typo",
    "typo", "inflection", "cross-language", "question", "natural-language", "abbreviation",
)


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def query_files(which, eval_dir=SHARED_EVAL_DIR):
    """The query files of `which`: dev (the public split in ../shared/eval), veldwerk (ours) or all."""
    dev, ours = Path(eval_dir) / "queries-dev.jsonl", OWN_QUERIES
    return {"dev": [dev], "veldwerk": [ours], "all": [dev, ours]}[which]


def load_queries(paths):
    return [query for path in paths for query in read_jsonl(path)]
