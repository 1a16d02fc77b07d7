"""
The search index: one denormalised row per briefing, claim and source.

The index may hold unpublished things; what a reader may find is decided at query time
by ``SearchEntryQuerySet.visible()``, through each model's own ``published()``, so a
scheduled briefing becomes findable when its time comes and an unpublished one vanishes
at once. The full-text index proper is kept by the database itself (migrations 0002 and
0003): an FTS5 table with triggers on SQLite, ``search_vector`` with a trigger and a GIN
index on PostgreSQL; both stem English words and fold accents.
"""

from collections import Counter

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Claim, TaggedBriefing, TaggedClaim
from sources.models import Source, TaggedSource

from . import text as search_text

FTS_TABLE = "search_searchentry_fts"
# bm25() weights of the FTS5 columns title, body, keywords, terms; PostgreSQL weighs them
# A, D, B, D.
FTS_WEIGHTS = "10.0, 1.0, 4.0, 1.0"
# The text-search configuration of each language (migrations 0003 and 0004); every other
# language is searched with the English one (accents folded, English stems).
PG_CONFIGS = {"ru": "search_russian", "ko": "search_korean"}
PG_DEFAULT_CONFIG = "search_english"


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        """
        Entries a reader may find: each kind through its model's one definition of public.

        Each entry looks its object up by primary key (EXISTS), rather than listing every
        public claim to compare against, so a search pays per match, not per claim held.
        """
        kind = SearchEntry.Kind
        return self.filter(
            # The kind first: each entry looks up its own kind's object only.
            (Q(kind=kind.BRIEFING) & _found_in(Briefing.objects.published()))
            | (Q(kind=kind.CLAIM) & _found_in(Claim.objects.published().verified()))
            | (Q(kind=kind.SOURCE) & _found_in(Source.objects.published()))
        )

    def with_topic(self, tag):
        """Entries whose object carries the topic ``tag`` now (not when it was indexed)."""
        kind = SearchEntry.Kind
        return self.filter(
            Q(kind=kind.BRIEFING, object_id__in=_tagged(TaggedBriefing, tag))
            | Q(kind=kind.CLAIM, object_id__in=_tagged(TaggedClaim, tag))
            | Q(kind=kind.SOURCE, object_id__in=_tagged(TaggedSource, tag))
        )

    def topic_counts(self):
        """How many of these entries carry each topic now, as {tag id: count}; one query."""
        return _count_topics({kind: self.filter(kind=kind).values("object_id") for kind in KINDS})

    def first_keys(self, limit):
        """
        ``(pk, kind, object_id)`` of the first ``limit`` entries, in order; one query.

        On a search, the engine ranks the matches and keeps the best ``limit``
        (ORDER BY ... LIMIT), and no text leaves the database: a page of a common
        word reads its thousand best keys, not its tens of thousands of entries.
        """
        return list(self.values_list("pk", "kind", "object_id")[:limit])

    def in_order(self, pks):
        """The entries ``pks``, in that order, with what a result shows; one query."""
        found = self.filter(pk__in=pks).defer("search_vector", "terms", "keywords")
        by_pk = {entry.pk: entry for entry in found}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def search(self, query):
        """
        Entries containing every word of ``query`` (in any form or spelling), best first.

        Order: an exact title match, then entries with all the words in the title, then
        the engine's relevance (``rank``). A query without any word finds nothing. The
        relevance is computed in the same pass as the match, so a page of a common word
        costs one scan of its matches, not one per match.
        """
        terms = search_text.query_terms(query)
        if not terms:
            return self.none()
        groups = search_text.query_groups(terms)
        if connections[self.db].vendor == "postgresql":
            matching = self._match_postgresql(groups)
        else:
            matching = self._match_sqlite(groups)
        return matching.annotate(
            exact=Case(When(title_key=" ".join(terms), then=Value(1)), default=Value(0))
        ).order_by("-exact", "-in_title", "-rank", "kind", "pk")

    def _match_sqlite(self, groups):
        match = search_text.fts5_query(groups)
        in_title = search_text.fts5_query(groups, "title")
        # bm25() can only be read in a query whose FROM holds the FTS5 table with its
        # MATCH, so the table is added with extra(); only constants are formatted in.
        return (
            self.extra(  # noqa: S610
                tables=[FTS_TABLE], select={"rank": f"-bm25({FTS_TABLE}, {FTS_WEIGHTS})"}
            )
            .filter(_JoinedMatch(match))
            .annotate(
                # Not correlated with the outer row: SQLite runs this match once per query.
                in_title=Case(When(pk__in=_fts_rowids(in_title), then=Value(1)), default=Value(0))
            )
        )

    def _match_postgresql(self, groups):
        """Each entry matched and ranked with its own language's configuration."""
        text, in_title = search_text.tsquery(groups), search_text.tsquery(groups, weight="A")
        match, rank, title = Q(), [], []
        for config, rows in _pg_languages():
            query = SearchQuery(text, search_type="raw", config=config)
            title_query = SearchQuery(in_title, search_type="raw", config=config)
            match |= rows & Q(search_vector=query)
            score = SearchRank(F("search_vector"), query, normalization=Value(1))
            rank.append(When(rows, then=score))
            title.append(When(rows & Q(search_vector=title_query), then=Value(1)))
        return self.filter(match).annotate(
            rank=Case(*rank, output_field=models.FloatField()),
            in_title=Case(*title, default=Value(0)),
        )


