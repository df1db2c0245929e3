"""Impact lists ("champion lists"): for a frequent term, the documents it describes best.

A common word matches a third of the index. Ordering all 48,000 matches of "eerste" at 100,000
items to show ten took 46 ms in FTS5's bm25 alone, and ts_rank on PostgreSQL reads every match's
vector. Instead, for a term in at least IMPACT_LIST_MIN_DOCUMENTS documents the index keeps the
IMPACT_LIST_LENGTH documents with the highest impact: the term's BM25F score without its idf
(search.ranking.term_impact), which does not change as other documents come and go. The best
results of a query with frequent words are then found among the lists of its words
(Manning, Raghavan & Schütze, Introduction to Information Retrieval, §7.1.3).

A list's floor is the impact below which documents were left out: every document that scores
above it for the term is in the list. Writing a document enters it in the lists of its terms
where it scores above the floor, deleting it removes it; a list that has grown to twice its
length is cut back (raising the floor), one that has lost half its documents is built again when
next needed, and a rebuild of the index drops every list.

A list is built the first time a query needs it, from the database's own ranking of the term's
matches: the best IMPACT_LIST_PRESELECTION by bm25 (or ts_rank) are scored exactly and the best
IMPACT_LIST_LENGTH of them kept.
"""

from collections import Counter

from django.db import connection, transaction

from ..planner import Alternative
from ..ranking import FIELDS, term_impact
from .stored import stored_analysed_fields

IMPACT_LIST_MIN_DOCUMENTS = 1000
IMPACT_LIST_LENGTH = 200
IMPACT_LIST_PRESELECTION = 1000


class ImpactLists:
    """The impact lists kept in the tables search_impact (term, page id, impact) and
    search_impact_list (term, floor_impact)."""

    def entries(self, terms, document_frequencies, average_lengths, dialect):
        """[(term, page id, impact)] of the lists of `terms`, after building those that are missing or have shrunk."""
        entries = self.stored_entries(terms)
        floors = self.floors(terms)
        sizes = Counter(term for term, _page_id, _impact in entries)
        outdated = [
            term for term in terms
            if term not in floors or sizes[term] < min(document_frequencies.get(term, 0), IMPACT_LIST_LENGTH) // 2
        ]
        for term in outdated:
            self.build(term, average_lengths, dialect)
        return self.stored_entries(terms) if outdated else entries

    @staticmethod
    def stored_entries(terms):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, page_id, impact FROM search_impact WHERE term IN ({', '.join(['%s'] * len(terms))})", list(terms)
            )
            return cursor.fetchall()

    @staticmethod
    def floors(terms=None):
        """{term: floor} of the lists kept (of `terms`, or all)."""
        with connection.cursor() as cursor:
            if terms is None:
                cursor.execute("SELECT term, floor_impact FROM search_impact_list")
            else:
                cursor.execute(
                    f"SELECT term, floor_impact FROM search_impact_list WHERE term IN ({', '.join(['%s'] * len(terms))})", list(terms)
                )
            return dict(cursor.fetchall())

    def build(self, term, average_lengths, dialect):
        expression = dialect.text(dialect.alternative(Alternative((term,))))
        preselected = [page_id for page_id, _score in dialect.ranked(expression, "relevance", IMPACT_LIST_PRESELECTION, 0)]
        impacts = sorted(
            ((term_impact(term, fields, average_lengths), page_id) for page_id, fields in stored_analysed_fields(preselected).items()),
            reverse=True,
        )
        kept = impacts[:IMPACT_LIST_LENGTH]
        # Fewer matches than the preselection: every match was scored, so the list leaves none out.
        floor = kept[-1][0] if len(preselected) >= IMPACT_LIST_PRESELECTION else 0.0
        # Two searches may build the same list at once: the last one's list stands, whole.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_impact WHERE term = %s", [term])
            cursor.executemany(
                "INSERT INTO search_impact (term, page_id, impact) VALUES (%s, %s, %s) ON CONFLICT (term, page_id) DO NOTHING",
                [(term, page_id, impact) for impact, page_id in kept],
            )
            cursor.execute(
                "INSERT INTO search_impact_list (term, floor_impact) VALUES (%s, %s) "
                "ON CONFLICT (term) DO UPDATE SET floor_impact = excluded.floor_impact",
                [term, floor],
            )

    def add(self, documents, average_lengths):
        """Enter written documents (with their analysed `terms` per field) in the lists of their terms
        where they score above the floor."""
        floors = self.floors()
        if not floors:
            return
        rows = []
        for document in documents:
            fields = document["terms"]
            for term in {term for name in FIELDS for term in fields[name]} & floors.keys():
                impact = term_impact(term, fields, average_lengths)
                if impact > floors[term]:
                    rows.append((document["page_id"], term, impact))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_impact (page_id, term, impact) VALUES (%s, %s, %s) "
                "ON CONFLICT (term, page_id) DO UPDATE SET impact = excluded.impact",
                rows,
            )
        self.cut_back({term for _page_id, term, _impact in rows})

    @staticmethod
    def cut_back(terms):
        """Cut the lists of `terms` that have grown to twice their length back to their length."""
        if not terms:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM search_impact WHERE term IN ({', '.join(['%s'] * len(terms))}) "
                "GROUP BY term HAVING count(*) > %s",
                [*terms, 2 * IMPACT_LIST_LENGTH],
            )
            for (term,) in cursor.fetchall():
                cursor.execute(
                    "SELECT impact FROM search_impact WHERE term = %s ORDER BY impact DESC LIMIT 1 OFFSET %s",
                    [term, IMPACT_LIST_LENGTH - 1],
                )
                floor = cursor.fetchone()[0]
                cursor.execute("DELETE FROM search_impact WHERE term = %s AND impact < %s", [term, floor])
                cursor.execute("UPDATE search_impact_list SET floor_impact = %s WHERE term = %s", [floor, term])

    @staticmethod
    def remove(page_ids):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_impact WHERE page_id = %s", [(page_id,) for page_id in page_ids])

    @staticmethod
    def clear():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_impact")
            cursor.execute("DELETE FROM search_impact_list")
