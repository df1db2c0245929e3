"""The default engine: the database's own full-text search.

SQLite uses an FTS5 table ranked with bm25 and column weights; PostgreSQL a
weighted tsvector with a GIN index ranked with ts_rank. On both, text is analysed
in Python (search.analysis), so stemming, compounds and synonyms behave the same.
Facet filters are tokens inside the full-text index, so filtering happens in the
full-text match itself rather than after a join.
"""

import math
import re
import time
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from ..analysis import ANALYSIS_VERSION, STOP_WORDS, fold, single_edits, words
from ..compounds import terms_for_words
from ..contract import FACETS, FacetCount, SearchHit, SearchResults
from ..models import SearchDocument, SearchWord
from ..planner import Alternative, plan_query
from ..snippets import document_snippet
from ..synonyms import synonym_map
from .base import SearchEngine

FACET_CODES = {"type": "t", "municipality": "m", "province": "p", "theme": "h", "status": "s", "tag": "g", "layer": "l"}
ALL_DOCUMENTS_TOKEN = "xall"
FACET_VALUES_SHOWN = 25
SIMILARITY_TERMS = 25
VOCABULARY_MIN_LENGTH = 3
# A compound's parts alone ("sport" for "sportscholen") widen a search only when the whole words find
# fewer documents than this: a rare compound then still finds something, a common one is not drowned.
WIDEN_BELOW = 10


def facet_token(facet, value):
    return "x" + FACET_CODES[facet] + re.sub(r"[^a-z0-9]", "", fold(value))


def analysed_fields(document):
    """Analyse a document once: index terms per field, the similarity terms and the vocabulary words."""
    fields = {}
    vocabulary = set()
    for name in ("title", "summary", "body", "keywords"):
        field_words = words(document[name])
        fields[name] = terms_for_words(field_words)
        vocabulary.update(w for w in field_words if len(w) >= VOCABULARY_MIN_LENGTH and not w.isdigit())
    body_counts = Counter(t for t in fields["body"] if len(t) > 3)
    similar = list(dict.fromkeys(fields["title"] + fields["keywords"]))
    similar += [t for t, _n in body_counts.most_common(SIMILARITY_TERMS) if t not in similar]
    return fields, similar[:SIMILARITY_TERMS], vocabulary


def facet_values(counts, selected):
    """The most frequent values of a facet, and every selected value even when it has no hits."""
    shown = [
        FacetCount(value, count, value in selected)
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ][:FACET_VALUES_SHOWN]
    shown += [FacetCount(value, counts.get(value, 0), True) for value in selected if value not in {f.value for f in shown}]
    return shown


class DatabaseVocabulary:
    """Words that occur in the index, for spelling corrections (Norvig-style single edits)."""

    def known(self, candidates):
        return set(SearchWord.objects.filter(word__in=list(candidates)).values_list("word", flat=True))

    def closest(self, word):
        candidates = single_edits(word)
        best = (
            SearchWord.objects.filter(word__in=list(candidates))
            .order_by("-document_frequency", "word")
            .values_list("word", flat=True)
            .first()
        )
        return best


