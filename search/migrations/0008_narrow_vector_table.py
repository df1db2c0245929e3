"""PostgreSQL: the full-text vectors move from search_document to the narrow table search_vector.

Counting the matches of a common word visits the table row of each match; beside the documents'
text that meant reading the whole document table. Facet tokens become file-path lexemes
("xmgm0363" → "/m/gm0363"), which no word of a text can become, so that queries need no weight
labels (see search.engines.database.PostgresDialect). The vectors are carried over, so the index
keeps working without a rebuild. SQLite keeps its FTS5 table (migration 0002).
"""

from django.db import migrations

POSTGRES_CREATE = [
    "CREATE TABLE search_vector ("
    " page_id bigint PRIMARY KEY REFERENCES search_document (page_id) ON DELETE CASCADE,"
    " vector tsvector NOT NULL, title_vector tsvector NOT NULL)",
    # Weighted text as it was; the facet tokens (weight D) renamed to their lexemes.
    "INSERT INTO search_vector (page_id, vector, title_vector) "
    "SELECT page_id, ts_filter(vector, '{a,b,c}') || setweight(array_to_tsvector(ARRAY("
    "  SELECT '/' || substr(token, 2, 1) || '/' || substr(token, 3) FROM unnest(tsvector_to_array(ts_filter(vector, '{d}'))) token"
    ")), 'D'), coalesce(title_vector, ''::tsvector) FROM search_document WHERE vector IS NOT NULL",
    "CREATE INDEX search_vector_gin ON search_vector USING gin (vector)",
    "CREATE INDEX search_vector_title_gin ON search_vector USING gin (title_vector)",
    "ANALYZE search_vector",
]
POSTGRES_DROP = [
    "UPDATE search_document d SET vector = ts_filter(v.vector, '{a,b,c}') || setweight(array_to_tsvector(ARRAY("
    "  SELECT 'x' || substr(token, 2, 1) || substr(token, 4) FROM unnest(tsvector_to_array(ts_filter(v.vector, '{d}'))) token"
    ")), 'D'), title_vector = v.title_vector FROM search_vector v WHERE v.page_id = d.page_id",
    "DROP TABLE search_vector",
]


def create_vector_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_vector_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0007_impact_lists")]

    operations = [
        migrations.RunPython(create_vector_table, drop_vector_table),
        migrations.RemoveField(model_name="searchdocument", name="title_vector"),
        migrations.RemoveField(model_name="searchdocument", name="vector"),
    ]
