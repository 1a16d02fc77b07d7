"""Search results as readers see them: the objects found, with highlighted title and snippet."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.safestring import SafeString

from briefings.models import Briefing, Claim
from briefings.topics import topics_in_use
from sources.models import Source

from .models import SearchEntry, topic_counts_of
from .text import WordMatcher, highlight, query_groups, query_terms, snippet

Kind = SearchEntry.Kind
# The stemming algorithm each database applies (migration 0003), to mark what it matched.
STEMMERS = {"sqlite": "porter", "postgresql": "english"}


def _visible(kind):
    """The objects of ``kind`` a reader may see, bundled for a result list."""
    if kind == Kind.BRIEFING:
        return Briefing.objects.published().for_list()
    if kind == Kind.CLAIM:
        return Claim.objects.published().verified().prefetch_related("tags")
    return Source.objects.published().for_list().defer("body")


@dataclass(frozen=True)
class SearchResult:
    entry: SearchEntry
    object: Briefing | Claim | Source
    title: SafeString
    snippet: SafeString

    @property
    def kind(self):
        return self.entry.kind

    @property
    def kind_label(self):
        return self.entry.get_kind_display()


def matcher_for(query):
    """Which words of a result the database matched for ``query``, by its stemmer."""
    groups = query_groups(query_terms(query))
    return WordMatcher(groups, STEMMERS.get(connection.vendor, "porter"))


@dataclass(frozen=True)
class Hits:
    """
    The best entries a search finds, at most ``limit`` of them, and whether it found more.

    ``keys`` are ``(pk, kind, object_id)``, best first. The page is cut from them, its
    topics counted over them; past ``limit`` the reader is told "more than" (as
    Elasticsearch's ``track_total_hits``), never a number the database did not count.
    """

    keys: list
    limit: int
    more: bool

    @classmethod
    def of(cls, entries, limit=None):
        """The best of ``entries`` (a searched, visible query set); one query."""
        limit = settings.SEARCH_MAX_RESULTS if limit is None else limit
        # One more than the limit tells whether there are more, without counting them.
        keys = entries.first_keys(limit + 1)
        return cls(keys=keys[:limit], limit=limit, more=len(keys) > limit)


def search_results(keys, query):
    """The entries ``keys`` (a page of hits) as results, in order; one query per kind."""
    matches = matcher_for(query)
    entries = SearchEntry.objects.in_order([pk for pk, _kind, _object_id in keys])
    wanted = defaultdict(list)
    for entry in entries:
        wanted[entry.kind].append(entry.object_id)
    found = {
        (kind, obj.pk): obj
        for kind, pks in wanted.items()
        for obj in _visible(kind).filter(pk__in=pks)
    }
    return [
        SearchResult(
            entry=entry,
            object=found[entry.kind, entry.object_id],
            title=highlight(entry.title, matches),
            snippet=snippet(entry.body, matches),
        )
        for entry in entries
        if (entry.kind, entry.object_id) in found
    ]


@dataclass(frozen=True)
class TopicCount:
    slug: str
    name: str
    matches: int


def topic_counts(hits):
    """The public topics of ``hits``, most frequent first; two queries (none without hits)."""
    counts = topic_counts_of(hits.keys)
    if not counts:
        return []
    topics = topics_in_use().filter(pk__in=list(counts)).values("slug", "name", "pk")
    found = [TopicCount(t["slug"], t["name"], counts[t["pk"]]) for t in topics]
    return sorted(found, key=lambda topic: (-topic.matches, topic.name.lower()))
