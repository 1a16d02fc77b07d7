"""Writes to the search index: one object at a time, or the whole index rebuilt."""

import html
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.html import strip_tags
from taggit.models import Tag

from briefings.models import Briefing, Claim, Section
from sources.models import Source
from sources.text import primary_language

from .models import SearchEntry
from .text import hangul_suffixes, letter_folded_words, title_key

# Enough for any document's words to be found; keeps one huge text from bloating the
# index (PostgreSQL refuses a tsvector over 1 MB).
MAX_BODY_LENGTH = 200_000
BATCH_SIZE = 500

Indexable = Briefing | Claim | Source


@dataclass(frozen=True)
class Document:
    """What the index holds of one object: its title, its text and its keywords."""

    title: str
    body: str
    keywords: str
    # The primary BCP 47 subtag of the text's language: editors write in English.
    language: str = "en"


def _plain(rendered):
    """The words of editor-written Markdown (as stored, rendered), without its markup."""
    return html.unescape(strip_tags(rendered))


def _join(*parts):
    return "\n\n".join(part for part in parts if part)


def _topics(obj):
    return [tag.name for tag in obj.tags.all()]


def briefing_document(briefing: Briefing) -> Document:
    sections = [_join(s.heading, _plain(s.body_rendered)) for s in briefing.sections.all()]
    return Document(
        title=briefing.title,
        body=_join(briefing.standfirst, _plain(briefing.introduction_rendered), *sections),
        keywords=" ".join(_topics(briefing)),
    )


def claim_document(claim: Claim) -> Document:
    """A claim is found by its statement and by the passages it quotes and their translations."""
    citations = list(claim.citations.all())
    return Document(
        title=claim.statement,
        body=_join(*(_join(citation.quote, citation.translation) for citation in citations)),
        keywords=" ".join([*_topics(claim), *(c.attribution for c in citations)]),
    )


def source_document(source: Source) -> Document:
    return Document(
        title=source.title,
        body=source.body,
        keywords=" ".join([*_topics(source), source.publisher, source.authors]),
        language=primary_language(source.language),
    )


# Per model: its kind in the index, what to prefetch, and how to describe one object.
KINDS = {
    Briefing: (
        SearchEntry.Kind.BRIEFING,
        ("tags", models.Prefetch("sections", queryset=Section.objects.order_by("position"))),
        briefing_document,
    ),
    Claim: (SearchEntry.Kind.CLAIM, ("tags", "citations"), claim_document),
    Source: (SearchEntry.Kind.SOURCE, ("tags",), source_document),
}


def _entry(kind, pk, document):
    body = document.body[:MAX_BODY_LENGTH]
    # Words with letters FTS5 cannot fold ("Kłyszcz") are also indexed folded ("klyszcz").
    folded = letter_folded_words(_join(document.title, body, document.keywords))
    return SearchEntry(
        kind=kind,
        object_id=pk,
        title=document.title,
        title_key=title_key(document.title),
        body=body,
        keywords=" ".join([document.keywords, *folded]).strip(),
        language=document.language,
        terms=" ".join(hangul_suffixes(_join(document.title, body, document.keywords))),
    )


@transaction.atomic
def search_index_object(*, obj: Indexable) -> SearchEntry | None:
    """
    Bring ``obj``'s index entry up to date with the database; remove it if ``obj`` is gone.

    The object is read again, so a caller's stale related objects never reach the index.
    """
    kind, prefetch, describe = KINDS[type(obj)]
    fresh = type(obj).objects.filter(pk=obj.pk).prefetch_related(*prefetch).first()
    if fresh is None:
        search_remove_object(obj=obj)
        return None
    entry = _entry(kind, fresh.pk, describe(fresh))
    names = ("title", "title_key", "body", "keywords", "language", "terms")
    fields = {name: getattr(entry, name) for name in names}
    entry, _ = SearchEntry.objects.update_or_create(kind=kind, object_id=fresh.pk, defaults=fields)
    return entry


@transaction.atomic
def search_remove_object(*, obj: Indexable) -> None:
    """Take ``obj`` out of the index."""
    kind = KINDS[type(obj)][0]
    SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()


@transaction.atomic
def search_index_topic(*, tag: Tag) -> int:
    """Re-index everything tagged ``tag`` (its name is among their keywords); return how many."""
    objects = [obj for model in KINDS for obj in model.objects.filter(tags=tag).only("pk")]
    for obj in objects:
        search_index_object(obj=obj)
    return len(objects)


@transaction.atomic
def search_index_citing_claims(*, source: Source) -> int:
    """Re-index the claims quoting ``source`` (their quotes follow its text); return how many."""
    claims = list(Claim.objects.filter(citations__source=source).distinct().only("pk"))
    for claim in claims:
        search_index_object(obj=claim)
    return len(claims)


def search_documents():
    """Every indexable object as a fresh ``SearchEntry``, read in batches."""
    for model, (kind, prefetch, describe) in KINDS.items():
        objects = model.objects.order_by("pk").prefetch_related(*prefetch)
        for obj in objects.iterator(chunk_size=BATCH_SIZE):
            yield _entry(kind, obj.pk, describe(obj))


@transaction.atomic
def search_rebuild(*, dry_run: bool = False) -> dict:
    """
    Rebuild the whole index from the database; return how many entries of each kind.

    The index holds unpublished objects too: visibility is decided when searching.
    """
    entries = list(search_documents())
    counts = {kind.value: 0 for kind in SearchEntry.Kind}
    for entry in entries:
        counts[entry.kind] += 1
    if not dry_run:
        SearchEntry.objects.all().delete()
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return counts
