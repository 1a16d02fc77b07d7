"""Writes that create or change sources, each validated and atomic."""

import enum
from collections import Counter
from dataclasses import dataclass
from itertools import combinations, groupby
from operator import itemgetter
from pathlib import Path

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from rnk_site import pagecache

from . import caching
from . import text as text_utils
from .audit import audit
from .disagreement import find_disagreements
from .importing import DocumentError, ParsedDocument, check_size, parse_document, read_document
from .models import (
    DatePrecision,
    Passage,
    Source,
    SourceDisagreement,
    SourceOverlap,
    SourceShingle,
)
from .overlap import MAX_SHINGLE_DOCUMENTS, MIN_SHARED_SHINGLES, Document, compare
from .passages import passage_spans
from .signals import source_origins_changed

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
        if result.outcome == ImportOutcome.CREATED:
            overlaps_refresh(sources=[result.source])
            disagreements_refresh(sources=[result.source])
        # An updated text queued the same comparison as a job when it was saved
        # (source_text_changed).
        if dry_run:
            # Run every query and check, then roll back: a dry run reports what would happen.
            transaction.set_rollback(True)
    return result


def source_import_upload(
    *, name: str, data: bytes, user=None, dry_run: bool = False, may_update: bool = True
) -> dict:
    """
    Import one uploaded file for ``user``, as the admin's import does, and say what happened.

    The answer is plain data (it is kept on an import job): ``name``, ``outcome`` (an
    ImportOutcome or "failed"), ``reason`` for a failure, and for a stored source its
    ``source_id``, ``title`` and the ``notes`` its new text gave (broken citations).
    """
    try:
        check_size(len(data))
        document = parse_document(data, name=name)
        # Replacing a held source's text is a change: adding alone does not allow it.
        with reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(_("Imported from %(file)s") % {"file": name})
            result = source_import(
                path_or_document=document, dry_run=dry_run, may_update=may_update
            )
    except DocumentError as error:
        return {"name": name, "outcome": "failed", "reason": str(error)}
    row = {"name": name, "outcome": str(result.outcome)}
    if dry_run:
        return row
    if result.outcome != ImportOutcome.UNCHANGED and user is not None:
        audit(user=user, obj=result.source, action="import", detail=f"{name} ({result.outcome})")
    notes = list(getattr(result.source, "text_change_notes", ()))
    return {**row, "source_id": result.source.pk, "title": result.source.title, "notes": notes}


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


def overlaps_refresh(*, sources=None) -> list[SourceOverlap]:
    """
    Recompute which sources share material: all pairs, or only those involving ``sources``.

    Each source's word trigrams are kept in an inverted index (SourceShingle), so a new or
    changed source is compared only with its candidates, the sources that share several
    of its rare trigrams: the work grows with the number of similar sources, not with the
    corpus. Without ``sources`` the index is rebuilt and every candidate pair compared,
    one source at a time (memory does not grow with the corpus either).
    """
    if sources is None:
        created = _overlaps_refresh_all()
        # Every pair was recomputed: any page citing a source may count support differently.
        source_origins_changed.send(sender=SourceOverlap, source_ids=None)
        pagecache.invalidate_all()
        return created
    found = []
    for source in sources:
        found += overlaps_refresh_source(source_id=source.pk)
    return found


@transaction.atomic
def overlaps_refresh_source(*, source_id: int) -> list[SourceOverlap]:
    """Index one source's text, compare it with its candidates, and store what is shared."""
    body = Source.objects.filter(pk=source_id).values_list("body", flat=True).first()
    if body is None:
        return []
    document = Document(source_id, body)
    _shingles_store(source_id, document, replace=True)
    _shingles_catch_up()
    rows = [
        _overlap_row(overlap)
        for overlap in _compare_with(document, overlap_candidates(source_id=source_id))
    ]
    stale = SourceOverlap.objects.filter(Q(left=source_id) | Q(right=source_id))
    changed = {source_id} | {pk for pair in stale.values_list("left", "right") for pk in pair}
    stale.delete()
    # Another job refreshing a candidate at the same time may store the same pair first.
    created = SourceOverlap.objects.bulk_create(rows, ignore_conflicts=True)
    # Pairs gone or found change how the claims citing either source count support.
    changed |= {pk for row in rows for pk in (row.left_id, row.right_id)}
    caching.sources_changed(changed)
    # Shared material decides which sources count once: the claims citing them are recounted.
    source_origins_changed.send(sender=SourceOverlap, source_ids=changed)
    return created


