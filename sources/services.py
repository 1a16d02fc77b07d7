"""Writes that create or change sources, each validated and atomic."""

import enum
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from taggit.models import Tag

from . import text as text_utils
from .importing import DocumentError, ParsedDocument, read_document
from .models import DatePrecision, Source, SourceOverlap
from .overlap import Document, compare, find_overlaps

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
    stale.delete()
    rows = [_overlap_row(overlap) for overlap in find_overlaps(documents, only=only)]
    return SourceOverlap.objects.bulk_create(rows)


@transaction.atomic
def overlaps_record(*, pairs) -> list[SourceOverlap]:
    """
    Compare known pairs of saved sources and store those that share material.

    For sources whose relation is known when they are made (a copy and its original,
    generated demonstration data): each pair is aligned and classified as
    ``overlaps_refresh`` would, without looking for candidates in the whole corpus.
    Existing rows for a pair are replaced.
    """
    found = []
    for left, right in pairs:
        overlap = compare(Document(left.pk, left.body), Document(right.pk, right.body))
        if overlap is not None:
            found.append(_overlap_row(overlap))
    stale = Q()
    for row in found:
        stale |= Q(left_id=row.left_id, right_id=row.right_id)
    if found:
        SourceOverlap.objects.filter(stale).delete()
    return SourceOverlap.objects.bulk_create(found)


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
