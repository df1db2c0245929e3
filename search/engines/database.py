"""The default engine: the database's own full-text search.

SQLite uses an FTS5 table ranked with bm25 and column weights; PostgreSQL a
weighted tsvector in a narrow table with a GIN index, ranked with ts_rank. On both,
text is analysed in Python (search.analysis), so stemming, compounds and synonyms
behave the same, and the best matches are ordered by one model (search.ranking),
found among the impact lists of frequent words when there are many (impact_lists).
Facet filters are tokens inside the full-text index, so filtering happens in the
full-text match itself rather than after a join.
"""

import contextlib
import functools
import gc
import itertools
import math
import multiprocessing
import re
import time
from collections import Counter
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Length
from django.utils import timezone
from wagtail.models import Page

from ..analysis import ANALYSIS_VERSION, DATA_DIR, STOP_WORDS, fold, stem, words
from ..compounds import lexicon, terms_for_words
from ..contract import FACETS, FacetCount, SearchHit, SearchResults
from ..matching import PlanMatcher, passes_filters
from ..models import SearchDocument, SearchFacet, SearchStatistic, SearchTerm, SearchWord
from ..planner import Alternative, plan_query
from ..ranking import FIELDS, CollectionStatistics, analysed_text, fields_from, rank
from ..snippets import comment_snippet, document_snippet, highlight, is_highlighted
from ..spelling import edit_distance, single_edits
from ..synonyms import synonym_map
from .base import SearchEngine
from .impact_lists import IMPACT_LIST_MIN_DOCUMENTS, ImpactLists
from .stored import StoredDocument, stored_analysed_fields

FACET_CODES = {"type": "t", "municipality": "m", "province": "p", "theme": "h", "status": "s", "tag": "g", "layer": "l"}
ALL_DOCUMENTS_TOKEN = "xall"
FACET_VALUES_SHOWN = 25
SIMILARITY_TERMS = 25
VOCABULARY_MIN_LENGTH = 3
# Relevance pages within the first RERANK_DEPTH matches are ordered by search.ranking; the database's
# own ranking picks those candidates and orders the pages beyond them.
RERANK_DEPTH = 100
# Above this many matches, ordering every one of them costs more than finding the best among the
# impact lists of the query's frequent terms (search.engines.impact_lists).
SCORE_EVERY_MATCH_UP_TO = 2000
DOCUMENT_COUNT = "documents"
REBUILD_BATCH_SIZE = 1000  # documents written at a time
# A compound's parts alone ("sport" for "sportscholen") widen a search only when the whole words find
# fewer documents than this: a rare compound then still finds something, a common one is not drowned.
WIDEN_BELOW = 10
# The fields a page's own text fills; the fifth, comments, is what readers wrote about it, and its
# words stay out of the "did you mean" vocabulary.
PAGE_TEXT_FIELDS = ("title", "summary", "body", "keywords")
# The terms of this many of the most frequent Dutch words are "common" for PostgreSQL's common grams
# (common_grams): a phrase of two less frequent words has few enough documents with both to check.
COMMON_GRAM_RANK = 500


def facet_token(facet, value):
    return "x" + FACET_CODES[facet] + re.sub(r"[^a-z0-9]", "", fold(value))


@functools.lru_cache(maxsize=1)
def common_terms():
    """The terms of the COMMON_GRAM_RANK most frequent words of the lexicon: a fixed list, so a
    document gets the same common grams whenever and wherever it is indexed."""
    with open(DATA_DIR / "nl-lexicon.txt", encoding="utf-8") as lexicon_file:
        most_frequent = itertools.islice((line.strip() for line in lexicon_file), COMMON_GRAM_RANK)
        return frozenset(stem(word) for word in most_frequent if word not in STOP_WORDS)


def common_grams(terms):
    """A lexeme for each pair of adjacent common terms ("/2/maakt/goed"), as Lucene's CommonGrams
    filter makes them. PostgreSQL checks a phrase against the positions of every document that holds
    all its words: for two common words at 100,000 items, 20,000 documents and 89 ms. With the pair's
    lexeme beside the phrase, the index narrows that to the documents with the pair. No word of a
    text analyses to a "/", so a gram is never mistaken for a word."""
    common = common_terms()
    return [f"/2/{first}/{second}" for first, second in zip(terms, terms[1:]) if first in common and second in common]


def vocabulary_of(word_lists):
    """The distinct words among a document's words that "did you mean" may offer (search_word)."""
    return {w for w in set().union(*word_lists) if len(w) >= VOCABULARY_MIN_LENGTH and not w.isdigit()}


def vocabulary_words(*texts):
    return vocabulary_of(words(text) for text in texts)


def similarity_terms(fields):
    """The terms that describe a document best, to find similar ones: its title and keywords, then
    its most frequent body terms."""
    body_counts = Counter(t for t in fields["body"] if len(t) > 3)
    similar = list(dict.fromkeys(fields["title"] + fields["keywords"]))
    similar += [t for t, _n in body_counts.most_common(SIMILARITY_TERMS) if t not in similar]
    return similar[:SIMILARITY_TERMS]


def prepared(document):
    """A document with what the index needs of it: its analysed terms, facet tokens, vocabulary
    and stored form. Pure computation, so a rebuild can do it in other processes."""
    facet_tokens = " ".join([ALL_DOCUMENTS_TOKEN] + [
        facet_token(facet, value) for facet, values in document["facets"].items() for value in values
    ])
    texts = {name: document[name] for name in PAGE_TEXT_FIELDS}
    texts["comments"] = "\n\n".join(text for _anchor, text in document["comments"])
    field_words = {name: words(texts[name]) for name in FIELDS}
    terms = {name: terms_for_words(field_words[name]) for name in FIELDS}
    stored = StoredDocument(
        analysed=analysed_text(terms), facet_tokens=facet_tokens,
        summary=document["summary"], body=document["body"], keywords=document["keywords"],
        comments=StoredDocument.comments_value(document["comments"]),
    )
    return {
        **document, "facet_tokens": facet_tokens, "terms": terms, "stored": stored.packed(),
        "field_text": {name: " ".join(terms[name]) for name in FIELDS}, "title_words": " ".join(field_words["title"]),
        "vocabulary": vocabulary_of(field_words[name] for name in PAGE_TEXT_FIELDS),
    }


