"""Dutch compounds: "afvalstoffenheffing" is afval + stof + heffing.

A word is split into known parts of at least four letters with dynamic programming over the
word. The first parts may carry a linking -s- or -en- ("huwelijk-s-planner",
"afval-stoff-en-heffing") and may be verb stems ("zwerf-afval", "parkeer-vergunning"); the last
part may be inflected ("sport-scholen"). Among the splits, the one whose parts are most frequent
(the lowest mean log rank in the frequency-ordered lexicon) wins, and only when its parts are more
frequent than the word itself, after Koehn & Knight, "Empirical methods for compound splitting"
(EACL 2003): "fantastisch" is far more frequent than "fanta" and "tisch", so it stays whole.

Splitting uses the lexicon only, never the index, so a word splits the same way at index and at
query time, in a rebuild and in an update.
"""

import functools
import math
import re
from dataclasses import dataclass

from .analysis import DATA_DIR, STOP_WORDS, stem
from .spelling import single_edits

MIN_PART = 4
MAX_PARTS = 4
LINKS = ("", "s", "en")
VOWELS = frozenset("aeiou")
# Endings that make a derivation, not a compound: "meld-ingen" is no compound of "ingen".
DERIVATIONAL_ENDINGS = frozenset(
    "ing ingen eren eert lijk lijke lijkheid heid heden isch ische baar bare achtig actie acties atie aties "
    "teit teiten ment menten ster sters tjes pjes ent enten ende erij erijen ling lingen schap schappen "
    "rijk rijke eerd eerde eerden".split()
)
# A last part like "ring", "ters" or "tiger" is the end of a derivation: "waarde-ring" is
# "waarder-ing", "gang-ters" "gangst-ers", "pret-tiger" "prett-iger".
DERIVATION_TAIL = re.compile(r"^[^aeiou](ing|ingen|eren|ers|ere|issen|iger|ten)$|^iers$")
# Pronominal adverbs ("erbij", "waarop") are never parts: "dicht-erbij" is no compound.
PRONOMINAL_ADVERB = re.compile(
    r"^(er|hier|daar|waar)(aan|af|bij|door|in|langs|mee|na|naar|om|onder|op|over|tegen|toe|tussen|uit|van|voor)?$"
)
# A known word behind one of these prefixes is a derivation, not a compound: "be-sturen" is no
# "best" + "uren", "aan-geven" no "aang" + "even", "samen-werking" no "samen" + "werking".
PREFIXES = (
    "be", "ge", "ver", "ont", "her", "aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op",
    "over", "toe", "uit", "voor", "weg", "terug", "samen", "neer", "tegen",
)
# Four-letter words further down the lexicon are mostly names, abbreviations and fragments.
SHORT_PART_RANK = 10_000
# A verb stem as first part ("zwerf" from "zwerven") is a guess from the spelling: it costs a little more.
VERB_STEM_COST = math.log(2)
# An inflected last part that is not in the lexicon itself ("heffingen") costs a little more.
INFLECTION_COST = math.log(2)
# Each part after the first costs this much, so that of two equally frequent splits the one with
# fewer parts wins.
EXTRA_PART_COST = 0.25
# A misspelt part is corrected only when it is at least this long.
CORRECTED_PART = 6
# A split whose parts are on average rarer than this rank is noise ("fanta" + "tisch"), also for a
# word the lexicon does not know.
RAREST_MEAN_RANK = 20_000


@dataclass(frozen=True)
class Lexicon:
    words: dict  # word -> its cost (the log of its frequency rank)
    verb_stems: dict  # verb stem ("zwerf") -> the cost of its infinitive ("zwerven"), plus VERB_STEM_COST
    stems: dict  # stem -> the cost of the most frequent word with that stem

    def first_part_cost(self, form):
        costs = [cost for cost in (self.words.get(form), self.verb_stems.get(form)) if cost is not None]
        return min(costs, default=None)

    def last_part_cost(self, form):
        """A last part is a word, or an inflection of one that costs a little more (it may also be
        a misspelling that happens to share the stem: "plane" is no "plan")."""
        if form in self.words:
            return self.words[form]
        cost = self.stems.get(stem(form))
        return None if cost is None else cost + INFLECTION_COST

    def word_cost(self, word):
        """The cost of `word` as a whole, as frequent as its most frequent inflection."""
        return self.stems.get(stem(word), math.inf)


