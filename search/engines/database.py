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

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Length
from django.utils import timezone

from ..analysis import ANALYSIS_VERSION, STOP_WORDS, fold, stem, words
from ..compounds import terms_for_words
from ..contract import FACETS, FacetCount, SearchHit, SearchResults
from ..models import SearchDocument, SearchStatistic, SearchTerm, SearchWord
from ..planner import Alternative, plan_query
from ..ranking import FIELDS, CollectionStatistics, analysed_text, fields_from, rank
from ..snippets import document_snippet
from ..spelling import edit_distance, single_edits
from ..synonyms import synonym_map
from .base import SearchEngine

FACET_CODES = {"type": "t", "municipality": "m", "province": "p", "theme": "h", "status": "s", "tag": "g", "layer": "l"}
ALL_DOCUMENTS_TOKEN = "xall"
FACET_VALUES_SHOWN = 25
SIMILARITY_TERMS = 25
VOCABULARY_MIN_LENGTH = 3
# Relevance pages within the first RERANK_DEPTH matches are ordered by search.ranking; the database's
# own ranking picks those candidates and orders the pages beyond them.
RERANK_DEPTH = 100
DOCUMENT_COUNT = "documents"
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


def field_length_statistic(field):
    return f"terms:{field}"


def ranking_counts(analysed_documents):
    """What documents add to the ranking statistics: document frequency per term, and collection
    statistics (number of documents, terms per field)."""
    terms, statistics = Counter(), Counter()
    for analysed in analysed_documents:
        if not analysed:  # indexed before the ranking data was kept: it was never counted
            continue
        fields = fields_from(analysed)
        terms.update({term for field_terms in fields.values() for term in field_terms})
        statistics[DOCUMENT_COUNT] += 1
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

    def ranked(self, expression, order, limit, offset):
        """(page id, score) of the matches, in the database's own order."""
        ranking = {
            "relevance": "score ASC",
            "newest": "d.published_at DESC, score ASC",
            "adoptions": "d.adoption_count DESC, score ASC",
        }[order]
        sql = (
            f"SELECT search_fts.rowid, bm25(search_fts, {self.COLUMN_WEIGHTS}) AS score "
            "FROM search_fts JOIN search_document d ON d.page_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s ORDER BY {ranking}, search_fts.rowid LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit, offset])
            return [(row[0], -row[1]) for row in cursor.fetchall()]

    DRIVING_JOIN = "CROSS JOIN"  # SQLite: the matches drive the loop, the facet table is probed by index
    COUNTS_MATCHES_CHEAPLY = True  # FTS5 counts a doclist without reading the rows (8,068 matches: 0.4 ms)

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

    def ranked(self, expression, order, limit, offset):
        """(page id, score) of the matches, in the database's own order."""
        ranking = {
            "relevance": "score DESC",
            "newest": "published_at DESC NULLS LAST, score DESC",
            "adoptions": "adoption_count DESC, score DESC",
        }[order]
        sql = (
            f"SELECT page_id, ts_rank('{self.RANK_WEIGHTS}', vector, q) AS score "
            "FROM search_document, to_tsquery('simple', %s) q "
            f"WHERE vector @@ q ORDER BY {ranking}, page_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    DRIVING_JOIN = "JOIN"
    COUNTS_MATCHES_CHEAPLY = False  # every match is rechecked against its tsvector (8,068 of 20,000: 50–90 ms)

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
        """Write documents to the document table, the facet table and the full-text index. Returns the
        counts the documents add to the vocabulary, the term table and the statistics (for `rebuild`)."""
        documents = [self.prepare(d) for d in documents]
        if not documents:
            return Counter(), Counter(), Counter()
        ids = [(d["page_id"],) for d in documents]
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            if replacing:
                replaced_words, replaced_terms, replaced_statistics = self.indexed_counts([pk for (pk,) in ids])
                cursor.executemany("DELETE FROM search_facet WHERE document_id = %s", ids)
                self.dialect.delete([pk for (pk,) in ids])
                cursor.executemany("DELETE FROM search_document WHERE page_id = %s", ids)
            cursor.executemany(
                "INSERT INTO search_document (page_id, type, external_id, title, summary, body, published_at, "
                "adoption_count, similarity_terms, vocabulary, analysed, analysis_version, indexed_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d["page_id"], d["type"], d["external_id"], d["title"], d["summary"], d["body"],
                        d["published_at"], d["adoption_count"], " ".join(d["similarity_terms"]),
                        " ".join(sorted(d["vocabulary"])), d["analysed"], ANALYSIS_VERSION, now,
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
            terms, statistics = ranking_counts(d["analysed"] for d in documents)
            if replacing:
                self.change_counts(difference(vocabulary, replaced_words), difference(terms, replaced_terms),
                                   difference(statistics, replaced_statistics))
        return vocabulary, terms, statistics

    def prepare(self, document):
        tokens = [ALL_DOCUMENTS_TOKEN] + [
            facet_token(facet, value) for facet, values in document["facets"].items() for value in values
        ]
        terms, similar, vocabulary = analysed_fields(document)
        return {
            **document, "facet_tokens": " ".join(tokens), "terms": terms, "similarity_terms": similar,
            "vocabulary": vocabulary, "analysed": analysed_text(terms),
        }

    def indexed_counts(self, page_ids):
        """What these indexed documents count for in the vocabulary, the term table and the statistics."""
        words = Counter()
        stored = SearchDocument.objects.filter(page_id__in=page_ids).values_list("vocabulary", "analysed")
        analysed_documents = []
        for vocabulary, analysed in stored:
            words.update(vocabulary.split())
            analysed_documents.append(analysed)
        return (words, *ranking_counts(analysed_documents))

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
        ids = [(pk,) for pk in page_ids]
        with transaction.atomic(), connection.cursor() as cursor:
            self.change_counts(*(negated(counts) for counts in self.indexed_counts(list(page_ids))))
            cursor.executemany("DELETE FROM search_facet WHERE document_id = %s", ids)
            self.dialect.delete([pk for (pk,) in ids])
            cursor.executemany("DELETE FROM search_document WHERE page_id = %s", ids)

    def clear(self):
        with transaction.atomic(), connection.cursor() as cursor:
            self.dialect.clear()
            for table in ("search_facet", "search_document", "search_word", "search_term", "search_statistic"):
                cursor.execute(f"DELETE FROM {table}")

    def rebuild(self, documents):
        """Replace the index in one transaction; document frequencies and statistics are counted exactly."""
        totals = (Counter(), Counter(), Counter())
        count = 0
        with transaction.atomic():
            self.clear()
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) >= 1000:
                    for total, counts in zip(totals, self.index_documents(batch, replacing=False)):
                        total.update(counts)
                    count += len(batch)
                    batch = []
            for total, counts in zip(totals, self.index_documents(batch, replacing=False)):
                total.update(counts)
            count += len(batch)
            self.change_counts(*totals)
            self.refresh_planner_statistics()
        return count

    @staticmethod
    def refresh_planner_statistics():
        """Let the database's query planner see the rebuilt tables: with the statistics of an empty
        table it joins the facet table by facet name instead of by document (PostgreSQL, 20,000
        items: a rare word's facet counts took 23.5 ms, 1.8 ms with statistics)."""
        with connection.cursor() as cursor:
            for table in ("search_document", "search_facet", "search_term", "search_word"):
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
        facets, total = self.facets_and_total(plan, filters, dialect, relaxed, widened)
        if not total and can_relax:
            relaxed = True
            facets, total = self.facets_and_total(plan, filters, dialect, relaxed, widened)
        expression = relaxed_expression if relaxed else strict
        # Fewer documents with every word than fit on the first page: documents with some of them follow.
        fill_first_page = not relaxed and can_relax and total < query.page_size and query.offset == 0
        if order == "relevance" and query.offset + query.page_size <= RERANK_DEPTH:
            candidates = dialect.ranked(expression, order, RERANK_DEPTH, 0)
            if fill_first_page:
                candidates += dialect.ranked(relaxed_expression, order, RERANK_DEPTH, 0)
            ranked = self.reranked(candidates, plan)[query.offset : query.offset + query.page_size]
        else:
            ranked = [(page_id, score, True) for page_id, score in dialect.ranked(expression, order, query.page_size, query.offset)]
        hits = self.hits(ranked, plan, mark_partial=fill_first_page)
        return SearchResults(
            hits=hits, total=total, facets=facets, engine=self.name,
            took_ms=(time.perf_counter() - started) * 1000, suggestion=plan.suggestion, relaxed=relaxed and total > 0,
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
        """How many documents match every group of `plan` (or, `relaxed`, any group)."""
        if plan.is_empty:
            return 0
        return self.match_count(self.compile(plan, filters, dialect)[relaxed], None, dialect)

    def reranked(self, candidates, plan):
        """The candidates ordered by the ranking model (search.ranking), the same on every database."""
        ids = list(dict.fromkeys(page_id for page_id, _score in candidates))
        analysed = dict(SearchDocument.objects.filter(page_id__in=ids).values_list("page_id", "analysed"))
        return rank([(page_id, analysed.get(page_id, "")) for page_id in ids], plan, self.statistics(plan))

    def statistics(self, plan):
        """Collection statistics and the document frequencies of the plan's terms."""
        stored = dict(SearchStatistic.objects.values_list("name", "value"))
        documents = stored.get(DOCUMENT_COUNT, 0)
        terms = {term for clause in plan.positive_clauses() for alt in clause.alternatives for term in alt.terms}
        return CollectionStatistics(
            document_count=documents,
            average_lengths={f: stored.get(field_length_statistic(f), 0) / documents if documents else 0 for f in FIELDS},
            document_frequencies=dict(SearchTerm.objects.filter(term__in=terms).values_list("term", "document_frequency")),
        )

    def facets_and_total(self, plan, filters, dialect, relaxed, widened):
        """Facet counts and the number of matches, of every group (or, `relaxed`, of any group)."""
        if not dialect.COUNTS_MATCHES_CHEAPLY:
            facets = self.facet_counts(plan, filters, dialect, relaxed, widened, sample_main=False)
            # Every document has exactly one type, so the type counts add up to the total: no extra count query.
            return facets, sum(f.count for f in facets["type"] if f.selected or not filters.get("type"))
        expression = self.compile(plan, filters, dialect, widened)[relaxed]
        limit = settings.SEARCH_FACET_EXACT_LIMIT
        total = self.match_count(expression, limit + 1, dialect)
        if total > limit:
            total = self.match_count(expression, None, dialect)
        return self.facet_counts(plan, filters, dialect, relaxed, widened, sample_main=total > limit), total


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
                cursor.execute(f"SELECT count(*) FROM ({dialect.matching_ids_sql()} LIMIT %s) m", [expression, limit])
            return cursor.fetchone()[0]

    def facet_counts(self, plan, filters, dialect, relaxed, widened, sample_main):
        """Counts per facet value; a facet's own selection does not narrow its own counts (multi-select).

        Where the database counts matches cheaply (SQLite's FTS5), values are counted in the first
        SEARCH_FACET_EXACT_LIMIT matches only when there are more, and their counts are lower bounds
        ("minstens"): joining every match of a common word to the facet table was most of the search
        time. Selected values and the types are always counted exactly. On PostgreSQL finding the matches is the
        cost and counting them costs as much again, so its counts stay exact, from one pass."""
        limit = settings.SEARCH_FACET_EXACT_LIMIT
        expressions = {None: self.compile(plan, filters, dialect, widened)[relaxed]}
        for facet in filters:
            others = {f: v for f, v in filters.items() if f != facet}
            expressions[facet] = self.compile(plan, others, dialect, widened)[relaxed]
        counts = {facet: Counter() for facet in FACETS}
        lower_bounds = {facet: set() for facet in FACETS}
        for own_facet, expression in expressions.items():
            wanted = [own_facet] if own_facet else [f for f in FACETS if f not in filters]
            if own_facet is None or not dialect.COUNTS_MATCHES_CHEAPLY:
                sampled = sample_main
            else:
                sampled = self.match_count(expression, limit + 1, dialect) > limit
            with connection.cursor() as cursor:
                placeholders = ", ".join(["%s"] * len(wanted))
                cursor.execute(
                    f"SELECT f.facet, f.value, count(*) FROM ({dialect.matching_ids_sql()}{' LIMIT %s' if sampled else ''}) m "
                    f"{dialect.DRIVING_JOIN} search_facet f ON f.document_id = m.id "
                    f"WHERE f.facet IN ({placeholders}) GROUP BY f.facet, f.value",
                    [expression, *([limit] if sampled else []), *wanted],
                )
                for facet, value, count in cursor.fetchall():
                    counts[facet][value] = count
                    if sampled:
                        lower_bounds[facet].add(value)
            if not sampled:
                continue
            # Exact where it is cheap and matters: the selected values, and the two types (whose counts
            # sit beside the total and would otherwise contradict it).
            exact = [(own_facet, value) for value in filters[own_facet]] if own_facet else []
            if "type" in wanted:
                exact += [("type", value) for value in counts["type"]]
            for facet, value in exact:
                narrowed = dialect.both([expression, dialect.facets([facet_token(facet, value)])])
                counts[facet][value] = self.match_count(narrowed, None, dialect)
                lower_bounds[facet].discard(value)
        return {
            facet: facet_values(values, filters.get(facet, ()), lower_bounds[facet]) for facet, values in counts.items()
        }

    def hits(self, ranked, plan, mark_partial):
        """SearchHits for [(page id, score, has every word)]; with `mark_partial`, those without every
        word are marked as partial (in relaxed mode none has every word and the results say so as a whole)."""
        ids = [page_id for page_id, _score, _all_words in ranked]
        documents = SearchDocument.objects.in_bulk(ids)
        terms = plan.highlight_terms()
        hits = []
        for page_id, score, all_words in ranked:
            document = documents.get(page_id)
            if document is None:
                continue
            hits.append(
                SearchHit(
                    page_id=page_id, external_id=document.external_id, type=document.type,
                    score=round(score, 6) if not math.isnan(score) else 0.0,
                    snippet=document_snippet(document.summary, document.body, terms),
                    partial=mark_partial and not all_words,
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
        ranked = dialect.ranked(expression, "relevance", limit + 1, 0)
        return [pk for pk, _score in ranked if pk != page_id][:limit]