def _pg_languages():
    """``(configuration, rows)`` for each configuration, the default one last."""
    for language, config in PG_CONFIGS.items():
        yield config, Q(language=language)
    yield PG_DEFAULT_CONFIG, ~Q(language__in=list(PG_CONFIGS))


class _JoinedMatch(Expression):
    """The FTS5 rows that ``match`` finds, joined to their entries (whatever its alias)."""

    output_field = models.BooleanField()

    def __init__(self, match):
        super().__init__()
        self.match = match

    def as_sql(self, compiler, connection):
        # In a subquery the entry table is renamed ("U0"): ask the query for its alias.
        entry = compiler.quote_name_unless_alias(compiler.query.base_table)
        # The unary "+" keeps SQLite from looking the FTS5 table up by rowid for each
        # entry (which runs the whole match again per row): the match is the outer loop,
        # each of its rows finds its entry by primary key.
        sql = f"(+{FTS_TABLE}.rowid = {entry}.id AND {FTS_TABLE} MATCH %s)"
        return sql, (self.match,)


def _fts_rowids(match):
    """The ids of the entries that ``match`` (an FTS5 expression) finds."""
    # Only constants are formatted into the SQL; the reader's words are the parameter.
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    return RawSQL(sql, (match,))  # noqa: S611


def topic_counts_of(keys):
    """:meth:`SearchEntryQuerySet.topic_counts` of the entries ``keys`` (``first_keys``)."""
    object_ids = {}
    for _pk, kind, object_id in keys:
        object_ids.setdefault(kind, []).append(object_id)
    # The objects' ids, not the entries': each through table is looked up by its index.
    return _count_topics(object_ids)


def _count_topics(object_ids):
    """{tag id: count} of the objects ``object_ids`` ({kind: ids}); one query, none if empty."""
    parts = [
        THROUGH[kind]
        .objects.filter(content_object_id__in=ids)
        .order_by()
        .values("tag_id")
        .annotate(n=Count("pk"))
        for kind, ids in object_ids.items()
    ]
    counts = Counter()
    if parts:
        for row in parts[0].union(*parts[1:], all=True):
            counts[row["tag_id"]] += row["n"]
    return counts


def _found_in(objects):
    """Whether the entry's object is one of ``objects``: a lookup by its primary key."""
    return Exists(objects.filter(pk=OuterRef("object_id")))


def _tagged(through, tag):
    return through.objects.filter(tag=tag).values("content_object_id")


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("briefing")
        CLAIM = "claim", _("claim")
        SOURCE = "source", _("source")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.TextField(_("title"))
    title_key = models.TextField(_("title words"), editable=False)
    body = models.TextField(_("text"), blank=True)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Topics, publisher and authors.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The primary BCP 47 subtag of the text's language (en, ru, ko)."),
    )
    terms = models.TextField(
        _("word parts"),
        blank=True,
        editable=False,
        help_text=_(
            "Parts of words the engines cannot find on their own: the endings of Korean "
            "words, so that a word inside a longer one is found."
        ),
    )
    # Filled by a database trigger on PostgreSQL; unused (always empty) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title[:80]}"


KINDS = list(SearchEntry.Kind)
THROUGH = {
    SearchEntry.Kind.BRIEFING: TaggedBriefing,
    SearchEntry.Kind.CLAIM: TaggedClaim,
    SearchEntry.Kind.SOURCE: TaggedSource,
}
