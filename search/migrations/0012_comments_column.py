"""SQLite: the full-text table gains a `comments` column, between the keywords and the facets, for
the comments readers see on a page (search.documents.searchable_comments). PostgreSQL keeps its
table: comments go into the vector with weight D.

The table is contentless, so the documents cannot be copied from it: they are written again from
what the document table keeps of them, exactly as they were indexed, with no comments yet.
search.analysis.ANALYSIS_VERSION rose with this change, so `manage.py search_index verify` then
indexes every document again, with its comments.
"""

from django.db import migrations

from search.engines.stored import StoredDocument
from search.ranking import fields_from

BATCH = 1000
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
PAGE_FIELDS = ("title", "summary", "body", "keywords")


def rewritten(columns):
    """Recreate search_fts with `columns` (and the facets) from the documents the document table keeps."""

    def operation(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        schema_editor.execute("DROP TABLE search_fts")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE search_fts USING fts5({', '.join(columns)}, facets, content = '', {TOKENIZE})"
        )
        insert = (
            f"INSERT INTO search_fts (rowid, {', '.join(columns)}, facets) VALUES ({', '.join(['%s'] * (len(columns) + 2))})"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT page_id FROM search_document ORDER BY page_id")
            page_ids = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(page_ids), BATCH):
                batch = page_ids[start : start + BATCH]
                cursor.execute(
                    f"SELECT page_id, stored FROM search_document WHERE page_id IN ({', '.join(['%s'] * len(batch))})", batch
                )
                rows = []
                for page_id, data in cursor.fetchall():
                    stored = StoredDocument.unpacked(data)
                    fields = fields_from(stored.analysed)
                    rows.append((page_id, *(" ".join(fields.get(name, [])) for name in columns), stored.facet_tokens))
                cursor.executemany(insert, rows)

    return operation


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0011_common_grams")]

    operations = [
        migrations.RunPython(rewritten((*PAGE_FIELDS, "comments")), rewritten(PAGE_FIELDS), elidable=False),
    ]