@functools.lru_cache(maxsize=1)
def lexicon():
    """The parts a compound may be split into, from the frequency-ordered Dutch lexicon."""
    words, verb_stems, stems = {}, {}, {}
    with open(DATA_DIR / "nl-lexicon.txt", encoding="utf-8") as source:
        for rank, word in enumerate(source.read().split(), start=1):
            if not may_be_part(word, rank):
                continue
            cost = math.log(rank)
            words.setdefault(word, cost)
            stems.setdefault(stem(word), cost)
            if word.endswith("en"):
                for verb_stem in verb_stems_of(word):
                    if may_be_part(verb_stem, rank):
                        verb_stems.setdefault(verb_stem, cost + VERB_STEM_COST)
    return Lexicon(words, verb_stems, stems)


def may_be_part(word, rank):
    return (
        len(word) >= MIN_PART
        and (len(word) > MIN_PART or rank <= SHORT_PART_RANK)
        and word not in STOP_WORDS
        and word not in DERIVATIONAL_ENDINGS
        and not PRONOMINAL_ADVERB.match(word)
    )


def verb_stems_of(infinitive):
    """The stems an infinitive may have as the first part of a compound: "zwerven" → "zwerf",
    "spelen" → "speel", "zwemmen" → "zwem". After an open syllable with an "e" both spellings are
    kept, because stress decides ("parkeren" → "parkeer", "tekenen" → "teken")."""
    base = infinitive[:-2]
    if len(base) < MIN_PART - 1:
        return []
    if base[-1] == base[-2] and base[-1] not in VOWELS:
        candidates = [base[:-1]]
    elif base[-1] not in VOWELS and base[-2] in VOWELS and base[-3] not in VOWELS:
        doubled = base[:-1] + base[-2] + base[-1]
        candidates = [base, doubled] if base[-2] == "e" else [doubled]
    else:
        candidates = [base]
    return [c[:-1] + {"v": "f", "z": "s"}[c[-1]] if c[-1] in "vz" else c for c in candidates]


def first_parts_at(word, start, known):
    """{end: (base, cost)} for the first parts that start at `start`: a known form and its link.
    Of two readings that end at the same place the more frequent form wins: "stof-f-en" over
    "stoffen", but "plaats-vinden" over "plaat-s-vinden"."""
    options = {}

    def add(end, base, cost):
        if len(word) - end >= MIN_PART and (end not in options or cost < options[end][1]):
            options[end] = (base, cost)

    for end in range(start + MIN_PART, len(word) - MIN_PART + 1):
        base = word[start:end]
        cost = known.first_part_cost(base)
        if cost is None or (start and DERIVATION_TAIL.match(base)):
            continue
        for link in LINKS:
            if word.startswith(link, end):
                add(end + len(link), base, cost)
        # "stof" + "f" + "en": the consonant is doubled before a linking -en-.
        if word[end] == word[end - 1] and word[end] not in VOWELS and word.startswith("en", end + 1):
            add(end + 3, base, cost)
    return options


def scored_splits(word):
    """(score, parts) of every split of `word` into known parts; lower scores are better."""
    known = lexicon()
    best = [dict() for _ in range(len(word) + 1)]  # position -> number of parts -> (cost, parts)
    best[0][0] = (0.0, ())
    splits = []
    for start in range(len(word) - MIN_PART + 1):
        if not best[start]:
            continue
        if start:
            tail = word[start:]
            tail_cost = known.last_part_cost(tail) if may_end(tail) else None
            if tail_cost is not None:
                for count, (cost, parts) in best[start].items():
                    score = (cost + tail_cost) / (count + 1) + EXTRA_PART_COST * count
                    splits.append((score, (*parts, tail)))
        for end, (base, part_cost) in first_parts_at(word, start, known).items():
            for count, (cost, parts) in best[start].items():
                if count + 1 < MAX_PARTS and (count + 1 not in best[end] or best[end][count + 1][0] > cost + part_cost):
                    best[end][count + 1] = (cost + part_cost, (*parts, base))
    return splits


@functools.lru_cache(maxsize=100_000)
def split_compound(word):
    """The parts of a compound as words, e.g. "afvalstoffenheffing" → ("afval", "stof", "heffing");
    () when `word` is no compound. The last part keeps its inflection ("sportscholen" → "sport",
    "scholen"); the first parts lose their linking letters. A part that is a compound itself is
    split too ("schuld" + "hulpverlening" → "schuld", "hulp", "verlening"), so that every word
    splits into the same smallest parts whether it stands alone or inside a longer compound."""
    split = best_split(word)
    if not split:
        return ()
    return tuple(smallest for part in split[1] for smallest in (split_compound(part) or (part,)))


def best_split(word):
    """(score, parts) of the best split of `word`, or None when it is no compound."""
    if len(word) < 2 * MIN_PART or not word.isalpha() or is_derivation(word):
        return None
    splits = scored_splits(word)
    if not splits:
        return None
    best = min(splits)
    return best if best[0] < min(lexicon().word_cost(word), math.log(RAREST_MEAN_RANK)) else None


