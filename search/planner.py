"""From what a person typed to an engine-neutral query plan.

The plan says, per clause, which alternatives satisfy it: the stemmed words, their
synonyms (a synonym of several words is a phrase), the parts of a compound, and a
correction for a word the index has never seen ("meldigen" → "meldingen").
Engines compile the plan into their own query language; nothing typed ever reaches
an engine's parser as syntax.
"""

from dataclasses import dataclass, field

from .analysis import STOP_WORDS, stem, words
from .compounds import compound_parts, corrected_compound
from .syntax import parse

MAX_SYNONYM_ALTERNATIVES = 12


@dataclass(frozen=True)
class Alternative:
    terms: tuple  # stemmed terms
    phrase: bool = False  # terms must be adjacent and in order; otherwise all must occur
    weight: float = 1.0  # 1.0 for what was typed; less for synonyms, parts and corrections
    partial: bool = False  # one part of a compound alone: only widens a search that finds too little


@dataclass
class PlanClause:
    words: tuple  # folded words as typed, for engines that analyse text themselves
    alternatives: list
    phrase: bool = False


@dataclass
class QueryPlan:
    groups: list = field(default_factory=list)  # AND of groups; a group is an OR of clauses
    excluded: list = field(default_factory=list)  # clauses whose documents are left out
    suggestion: str = ""  # the query with corrected words, when a correction was made

    @property
    def is_empty(self):
        return not self.groups

    def positive_clauses(self):
        return [clause for group in self.groups for clause in group]

    def highlight_terms(self):
        """Every term that counts as a match, for highlighting snippets."""
        return {term for clause in self.positive_clauses() for alt in clause.alternatives for term in alt.terms}


class NoVocabulary:
    """A vocabulary that knows every word: no corrections (used when the engine corrects itself)."""

    def known(self, candidates):
        return set(candidates)

    def closest(self, word):
        return None


def plan_query(text, synonyms, vocabulary=NoVocabulary()):
    """Build the plan for `text` with a `SynonymMap` and a vocabulary for typo correction."""
    plan = QueryPlan()
    clauses = parse(text)
    typed_words = [w for c in clauses if not c.phrase for w in words(c.text)]
    known = vocabulary.known(set(typed_words))
    corrections = {}

    pending = []
    for clause in clauses:
        clause_words = tuple(w for w in words(clause.text) if w not in STOP_WORDS)
        if not clause_words:
            continue
        pending.append((clause, clause_words))

    for clause, clause_words, merged in merge_synonym_phrases(pending, synonyms):
        if clause.negated:
            stems = tuple(stem(w) for w in clause_words)
            alternatives = [Alternative(stems, phrase=clause.phrase and len(stems) > 1)]
        elif clause.phrase or merged:
            stems = tuple(stem(w) for w in clause_words)
            alternatives = [Alternative(stems, phrase=len(stems) > 1)]
            alternatives += synonym_alternatives(stems, synonyms)
        else:
            # A word that is not a phrase; several words (e.g. "ZDS-koppelingen") are each required.
            alternatives = []
            for word in clause_words:
                word_alternatives = word_alternatives_for(word, synonyms, known, vocabulary, corrections)
                alternatives = word_alternatives if not alternatives else combine(alternatives, word_alternatives)
        plan_clause = PlanClause(words=clause_words, alternatives=dedupe(alternatives), phrase=clause.phrase)
        if clause.negated:
            plan.excluded.append(plan_clause)
        elif clause.or_with_previous and plan.groups:
            plan.groups[-1].append(plan_clause)
        else:
            plan.groups.append([plan_clause])

    if corrections:
        plan.suggestion = " ".join(corrections.get(w, w) for w in words(" ".join(c.text for c in clauses)))
    return plan


def merge_synonym_phrases(pending, synonyms):
    """Join consecutive plain words that together form a multi-word synonym ("basisregistratie personen")."""
    index = 0
    while index < len(pending):
        clause, clause_words = pending[index]
        if not clause.phrase and not clause.negated and len(clause_words) == 1:
            for length in range(min(synonyms.longest, len(pending) - index), 1, -1):
                window = pending[index : index + length]
                if any(c.phrase or c.negated or c.or_with_previous or len(w) != 1 for c, w in window[1:]):
                    continue
                combined = tuple(w[0] for _, w in window)
                if synonyms.alternatives(tuple(stem(w) for w in combined)):
                    yield clause, combined, True
                    index += length
                    break
            else:
                yield clause, clause_words, False
                index += 1
            continue
        yield clause, clause_words, False
        index += 1


def word_alternatives_for(word, synonyms, known, vocabulary, corrections):
    stemmed = stem(word)
    alternatives = [Alternative((stemmed,))]
    alternatives += synonym_alternatives((stemmed,), synonyms)
    parts = compound_parts(word)
    if parts:
        alternatives.append(compound_alternative(word))
        alternatives += [Alternative((part,), weight=0.4, partial=True) for part in parts]
    if word not in known and not word.isdigit() and len(word) > 3:
        correction = vocabulary.closest(word)
        if correction:
            corrections[word] = correction
            alternatives.append(Alternative((stem(correction),), weight=0.8))
            alternatives += synonym_alternatives((stem(correction),), synonyms)
        elif not parts and (correction := corrected_compound(word)):
            corrections[word] = correction
            alternatives.append(compound_alternative(correction, weight=0.5))
    return alternatives


def compound_alternative(word, weight=0.6):
    """Every part of a compound together: "sportscholen" finds texts about a "sportschool", or about
    "sport" and "scholen"; texts with only one of them are partial matches."""
    return Alternative(compound_parts(word), weight=weight)


def synonym_alternatives(stems, synonyms):
    equivalents = sorted(synonyms.alternatives(stems))[:MAX_SYNONYM_ALTERNATIVES]
    return [Alternative(terms, phrase=len(terms) > 1, weight=0.7) for terms in equivalents]


def combine(left, right):
    """Both words of one typed token must match: the cross product of their single-term alternatives."""
    combined = []
    for a in left[:4]:
        for b in right[:4]:
            combined.append(
                Alternative(a.terms + b.terms, phrase=False, weight=min(a.weight, b.weight), partial=a.partial or b.partial)
            )
    return combined


def dedupe(alternatives):
    seen = {}
    for alternative in alternatives:
        key = (alternative.terms, alternative.phrase)
        if key not in seen or seen[key].weight < alternative.weight:
            seen[key] = alternative
    return list(seen.values())
