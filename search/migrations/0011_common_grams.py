"""PostgreSQL's full-text vectors gain the common grams of each field (search.engines.database.common_grams).

A phrase query now asks for a phrase's common grams beside its words, so a vector without them
would no longer match such a phrase: each existing vector gets them appended, computed from the
analysed terms the document table keeps, exactly as a rebuild writes them. SQLite is not changed.
"""

from django.db import migrations

from search.engines.database import common_grams
from search.engines.stored import StoredDocument
from search.ranking import fields_from

BATCH = 1000
APPEND_GRAMS = (
    "UPDATE search_vector SET vector = vector || setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') WHERE page_id = %s"
)


def add_common_grams(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_id FROM search_document ORDER BY page_id")
        page_ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(page_ids), BATCH):
            cursor.execute("SELECT page_id, stored FROM search_document WHERE page_id = ANY(%s)", [page_ids[start : start + BATCH]])
            rows = []
            for page_id, data in cursor.fetchall():
                fields = fields_from(StoredDocument.unpacked(data).analysed)
                grams = {name: " ".join(common_grams(terms)) for name, terms in fields.items()}
                rows.append((grams["title"], f'{grams["summary"]} {grams["keywords"]}', grams["body"], page_id))
            cursor.executemany(APPEND_GRAMS, rows)


def remove_common_grams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_vector SET vector = ts_delete(vector, "
            "ARRAY(SELECT lexeme FROM unnest(vector) WHERE lexeme LIKE '/2/%%'))"
        )


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0010_stored_document")]

    operations = [migrations.RunPython(add_common_grams, remove_common_grams, elidable=False)]
