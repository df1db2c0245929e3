"""Dutch text analysis shared by the database engine and the search page.

Text becomes *terms*: words are accent-folded, lower-cased, stop words dropped and
stemmed with the classic Snowball Dutch stemmer (the one PostgreSQL's `dutch`
configuration and Elasticsearch's `dutch` stemmer use), so that "gemeenten" finds
"gemeente" and "zonnepanelen" finds "zonnepaneel". Compounds are split against a
Dutch lexicon, so that "huwelijk" finds "huwelijksplanner".
"""

import functools
import re
import unicodedata
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_WORD_LENGTH = 40
MIN_COMPOUND_PART = 4
LINKING_SUFFIXES = ("s", "en", "e", "n")
# Endings that make a derivation, not a compound: "meld-ingen" is no compound of "ingen".
DERIVATIONAL_ENDINGS = frozenset(
    "ing ingen eren eert lijk lijke lijkheid heid heden isch ische baar bare achtig actie acties atie aties "
    "teit teiten ment menten ster sters tjes pjes ent enten ende erij erijen ling lingen schap schappen".split()
)

WORD = re.compile(r"[a-z0-9]+")

# Snowball's Dutch stop words (without "mijn", which names portals: "Mijn Gemeente"),
# and the English function words that occur in bilingual texts.
STOP_WORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
    dan zou of wat men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe
    heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer
    doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
    kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
    a an and are as at be by for from has have how into it its of on or that the their this to
    was were what which with
    """.split()
)

_stemmer = Stemmer.Stemmer("dutch_porter")


COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower-case and strip accents: "Fryslân" → "fryslan", "financiën" → "financien"."""
    text = str(text).lower()
    if text.isascii():
        return text
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


def words(text):
    """The folded words of `text`, too-long words dropped (they are never real words)."""
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_WORD_LENGTH]


@functools.lru_cache(maxsize=200_000)
def stem(word):
    return _stemmer.stemWord(word)


@functools.lru_cache(maxsize=1)
def lexicon_stems():
    """Stems of the Dutch lexicon: the parts a compound may be split into."""
    with open(DATA_DIR / "nl-lexicon.txt", encoding="utf-8") as lexicon:
        return frozenset(stem(word) for word in lexicon.read().split() if word not in STOP_WORDS)


@functools.lru_cache(maxsize=100_000)
def compound_parts(word):
    """Split a compound into two known parts, e.g. "huwelijksplanner" → ("huwelijk", "planner").

    The split with the longest known head wins; a linking "s", "e", "en" or "n"
    between the parts is dropped ("huwelijk-s-planner"). Returns () when no split fits.
    """
    if len(word) < 2 * MIN_COMPOUND_PART or word.isdigit():
        return ()
    known = lexicon_stems()
    for split in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
        head, tail = word[:split], word[split:]
        if tail in DERIVATIONAL_ENDINGS:
            continue
        tail_stem = stem(tail)
        if len(tail_stem) < MIN_COMPOUND_PART or tail_stem not in known:
            continue
        for candidate in (head, *(head[: -len(s)] for s in LINKING_SUFFIXES if head.endswith(s))):
            if len(candidate) >= MIN_COMPOUND_PART and stem(candidate) in known:
                return (stem(candidate), tail_stem)
    return ()


def terms(text):
    """Index terms for `text`: stems of the words that are not stop words."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def terms_for_words(folded_words):
    """Index terms of folded words, then the parts of the compounds among them, so a part matches
    the whole word. The parts go at the end, so that they never come between the words of a phrase."""
    stems, parts = [], []
    for word in folded_words:
        if word in STOP_WORDS:
            continue
        stems.append(stem(word))
        parts.extend(compound_parts(word))
    return stems + parts
