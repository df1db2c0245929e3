"""The forgiving query syntax of the search box.

    words            all words should match (documents matching only some follow after)
    "exact phrase"   the words in this order
    -word, -"phrase" leave out documents that contain it
    a OR b           either one

No input is an error: an unbalanced quote closes at the end, stray operators are
words, control characters are dropped, and length and number of clauses are capped.
"""

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32

CLAUSE = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


@dataclass(frozen=True)
class Clause:
    text: str
    phrase: bool = False
    negated: bool = False
    or_with_previous: bool = False


def clean_query(text):
    return CONTROL_CHARACTERS.sub(" ", str(text or ""))[:MAX_QUERY_CHARS].strip()


def parse(text):
    """Split a query into clauses; returns [] for a query without searchable content."""
    clauses = []
    pending_or = False
    for match in CLAUSE.finditer(clean_query(text)):
        if match["word"] is not None:
            word = match["word"]
            if word == "OR" and clauses:
                pending_or = True
                continue
            negated = word.startswith("-") and len(word) > 1
            clauses.append(Clause(word[1:] if negated else word, negated=negated, or_with_previous=pending_or))
        else:
            clauses.append(Clause(match["phrase"], phrase=True, negated=bool(match["neg"]), or_with_previous=pending_or))
        pending_or = False
        if len(clauses) >= MAX_CLAUSES:
            break
    return clauses