class SqliteDialect:
    """FTS5: the match expression language and bm25 ranking."""

    COLUMN_WEIGHTS = "10.0, 4.0, 1.0, 3.0, 0.0, 0.0"  # title, summary, body, keywords, facets, title_words
    TEXT_COLUMNS = "{title summary body keywords}"

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

    def write(self, documents, replacing=True):
        with connection.cursor() as cursor:
            if replacing:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(d["page_id"],) for d in documents])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body, keywords, facets, title_words) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d["page_id"], *(" ".join(d["terms"][name]) for name in ("title", "summary", "body", "keywords")),
                        d["facet_tokens"], " ".join(words(d["title"])),
                    )
                    for d in documents
                ],
            )

    def delete(self, page_ids):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in page_ids])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def ranked(self, strict, relaxed, order, limit, offset):
        ranking = {
            "relevance": "all_words DESC, score ASC",
            "newest": "d.published_at DESC, score ASC",
            "adoptions": "d.adoption_count DESC, score ASC",
        }[order]
        all_words = "1" if strict == relaxed else "search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        params = [] if strict == relaxed else [strict]
        sql = (
            f"SELECT search_fts.rowid, bm25(search_fts, {self.COLUMN_WEIGHTS}) AS score, {all_words} AS all_words "
            "FROM search_fts JOIN search_document d ON d.page_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s ORDER BY {ranking}, search_fts.rowid LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, relaxed, limit, offset])
            return [(row[0], -row[1], bool(row[2])) for row in cursor.fetchall()]


    DRIVING_JOIN = "CROSS JOIN"  # SQLite: the matches drive the loop, the facet table is probed by index

    def matching_ids_sql(self):
        return "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s"

    def autocomplete(self, prefix, limit):
        expression = "title_words : " + " ".join(f'"{w}"' for w in prefix[:-1]) + f' "{prefix[-1]}"*'
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.page_id FROM search_fts JOIN search_document d ON d.page_id = search_fts.rowid "
                "WHERE search_fts MATCH %s ORDER BY d.adoption_count DESC, bm25(search_fts) LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresDialect:
    """tsquery with weight labels: A title, B summary and keywords, C body, D facet tokens."""

    RANK_WEIGHTS = "{0.0, 0.2, 0.5, 1.0}"  # D, C, B, A

    def alternative(self, alternative):
        joiner = " <-> " if alternative.phrase else " & "
        return "(" + joiner.join(f"'{term}':ABC" for term in alternative.terms) + ")"

    def either(self, parts):
        return "(" + " | ".join(parts) + ")"

    def both(self, parts):
        return "(" + " & ".join(parts) + ")"

    def text(self, expression):
        return expression

    def facets(self, tokens):
        return "(" + " | ".join(f"'{t}':D" for t in tokens) + ")"

    def without(self, expression, excluded):
        return f"({expression}) & !{excluded}"

    VECTOR_SQL = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
        "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
    )

    def write(self, documents, replacing=True):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE search_document SET vector = {self.VECTOR_SQL}, "
                "title_vector = to_tsvector('simple', %s) WHERE page_id = %s",
                [
                    (
                        " ".join(d["terms"]["title"]), " ".join(d["terms"]["summary"] + d["terms"]["keywords"]),
                        " ".join(d["terms"]["body"]), d["facet_tokens"], " ".join(words(d["title"])), d["page_id"],
                    )
                    for d in documents
                ],
            )

    def delete(self, page_ids):
        """Rows go with their SearchDocument."""

    def clear(self):
        """Rows go with their SearchDocument."""

    def ranked(self, strict, relaxed, order, limit, offset):
        ranking = {
            "relevance": "all_words DESC, score DESC",
            "newest": "published_at DESC NULLS LAST, score DESC",
            "adoptions": "adoption_count DESC, score DESC",
        }[order]
        sql = (
            f"SELECT page_id, ts_rank('{self.RANK_WEIGHTS}', vector, r) AS score, vector @@ s AS all_words "
            "FROM search_document, to_tsquery('simple', %s) r, to_tsquery('simple', %s) s "
            f"WHERE vector @@ r ORDER BY {ranking}, page_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [relaxed, strict, limit, offset])
            return [(row[0], float(row[1]), bool(row[2])) for row in cursor.fetchall()]


    DRIVING_JOIN = "JOIN"

    def matching_ids_sql(self):
        return "SELECT page_id AS id FROM search_document WHERE vector @@ to_tsquery('simple', %s)"

    def autocomplete(self, prefix, limit):
        expression = " & ".join([*(f"'{w}'" for w in prefix[:-1]), f"'{prefix[-1]}':*"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT page_id FROM search_document WHERE title_vector @@ to_tsquery('simple', %s) "
                "ORDER BY adoption_count DESC, title LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]


class DatabaseEngine(SearchEngine):
    """Full-text search in the site's own database (SQLite FTS5 or PostgreSQL)."""

    name = "database"

    def __init__(self, **options):
        self.vocabulary = DatabaseVocabulary()

    @property
    def dialect(self):
        return PostgresDialect() if connection.vendor == "postgresql" else SqliteDialect()

    # Writing

    def index_documents(self, documents, replacing=True):
        """Write documents to the document table, the facet table and the full-text index."""
        documents = [self.prepare(d) for d in documents]
        if not documents:
            return Counter()
        ids = [(d["page_id"],) for d in documents]
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            if replacing:
                replaced_words = self.indexed_vocabulary([pk for (pk,) in ids])
                cursor.executemany("DELETE FROM search_facet WHERE document_id = %s", ids)
                self.dialect.delete([pk for (pk,) in ids])
                cursor.executemany("DELETE FROM search_document WHERE page_id = %s", ids)
            cursor.executemany(
                "INSERT INTO search_document (page_id, type, external_id, title, summary, body, published_at, "
                "adoption_count, similarity_terms, vocabulary, analysis_version, indexed_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d["page_id"], d["type"], d["external_id"], d["title"], d["summary"], d["body"],
                        d["published_at"], d["adoption_count"], " ".join(d["similarity_terms"]),
                        " ".join(sorted(d["vocabulary"])), ANALYSIS_VERSION, now,
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
            self.dialect.write(documents, replacing=False)
            vocabulary = Counter()
            for document in documents:
                vocabulary.update(document["vocabulary"])
            if replacing:
                changes = Counter(vocabulary)
                changes.subtract(replaced_words)
                self.change_vocabulary(changes)
        return vocabulary

    def prepare(self, document):
        tokens = [ALL_DOCUMENTS_TOKEN] + [
            facet_token(facet, value) for facet, values in document["facets"].items() for value in values
        ]
        terms, similar, vocabulary = analysed_fields(document)
        return {
            **document, "facet_tokens": " ".join(tokens), "terms": terms, "similarity_terms": similar,
            "vocabulary": vocabulary,
        }

    def indexed_vocabulary(self, page_ids):
        """How many of these indexed documents contain each vocabulary word."""
        counts = Counter()
        for vocabulary in SearchDocument.objects.filter(page_id__in=page_ids).values_list("vocabulary", flat=True):
            counts.update(vocabulary.split())
        return counts

    def change_vocabulary(self, changes):
        """Apply document-frequency changes; a word no indexed document contains any more is removed,
        so "did you mean" never offers a word from a draft or a page that was taken down."""
        added = [(word, n) for word, n in changes.items() if n > 0]
        removed = [(n, n, word) for word, n in ((w, -n) for w, n in changes.items() if n < 0)]
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_word (word, document_frequency) VALUES (%s, %s) ON CONFLICT (word) "
                "DO UPDATE SET document_frequency = search_word.document_frequency + excluded.document_frequency",
                added,
            )
            cursor.executemany(
                "UPDATE search_word SET document_frequency = CASE WHEN document_frequency > %s "
                "THEN document_frequency - %s ELSE 0 END WHERE word = %s",
                removed,
            )
            if removed:
                cursor.execute("DELETE FROM search_word WHERE document_frequency = 0")

    def delete_documents(self, page_ids):
        ids = [(pk,) for pk in page_ids]
        with transaction.atomic(), connection.cursor() as cursor:
            gone_words = self.indexed_vocabulary(list(page_ids))
            self.change_vocabulary(Counter({word: -n for word, n in gone_words.items()}))
            cursor.executemany("DELETE FROM search_facet WHERE document_id = %s", ids)
            self.dialect.delete([pk for (pk,) in ids])
            cursor.executemany("DELETE FROM search_document WHERE page_id = %s", ids)

    def clear(self):
        with transaction.atomic(), connection.cursor() as cursor:
            self.dialect.clear()
            for table in ("search_facet", "search_document", "search_word"):
                cursor.execute(f"DELETE FROM {table}")

    def rebuild(self, documents):
        """Replace the index in one transaction; document frequencies are counted exactly."""
        vocabulary = Counter()
        count = 0
        with transaction.atomic():
            self.clear()
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) >= 1000:
                    vocabulary.update(self.index_documents(batch, replacing=False))
                    count += len(batch)
                    batch = []
            vocabulary.update(self.index_documents(batch, replacing=False))
            count += len(batch)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_word (word, document_frequency) VALUES (%s, %s)", list(vocabulary.items())
                )
        return count

    def indexed_ids(self):
        return set(SearchDocument.objects.values_list("page_id", flat=True))

    def outdated_ids(self):
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
        plan = plan_query(query.text, synonym_map(), self.vocabulary)
        filters = {facet: tuple(values) for facet, values in query.filters.items() if values}
        if plan.is_empty and not filters:
            return SearchResults(hits=[], total=0, facets={}, engine=self.name, suggestion=plan.suggestion)

        order = "newest" if plan.is_empty and query.sort == "relevance" else query.sort
        widened = self.widened_clauses(plan, dialect)
        strict, relaxed = self.compile(plan, filters, dialect, widened)
        ranked = dialect.ranked(strict, relaxed, order, query.page_size, query.offset)
        facets = self.facet_counts(plan, filters, relaxed, dialect, widened)
        # Every document has exactly one type, so the type counts add up to the total: no extra count query.
        total = sum(f.count for f in facets["type"] if f.selected or not filters.get("type"))
        relaxed_used = strict != relaxed and total > 0 and not (ranked and ranked[0][2]) and query.offset == 0
        hits = self.hits(ranked, plan)
        return SearchResults(
            hits=hits, total=total, facets=facets, engine=self.name,
            took_ms=(time.perf_counter() - started) * 1000, suggestion=plan.suggestion, relaxed=relaxed_used,
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
        """How many documents match, counted up to `limit`."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({dialect.matching_ids_sql()} LIMIT %s) m", [expression, limit])
            return cursor.fetchone()[0]

    def facet_counts(self, plan, filters, relaxed, dialect, widened=frozenset()):
        """Counts per facet value; a facet's own selection does not narrow its own counts (multi-select)."""
        expressions = {None: relaxed}
        for facet in filters:
            others = {f: v for f, v in filters.items() if f != facet}
            expressions[facet] = self.compile(plan, others, dialect, widened)[1]
        counts = {facet: Counter() for facet in FACETS}
        for own_facet, expression in expressions.items():
            wanted = [own_facet] if own_facet else [f for f in FACETS if f not in filters]
            with connection.cursor() as cursor:
                placeholders = ", ".join(["%s"] * len(wanted))
                cursor.execute(
                    f"SELECT f.facet, f.value, count(*) FROM ({dialect.matching_ids_sql()}) m "
                    f"{dialect.DRIVING_JOIN} search_facet f ON f.document_id = m.id "
                    f"WHERE f.facet IN ({placeholders}) GROUP BY f.facet, f.value",
                    [expression, *wanted],
                )
                for facet, value, count in cursor.fetchall():
                    counts[facet][value] = count
        return {facet: facet_values(values, filters.get(facet, ())) for facet, values in counts.items()}

    def hits(self, ranked, plan):
        ids = [page_id for page_id, _score, _all in ranked]
        documents = SearchDocument.objects.in_bulk(ids)
        terms = plan.highlight_terms()
        hits = []
        for page_id, score, _all_words in ranked:
            document = documents.get(page_id)
            if document is None:
                continue
            hits.append(
                SearchHit(
                    page_id=page_id, external_id=document.external_id, type=document.type,
                    score=round(score, 6) if not math.isnan(score) else 0.0,
                    snippet=document_snippet(document.summary, document.body, terms),
                )
            )
        return hits

    def autocomplete(self, prefix, limit=8):
        prefix_words = [w for w in words(prefix)][:6]
        if not prefix_words:
            return []
        return self.dialect.autocomplete(prefix_words, limit)

    def similar(self, page_id, limit=5):
        document = SearchDocument.objects.filter(page_id=page_id).values_list("similarity_terms", flat=True).first()
        terms = [t for t in (document or "").split() if t not in STOP_WORDS]
        if not terms:
            return []
        dialect = self.dialect
        expression = dialect.text(dialect.either([dialect.alternative(Alternative((t,))) for t in terms]))
        ranked = dialect.ranked(expression, expression, "relevance", limit + 1, 0)
        return [pk for pk, _score, _all in ranked if pk != page_id][:limit]
