"""
Passages for the evidence finder, with a full-text index the database keeps itself.

SQLite: an FTS5 table over ``terms`` (external content) and triggers that copy every
insert, update and delete into it; the ``unicode61`` tokenizer without folding, since the
terms are already folded and stemmed (``sources.passages``). PostgreSQL: a trigger that
makes ``vector`` from the terms exactly as they are (``array_to_tsvector``, no parser or
dictionary) and a GIN index over it. Existing sources are cut into passages here.

Note for later migrations: on SQLite, altering sources_passage rebuilds the table, which
drops its triggers; such a migration must create them again (and rebuild the FTS table).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


FTS = "sources_passage_fts"
CREATE_SQLITE = [
    f"""
    CREATE VIRTUAL TABLE {FTS} USING fts5(
        terms, content='sources_passage', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    f"""
    CREATE TRIGGER {FTS}_insert AFTER INSERT ON sources_passage BEGIN
        INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_delete AFTER DELETE ON sources_passage BEGIN
        INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_update AFTER UPDATE ON sources_passage BEGIN
        INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms);
    END
    """,
]
DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
CREATE_POSTGRESQL = [
    """
    CREATE FUNCTION sources_passage_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector := array_to_tsvector(
            array_remove(string_to_array(coalesce(NEW.terms, ''), ' '), '')
        );
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER sources_passage_vector BEFORE INSERT OR UPDATE ON sources_passage
    FOR EACH ROW EXECUTE FUNCTION sources_passage_vector()
    """,
    "CREATE INDEX sources_passage_vector_gin ON sources_passage USING gin (vector)",
]
DROP_POSTGRESQL = [
    "DROP INDEX IF EXISTS sources_passage_vector_gin",
    "DROP TRIGGER IF EXISTS sources_passage_vector ON sources_passage",
    "DROP FUNCTION IF EXISTS sources_passage_vector()",
]
STATEMENTS = {
    "sqlite": (CREATE_SQLITE, DROP_SQLITE),
    "postgresql": (CREATE_POSTGRESQL, DROP_POSTGRESQL),
}


def _run(schema_editor, which):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"The passage index needs SQLite or PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor][which]:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    _run(schema_editor, 0)


def drop_index(apps, schema_editor):
    _run(schema_editor, 1)


def cut_existing_sources(apps, schema_editor):
    from sources.passages import passage_spans

    Source = apps.get_model("sources", "Source")
    Passage = apps.get_model("sources", "Passage")
    for source_id, body in Source.objects.order_by("pk").values_list("pk", "body").iterator():
        Passage.objects.bulk_create(
            Passage(
                source_id=source_id,
                position=span.position,
                start=span.start,
                end=span.end,
                text=span.text,
                terms=" ".join(span.terms),
                length=len(span.terms),
            )
            for span in passage_spans(body)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0009_primary_kinds_and_archived_copy"),
    ]

    operations = [
        migrations.CreateModel(
            name="Passage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(verbose_name="position")),
                ("start", models.PositiveIntegerField(verbose_name="start offset")),
                ("end", models.PositiveIntegerField(verbose_name="end offset")),
                ("text", models.TextField(verbose_name="text")),
                (
                    "terms",
                    models.TextField(
                        help_text="Folded, stemmed words.", verbose_name="indexed terms"
                    ),
                ),
                ("length", models.PositiveIntegerField(default=0, verbose_name="terms")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="passages",
                        to="sources.source",
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "passage",
                "verbose_name_plural": "passages",
                "ordering": ["source", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "position"), name="passage_position_once"
                    )
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(cut_existing_sources, migrations.RunPython.noop, elidable=False),
    ]
