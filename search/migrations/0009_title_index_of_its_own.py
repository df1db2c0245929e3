"""SQLite: autocomplete's title words move to an FTS5 table of their own, the only one with prefix
indexes. In the main table the prefix indexes covered every word of every text and made up more
than half of it (10,000 items: 47 MB of which 26 MB for the prefixes). PostgreSQL is unchanged."""

from django.db import migrations

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
FORWARD = [
    f"CREATE VIRTUAL TABLE search_title_fts USING fts5(title_words, {TOKENIZE}, prefix = '2 3')",
    "INSERT INTO search_title_fts (rowid, title_words) SELECT rowid, title_words FROM search_fts",
    f"CREATE VIRTUAL TABLE search_fts_text USING fts5(title, summary, body, keywords, facets, {TOKENIZE})",
    "INSERT INTO search_fts_text (rowid, title, summary, body, keywords, facets) "
    "SELECT rowid, title, summary, body, keywords, facets FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_text RENAME TO search_fts",
]
BACKWARD = [
    f"CREATE VIRTUAL TABLE search_fts_all USING fts5(title, summary, body, keywords, facets, title_words, {TOKENIZE}, prefix = '2 3')",
    "INSERT INTO search_fts_all (rowid, title, summary, body, keywords, facets, title_words) "
    "SELECT f.rowid, f.title, f.summary, f.body, f.keywords, f.facets, t.title_words "
    "FROM search_fts f LEFT JOIN search_title_fts t ON t.rowid = f.rowid",
    "DROP TABLE search_fts",
    "DROP TABLE search_title_fts",
    "ALTER TABLE search_fts_all RENAME TO search_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0008_narrow_vector_table")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
