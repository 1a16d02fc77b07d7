"""Writes that create or change sources, each validated and atomic."""

import enum
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from rnk_site import pagecache

from . import caching
from . import text as text_utils
from .disagreement import find_disagreements
from .importing import DocumentError, ParsedDocument, read_document
from .models import DatePrecision, Passage, Source, SourceDisagreement, SourceOverlap
from .overlap import Document, find_overlaps
from .passages import passage_spans

# Metadata an import copies when the document states it; anything unstated keeps the model default.
_IMPORTED_FIELDS = ("title", "url", "publisher", "authors", "language")


class ImportOutcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportResult:
    """What importing one document did; ``previous_body`` is the text an update replaced."""

    outcome: ImportOutcome
    source: Source
    previous_body: str = ""


def source_import(
    *,
    path_or_document: Path | str | ParsedDocument,
    dry_run: bool = False,
    may_update: bool = True,
) -> ImportResult:
    """
    Import one document: the same text again is unchanged, new text for a held URL
    updates that source, anything else creates a source.

    Raises :class:`~sources.importing.DocumentError` with a one-line reason for a
    file that cannot be read or a document that does not validate; nothing is
    written then, and nothing at all on a dry run. With ``may_update`` false, a
    document that would replace a held source's text is refused the same way.
    """
    if isinstance(path_or_document, ParsedDocument):
        document = path_or_document
    else:
        document = read_document(Path(path_or_document))
    with transaction.atomic():
        result = _import_document(document, may_update=may_update)
        if result.outcome != ImportOutcome.UNCHANGED:
            overlaps_refresh(sources=[result.source])
        if result.outcome == ImportOutcome.CREATED:
            # An updated text was rechecked when it was saved (source_text_changed).
            disagreements_refresh(sources=[result.source])
        if dry_run:
            # Run every query and check, then roll back: a dry run reports what would happen.
            transaction.set_rollback(True)
    return result


def _import_document(document, *, may_update=True):
    same_text = Source.objects.filter(fingerprint=text_utils.fingerprint(document.body)).first()
    if same_text is not None:
        return ImportResult(outcome=ImportOutcome.UNCHANGED, source=same_text)
    held = None
    if document.url:
        held = Source.objects.select_for_update().filter(url=document.url).first()
    if held is None:
        source = Source(body=document.body, **_metadata(document))
        _validate_and_save(source)
        return ImportResult(outcome=ImportOutcome.CREATED, source=source)
    if not may_update:
        raise DocumentError(
            _(
                "a source with this URL is already held (“%(title)s”); replacing its text "
                "needs permission to change sources"
            )
            % {"title": held.title}
        )
    previous_body = held.body
    _replace_text(held, document)
    _validate_and_save(held)
    return ImportResult(outcome=ImportOutcome.UPDATED, source=held, previous_body=previous_body)


def _metadata(document):
    fields = {name: getattr(document, name) for name in _IMPORTED_FIELDS if getattr(document, name)}
    if document.published_on is not None:
        fields.update(
            published_on=document.published_on,
            published_precision=DatePrecision(document.published_precision),
            date_status=Source.DateStatus.KNOWN,
        )
    else:
        fields["date_status"] = Source.DateStatus.UNKNOWN
    return fields


def _replace_text(source, document):
    """
    Give a held source the document's new text; editors' metadata is kept, gaps are filled.

    Saving keeps the replaced text as a version and announces the change, so the
    apps that cite the source re-anchor their passages.
    """
    source.body = document.body
    for name in ("publisher", "authors"):
        if not getattr(source, name) and getattr(document, name):
            setattr(source, name, getattr(document, name))
    if source.published_on is None and document.published_on is not None:
        source.published_on = document.published_on
        source.published_precision = DatePrecision(document.published_precision)
        source.date_status = Source.DateStatus.KNOWN


def _validate_and_save(source):
    # save() derives these too; full_clean() needs them first, since they may not be blank.
    source.fingerprint = text_utils.fingerprint(source.body)
    source.word_count = text_utils.word_count(source.body)
    try:
        source.full_clean()
    except ValidationError as error:
        raise DocumentError(_describe(error)) from None
    source.save()


def _describe(error):
    """One line naming each invalid field the way the admin labels it."""
    parts = []
    for name, messages in error.message_dict.items():
        joined = " ".join(messages)
        if name == NON_FIELD_ERRORS:
            parts.append(joined)
            continue
        try:
            label = Source._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        parts.append(f"{label}: {joined}")
    return "; ".join(parts)


def _overlap_row(overlap):
    """A SourceOverlap for a found overlap, with its pair in primary-key order."""
    left, right = overlap.left, overlap.right
    passages = [
        {"left": p.left, "right": p.right, "score": round(p.score, 3)} for p in overlap.passages
    ]
    if left > right:
        left, right = right, left
        passages = [{"left": p["right"], "right": p["left"], "score": p["score"]} for p in passages]
    return SourceOverlap(
        left_id=left, right_id=right, kind=overlap.kind, score=overlap.score, passages=passages
    )


