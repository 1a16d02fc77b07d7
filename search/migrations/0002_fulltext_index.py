"""
The full-text index, kept in step with search_searchentry by the database itself.

SQLite: an FTS5 table over the entry table's columns (external content) and triggers
that copy every insert, update and delete into it. PostgreSQL: a trigger that fills
``search_vector`` and a GIN index over it. Both treat words alike: lower-cased, no
stemming, no stop words, accents kept ('simple' configuration, unicode61 tokenizer).

Note for later migrations: on SQLite, altering search_searchentry rebuilds the table,
which drops its triggers; such a migration must run CREATE_SQLITE again (and a rebuild).
"""

from django.db import migrations

CREATE_SQLITE = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, body, keywords,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, body, keywords)
        VALUES (new.id, new.title, new.body, new.keywords);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body, keywords)
        VALUES ('delete', old.id, old.title, old.body, old.keywords);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body, keywords)
        VALUES ('delete', old.id, old.title, old.body, old.keywords);
        INSERT INTO search_searchentry_fts(rowid, title, body, keywords)
        VALUES (new.id, new.title, new.body, new.keywords);
    END
    """,
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
DROP_SQLITE = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]

CREATE_POSTGRESQL = [
    """
    CREATE FUNCTION search_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.keywords, '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.body, '')), 'D');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER search_searchentry_vector BEFORE INSERT OR UPDATE ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_searchentry_vector()
    """,
    "UPDATE search_searchentry SET title = title",
    "CREATE INDEX search_searchentry_vector_gin ON search_searchentry USING gin (search_vector)",
]
DROP_POSTGRESQL = [
    "DROP INDEX IF EXISTS search_searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS search_searchentry_vector ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_searchentry_vector()",
    "UPDATE search_searchentry SET search_vector = NULL",
]

STATEMENTS = {
    "sqlite": (CREATE_SQLITE, DROP_SQLITE),
    "postgresql": (CREATE_POSTGRESQL, DROP_POSTGRESQL),
}


def _run(schema_editor, which):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor][which]:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    _run(schema_editor, 0)


def drop_index(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
