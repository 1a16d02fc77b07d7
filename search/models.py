"""
The search index: one denormalised row per briefing, claim and source.

The index may hold unpublished things; what a reader may find is decided at query time
by ``SearchEntryQuerySet.visible()``, through each model's own ``published()``, so a
scheduled briefing becomes findable when its time comes and an unpublished one vanishes
at once. The full-text index proper is kept by the database itself (migration 0002):
an FTS5 table with triggers on SQLite, ``search_vector`` with a trigger and a GIN index
on PostgreSQL.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from briefings.models import Briefing, Claim, TaggedBriefing, TaggedClaim
from sources.models import Source, TaggedSource

from . import text as search_text

FTS_TABLE = "search_searchentry_fts"
# bm25() weights of the FTS5 columns title, body, keywords; PostgreSQL weighs them A, D, B.
FTS_WEIGHTS = "10.0, 1.0, 4.0"


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        """Entries a reader may find: each kind through its model's one definition of public."""
        kind = SearchEntry.Kind
        return self.filter(
            Q(kind=kind.BRIEFING, object_id__in=Briefing.objects.published().values("pk"))
            | Q(kind=kind.CLAIM, object_id__in=Claim.objects.published().verified().values("pk"))
            | Q(kind=kind.SOURCE, object_id__in=Source.objects.published().values("pk"))
        )

    def with_topic(self, tag):
        """Entries whose object carries the topic ``tag`` now (not when it was indexed)."""
        kind = SearchEntry.Kind
        return self.filter(
            Q(kind=kind.BRIEFING, object_id__in=_tagged(TaggedBriefing, tag))
            | Q(kind=kind.CLAIM, object_id__in=_tagged(TaggedClaim, tag))
            | Q(kind=kind.SOURCE, object_id__in=_tagged(TaggedSource, tag))
        )

    def search(self, query):
        """
        Entries containing every word of ``query``, best first.

        Order: an exact title match, then entries with all the words in the title, then
        the engine's relevance (``rank``). A query without any word finds nothing.
        """
        terms = search_text.query_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            matching = self._match_postgresql(terms)
        else:
            matching = self._match_sqlite(terms)
        return matching.annotate(
            exact=Case(When(title_key=" ".join(terms), then=Value(1)), default=Value(0))
        ).order_by("-exact", "-in_title", "-rank", "kind", "pk")

    def _match_sqlite(self, terms):
        match, in_title = search_text.fts5_query(terms), search_text.fts5_query(terms, "title")
        return self.filter(pk__in=_fts("rowid", match)).annotate(
            rank=_fts(f"-bm25({FTS_TABLE}, {FTS_WEIGHTS})", match, models.FloatField(), row=True),
            in_title=Coalesce(_fts("1", in_title, models.IntegerField(), row=True), Value(0)),
        )

    def _match_postgresql(self, terms):
        def query(weight=""):
            text = search_text.tsquery(terms, weight=weight)
            return SearchQuery(text, search_type="raw", config="simple")

        return self.filter(search_vector=query()).annotate(
            rank=SearchRank(F("search_vector"), query(), normalization=Value(1)),
            in_title=Case(When(search_vector=query("A"), then=Value(1)), default=Value(0)),
        )


def _fts(select, match, output_field=None, *, row=False):
    """A subquery on the FTS5 table, for all matching rows or (``row``) the outer entry's."""
    # Only constants are formatted into the SQL; the reader's words are the parameter.
    sql = f"SELECT {select} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    if row:
        sql += f" AND {FTS_TABLE}.rowid = search_searchentry.id"
    return RawSQL(sql, (match,), output_field=output_field)  # noqa: S611


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
