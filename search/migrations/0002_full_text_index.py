"""The full-text index of the database engine, in the form each database supports.

SQLite: an FTS5 table whose rowid is the page id; its text is analysed in Python
before it is stored, so the plain unicode61 tokenizer is enough.
PostgreSQL: GIN indexes on the weighted tsvector and on the title vector.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, keywords, facets, title_words, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
)
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS search_document_vector_gin ON search_document USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_document_title_vector_gin ON search_document USING gin (title_vector)",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_vector_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_document_title_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
