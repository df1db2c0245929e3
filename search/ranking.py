"""The ranking model of the database engine, the same on SQLite and PostgreSQL.

The database finds the documents that match a query plan; this module orders the best of
them. It scores each document with BM25F over the analysed fields (title, summary, body,
keywords, comments) from statistics the index keeps itself (`search_term`, `search_statistic`), so
the score does not depend on the database's own ranking function (FTS5's bm25 on SQLite,
ts_rank on PostgreSQL), which differ and which cannot weigh a synonym below the word typed.

On top of BM25F: a query that is (nearly) the whole title ranks that document first, and
words of a multi-word query found close together count more than the same words far apart.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from .planner import CORRECTION_WEIGHT

FIELDS = ("title", "summary", "body", "keywords", "comments")
# Weights, saturation and bonuses: tests/eval/tune_ranking.py searched 120–150 other settings on the judged
# queries; a setting chosen on one half of them scored lower on the other half than these, so these stay.
# The judged documents have no comments: what readers wrote about a page counts half as much as its body,
# so a page that describes a solution ranks above one whose comments mention it.
FIELD_WEIGHTS = {"title": 6.0, "summary": 3.0, "body": 1.0, "keywords": 2.0, "comments": 0.5}
LENGTH_NORMALISATION = {"title": 0.5, "summary": 0.75, "body": 0.75, "keywords": 0.5, "comments": 0.75}
K1 = 1.2
TITLE_MATCH_BONUS = 2.0  # times the best term score, for a query that is the whole title
NEAR_EXACT_TITLE = 0.75  # share of the title the typed words make up for the title to rank first
PROXIMITY_BONUS = 0.5  # times the best term score, for query words next to each other
PROXIMITY_WINDOW = 8  # terms; words further apart get no proximity bonus
FIELD_SEPARATOR = "\n"


def analysed_text(fields):
    """The stored form of a document's analysed fields (terms contain only a-z and 0-9)."""
    return FIELD_SEPARATOR.join(" ".join(fields[name]) for name in FIELDS)


def fields_from(analysed):
    """The analysed fields of a document from their stored form."""
    values = analysed.split(FIELD_SEPARATOR) if analysed else []
    values += [""] * (len(FIELDS) - len(values))
    return {name: value.split() for name, value in zip(FIELDS, values)}


def term_impact(term, fields, average_lengths):
    """BM25F without the idf: the term's field frequencies weighted and length-normalised, then
    saturated once. It orders a term's documents by how well they match it alone (search.impact_lists)."""
    weighted = 0.0
    for name in FIELDS:
        frequency = fields[name].count(term)  # a query has few terms: cheaper than counting every term
        if not frequency:
            continue
        average = average_lengths.get(name) or 1.0
        b = LENGTH_NORMALISATION[name]
        weighted += FIELD_WEIGHTS[name] * frequency / (1 - b + b * len(fields[name]) / average)
    return weighted / (K1 + weighted)


@dataclass(frozen=True)
class CollectionStatistics:
    document_count: int
    average_lengths: dict  # field -> mean number of terms
    document_frequencies: dict  # term -> number of documents that contain it
    documents_per_type: dict = field(default_factory=dict)  # type -> number of documents

    def idf(self, term):
        """BM25's inverse document frequency in Lucene's form, which is never negative, so a word
        in most documents still counts a little (FTS5 clamps it to almost nothing)."""
        n = self.document_frequencies.get(term, 0)
        return math.log(1 + (self.document_count - n + 0.5) / (n + 0.5))


