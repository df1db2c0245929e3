"""What the database engine keeps of a document beside its full-text index, in one compressed value.

The analysed terms (for ranking and for the matcher), the facet tokens, the summary, body and
keywords as text (for snippets, and to count the vocabulary again when the document is replaced)
and the comments readers see, each with its anchor on the page (for a snippet that links to it),
are compressed together: a document's terms repeat the words of its text, so one zlib stream
holds both in about what the text alone took. At 100,000 items the document table shrank from
445 MB (the text, the terms and the vocabulary each stored apart) to 142 MB (migration 0010).
"""

import zlib
from dataclasses import dataclass

from django.db import connection

from ..ranking import fields_from

SEPARATOR = "\x00"  # no text the database accepts contains it (PostgreSQL refuses NUL in text)
COMMENT_SEPARATOR = "\x1e"  # between comments: ASCII's record separator
ANCHOR_SEPARATOR = "\x1f"  # between a comment's anchor and its text: the unit separator
COMPRESSION_LEVEL = 6


def plain(text):
    """`text` without the characters that separate the stored values."""
    return str(text).translate({ord(c): " " for c in (SEPARATOR, COMMENT_SEPARATOR, ANCHOR_SEPARATOR)})


@dataclass(frozen=True)
class StoredDocument:
    analysed: str = ""  # search.ranking.analysed_text of the document's analysed fields
    facet_tokens: str = ""  # as written to the full-text index
    summary: str = ""
    body: str = ""
    keywords: str = ""
    comments: str = ""  # the comments readers see, as `comments_value` joins them

    @staticmethod
    def comments_value(comments):
        """The stored form of [(anchor, text)] comments."""
        return COMMENT_SEPARATOR.join(f"{plain(anchor)}{ANCHOR_SEPARATOR}{plain(text)}" for anchor, text in comments)

    def comment_list(self):
        """[(anchor, text)] of the stored comments."""
        return [tuple(comment.split(ANCHOR_SEPARATOR, 1)) for comment in self.comments.split(COMMENT_SEPARATOR) if comment]

    def packed(self):
        values = (self.analysed, self.facet_tokens, self.summary, self.body, self.keywords, self.comments)
        text = SEPARATOR.join(value.replace(SEPARATOR, " ") for value in values)
        return zlib.compress(text.encode("utf-8"), COMPRESSION_LEVEL)

    @classmethod
    def unpacked(cls, data):
        if not data:
            return cls()
        return cls(*zlib.decompress(bytes(data)).decode("utf-8").split(SEPARATOR))


def stored_analysed_fields(page_ids):
    """{page id: analysed fields ({field: [terms]})} of these pages' indexed documents.

    In SQL of its own: a search asks this for a few hundred candidates, and the ORM spent more time
    preparing each id of the IN list than the database took to answer."""
    page_ids = list(page_ids)
    if not page_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT page_id, stored FROM search_document WHERE page_id IN ({', '.join(['%s'] * len(page_ids))})", page_ids
        )
        return {page_id: fields_from(StoredDocument.unpacked(data).analysed) for page_id, data in cursor.fetchall()}
