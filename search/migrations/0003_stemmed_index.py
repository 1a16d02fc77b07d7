"""
The full-text index understands word forms and accents on both databases.

SQLite: the FTS5 table is made again with the porter tokenizer over unicode61 with
``remove_diacritics 2`` ("railways" is indexed as "railwai", "café" as "cafe"), its
triggers with it, and the index is filled again.

PostgreSQL: the ``unaccent`` extension and a text-search configuration
``search_english``: PostgreSQL's ``english`` configuration with accents folded
(``unaccent``) before its snowball stemmer, and without its stop-word list, so that,
as on SQLite, every word of a query must occur ("the" is not silently dropped). The
trigger builds ``search_vector`` with it and every row is indexed again; the GIN index
over ``search_vector`` stays as it is, and queries use the same configuration.
"""

from django.db import migrations

FTS = "search_searchentry_fts"
DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def create_sqlite(tokenize):
    columns = "rowid, title, body, keywords"
    old = "old.id, old.title, old.body, old.keywords"
    new = "new.id, new.title, new.body, new.keywords"
    return [
        f"""
        CREATE VIRTUAL TABLE {FTS} USING fts5(
            title, body, keywords,
            content='search_searchentry', content_rowid='id',
            tokenize='{tokenize}'
        )
        """,
        f"""
        CREATE TRIGGER {FTS}_insert AFTER INSERT ON search_searchentry BEGIN
            INSERT INTO {FTS}({columns}) VALUES ({new});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_delete AFTER DELETE ON search_searchentry BEGIN
            INSERT INTO {FTS}({FTS}, {columns}) VALUES ('delete', {old});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_update AFTER UPDATE ON search_searchentry BEGIN
            INSERT INTO {FTS}({FTS}, {columns}) VALUES ('delete', {old});
            INSERT INTO {FTS}({columns}) VALUES ({new});
        END
        """,
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


def vector_function(config):
    return f"""
    CREATE OR REPLACE FUNCTION search_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.keywords, '')), 'B')
            || setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.body, '')), 'D');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """


REINDEX_POSTGRESQL = "UPDATE search_searchentry SET title = title"

FORWARDS = {
    "sqlite": [*DROP_SQLITE, *create_sqlite("porter unicode61 remove_diacritics 2")],
    "postgresql": [
        # A trusted extension (PostgreSQL 13+): a database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH DICTIONARY search_english_stem "
        "(TEMPLATE = snowball, Language = english)",
        "CREATE TEXT SEARCH CONFIGURATION search_english (COPY = english)",
        "ALTER TEXT SEARCH CONFIGURATION search_english "
        "ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH search_english_stem",
        "ALTER TEXT SEARCH CONFIGURATION search_english "
        "ALTER MAPPING FOR word, hword, hword_part WITH unaccent, search_english_stem",
        vector_function("search_english"),
        REINDEX_POSTGRESQL,
    ],
}
BACKWARDS = {
    "sqlite": [*DROP_SQLITE, *create_sqlite("unicode61 remove_diacritics 0")],
    "postgresql": [
        vector_function("simple"),
        REINDEX_POSTGRESQL,
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_english",
        "DROP TEXT SEARCH DICTIONARY IF EXISTS search_english_stem",
        # unaccent stays: other code may use it, and it costs nothing.
    ],
}


def _run(schema_editor, statements):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {vendor}.")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def stem_and_fold(apps, schema_editor):
    _run(schema_editor, FORWARDS)


def keep_words_as_they_are(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.RunPython(stem_and_fold, keep_words_as_they_are, elidable=False),
    ]