def counts_of(documents):
    """What prepared documents add to the vocabulary, the term table and the statistics."""
    vocabulary = Counter()
    for document in documents:
        vocabulary.update(document["vocabulary"])
    return (vocabulary, *ranking_counts((d["terms"], d["type"]) for d in documents))


def prepared_with_counts(documents):
    """Prepared documents without their terms and vocabulary, and what those add to the counts:
    what a rebuild writes, in far less to pass between processes."""
    documents = [prepared(d) for d in documents]
    counts = counts_of(documents)
    return [{k: v for k, v in d.items() if k not in ("terms", "vocabulary")} for d in documents], counts


def prepared_batches(documents, processes, batch_size):
    """The documents prepared (`prepared`) in batches of `batch_size`, in their order, each batch with
    what it adds to the counts (`counts_of`). With `processes`, from the second batch on, that many
    forked processes analyse the next batch while the caller writes the one before: analysis is most
    of a rebuild's work, and one process uses one core. Forked, the workers start at once with the
    lexicon already loaded; they never touch the database, whose connection they inherit unused."""
    batches = batched(documents, batch_size)
    first = next(batches, None)
    if first is None:
        return
    yield prepared_with_counts(first)
    if not processes:
        for batch in batches:
            yield prepared_with_counts(batch)
        return
    lexicon()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = None
        for batch in batches:
            # A few parts per process: each part's counts come back summed, not per document.
            submitted = pool.map_async(prepared_with_counts, list(batched(batch, -(-len(batch) // (2 * processes)))))
            if pending is not None:
                yield merged(pending.get())
            pending = submitted
        if pending is not None:
            yield merged(pending.get())


def merged(parts):
    """One batch of prepared documents and its counts from the parts that processes prepared."""
    documents, totals = [], (Counter(), Counter(), Counter())
    for part_documents, part_counts in parts:
        documents += part_documents
        for total, counts in zip(totals, part_counts):
            total.update(counts)
    return documents, totals


@contextlib.contextmanager
def collections_spaced_out(young_objects=100_000):
    """Run the cyclic garbage collector after every `young_objects` new objects rather than every 700:
    a rebuild creates millions (terms, rows, values), and collecting that often took a fifth of the
    writing process's time. It still runs, so memory stays bounded."""
    thresholds = gc.get_threshold()
    gc.set_threshold(young_objects, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def batched(items, size):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class IndexedDocument(NamedTuple):
    """A document as the index holds it: what replacing or deleting it must take back out."""

    page_id: int
    type: str
    title: str
    stored: StoredDocument

    def counts(self):
        """(vocabulary words, analysed fields or None when it was indexed without them)."""
        stored = self.stored
        vocabulary = vocabulary_words(self.title, stored.summary, stored.body, stored.keywords)
        return vocabulary, fields_from(stored.analysed) if stored.analysed else None


def indexed_documents(page_ids):
    """The IndexedDocuments of these pages that are in the index, with their pages locked until the
    transaction ends: two index jobs replacing one page at once must not both take the same old
    version out of the counts. On PostgreSQL the second waits and then reads the first one's version
    (the page row is locked, as the document row is replaced, not updated); SQLite has one writer."""
    page_ids = sorted(page_ids)
    list(Page.objects.select_for_update().filter(pk__in=page_ids).order_by("pk").values_list("pk", flat=True))
    stored = SearchDocument.objects.filter(page_id__in=page_ids).values_list("page_id", "type", "title", "stored")
    return [IndexedDocument(page_id, type_, title, StoredDocument.unpacked(data)) for page_id, type_, title, data in stored]


def field_length_statistic(field):
    return f"terms:{field}"


def type_count_statistic(document_type):
    return f"documents:{document_type}"


def ranking_counts(documents):
    """What documents ([(analysed fields, type)]) add to the ranking statistics: document frequency
    per term, and collection statistics (number of documents, per type, terms per field)."""
    terms, statistics = Counter(), Counter()
    for fields, document_type in documents:
        if not fields:  # indexed before the ranking data was kept: it was never counted
            continue
        terms.update(set().union(*fields.values()))
        statistics[DOCUMENT_COUNT] += 1
        statistics[type_count_statistic(document_type)] += 1
        for field, field_terms in fields.items():
            statistics[field_length_statistic(field)] += len(field_terms)
    return terms, statistics


def negated(counter):
    return Counter({key: -n for key, n in counter.items()})


def difference(new, old):
    """new − old, keeping negative counts (Counter's own `-` drops them)."""
    changes = Counter(new)
    changes.subtract(old)
    return changes


def facet_values(counts, selected, lower_bounds):
    """The most frequent values of a facet, and every selected value even when it has no hits;
    `lower_bounds` are the values whose counts are at least what they say."""
    shown = [
        FacetCount(value, count, value in selected, value in lower_bounds)
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ][:FACET_VALUES_SHOWN]
    shown += [
        FacetCount(value, counts.get(value, 0), True, value in lower_bounds)
        for value in selected if value not in {f.value for f in shown}
    ]
    return shown


class DatabaseVocabulary:
    """Words that occur in the index, for spelling corrections (search.planner decides which word may
    be corrected how far); among the closest words, the one in most documents wins."""

    def known(self, candidates):
        """The candidates the index knows, as a word or as the stem of one ("regel" for "regels")."""
        candidates = list(candidates)
        by_stem = {stem(word): word for word in candidates}
        known_words = set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))
        known_stems = SearchTerm.objects.filter(term__in=list(by_stem)).values_list("term", flat=True)
        return known_words | {by_stem[term] for term in known_stems}

    def known_terms(self, terms):
        """The index terms among `terms`."""
        return set(SearchTerm.objects.filter(term__in=list(terms)).values_list("term", flat=True))

    def closest(self, word):
        best = (
            SearchWord.objects.filter(word__in=list(single_edits(word)))
            .order_by("-document_frequency", "word")
            .values_list("word", flat=True)
            .first()
        )
        return best

    def closest_by_two_edits(self, word):
        """Two edits away; only words that share the first two letters are compared (a typo there is rare,
        and comparing the whole vocabulary would be far too slow)."""
        prefix = word[:2]
        candidates = (
            SearchWord.objects.filter(word__startswith=prefix, word__lt=prefix + "{")
            .annotate(length=Length("word"))
            .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
            .values_list("word", "document_frequency")
        )
        scored = [(edit_distance(word, candidate), -frequency, candidate) for candidate, frequency in candidates]
        scored = [item for item in scored if item[0] <= 2]
        return min(scored)[2] if scored else None


class SqliteDialect:
    """FTS5: the match expression language and bm25 ranking. The analysed text and the facet tokens
    are indexed in `search_fts`; the title words for autocomplete in `search_title_fts`, the only
    table with prefix indexes (over all the text they doubled the index, migration 0009).

    Both tables are contentless (migration 0010): they keep no copy of what they index, which was
    as large as the index itself. Taking a document out of one means telling FTS5 exactly what was
    written for it ('delete' with the old values), which search_document keeps."""

    COLUMN_WEIGHTS = "10.0, 4.0, 1.0, 3.0, 0.5, 0.0"  # title, summary, body, keywords, comments, facets
    TEXT_COLUMNS = "{title summary body keywords comments}"

    def alternative(self, alternative):
        if alternative.phrase:
            return '"' + " ".join(alternative.terms) + '"'
        return "(" + " AND ".join(f'"{term}"' for term in alternative.terms) + ")"

    def either(self, parts):
        return "(" + " OR ".join(parts) + ")"

    def both(self, parts):
        return "(" + " AND ".join(parts) + ")"

    def text(self, expression):
        return f"{self.TEXT_COLUMNS} : {expression}"

    def facets(self, tokens):
        return "facets : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"

    def without(self, expression, excluded):
        return f"({expression}) NOT {excluded}"

    def write(self, documents):
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body, keywords, comments, facets) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(d["page_id"], *(d["field_text"][name] for name in FIELDS), d["facet_tokens"]) for d in documents],
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (rowid, title_words) VALUES (%s, %s)",
                [(d["page_id"], d["title_words"]) for d in documents],
            )

    def delete(self, indexed):
        """Take these IndexedDocuments out of the full-text tables."""
        rows, title_rows = [], []
        for document in indexed:
            fields = fields_from(document.stored.analysed)
            rows.append((document.page_id, *(" ".join(fields[name]) for name in FIELDS), document.stored.facet_tokens))
            title_rows.append((document.page_id, " ".join(words(document.title))))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (search_fts, rowid, title, summary, body, keywords, comments, facets) "
                "VALUES ('delete', %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (search_title_fts, rowid, title_words) VALUES ('delete', %s, %s)", title_rows
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cursor.execute("INSERT INTO search_title_fts (search_title_fts) VALUES ('delete-all')")

    def ranked(self, expression, order, limit, offset):
        """(page id, score) of the matches, in the database's own order."""
        ranking = {
            "relevance": "score ASC",
            "newest": "d.published_at DESC, score ASC",
            "adoptions": "d.adoption_count DESC, score ASC",
        }[order]
        # Joining the document table doubles the time for a common word: only the other orders need it.
        join = "" if order == "relevance" else "JOIN search_document d ON d.page_id = search_fts.rowid "
        sql = (
            f"SELECT search_fts.rowid, bm25(search_fts, {self.COLUMN_WEIGHTS}) AS score FROM search_fts {join}"
            f"WHERE search_fts MATCH %s ORDER BY {ranking}, search_fts.rowid LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit, offset])
            return [(row[0], -row[1]) for row in cursor.fetchall()]

    def best_among(self, expression, matches, limit):
        """(page id, score) of the best `limit` of `matches`, every match of `expression`: FTS5 ranks
        its matches quickly, so it simply ranks them again."""
        return self.ranked(expression, "relevance", limit, 0)

    INDEX_TABLES = ()  # the FTS5 table keeps no planner statistics

    def vacuum_after_rebuild(self):
        """Nothing to do: FTS5 does not look up row versions to count matches."""

    def settle(self):
        """Merge the full-text tables' segments into one. A document replaced is a new entry and a
        delete marker in a new segment: after replacing all 100,000 documents one batch at a time, a
        phrase's p95 was 40 ms against 26 ms once merged (3 s)."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_title_fts (search_title_fts) VALUES ('optimize')")

    @staticmethod
    def among(column, values):
        """A condition that `column` is one of `values`, with its parameters."""
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    def matching_ids_sql(self, limited=False):
        """A query of the matching page ids (`id`) with the expression as parameter, and the most to
        return as a second one when `limited`."""
        return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s" + (" LIMIT %s" if limited else "")

    def autocomplete(self, prefix, limit):
        expression = " ".join(f'"{w}"' for w in prefix[:-1]) + f' "{prefix[-1]}"*'
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.page_id FROM search_title_fts t JOIN search_document d ON d.page_id = t.rowid "
                "WHERE search_title_fts MATCH %s ORDER BY d.adoption_count DESC, bm25(search_title_fts) LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresDialect:
    """tsquery over the narrow table search_vector: the weighted text (A title, B summary and keywords,
    C body, D comments, for ts_rank) and the facet tokens, written as file-path lexemes ("/m/gm0363").

    Queries carry no weight labels: a tsquery with labels (or a phrase) makes PostgreSQL recheck
    every match against its stored vector, and reading the vectors of 48,000 matches of a common word
    took 260 ms at 100,000 items; without labels the GIN index answers alone. What kept facet tokens
    apart from words was their label; now it is their form: no word of a text analyses to a "/".
    The vectors sit in a table of their own because counting matches visits each one's table row:
    beside the documents' text that was 20,000 pages to read, 10,000 here."""

    RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"  # D (comments; facet tokens, which every match of a filter has), C, B, A

    @staticmethod
    def lexeme(token):
        """A facet token ("xmgm0363") as the lexeme it is stored as ("/m/gm0363")."""
        return f"/{token[1:2]}/{token[2:]}"

    def alternative(self, alternative):
        if not alternative.phrase:
            return "(" + " & ".join(f"'{term}'" for term in alternative.terms) + ")"
        phrase = "(" + " <-> ".join(f"'{term}'" for term in alternative.terms) + ")"
        return "(" + " & ".join([*(f"'{gram}'" for gram in common_grams(alternative.terms)), phrase]) + ")"

    def either(self, parts):
        return "(" + " | ".join(parts) + ")"

    def both(self, parts):
        return "(" + " & ".join(parts) + ")"

    def text(self, expression):
        return expression

    def facets(self, tokens):
        return "(" + " | ".join(f"'{self.lexeme(t)}'" for t in tokens) + ")"

    def without(self, expression, excluded):
        return f"({expression}) & !{excluded}"

    # The terms of each field, the facet tokens with the comments, then each field's common grams:
    # after every word, so that they leave the words' positions, which phrases match on, as they were.
    VECTOR_SQL = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D') || "
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'C')"
    )

    @classmethod
    def vector_parts(cls, field_text, facet_tokens):
        """The texts VECTOR_SQL makes a document's vector of, from its analysed fields' text."""
        grams = {name: " ".join(common_grams(text.split())) for name, text in field_text.items()}
        return (
            field_text["title"], f'{field_text["summary"]} {field_text["keywords"]}', field_text["body"],
            " ".join([*(cls.lexeme(t) for t in facet_tokens.split()), field_text["comments"], grams["comments"]]),
            grams["title"], f'{grams["summary"]} {grams["keywords"]}', grams["body"],
        )

    def write(self, documents):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_vector (page_id, vector, title_vector) VALUES (%s, {self.VECTOR_SQL}, "
                "to_tsvector('simple', %s)) ON CONFLICT (page_id) DO UPDATE "
                "SET vector = excluded.vector, title_vector = excluded.title_vector",
                [
                    (d["page_id"], *self.vector_parts(d["field_text"], d["facet_tokens"]), d["title_words"])
                    for d in documents
                ],
            )

    def delete(self, indexed):
        """Take these IndexedDocuments out of the full-text table."""
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_vector WHERE page_id = %s", [(d.page_id,) for d in indexed])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_vector")

    def ranked(self, expression, order, limit, offset):
        """(page id, score) of the matches, in the database's own order."""
        ranking = {
            "relevance": "score DESC",
            "newest": "d.published_at DESC NULLS LAST, score DESC",
            "adoptions": "d.adoption_count DESC, score DESC",
        }[order]
        join = "" if order == "relevance" else "JOIN search_document d ON d.page_id = v.page_id "
        sql = (
            f"SELECT v.page_id, ts_rank('{self.RANK_WEIGHTS}', v.vector, q) AS score "
            f"FROM search_vector v {join}CROSS JOIN to_tsquery('simple', %s) q "
            f"WHERE v.vector @@ q ORDER BY {ranking}, v.page_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def best_among(self, expression, matches, limit):
        """(page id, score) of the best `limit` of `matches`, every match of `expression`, ranked by
        their ids: matching again would check a phrase against the positions of every document with
        all its words (two common words at 100,000 items: 120 ms), where ranking the known matches
        reads only their vectors."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT v.page_id, ts_rank('{self.RANK_WEIGHTS}', v.vector, q) AS score "
                "FROM search_vector v CROSS JOIN to_tsquery('simple', %s) q "
                "WHERE v.page_id = ANY(%s) ORDER BY score DESC, v.page_id LIMIT %s",
                [expression, list(matches), limit],
            )
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    INDEX_TABLES = ("search_vector",)

    def settle(self):
        """Replaced rows leave dead versions behind: VACUUM, as after a rebuild."""
        if not connection.in_atomic_block:  # VACUUM cannot run inside a transaction
            self.vacuum_after_rebuild()

    def vacuum_after_rebuild(self):
        """VACUUM the rebuilt tables. Until then every match a count visits has its transaction looked
        up (100,000 items, the first 10,000 matches of a common word: 63 ms, 14 ms after a VACUUM
        of 2 s), and autovacuum would do it later, in the middle of the searches."""
        with connection.cursor() as cursor:
            for table in ("search_vector", "search_facet", "search_document"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")

    @staticmethod
    def among(column, values):
        """A condition that `column` is one of `values`, with its parameters: one array, where a
        thousand placeholders took the client 6 ms to splice into the query."""
        return f"{column} = ANY(%s)", [list(values)]

    def matching_ids_sql(self, limited=False):
        """A query of the matching page ids (`id`) with the expression as parameter, and the most to
        return as a second one when `limited`. A limited query is fenced in a CTE: for the first 10,000
        of 48,000 matches the planner otherwise reads the table in order and every vector with it
        (71 ms) instead of the GIN index (7 ms)."""
        matching = "SELECT page_id AS id FROM search_vector WHERE vector @@ to_tsquery('simple', %s)"
        return f"WITH m AS MATERIALIZED ({matching}) SELECT id FROM m LIMIT %s" if limited else matching

    def autocomplete(self, prefix, limit):
        expression = " & ".join([*(f"'{w}'" for w in prefix[:-1]), f"'{prefix[-1]}':*"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.page_id FROM search_vector v JOIN search_document d ON d.page_id = v.page_id "
                "WHERE v.title_vector @@ to_tsquery('simple', %s) ORDER BY d.adoption_count DESC, d.title LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class DatabaseEngine(SearchEngine):
    """Full-text search in the site's own database (SQLite FTS5 or PostgreSQL)."""

    name = "database"

    def __init__(self, **options):
        self.vocabulary = DatabaseVocabulary()
        self.impact_lists = ImpactLists()

    @property
    def dialect(self):
        return PostgresDialect() if connection.vendor == "postgresql" else SqliteDialect()

    # Writing

    def index_documents(self, documents):
        """Write documents to the document table, the facet table and the full-text index, in place of
        what the index held of them."""
        documents = [prepared(d) for d in documents]
        if not documents:
            return
        with transaction.atomic():
            replaced = indexed_documents([d["page_id"] for d in documents])
            replaced_counts = self.indexed_counts(replaced)
            self.remove(replaced)
            self.write_prepared(documents)
            self.impact_lists.add(documents, self.average_lengths())
            self.change_counts(*(difference(new, old) for new, old in zip(counts_of(documents), replaced_counts)))

    def write_prepared(self, documents):
        """Write prepared documents (`prepared`) that the index does not hold."""
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (page_id, type, external_id, title, published_at, adoption_count, "
                "stored, analysis_version, indexed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d["page_id"], d["type"], d["external_id"], d["title"], d["published_at"], d["adoption_count"],
                        d["stored"], ANALYSIS_VERSION, now,
                    )
                    for d in documents
                ],
            )
            cursor.executemany(
                "INSERT INTO search_facet (document_id, facet, value) VALUES (%s, %s, %s)",
                [
                    (d["page_id"], facet, value[:100])
                    for d in documents
                    for facet, values in d["facets"].items()
                    for value in dict.fromkeys(values)
                ],
            )
        self.dialect.write(documents)

    @staticmethod
    def indexed_counts(indexed):
        """What these IndexedDocuments count for in the vocabulary, the term table and the statistics."""
        words = Counter()
        analysed_documents = []
        for document in indexed:
            vocabulary, fields = document.counts()
            words.update(vocabulary)
            analysed_documents.append((fields, document.type))
        return (words, *ranking_counts(analysed_documents))

    def remove(self, indexed):
        """Take these IndexedDocuments out of every table of the index (but not out of the counts)."""
        ids = [(document.page_id,) for document in indexed]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_facet WHERE document_id = %s", ids)
            self.dialect.delete(indexed)
            self.impact_lists.remove([pk for (pk,) in ids])
            cursor.executemany("DELETE FROM search_document WHERE page_id = %s", ids)

    def change_counts(self, words, terms, statistics):
        """Apply count changes to the vocabulary (words, for "did you mean"), the term table and the
        statistics (for ranking). What no indexed document has any more is removed, so "did you mean"
        never offers a word from a draft or a page that was taken down."""
        for table, key, count, changes in (
            ("search_word", "word", "document_frequency", words),
            ("search_term", "term", "document_frequency", terms),
            ("search_statistic", "name", "value", statistics),
        ):
            added = [(k, n) for k, n in changes.items() if n > 0]
            removed = [(-n, -n, k) for k, n in changes.items() if n < 0]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({key}, {count}) VALUES (%s, %s) ON CONFLICT ({key}) "
                    f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                    added,
                )
                cursor.executemany(
                    f"UPDATE {table} SET {count} = CASE WHEN {count} > %s THEN {count} - %s ELSE 0 END WHERE {key} = %s",
                    removed,
                )
                if removed:
                    cursor.execute(f"DELETE FROM {table} WHERE {count} = 0")

    def delete_documents(self, page_ids):
        with transaction.atomic():
            indexed = indexed_documents(page_ids)
            self.change_counts(*(negated(counts) for counts in self.indexed_counts(indexed)))
            self.remove(indexed)

    def clear(self):
        with transaction.atomic(), connection.cursor() as cursor:
            self.dialect.clear()
            self.impact_lists.clear()
            for table in ("search_facet", "search_document", "search_word", "search_term", "search_statistic"):
                cursor.execute(f"DELETE FROM {table}")

    def rebuild(self, documents):
        """Replace the index in one transaction; document frequencies and statistics are counted exactly."""
        totals = (Counter(), Counter(), Counter())
        count = 0
        with transaction.atomic(), collections_spaced_out():
            self.clear()
            for batch, counts in prepared_batches(documents, settings.SEARCH_REBUILD_PROCESSES, REBUILD_BATCH_SIZE):
                self.write_prepared(batch)
                for total, batch_counts in zip(totals, counts):
                    total.update(batch_counts)
                count += len(batch)
            self.change_counts(*totals)
            self.refresh_planner_statistics()
        if not connection.in_atomic_block:  # VACUUM cannot run inside a transaction
            self.dialect.vacuum_after_rebuild()
        return count

    def settle(self):
        self.dialect.settle()
        self.refresh_planner_statistics()

    def refresh_planner_statistics(self):
        """Let the database's query planner see the rebuilt tables: with the statistics of an empty
        table it joins the facet table by facet name instead of by document (PostgreSQL, 20,000
        items: a rare word's facet counts took 23.5 ms, 1.8 ms with statistics)."""
        with connection.cursor() as cursor:
            for table in ("search_document", "search_facet", "search_term", "search_word", *self.dialect.INDEX_TABLES):
                cursor.execute(f"ANALYZE {table}")

    def indexed_ids(self):
        return set(SearchDocument.objects.values_list("page_id", flat=True))

    def outdated_ids(self):
        """Documents indexed by an older analysis or before the ranking data was kept."""
        return set(SearchDocument.objects.exclude(analysis_version=ANALYSIS_VERSION).values_list("page_id", flat=True))

    # Reading

    def compile(self, plan, filters, dialect, widened=frozenset()):
        """(strict, relaxed) match expressions: all groups, or any group; with filters and exclusions.
        A compound's single parts count only in the relaxed one, and only for the `widened` clauses
        (their (group, clause) positions)."""

        def groups(with_parts):
            return [
                dialect.either([self.clause_expression(clause, dialect, (g, c) in with_parts) for c, clause in enumerate(group)])
                for g, group in enumerate(plan.groups)
            ]

        if plan.groups:
            strict = dialect.text(dialect.both(groups(with_parts=frozenset())))
            relaxed = dialect.text(dialect.either(groups(with_parts=widened)))
        else:
            strict = relaxed = dialect.facets([ALL_DOCUMENTS_TOKEN])
        restrictions = [dialect.facets([facet_token(f, v) for v in values]) for f, values in filters.items() if values]
        if restrictions:
            strict = dialect.both([strict, *restrictions])
            relaxed = dialect.both([relaxed, *restrictions])
        if plan.excluded:
            excluded = dialect.text(
                dialect.either([dialect.alternative(a) for clause in plan.excluded for a in clause.alternatives])
            )
            strict = dialect.without(strict, excluded)
            relaxed = dialect.without(relaxed, excluded)
        return strict, relaxed

    def search(self, query):
        started = time.perf_counter()
        dialect = self.dialect
        synonyms = synonym_map()
        plan = plan_query(query.text, synonyms, self.vocabulary)
        filters = {facet: tuple(values) for facet, values in query.filters.items() if values}
        if plan.suggestion:
            plan = self.plan_with_worthwhile_correction(plan, query.text, synonyms, filters, dialect)
        if plan.is_empty and not filters:
            return SearchResults(hits=[], total=0, facets={}, engine=self.name, suggestion=plan.suggestion)

        order = "newest" if plan.is_empty and query.sort == "relevance" else query.sort
        # Documents with every word, or, when there are none, documents with any of them (the page says so);
        # a compound's single parts count only there, and only for clauses whose whole words find little.
        widened = self.widened_clauses(plan, dialect)
        strict, relaxed_expression = self.compile(plan, filters, dialect, widened)
        can_relax = strict != relaxed_expression
        relaxed = False
        statistics = self.statistics(plan)
        facets, total, total_at_least, every_match = self.facet_counts(plan, filters, dialect, relaxed, widened, statistics)
        if not total and can_relax:
            relaxed = True
            facets, total, total_at_least, every_match = self.facet_counts(plan, filters, dialect, relaxed, widened, statistics)
        expression = relaxed_expression if relaxed else strict
        # Fewer documents with every word than fit on the first page: documents with some of them follow.
        fill_first_page = not relaxed and can_relax and total < query.page_size and query.offset == 0
        if order == "relevance" and query.offset + query.page_size <= RERANK_DEPTH:
            candidates = None
            if total > SCORE_EVERY_MATCH_UP_TO:
                candidates = self.candidates_from_impact_lists(
                    plan, filters, relaxed, widened, statistics, dialect, needed=min(total, RERANK_DEPTH)
                )
            if candidates is None and every_match is not None and len(every_match) <= RERANK_DEPTH:
                candidates = dict.fromkeys(every_match)  # all of them: no need to ask the database for its best
            if candidates is None and every_match is not None:
                candidates = dict.fromkeys(page_id for page_id, _score in dialect.best_among(expression, every_match, RERANK_DEPTH))
            if candidates is None:
                candidates = dict.fromkeys(page_id for page_id, _score in dialect.ranked(expression, order, RERANK_DEPTH, 0))
            if fill_first_page:
                # Any of the words: as many matches as a common word has, so from the impact lists where it can.
                partial_candidates = self.candidates_from_impact_lists(
                    plan, filters, True, widened, statistics, dialect, needed=RERANK_DEPTH
                )
                if partial_candidates is None:
                    partial_candidates = dict.fromkeys(page_id for page_id, _score in dialect.ranked(relaxed_expression, order, RERANK_DEPTH, 0))
                candidates.update((page_id, fields) for page_id, fields in partial_candidates.items() if page_id not in candidates)
            ranked = self.reranked(candidates, plan, statistics)[query.offset : query.offset + query.page_size]
        else:
            ranked = [(page_id, score, True) for page_id, score in dialect.ranked(expression, order, query.page_size, query.offset)]
        hits = self.hits(ranked, plan, mark_partial=fill_first_page)
        return SearchResults(
            hits=hits, total=total, facets=facets, engine=self.name,
            took_ms=(time.perf_counter() - started) * 1000, suggestion=plan.suggestion, relaxed=relaxed and total > 0,
            total_at_least=total_at_least,
        )

    def plan_with_worthwhile_correction(self, plan, text, synonyms, filters, dialect):
        """`plan` when its correction finds something and at least as much as the words as typed;
        otherwise the plan without the correction, so "did you mean" never offers a query that finds less."""
        as_typed = plan_query(text, synonyms)
        corrected = plan_query(plan.suggestion, synonyms)
        for relaxed in (False, True):  # documents with every word; when neither finds any, with some
            corrected_count = self.count(corrected, filters, dialect, relaxed)
            typed_count = self.count(as_typed, filters, dialect, relaxed)
            if corrected_count or typed_count:
                return plan if corrected_count >= typed_count else as_typed
        return as_typed

    def count(self, plan, filters, dialect, relaxed):
        """How many documents match every group of `plan` (or, `relaxed`, any group), up to
        SEARCH_TOTAL_EXACT_LIMIT: beyond it both queries find plenty, and counting on costs ~20 ms."""
        if plan.is_empty:
            return 0
        return self.capped_count(self.compile(plan, filters, dialect)[relaxed], dialect)[0]

    def candidates_from_impact_lists(self, plan, filters, relaxed, widened, statistics, dialect, needed):
        """At least `needed` matches among which the best are, as {page id: analysed fields, or None}:
        those in the impact lists of the plan's frequent terms that match the whole query, and the
        best matches with any of its rarer terms. None when they are fewer (frequent words that
        seldom occur together): then only ordering every match finds the best."""
        frequencies = statistics.document_frequencies
        terms = {term for clause in plan.positive_clauses() for alt in clause.alternatives for term in alt.terms}
        frequent = sorted(term for term in terms if frequencies.get(term, 0) >= IMPACT_LIST_MIN_DOCUMENTS)
        rare = sorted(term for term in terms if 0 < frequencies.get(term, 0) < IMPACT_LIST_MIN_DOCUMENTS)
        if not frequent:
            return None
        entries = self.impact_lists.entries(frequent, frequencies, statistics.average_lengths, dialect)
        # The listed documents in the order of what their lists say they score, checked against the
        # whole query in that order until RERANK_DEPTH match.
        weights = {
            term: max(alt.weight for clause in plan.positive_clauses() for alt in clause.alternatives if term in alt.terms)
            * statistics.idf(term)
            for term in frequent
        }
        estimates = Counter()
        for term, page_id, impact in entries:
            estimates[page_id] += weights[term] * impact
        listed = [page_id for page_id, _estimate in estimates.most_common()]
        matcher = PlanMatcher(plan, relaxed, widened)
        candidates = {}
        for start in range(0, len(listed), RERANK_DEPTH):
            fields = self.analysed_fields(listed[start : start + RERANK_DEPTH])
            matching = [page_id for page_id, page_fields in fields.items() if matcher.matches(page_fields)]
            candidates.update((page_id, fields[page_id]) for page_id in self.filtered(matching, filters))
            if len(candidates) >= needed:
                break
        if rare:
            expression = self.compile(plan, filters, dialect, widened)[relaxed]
            with_rare_terms = dialect.both([expression, dialect.text(dialect.either([dialect.alternative(Alternative((t,))) for t in rare]))])
            for page_id, _score in dialect.ranked(with_rare_terms, "relevance", RERANK_DEPTH, 0):
                candidates.setdefault(page_id, None)
        return candidates if len(candidates) >= needed else None

    @staticmethod
    def filtered(page_ids, filters):
        """The documents among `page_ids` that have one of the selected values of every filtered facet."""
        if not filters:
            return page_ids
        tokens = {}
        stored = SearchFacet.objects.filter(document_id__in=page_ids, facet__in=list(filters))
        for page_id, facet, value in stored.values_list("document_id", "facet", "value"):
            tokens.setdefault(page_id, set()).add(facet_token(facet, value))
        return [page_id for page_id in page_ids if passes_filters(tokens.get(page_id, set()), filters, facet_token)]

    analysed_fields = staticmethod(stored_analysed_fields)

    def reranked(self, candidates, plan, statistics):
        """The candidates ({page id: analysed fields, or None when not loaded yet}) ordered by the
        ranking model (search.ranking), the same on every database."""
        missing = self.analysed_fields(page_id for page_id, fields in candidates.items() if fields is None)
        return rank(
            [(page_id, fields or missing.get(page_id) or fields_from("")) for page_id, fields in candidates.items()],
            plan, statistics,
        )

    @staticmethod
    def average_lengths(stored=None):
        """The mean number of terms per field over all indexed documents."""
        stored = stored if stored is not None else dict(SearchStatistic.objects.values_list("name", "value"))
        documents = stored.get(DOCUMENT_COUNT, 0)
        return {f: stored.get(field_length_statistic(f), 0) / documents if documents else 0 for f in FIELDS}

    def statistics(self, plan):
        """Collection statistics and the document frequencies of the plan's terms."""
        stored = dict(SearchStatistic.objects.values_list("name", "value"))
        terms = {term for clause in plan.positive_clauses() for alt in clause.alternatives for term in alt.terms}
        prefix = type_count_statistic("")
        return CollectionStatistics(
            document_count=stored.get(DOCUMENT_COUNT, 0),
            average_lengths=self.average_lengths(stored),
            document_frequencies=dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "document_frequency")),
            documents_per_type={name.removeprefix(prefix): n for name, n in stored.items() if name.startswith(prefix)},
        )

    @staticmethod
    def clause_expression(clause, dialect, partial):
        return dialect.either([dialect.alternative(a) for a in clause.alternatives if partial or not a.partial])

    def widened_clauses(self, plan, dialect):
        """The clauses whose single compound parts widen the search: those whose whole words find fewer
        than WIDEN_BELOW documents ("zaaksysteem" also finds texts about "zaken", "sportscholen" does
        not find every text about "sport" when enough are about sportscholen)."""
        return {
            (g, c)
            for g, group in enumerate(plan.groups)
            for c, clause in enumerate(group)
            if any(a.partial for a in clause.alternatives)
            and self.match_count(dialect.text(self.clause_expression(clause, dialect, partial=False)), WIDEN_BELOW, dialect)
            < WIDEN_BELOW
        }

    @staticmethod
    def match_count(expression, limit, dialect):
        """How many documents match, counted up to `limit` (None: all of them)."""
        with connection.cursor() as cursor:
            if limit is None:
                cursor.execute(f"SELECT count(*) FROM ({dialect.matching_ids_sql()}) m", [expression])
            else:
                cursor.execute(f"SELECT count(*) FROM ({dialect.matching_ids_sql(limited=True)}) m", [expression, limit])
            return cursor.fetchone()[0]

    def facet_counts(self, plan, filters, dialect, relaxed, widened, statistics):
        """(counts per facet value, number of matches, whether that number is a lower bound, the page
        ids of every match or None when there are more than SEARCH_FACET_EXACT_LIMIT), of every group
        (or, `relaxed`, of any group); a facet's own selection does not narrow its own counts
        (multi-select).

        Over more than SEARCH_FACET_EXACT_LIMIT matches, values are counted in the first that many
        only, and their counts are lower bounds ("minstens"): joining every match of a common word to
        the facet table was most of the search time. The total, the selected values and the types are
        counted exactly up to SEARCH_TOTAL_EXACT_LIMIT; beyond it they are that limit, a lower bound."""
        expressions = {None: self.compile(plan, filters, dialect, widened)[relaxed]}
        for facet in filters:
            others = {f: v for f, v in filters.items() if f != facet}
            expressions[facet] = self.compile(plan, others, dialect, widened)[relaxed]
        counts = {facet: Counter() for facet in FACETS}
        lower_bounds = {facet: set() for facet in FACETS}
        main_total = (0, False, [])
        limit = settings.SEARCH_FACET_EXACT_LIMIT
        for own_facet, expression in expressions.items():
            wanted = [own_facet] if own_facet else [f for f in FACETS if f not in filters]
            # The first matches, found once: all of them when there are no more than the limit.
            if own_facet is None and self.matches_at_least(plan, filters, relaxed, statistics) > settings.SEARCH_TOTAL_EXACT_LIMIT:
                first = self.match_ids(expression, limit + 1, dialect)
                total, total_at_least = settings.SEARCH_TOTAL_EXACT_LIMIT, True
            elif own_facet in (None, "type"):  # the total is shown, or the type counts are derived from it
                first, count = self.match_ids_and_count(expression, limit + 1, settings.SEARCH_TOTAL_EXACT_LIMIT + 1, dialect)
                total, total_at_least = self.capped(count)
            else:
                first = self.match_ids(expression, limit + 1, dialect)
            sampled = len(first) > limit
            if own_facet is None:
                main_total = (total, total_at_least, None if sampled else first)
            for (facet, value), count in self.value_counts(first[:limit], wanted, dialect).items():
                counts[facet][value] = count
                if sampled:
                    lower_bounds[facet].add(value)
            if not sampled:
                continue
            # Exact where it is cheap and matters: the selected values, and the types (whose counts sit
            # beside the total and would otherwise contradict it).
            if own_facet and own_facet != "type":
                for value in filters[own_facet]:
                    count, at_least = self.capped_count(self.narrowed(expression, own_facet, value, dialect), dialect)
                    counts[own_facet][value] = count
                    if not at_least:
                        lower_bounds[own_facet].discard(value)
            if "type" in wanted:
                counts["type"], lower_bounds["type"] = self.type_counts(
                    expression, total, total_at_least, statistics.documents_per_type, dialect
                )
        facets = {
            facet: facet_values(values, filters.get(facet, ()), lower_bounds[facet]) for facet, values in counts.items()
        }
        return facets, *main_total

    @staticmethod
    def matches_at_least(plan, filters, relaxed, statistics):
        """How many documents the query matches at least, known from the term table alone: without
        filters or exclusions, a query that any one of its words satisfies (one group, or `relaxed`)
        matches every document with its most frequent word. When that is more than the count limit,
        counting (a common word at 100,000 items: about 7 ms) would only confirm it."""
        if filters or plan.excluded or (len(plan.groups) != 1 and not relaxed):
            return 0
        return max(
            (
                statistics.document_frequencies.get(alternative.terms[0], 0)
                for clause in plan.positive_clauses() for alternative in clause.alternatives
                if len(alternative.terms) == 1 and not alternative.partial
            ),
            default=0,
        )

    def capped_count(self, expression, dialect):
        """(number of matches up to SEARCH_TOTAL_EXACT_LIMIT, whether there are more)."""
        return self.capped(self.match_count(expression, settings.SEARCH_TOTAL_EXACT_LIMIT + 1, dialect))

    @staticmethod
    def capped(count):
        limit = settings.SEARCH_TOTAL_EXACT_LIMIT
        return min(count, limit), count > limit

    @staticmethod
    def match_ids(expression, limit, dialect):
        """The page ids of the first `limit` matches."""
        with connection.cursor() as cursor:
            cursor.execute(dialect.matching_ids_sql(limited=True), [expression, limit])
            return [page_id for (page_id,) in cursor.fetchall()]

    @staticmethod
    def match_ids_and_count(expression, limit, count_limit, dialect):
        """(the page ids of the first `limit` matches, the number of matches counted up to `count_limit`)
        from one search of the index: on PostgreSQL each search builds the bitmap of every match first
        (a common word at 100,000 items: 6 ms)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH c AS MATERIALIZED ({dialect.matching_ids_sql(limited=True)}) "
                "SELECT id, (SELECT count(*) FROM c) FROM c LIMIT %s",
                [expression, max(count_limit, limit), limit],
            )
            rows = cursor.fetchall()
        return [page_id for page_id, _count in rows], rows[0][1] if rows else 0

    @staticmethod
    def value_counts(page_ids, wanted, dialect):
        """{(facet, value): documents} among `page_ids` for the `wanted` facets."""
        if not page_ids:
            return {}
        among, parameters = dialect.among("document_id", page_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT facet, value, count(*) FROM search_facet WHERE {among} "
                f"AND facet IN ({', '.join(['%s'] * len(wanted))}) GROUP BY facet, value",
                [*parameters, *wanted],
            )
            return {(facet, value): count for facet, value, count in cursor.fetchall()}

    def type_counts(self, expression, total, total_at_least, documents_per_type, dialect):
        """(matches per type, the types whose counts are lower bounds), given the `total`: every document
        has one type, so the type of most indexed documents, whose count is the slowest to take (a
        common word at 100,000 items: 6.4 ms on SQLite), is what the other types leave of the total."""
        indexed = Counter(documents_per_type)
        most_common = indexed.most_common(1)[0][0] if indexed else None
        counts, lower_bounds = Counter(), set()
        for value in indexed:
            if value != most_common:
                counts[value], at_least = self.capped_count(self.narrowed(expression, "type", value, dialect), dialect)
                if at_least:
                    lower_bounds.add(value)
        if most_common:
            counts[most_common] = total - sum(counts.values())
            if total_at_least or lower_bounds:
                lower_bounds.add(most_common)
        return +counts, lower_bounds  # the types without matches are left out, as in the other facets

    @staticmethod
    def narrowed(expression, facet, value, dialect):
        return dialect.both([expression, dialect.facets([facet_token(facet, value)])])

    def hits(self, ranked, plan, mark_partial):
        """SearchHits for [(page id, score, has every word)]; with `mark_partial`, those without every
        word are marked as partial (in relaxed mode none has every word and the results say so as a whole)."""
        ids = [page_id for page_id, _score, _all_words in ranked]
        stored = SearchDocument.objects.filter(page_id__in=ids).values_list("page_id", "external_id", "type", "title", "stored")
        documents = {page_id: rest for page_id, *rest in stored}
        terms = plan.highlight_terms()
        hits = []
        for page_id, score, all_words in ranked:
            if page_id not in documents:
                continue
            external_id, document_type, title, data = documents[page_id]
            text = StoredDocument.unpacked(data)
            snippet, anchor = document_snippet(text.summary, text.body, terms), ""
            if not (is_highlighted(snippet) or is_highlighted(highlight(title, terms))):
                # Only what readers wrote matches: the hit shows that comment and links to it.
                snippet, anchor = comment_snippet(text.comment_list(), terms) or (snippet, "")
            hits.append(
                SearchHit(
                    page_id=page_id, external_id=external_id, type=document_type,
                    score=round(score, 6) if not math.isnan(score) else 0.0,
                    snippet=snippet, partial=mark_partial and not all_words, comment_anchor=anchor,
                )
            )
        return hits

    def autocomplete(self, prefix, limit=8):
        prefix_words = [w for w in words(prefix)][:6]
        if not prefix_words:
            return []
        return self.dialect.autocomplete(prefix_words, limit)

    def similar(self, page_id, limit=5):
        fields = self.analysed_fields([page_id]).get(page_id)
        terms = [t for t in similarity_terms(fields) if t not in STOP_WORDS] if fields else []
        if not terms:
            return []
        dialect = self.dialect
        expression = dialect.text(dialect.either([dialect.alternative(Alternative((t,))) for t in terms]))
        ranked = dialect.ranked(expression, "relevance", limit + 1, 0)
        return [pk for pk, _score in ranked if pk != page_id][:limit]