@transaction.atomic
def overlaps_refresh(*, sources=None) -> list[SourceOverlap]:
    """
    Recompute which sources share material: all pairs, or only those involving ``sources``.

    Candidates come from MinHash/LSH, so the work grows with the number of
    similar-looking sentences, not with the number of pairs of sources.
    """
    documents = [Document(pk, body) for pk, body in Source.objects.values_list("pk", "body")]
    if sources is None:
        stale, only = SourceOverlap.objects.all(), None
    else:
        ids = {source.pk for source in sources}
        stale = SourceOverlap.objects.filter(Q(left__in=ids) | Q(right__in=ids))
        only = {index for index, document in enumerate(documents) if document.key in ids}
    changed = set() if sources is None else set(stale.values_list("left", "right"))
    stale.delete()
    rows = [_overlap_row(overlap) for overlap in find_overlaps(documents, only=only)]
    created = SourceOverlap.objects.bulk_create(rows)
    if sources is None:
        # Every pair was recomputed: any page citing a source may count support differently.
        pagecache.invalidate_all()
    else:
        changed.update((row.left_id, row.right_id) for row in created)
        caching.sources_changed(ids | {pk for pair in changed for pk in pair})
    return created


def _disagreement_row(found, keys):
    left, right = found.left, found.right
    return SourceDisagreement(
        left_id=keys[left.document],
        right_id=keys[right.document],
        kind=found.kind,
        left_start=left.start,
        left_end=left.end,
        left_passage=left.text,
        left_value=found.left_value.text[:100],
        right_start=right.start,
        right_end=right.end,
        right_passage=right.text,
        right_value=found.right_value.text[:100],
    )


@transaction.atomic
def disagreements_refresh(*, sources=None) -> list[SourceDisagreement]:
    """
    Recompute which passages of different sources disagree on a date or a figure: all
    pairs, or only those involving ``sources``; return the pairs held afterwards.

    A pair found again keeps the editors' verdict (its passages are matched by
    their words, so an edit elsewhere in the text does not lose it); pairs no
    longer found are removed.
    """
    rows = list(Source.objects.order_by("pk").values_list("pk", "body"))
    keys = [pk for pk, _body in rows]
    held = SourceDisagreement.objects.all()
    only = None
    if sources is not None:
        ids = {source.pk for source in sources}
        held = held.involving(ids)
        only = {index for index, pk in enumerate(keys) if pk in ids}
    found = {}
    for disagreement in find_disagreements([body for _pk, body in rows], only=only):
        row = _disagreement_row(disagreement, keys)
        found.setdefault(row.identity, row)
    kept, moved = [], []
    for row in held:
        fresh = found.pop(row.identity, None)
        if fresh is None:
            continue
        kept.append(row)
        if (row.left_start, row.right_start) != (fresh.left_start, fresh.right_start):
            row.left_start, row.left_end = fresh.left_start, fresh.left_end
            row.right_start, row.right_end = fresh.right_start, fresh.right_end
            moved.append(row)
    held.exclude(pk__in=[row.pk for row in kept]).delete()
    SourceDisagreement.objects.bulk_update(
        moved, ["left_start", "left_end", "right_start", "right_end"]
    )
    return kept + SourceDisagreement.objects.bulk_create(list(found.values()))


@transaction.atomic
def disagreement_review(
    *, disagreement: SourceDisagreement, verdict: str, user
) -> SourceDisagreement:
    """Record the editor's verdict on a pair of passages that disagree."""
    disagreement.verdict = verdict
    if verdict == SourceDisagreement.Verdict.UNREVIEWED:
        disagreement.reviewed_by, disagreement.reviewed_at = None, None
    else:
        disagreement.reviewed_by, disagreement.reviewed_at = user, timezone.now()
    disagreement.full_clean()
    disagreement.save(update_fields=["verdict", "reviewed_by", "reviewed_at"])
    # Readers see "sources differ" beside the claims citing either passage (a real
    # contradiction), and stop seeing it when the verdict changes: their pages are stale.
    caching.sources_changed([disagreement.left_id, disagreement.right_id])
    return disagreement


def topic_assign_slug(*, tag: Tag) -> str:
    """
    Give ``tag`` a URL slug no other topic holds, unless it has one already; return the slug.

    Topics saved normally are slugged by ``Topic.slugify()``; this serves the saves
    that skip ``save()``, such as fixtures (``loaddata`` saves raw), whose slug may
    be missing, empty or in another script.
    """
    if text_utils.is_url_slug(tag.slug):
        return tag.slug
    max_length = Tag._meta.get_field("slug").max_length
    others = Tag.objects.exclude(pk=tag.pk) if tag.pk else Tag.objects.all()
    slug, suffix = text_utils.topic_slug(tag.name, max_length=max_length), 0
    while others.filter(slug=slug).exists():
        suffix += 1
        slug = text_utils.topic_slug(tag.name, suffix, max_length=max_length)
    tag.slug = slug
    return slug


PASSAGE_BATCH = 1000


def _passage_rows(source_id, body):
    return [
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
    ]


@transaction.atomic
def passages_index(*, source: Source) -> int:
    """Cut ``source``'s current text into passages for the evidence finder; return how many."""
    Passage.objects.filter(source=source.pk).delete()
    rows = Passage.objects.bulk_create(_passage_rows(source.pk, source.body), PASSAGE_BATCH)
    return len(rows)


@transaction.atomic
def passages_rebuild() -> int:
    """Index every source's passages again (after a bulk load); return how many passages."""
    Passage.objects.all().delete()
    total = 0
    sources = Source.objects.order_by("pk").values_list("pk", "body")
    for source_id, body in sources.iterator(chunk_size=100):
        total += len(Passage.objects.bulk_create(_passage_rows(source_id, body), PASSAGE_BATCH))
    return total