class DocumentScorer:
    """Scores one document for a query plan."""

    def __init__(self, plan, statistics):
        self.plan = plan
        self.statistics = statistics
        self.typed_terms = [alt.terms for clause in plan.positive_clauses() for alt in clause.alternatives[:1]]

    def score(self, fields):
        """(score, every group matched, near-exact title match) for a document's analysed fields."""
        saturated = {}

        def frequency_part(term):
            if term not in saturated:
                saturated[term] = term_impact(term, fields, self.statistics.average_lengths)
            return saturated[term]

        total = 0.0
        best_term = 0.0
        all_groups = True
        for group in self.plan.groups:
            group_score = 0.0
            for clause in group:
                clause_score, clause_best_term = self.clause_score(clause, frequency_part, fields)
                group_score = max(group_score, clause_score)
                best_term = max(best_term, clause_best_term)
            all_groups = all_groups and group_score > 0
            total += group_score
        for clause in self.plan.optional:  # question words: they add to the rank, never required
            total += self.clause_score(clause, frequency_part, fields)[0]
        title_match = self.title_match(fields["title"])
        total += best_term * (TITLE_MATCH_BONUS * title_match + PROXIMITY_BONUS * self.proximity(fields))
        return total, all_groups, title_match >= NEAR_EXACT_TITLE

    def clause_score(self, clause, frequency_part, fields):
        """The best of a clause's alternatives (what was typed, a synonym, a compound's parts, a
        correction), and the best single term score in it. The word typed (or its correction) caps the idf
        of the other alternatives, as Lucene's synonym query does: a rare synonym must not outrank it."""
        frequencies = self.statistics.document_frequencies
        primary = [  # what was meant: the word typed, or its correction
            alt.terms for alt in clause.alternatives
            if alt.weight >= CORRECTION_WEIGHT and all(frequencies.get(term) for term in alt.terms)
        ]
        cap = max((self.statistics.idf(term) for terms in primary for term in terms), default=math.inf)
        best = best_term = 0.0
        for alternative in clause.alternatives:
            scores = [min(self.statistics.idf(term), cap) * frequency_part(term) for term in alternative.terms]
            if not all(scores):
                continue
            if alternative.phrase and not any(contains_sequence(fields[name], alternative.terms) for name in FIELDS):
                continue
            best = max(best, alternative.weight * sum(scores))
            best_term = max(best_term, *scores)
        return best, best_term

    def title_match(self, title):
        """How much of the title the typed words make up: 1.0 when the query is the title."""
        if not title or not self.typed_terms:
            return 0.0
        title_terms = set(title)
        typed = {term for terms in self.typed_terms for term in terms}
        if not typed <= title_terms:
            return 0.0
        return len(typed) / len(title_terms)

    def proximity(self, fields):
        """1.0 when the typed words stand next to each other in a field, less as they drift apart."""
        if len(self.typed_terms) < 2:
            return 0.0
        wanted = {terms[0] for terms in self.typed_terms}
        best = 0.0
        for name in ("title", "summary", "body"):
            span = shortest_span(fields[name], wanted)
            if span and span <= PROXIMITY_WINDOW:
                best = max(best, len(wanted) / span)
        return best


def contains_sequence(terms, sequence):
    length = len(sequence)
    first = sequence[0]
    return any(terms[i : i + length] == list(sequence) for i, term in enumerate(terms) if term == first)


def shortest_span(terms, wanted):
    """The length of the shortest stretch of `terms` holding every term of `wanted`, or 0."""
    if len(wanted) < 2:
        return 0
    positions = [(i, term) for i, term in enumerate(terms) if term in wanted]
    seen = Counter()
    best = 0
    start = 0
    for end, (position, term) in enumerate(positions):
        seen[term] += 1
        while len(seen) == len(wanted):
            span = position - positions[start][0] + 1
            best = span if not best else min(best, span)
            first_term = positions[start][1]
            seen[first_term] -= 1
            if not seen[first_term]:
                del seen[first_term]
            start += 1
    return best


def rank(candidates, plan, statistics):
    """Candidates [(page id, analysed fields)] as [(page id, score, has every group)], best
    first: documents with every group before those without, a near-exact title first among them."""
    scorer = DocumentScorer(plan, statistics)
    scored = [(page_id, *scorer.score(fields)) for page_id, fields in candidates]
    scored.sort(key=lambda item: (not item[2], not item[3], -item[1], item[0]))
    return [(page_id, score, all_groups) for page_id, score, all_groups, _title in scored]
