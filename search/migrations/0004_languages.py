"""
The index searches each entry in its language, and finds Korean words inside longer ones.

Every entry has a ``language`` (the primary BCP 47 subtag of its source's language; briefings
and claims are written in English) and ``terms``: parts of words no engine finds on its own,
today the endings of each Korean eojeol ("북러조약을" gives "러조약을", "조약을", "약을", "을"), so
that a prefix query for 조약 finds it on both databases.

SQLite: the FTS5 table gains the ``terms`` column (the entry table was remade by the added
fields, which dropped the triggers; they are made again). Russian word forms are found by the
query, which also asks for each Cyrillic word's snowball stem as a prefix (search/text.py).

PostgreSQL: two more configurations beside ``search_english``: ``search_russian`` (snowball
russian without stop words, accents and ё folded by unaccent; Latin words stemmed as English)
and ``search_korean`` (words kept whole as in ``simple``, Latin words stemmed as English). The
trigger chooses the configuration by the row's language, and queries use the same one per row.
"""

from django.db import migrations, models

FTS = "search_searchentry_fts"
DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def create_sqlite(columns):
    names = ", ".join(columns)
    old = ", ".join(f"old.{c}" for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    return [
        f"""
        CREATE VIRTUAL TABLE {FTS} USING fts5(
            {names},
            content='search_searchentry', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )
        """,
        f"""
        CREATE TRIGGER {FTS}_insert AFTER INSERT ON search_searchentry BEGIN
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_delete AFTER DELETE ON search_searchentry BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_update AFTER UPDATE ON search_searchentry BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old});
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new});
        END
        """,
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


VECTOR_BY_LANGUAGE = """
CREATE OR REPLACE FUNCTION search_searchentry_vector() RETURNS trigger AS $$
DECLARE
    config regconfig := CASE NEW.language
        WHEN 'ru' THEN 'search_russian'::regconfig
        WHEN 'ko' THEN 'search_korean'::regconfig
        ELSE 'search_english'::regconfig
    END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.keywords, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.body, '')), 'D')
        || setweight(to_tsvector(config, coalesce(NEW.terms, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

VECTOR_ENGLISH = """
CREATE OR REPLACE FUNCTION search_searchentry_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('search_english'::regconfig, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('search_english'::regconfig, coalesce(NEW.keywords, '')), 'B')
        || setweight(to_tsvector('search_english'::regconfig, coalesce(NEW.body, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

REINDEX_POSTGRESQL = "UPDATE search_searchentry SET title = title"
LATIN = "asciiword, asciihword, hword_asciipart"
OTHER_WORDS = "word, hword, hword_part, numword, numhword, hword_numpart"

FORWARDS = {
    "sqlite": [*DROP_SQLITE, *create_sqlite(["title", "body", "keywords", "terms"])],
    "postgresql": [
        "CREATE TEXT SEARCH DICTIONARY search_russian_stem "
        "(TEMPLATE = snowball, Language = russian)",
        "CREATE TEXT SEARCH CONFIGURATION search_russian (COPY = russian)",
        f"ALTER TEXT SEARCH CONFIGURATION search_russian ALTER MAPPING FOR {LATIN} "
        "WITH search_english_stem",
        "ALTER TEXT SEARCH CONFIGURATION search_russian ALTER MAPPING FOR word, hword, hword_part "
        "WITH unaccent, search_russian_stem",
        "CREATE TEXT SEARCH CONFIGURATION search_korean (COPY = simple)",
        f"ALTER TEXT SEARCH CONFIGURATION search_korean ALTER MAPPING FOR {LATIN} "
        "WITH search_english_stem",
        f"ALTER TEXT SEARCH CONFIGURATION search_korean ALTER MAPPING FOR {OTHER_WORDS} "
        "WITH unaccent, simple",
        VECTOR_BY_LANGUAGE,
        REINDEX_POSTGRESQL,
    ],
}
BACKWARDS = {
    "sqlite": [*DROP_SQLITE, *create_sqlite(["title", "body", "keywords"])],
    "postgresql": [
        VECTOR_ENGLISH,
        REINDEX_POSTGRESQL,
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_korean",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_russian",
        "DROP TEXT SEARCH DICTIONARY IF EXISTS search_russian_stem",
    ],
}


def _run(schema_editor, statements):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {vendor}.")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def search_by_language(apps, schema_editor):
    _run(schema_editor, FORWARDS)


def search_in_english(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_stemmed_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The primary BCP 47 subtag of the text's language (en, ru, ko).",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="terms",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Parts of words the engines cannot find on their own: the endings "
                "of Korean words, so that a word inside a longer one is found.",
                verbose_name="word parts",
            ),
        ),
        migrations.RunPython(search_by_language, search_in_english, elidable=False),
    ]