def may_end(tail):
    """Whether `tail` may be the last part. A four-letter tail must be a word itself, not just share
    its stem with one ("slid" with "slide")."""
    if tail in DERIVATIONAL_ENDINGS or tail in STOP_WORDS or DERIVATION_TAIL.match(tail):
        return False
    return len(tail) > MIN_PART or tail in lexicon().words


def is_derivation(word):
    stems = lexicon().stems
    return any(word.startswith(prefix) and stem(word[len(prefix):]) in stems for prefix in PREFIXES)


@functools.lru_cache(maxsize=200_000)
def compound_parts(word):
    """Index terms of a compound's parts: the stems of `split_compound(word)`, so that a part is
    stemmed the way the same word typed in the search box is (cached: indexing asks for the same
    words over and over, 262,000 times for 2,000 documents)."""
    return tuple(stem(part) for part in split_compound(word))


@functools.lru_cache(maxsize=10_000)
def corrected_compound(word):
    """`word` with one letter of one part corrected so that it is a compound of known words:
    "huwelijksplaner" → "huwelijksplanner"; "" when no single edit does that. Only a part of at
    least CORRECTED_PART letters is corrected: a short part one letter off is as likely another
    word ("omgevingswet" is no "omgevingsweet"). A letter doubled or undoubled is the likeliest
    correction (the commonest Dutch misspelling), then the one that gives the fewest parts
    ("bestemingsplan" is "bestemmingsplan", not "beste-mini-plan"), then the one with the most
    frequent parts."""
    if len(word) <= 2 * MIN_PART or not word.isalpha() or split_compound(word):
        return ""
    words = lexicon().words
    scored = [
        (not doubling_differs(word, candidate), len(parts), split[0], candidate)
        for candidate in corrections_of_one_part(word)
        if (split := best_split(candidate))
        and (parts := split[1])[-1] in words
        and edited_part_length(word, candidate, parts) >= CORRECTED_PART
    ]
    return min(scored)[-1] if scored else ""


def corrections_of_one_part(word):
    """The words one edit away from `word` in which the edited piece is a known word and the rest
    of `word` is already made of known parts: only these can be compounds with one part corrected,
    and they are few, where the edits of the whole word are a thousand or more."""
    known = lexicon()
    starts, ends = {0}, set()  # where a first part may start; where a rest of known parts starts
    for start in range(len(word)):
        if start in starts:
            starts.update(first_parts_at(word, start, known))
    for start in range(len(word) - MIN_PART, 0, -1):
        tail = word[start:]
        if (may_end(tail) and known.last_part_cost(tail) is not None) or ends & set(first_parts_at(word, start, known)):
            ends.add(start)
    candidates = set()
    for start in starts:
        for end in ends | {len(word)}:
            if (start or end < len(word)) and end - start >= CORRECTED_PART - 1:
                for piece in single_edits(word[start:end]):
                    if is_known_piece(piece, last=end == len(word), known=known):
                        candidates.add(word[:start] + piece + word[end:])
    return candidates


def is_known_piece(piece, last, known):
    if last:
        return piece in known.words
    return any(known.first_part_cost(piece[: len(piece) - len(link)]) is not None for link in LINKS if piece.endswith(link))


def edited_part_length(word, candidate, parts):
    """The length of the part of `candidate` where it differs from `word` (0 for a linking letter)."""
    edit = next((i for i, (a, b) in enumerate(zip(word, candidate)) if a != b), min(len(word), len(candidate)) - 1)
    position = 0
    for part in parts:
        start = candidate.find(part, position)
        if start <= edit < start + len(part):
            return len(part)
        position = start + len(part)
    return 0


def doubling_differs(word, other):
    """Whether the two differ in one letter written once or twice ("planer", "planner")."""
    shorter, longer = sorted((word, other), key=len)
    if len(longer) != len(shorter) + 1:
        return False
    position = next((i for i, (a, b) in enumerate(zip(shorter, longer)) if a != b), len(shorter))
    return 0 < position and longer[position] == longer[position - 1] and longer[:position] + longer[position + 1 :] == shorter


def terms_for_words(folded_words):
    """Index terms of folded words, then the parts of the compounds among them, so a part matches
    the whole word. The parts go at the end, so that they never come between the words of a phrase."""
    stems, parts = [], []
    for word in folded_words:
        word_terms = index_terms_of_word(word)
        if word_terms:
            stems.append(word_terms[0])
            parts.extend(word_terms[1])
    return stems + parts


@functools.lru_cache(maxsize=200_000)
def index_terms_of_word(word):
    """(stem, compound parts) of a folded word; None for a stop word."""
    return None if word in STOP_WORDS else (stem(word), compound_parts(word))