@transaction.atomic
def _overlaps_refresh_all():
    SourceShingle.objects.all().delete()
    SourceOverlap.objects.all().delete()
    for pk, body in Source.objects.order_by("pk").values_list("pk", "body").iterator(200):
        _shingles_store(pk, Document(pk, body), replace=False)
    rows = []
    for left, rights in groupby(_candidate_pairs_from_index(), key=itemgetter(0)):
        document = Document(left, Source.objects.values_list("body", flat=True).get(pk=left))
        rows += [
            _overlap_row(overlap)
            for overlap in _compare_with(document, [right for _, right in rights])
        ]
    return SourceOverlap.objects.bulk_create(rows)


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


def _candidate_pairs_from_index():
    """
    Every candidate pair ``(lower id, higher id)``, in order: ``overlap.candidate_pairs`` over
    the stored index, read once in hash order (one query, not one per source).
    """
    shared = Counter()
    rows = SourceShingle.objects.order_by("hash", "source_id").values_list("hash", "source_id")
    for _hash, group in groupby(rows.iterator(10_000), key=itemgetter(0)):
        holders = [source_id for _hash, source_id in group]
        if 2 <= len(holders) <= MAX_SHINGLE_DOCUMENTS:
            shared.update(combinations(holders, 2))
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED_SHINGLES)


def _compare_with(document, candidate_ids):
    """Overlaps of ``document`` with each candidate, the lower id on the left."""
    found = []
    candidates = Source.objects.filter(pk__in=candidate_ids).order_by("pk")
    for pk, body in candidates.values_list("pk", "body").iterator(50):
        other = Document(pk, body)
        left, right = (other, document) if pk < document.key else (document, other)
        overlap = compare(left, right)
        if overlap is not None:
            found.append(overlap)
    return found


def _shingles_store(source_id, document, *, replace):
    if replace:
        SourceShingle.objects.filter(source_id=source_id).delete()
    # Straight to the table: building a model instance per trigram took most of the time.
    table = connection.ops.quote_name(SourceShingle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (hash, source_id) VALUES (%s, %s)",  # noqa: S608 -- our name
            [(value, source_id) for value in document.shingle_hashes()],
        )
    Source.objects.filter(pk=source_id).update(shingles_fingerprint=F("fingerprint"))


def shingles_forget(*, source_id: int) -> None:
    """Take a deleted source's trigrams out of the index."""
    SourceShingle.objects.filter(source_id=source_id).delete()


def shingles_index_missing():
    """Index the trigrams of every text saved without it (bulk writes, fixtures, scripts)."""
    _shingles_catch_up()


def _shingles_catch_up():
    """Index the texts saved without a refresh (fixtures, scripts): none, normally."""
    stale = Source.objects.exclude(shingles_fingerprint=F("fingerprint"))
    for pk, body in stale.order_by("pk").values_list("pk", "body").iterator(50):
        _shingles_store(pk, Document(pk, body), replace=True)


def overlap_candidates(*, source_id: int, above: bool = False) -> list[int]:
    """
    The sources (ids, ascending) sharing at least MIN_SHARED_SHINGLES rare trigrams with one.

    Rare: held by at most MAX_SHINGLE_DOCUMENTS sources, as in ``overlap.candidate_pairs``
    (which does the same in memory). With ``above``, only sources with a higher id.
    """
    mine = SourceShingle.objects.filter(source_id=source_id).values("hash")
    rare = (
        SourceShingle.objects.filter(hash__in=mine)
        .values("hash")
        .annotate(holders=Count("source_id"))
        .filter(holders__lte=MAX_SHINGLE_DOCUMENTS)
        .values("hash")
    )
    others = SourceShingle.objects.filter(hash__in=rare).exclude(source_id=source_id)
    if above:
        others = others.filter(source_id__gt=source_id)
    return list(
        others.values("source_id")
        .annotate(shared=Count("hash"))
        .filter(shared__gte=MIN_SHARED_SHINGLES)
        .order_by("source_id")
        .values_list("source_id", flat=True)
    )


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
    created = SourceOverlap.objects.bulk_create(found)
    # Shared material decides which sources count once: recount the claims citing them.
    changed = {pk for row in found for pk in (row.left_id, row.right_id)}
    source_origins_changed.send(sender=SourceOverlap, source_ids=changed)
    caching.sources_changed(changed)
    return created


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
