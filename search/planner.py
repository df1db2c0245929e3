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
from .inflection import variant_forms
from .syntax import parse

MAX_SYNONYM_ALTERNATIVES = 12
INFLECTION_WEIGHT = 0.9
CORRECTION_WEIGHT = 0.8
MIN_CORRECTED_LENGTH = 5  # shorter words are too often real words we do not know, or abbreviations
# Up to seven letters a word is corrected by one edit, a longer one by up to two (as Elasticsearch's
# AUTO fuzziness): first to an indexed word, then to a compound of known words, then two edits away.
MIN_TWO_EDITS_LENGTH = 8
# A query phrased as a question ("Hoe regel ik een huwelijk?", "Bestaat er al iets voor …?"): these
# words say how it is asked, not what is sought. They rank (a document may use them) but are not required.
QUESTION_STARTERS = frozenset(
    "hoe wat waar wanneer wie welke welk waarom waarmee waarvoor bestaat bestaan is zijn heeft hebben "
    "kan kunnen kun mag moet moeten zoek zoeken hebt heb how what where which who is are does do can".split()
)
QUESTION_WORDS = QUESTION_STARTERS | frozenset(
    "regel regelen regelt doe doen maak maken krijg krijgen vind vinden gebruik gebruiken aanpak aanpakken ik we wij jullie "
    "mijn onze ons iemand ergens al er iets oplossing oplossingen manier mogelijk mogelijkheid mogelijkheden "
    "nodig graag willen wil gemeente gemeenten andere anderen goed goede handig handige solution solutions "
    "there any way we our".split()
)


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
    optional: list = field(default_factory=list)  # clauses that rank but are not required (question words)
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

    def known_terms(self, terms):
        return set()

    def closest(self, word):
        return None

    def closest_by_two_edits(self, word):
        return None


def is_question(text, clauses):
    """A query asked as a question: ending in "?" or opening with a question word, with more words after it."""
    first = words(clauses[0].text) if clauses and not clauses[0].phrase else []
    return len(clauses) > 1 and (text.rstrip().endswith("?") or bool(first and first[0] in QUESTION_STARTERS))


def plan_query(text, synonyms, vocabulary=NoVocabulary()):
    """Build the plan for `text` with a `SynonymMap` and a vocabulary for typo correction."""
    plan = QueryPlan()
    clauses = parse(text)
    question = is_question(text, clauses)
    typed_words = [w for c in clauses if not c.phrase for w in words(c.text)]
    known = vocabulary.known({w for w in typed_words if w not in STOP_WORDS})
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
        if question and not clause.phrase and not clause.negated and set(clause_words) <= QUESTION_WORDS:
            plan.optional.append(plan_clause)
        elif clause.negated:
            plan.excluded.append(plan_clause)
        elif clause.or_with_previous and plan.groups:
            plan.groups[-1].append(plan_clause)
        else:
            plan.groups.append([plan_clause])

    if not plan.groups and plan.optional:  # only question words: then they are what is sought
        plan.groups, plan.optional = [[clause] for clause in plan.optional], []
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
    synonym_equivalents = synonym_alternatives((stemmed,), synonyms)
    other_forms = inflection_alternatives(word, stemmed, vocabulary)
    alternatives = [Alternative((stemmed,)), *other_forms, *synonym_equivalents]
    parts = compound_parts(word)
    if parts:
        alternatives.append(compound_alternative(word))
        alternatives += [Alternative((part,), weight=0.4, partial=True) for part in parts]
    if is_correctable(word, known, understood_as=other_forms + synonym_equivalents):
        correction = vocabulary.closest(word)
        if not correction and not parts and (compound := corrected_compound(word)):
            corrections[word] = compound
            alternatives.append(compound_alternative(compound, weight=0.5))
        elif not correction and len(word) >= MIN_TWO_EDITS_LENGTH:
            correction = vocabulary.closest_by_two_edits(word)
        if correction:
            corrections[word] = correction
            corrected = stem(correction)
            alternatives.append(Alternative((corrected,), weight=CORRECTION_WEIGHT))
            alternatives += [
                Alternative(alternative.terms, weight=CORRECTION_WEIGHT)
                for alternative in inflection_alternatives(correction, corrected, vocabulary)
            ]
            alternatives += synonym_alternatives((corrected,), synonyms)
    return alternatives


def compound_alternative(word, weight=0.6):
    """Every part of a compound together: "sportscholen" finds texts about a "sportschool", or about
    "sport" and "scholen"; texts with only one of them are partial matches."""
    return Alternative(compound_parts(word), weight=weight)


def inflection_alternatives(word, stemmed, vocabulary):
    """Other forms of the word the stemmer keeps apart ("organisatie" → "organisaties"), when indexed."""
    forms = {stem(form) for form in variant_forms(word)} - {stemmed}
    return [Alternative((term,), weight=INFLECTION_WEIGHT) for term in sorted(vocabulary.known_terms(forms))]


def is_correctable(word, known, understood_as):
    """A word is corrected only when nothing knows it: not the index (as a word, a stem or another
    form: "melden" through "melding"), not the glossary or the synonyms ("waste" means afval, not
    "vaste"), and it is long enough to be a typo."""
    return word not in known and not understood_as and not word.isdigit() and len(word) >= MIN_CORRECTED_LENGTH


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
