"""The index keeps each text once.

A document's summary, body, analysed terms, vocabulary and similarity terms were columns of their
own, and SQLite's FTS5 tables kept a second copy of everything they indexed: at 100,000 items the
index was 744 MB for 144 MB of text. Now the document table keeps the summary, body, keywords,
analysed terms and facet tokens in one compressed value (search.engines.stored.StoredDocument);
the vocabulary and the similarity terms are computed from it when needed; the FTS5 tables are
contentless (a document is taken out with FTS5's 'delete' command and the values it was written
with, which `stored` keeps); and the facet table loses two indexes that its (document, facet,
value) index makes redundant.

Existing documents are carried over, so the index keeps working without a rebuild: on SQLite the
analysed terms and facet tokens are taken from the old FTS5 content, exactly what the new tables
are given. The keywords were never stored, only the vocabulary they added; the words of the
vocabulary that the title, summary and body do not contain stand in for them, which gives the same
vocabulary when the document is replaced. On PostgreSQL the facet tokens are not carried over:
there a document leaves the index by its page id, and they are never read.
"""

import zlib

from django.db import migrations, models

from search.analysis import words

BATCH = 1000
SEPARATOR = "\x00"
VOCABULARY_MIN_LENGTH = 3
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
CONTENTLESS = [
    f"CREATE VIRTUAL TABLE search_fts_new USING fts5(title, summary, body, keywords, facets, content = '', {TOKENIZE})",
    "INSERT INTO search_fts_new (rowid, title, summary, body, keywords, facets) "
    "SELECT rowid, title, summary, body, keywords, facets FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_new RENAME TO search_fts",
    f"CREATE VIRTUAL TABLE search_title_fts_new USING fts5(title_words, content = '', {TOKENIZE}, prefix = '2 3')",
    "INSERT INTO search_title_fts_new (rowid, title_words) SELECT rowid, title_words FROM search_title_fts",
    "DROP TABLE search_title_fts",
    "ALTER TABLE search_title_fts_new RENAME TO search_title_fts",
]


def vocabulary_words(*texts):
    return {w for text in texts for w in words(text) if len(w) >= VOCABULARY_MIN_LENGTH and not w.isdigit()}


def packed(*values):
    return zlib.compress(SEPARATOR.join(v.replace(SEPARATOR, " ") for v in values).encode("utf-8"), 6)


def pack_documents(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_id FROM search_document ORDER BY page_id")
        page_ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(page_ids), BATCH):
            batch = page_ids[start : start + BATCH]
            placeholders = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"SELECT page_id, title, summary, body, analysed, vocabulary FROM search_document WHERE page_id IN ({placeholders})",
                batch,
            )
            documents = cursor.fetchall()
            indexed = {}
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"SELECT rowid, title, summary, body, keywords, facets FROM search_fts WHERE rowid IN ({placeholders})", batch
                )
                indexed = {row[0]: ("\n".join(row[1:5]), row[5]) for row in cursor.fetchall()}
            rows = []
            for page_id, title, summary, body, analysed, vocabulary in documents:
                analysed, facet_tokens = indexed.get(page_id, (analysed, ""))
                keywords = " ".join(sorted(set(vocabulary.split()) - vocabulary_words(title, summary, body)))
                rows.append((packed(analysed, facet_tokens, summary, body, keywords), page_id))
            cursor.executemany("UPDATE search_document SET stored = %s WHERE page_id = %s", rows)
    if connection.vendor == "sqlite":
        for statement in CONTENTLESS:
            schema_editor.execute(statement)


def unpack_documents(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE VIRTUAL TABLE search_fts_old USING fts5(title, summary, body, keywords, facets, {TOKENIZE})")
        schema_editor.execute(f"CREATE VIRTUAL TABLE search_title_fts_old USING fts5(title_words, {TOKENIZE}, prefix = '2 3')")
    with connection.cursor() as cursor:
        cursor.execute("SELECT page_id, title, stored FROM search_document")
        rows, fts_rows, title_rows = [], [], []
        for page_id, title, data in cursor.fetchall():
            analysed, facet_tokens, summary, body, keywords = (
                zlib.decompress(bytes(data)).decode("utf-8").split(SEPARATOR) if data else [""] * 5
            )
            vocabulary = " ".join(sorted(vocabulary_words(title, summary, body, keywords)))
            rows.append((summary, body, analysed, vocabulary, page_id))
            fields = (analysed.split("\n") + [""] * 4)[:4]
            fts_rows.append((page_id, *fields, facet_tokens))
            title_rows.append((page_id, " ".join(words(title))))
        # The similarity terms come back with the next rebuild (`manage.py search_index rebuild`).
        cursor.executemany(
            "UPDATE search_document SET summary = %s, body = %s, analysed = %s, vocabulary = %s WHERE page_id = %s", rows
        )
        if connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO search_fts_old (rowid, title, summary, body, keywords, facets) VALUES (%s, %s, %s, %s, %s, %s)", fts_rows
            )
            cursor.executemany("INSERT INTO search_title_fts_old (rowid, title_words) VALUES (%s, %s)", title_rows)
    if connection.vendor == "sqlite":
        for statement in (
            "DROP TABLE search_fts", "ALTER TABLE search_fts_old RENAME TO search_fts",
            "DROP TABLE search_title_fts", "ALTER TABLE search_title_fts_old RENAME TO search_title_fts",
        ):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("veldwerk_search", "0009_title_index_of_its_own")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="stored",
            field=models.BinaryField(
                default=b"",
                help_text="the analysed terms, facet tokens, summary, body and keywords, compressed "
                "(search.engines.stored.StoredDocument)",
            ),
        ),
        migrations.RunPython(pack_documents, unpack_documents),
        migrations.RemoveField(model_name="searchdocument", name="analysed"),
        migrations.RemoveField(model_name="searchdocument", name="body"),
        migrations.RemoveField(model_name="searchdocument", name="similarity_terms"),
        migrations.RemoveField(model_name="searchdocument", name="summary"),
        migrations.RemoveField(model_name="searchdocument", name="vocabulary"),
        migrations.RemoveIndex(model_name="searchfacet", name="search_face_facet_14397c_idx"),
        migrations.AlterField(
            model_name="searchfacet",
            name="document",
            field=models.ForeignKey(
                db_index=False, on_delete=models.deletion.CASCADE, related_name="facet_values",
                to="veldwerk_search.searchdocument",
            ),
        ),
    ]
