"""Dutch text analysis shared by the database engine and the search page.

Text becomes *terms*: words are accent-folded, lower-cased, stop words dropped and
stemmed with the classic Snowball Dutch stemmer (the one PostgreSQL's `dutch`
configuration and Elasticsearch's `dutch` stemmer use), so that "gemeenten" finds
"gemeente" and "zonnepanelen" finds "zonnepaneel". Compounds are split in
search.compounds, so that "huwelijk" finds "huwelijksplanner".
"""

import functools
import re
import unicodedata
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_WORD_LENGTH = 40
# Raise it when the same text gets other index terms (stemming, stop words, compound splitting):
# `manage.py search_index verify` then indexes again every document analysed by an older version.
ANALYSIS_VERSION = 2

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


def terms(text):
    """Index terms for `text`: stems of the words that are not stop words."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]
