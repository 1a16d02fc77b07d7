"""Search results as readers see them: the objects found, with highlighted title and snippet."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString

from briefings.models import Briefing, Claim
from briefings.topics import public_topics
from sources.models import Source

from .models import SearchEntry
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


def search_results(entries, query):
    """The page's entries as results, in order; one query (and its prefetches) per kind."""
    matches = matcher_for(query)
    entries = list(entries)
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


def topic_counts(entries):
    """The public topics of ``entries`` (search results), most frequent first; two queries."""
    counts = entries.topic_counts()
    if not counts:
        return []
    topics = public_topics().filter(pk__in=list(counts)).values("slug", "name", "pk")
    found = [TopicCount(t["slug"], t["name"], counts[t["pk"]]) for t in topics]
    return sorted(found, key=lambda topic: (-topic.matches, topic.name.lower()))
