"""Highlighted snippets: escaped text with <mark> around the words that matched.

The text is escaped first and only our own <mark> tags are added, so nothing a
writer typed can become markup.
"""

import functools
import re
from html import escape

from .analysis import MAX_WORD_LENGTH, fold, stem
from .compounds import compound_parts

SNIPPET_WORDS = 30
WORD_SPAN = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=100_000)
def word_terms(word):
    """The terms a word of a text counts as: itself folded, its stem and its parts as a compound
    (cached: snippets look at the same words over and over)."""
    folded = fold(word)
    if len(folded) > MAX_WORD_LENGTH:
        return frozenset()
    return frozenset((stem(folded), folded, *compound_parts(folded)))


def matching(word, terms):
    """A word matches when its stem, or a part of it as a compound, is one of the query's terms."""
    return not word_terms(word).isdisjoint(terms)


def highlight(text, terms, max_words=SNIPPET_WORDS):
    """The window of `text` with the most matching words, escaped, matches in <mark>."""
    text = " ".join(str(text or "").split())
    spans = [(m.start(), m.end()) for m in WORD_SPAN.finditer(text)]
    if not spans:
        return ""
    hits = [i for i, (start, end) in enumerate(spans) if matching(text[start:end], terms)]
    first = best_window_start(hits, len(spans), max_words)
    last = min(len(spans), first + max_words) - 1
    start_char = spans[first][0]
    hit_set = {i for i in hits if first <= i <= last}
    parts, cursor = [], start_char
    for index in range(first, last + 1):
        start, end = spans[index]
        parts.append(escape(text[cursor:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if index in hit_set else word)
        cursor = end
    snippet = "".join(parts)
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(spans) - 1 else ""
    return f"{prefix}{snippet}{suffix}"


def best_window_start(hits, total_words, max_words):
    if not hits:
        return 0
    best_start, best_count = hits[0], 0
    right = 0
    for left, start in enumerate(hits):
        while right < len(hits) and hits[right] < start + max_words:
            right += 1
        if right - left > best_count:
            best_start, best_count = start, right - left
    return max(0, min(best_start - 3, total_words - max_words))


def is_highlighted(snippet):
    return "<mark>" in snippet


def document_snippet(summary, body, terms):
    """A snippet from the summary when it matches, else from the body, else the summary's start."""
    snippets = []
    for text in (summary, body):
        snippet = highlight(text, terms)
        if is_highlighted(snippet):
            return snippet
        snippets.append(snippet)
    return snippets[0] if summary else snippets[1]


def comment_snippet(comments, terms):
    """(snippet, anchor) of the first of [(anchor, text)] comments with a matching word, or None."""
    for anchor, text in comments:
        snippet = highlight(text, terms)
        if is_highlighted(snippet):
            return snippet, anchor
    return None
