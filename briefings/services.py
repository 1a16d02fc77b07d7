"""Writes that span models: publishing briefings, verifying claims, re-anchoring citations."""

from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from sources import text as text_utils
from sources.anchoring import reanchor
from sources.models import Source, next_position
from sources.text import locate_quote, normalize

from . import caching, corroboration
from .disagreements import unreviewed_pairs, verification_problems
from .models import Briefing, BriefingUpdate, Citation, Claim, ClaimEvent, Section, SectionClaim

ANCHOR_FIELDS = ["start", "end", "exact", "prefix", "suffix", "quote", "anchor_status"]


def _add_to_revision(objects):
    """Record bulk-updated rows in the revision being saved, when there is one."""
    if reversion.is_active():
        for obj in objects:
            reversion.add_to_revision(obj)


@dataclass
class ReanchorReport:
    kept: int = 0
    moved: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    demoted: list = field(default_factory=list)


def _apply_reanchoring(citation, text):
    """Point ``citation`` at its passage in ``text``; return 'kept', 'moved' or 'broken'."""
    found = reanchor(text, exact=citation.exact, prefix=citation.prefix, suffix=citation.suffix)
    if found is None:
        citation.anchor_status = Citation.AnchorStatus.BROKEN
        return "broken"
    anchor = found.anchor
    citation.start, citation.end = anchor.start, anchor.end
    citation.exact, citation.prefix, citation.suffix = anchor.exact, anchor.prefix, anchor.suffix
    if normalize(anchor.exact) == normalize(citation.quote):
        return "kept"
    # The source's words changed a little: the quote follows them, flagged for review.
    citation.quote = anchor.exact
    citation.anchor_status = Citation.AnchorStatus.REANCHORED
    return "moved"


@transaction.atomic
def citations_reanchor(*, source: Source) -> ReanchorReport:
    """
    Find every citation of ``source`` again in its current text.

    Citations keep the fingerprint of the text they were verified against, so
    editors see that the source changed since; one that cannot be found is
    marked broken and otherwise left as it was.
    """
    report = ReanchorReport()
    citations = list(source.citations.all())
    for citation in citations:
        outcome = _apply_reanchoring(citation, source.body)
        if outcome == "kept":
            report.kept += 1
        else:
            getattr(report, outcome).append(citation)
    Citation.objects.bulk_update(citations, ANCHOR_FIELDS)
    caching.claims_changed({c.claim_id for c in citations}, source_ids=[source.pk])
    _add_to_revision(report.moved + report.broken)
    # A broken citation no longer counts: readers are told when support goes down.
    claims_recount_support(claim_ids={citation.claim_id for citation in report.broken})
    report.demoted = claims_demote_unsupported(
        claims=Claim.objects.filter(citations__source=source).distinct()
    )
    return report


def _titles(objects, limit=5, total=None):
    names = [f"“{obj}”" for obj in objects[:limit]]
    more = (len(objects) if total is None else total) - limit
    return ", ".join(names) + (_(" and %(n)d more") % {"n": more} if more > 0 else "")


def reanchor_notes(report: ReanchorReport) -> list[str]:
    """For the editor who changed a source's text: what broke or moved, and where readers see it."""
    affected = report.broken + report.moved
    if not affected:
        return []
    claims = list(Claim.objects.filter(citations__in=affected).distinct().order_by("pk"))
    notes = [
        _(
            "This change broke %(broken)d citation(s) and re-anchored %(moved)d; they are in "
            "the report of citations that need an editor. Claims affected: %(claims)s."
        )
        % {"broken": len(report.broken), "moved": len(report.moved), "claims": _titles(claims)}
    ]
    live = list(
        Briefing.objects.published().filter(sections__claims__in=claims).distinct().order_by("pk")
    )
    if live:
        notes.append(
            _("Published briefings that readers see with these claims: %(briefings)s.")
            % {"briefings": _titles(live)}
        )
    if report.demoted:
        notes.append(
            _("Claims back to “needs review” for want of a passage: %(claims)s.")
            % {"claims": _titles(report.demoted)}
        )
    return notes


def reanchor_pending_notes(*, source: Source, job_id: int) -> list[str]:
    """
    For the editor who changed a text whose many citations a job will re-anchor: at once,
    which claims and published briefings may be affected.
    """
    # Counts and the first few titles: the page stays small however much cites the source.
    claims = Claim.objects.filter(citations__source=source).distinct().order_by("pk")
    live = (
        Briefing.objects.published()
        .filter(sections__claims__citations__source=source)
        .distinct()
        .order_by("pk")
    )
    notes = [
        _(
            "The text changed: its %(count)d citations, in claims %(claims)s, are being found "
            "again in the new text by background job #%(job)s, whose page lists what broke."
        )
        % {
            "count": source.citations.count(),
            "claims": _titles(list(claims[:5]), total=claims.count()),
            "job": job_id,
        }
    ]
    if shown := list(live[:5]):
        notes.append(
            _("Published briefings that readers see with these claims: %(briefings)s.")
            % {"briefings": _titles(shown, total=live.count())}
        )
    return notes


@transaction.atomic
def citations_reverify(*, citations) -> tuple[list, list]:
    """
    Verify ``citations`` against their sources' current text; return (verified, broken) lists.

    A citation found again records the current fingerprint (the editor has
    checked it); one whose quote is gone is marked broken.
    """
    verified, broken = [], []
    for citation in citations.select_related("source"):
        try:
            citation.anchor()
        except ValidationError:
            broken.append(citation)
        else:
            citation.save_base(update_fields=[*ANCHOR_FIELDS, "source_fingerprint"])
            verified.append(citation)
            _add_to_revision([citation])
    broken_ids = [citation.pk for citation in broken]
    Citation.objects.filter(pk__in=broken_ids).update(anchor_status=Citation.AnchorStatus.BROKEN)
    # Verifying again may mend a broken citation or break one: support can go either way.
    claims_recount_support(claim_ids={citation.claim_id for citation in verified + broken})
    caching.claims_changed({citation.claim_id for citation in broken})
    claims_demote_unsupported(claims=Claim.objects.filter(citations__pk__in=broken_ids).distinct())
    return verified, broken


def _citation_failure(citation):
    return _("Citation %(number)s of “%(claim)s”: the passage is no longer in “%(source)s”.") % {
        "number": citation.pk,
        "claim": citation.claim,
        "source": citation.source,
    }


def briefing_missing_passages(*, briefing: Briefing) -> list[Citation]:
    """The citations a briefing uses whose passage is gone from its source's text (read only)."""
    citations = (
        Citation.objects.filter(claim__entries__section__briefing=briefing)
        .select_related("source", "claim")
        .distinct()
    )
    return [c for c in citations if not passage_found(c)]


def passage_found(citation) -> bool:
    """The citation's quote is in its source's current text (the one check, used everywhere)."""
    return locate_quote(citation.source.body, citation.quote) is not None


# The publish gate opens its transaction in a ``with`` block rather than a decorator, so
# that mutation testing (which leaves decorated functions alone) reaches it too.
def briefing_verify_citations(*, briefing: Briefing) -> list[str]:
    """Check every citation the briefing uses against its source's text; mark and list failures."""
    with transaction.atomic():
        missing = briefing_missing_passages(briefing=briefing)
        Citation.objects.filter(pk__in=[c.pk for c in missing]).update(
            anchor_status=Citation.AnchorStatus.BROKEN
        )
        caching.claims_changed({citation.claim_id for citation in missing})
        claims_recount_support(claim_ids={citation.claim_id for citation in missing})
    return [_citation_failure(citation) for citation in missing]


def briefing_unpublishable_reasons(*, briefing: Briefing) -> list[str]:
    """Why readers would not see ``briefing`` as previewed: empty, or holding draft claims."""
    claims = list(
        Claim.objects.filter(entries__section__briefing=briefing).distinct().order_by("pk")
    )
    if not claims:
        return [_("It has no claims: add at least one claim to a section.")]
    return [
        _("Claim “%(claim)s” is a draft: readers would not see it.") % {"claim": claim}
        for claim in claims
        if not claim.is_public
    ]


# What a draft revision copies from its live briefing and gives back when it is published.
REVISION_FIELDS = [
    "title",
    "standfirst",
    "introduction",
    "introduction_html",
    "introduction_html_key",
]


def briefing_start_revision(*, briefing: Briefing) -> Briefing:
    """
    The draft revision of published ``briefing``: the one in progress, or a new copy of it.

    Readers keep seeing the live briefing; the copy is a draft like any other (never public,
    previewable, reviewed), whose sections and ordered claims replace the live ones when a
    publisher publishes it.
    """
    with transaction.atomic():
        live = Briefing.objects.select_for_update().get(pk=briefing.pk)
        if not live.is_locked:
            raise ValidationError(
                _("“%(title)s” is not published: edit it directly.") % {"title": live.title},
                code="not_published",
            )
        pending = live.pending_revision()
        if pending is not None:
            return pending
        draft = Briefing(
            draft_of=live,
            status=Briefing.Status.DRAFT,
            slug=text_utils.unique_slug(
                f"{live.slug}-draft",
                lambda s: Briefing.objects.filter(slug=s).exists(),
                max_length=Briefing._meta.get_field("slug").max_length,
                fallback="briefing-draft",
            ),
            **{name: getattr(live, name) for name in REVISION_FIELDS},
        )
        draft.save()
        draft.tags.set(live.tags.all())
        draft.authors.set(live.authors.all())
        _copy_sections(source=live, target=draft)
        _add_to_revision([draft])
    return draft


def _copy_sections(*, source: Briefing, target: Briefing):
    """Give ``target`` a copy of ``source``'s sections and their ordered claims."""
    sections = list(source.sections.prefetch_related("entries").order_by("position"))
    copies = Section.objects.bulk_create(
        Section(
            briefing=target,
            position=section.position,
            heading=section.heading,
            body=section.body,
            body_html=section.body_html,
            body_html_key=section.body_html_key,
        )
        for section in sections
    )
    SectionClaim.objects.bulk_create(
        SectionClaim(section=copy, claim_id=entry.claim_id, position=entry.position)
        for section, copy in zip(sections, copies, strict=True)
        for entry in section.entries.all()
    )


def _apply_revision(*, draft: Briefing) -> Briefing:
    """Move ``draft``'s content onto its live briefing and delete the emptied draft."""
    live = Briefing.objects.select_for_update().get(pk=draft.draft_of_id)
    for name in REVISION_FIELDS:
        setattr(live, name, getattr(draft, name))
    live.save(update_fields=[*REVISION_FIELDS, "updated_at"])
    live.tags.set(draft.tags.all())
    live.authors.set(draft.authors.all())
    live.sections.all().delete()
    Section.objects.filter(briefing=draft).update(briefing=live)
    draft.delete()
    _add_to_revision([live])
    return live


def briefing_publish(*, briefing: Briefing, at=None, note: str = "", user=None) -> Briefing:
    """
    Publish ``briefing`` now, or at ``at`` (a future time schedules it).

    The briefing must hold claims readers can see, and every citation it uses
    is verified first; otherwise it is not published and the error lists why.
    The publication enters the briefing's public changelog with ``note``.

    Publishing a draft revision publishes its live briefing with the revision's
    content and returns the live briefing (the revision itself is used up).
    """
    if briefing.draft_of_id is not None:
        with transaction.atomic():
            _raise_unless_publishable(briefing)
            live = _apply_revision(draft=briefing)
            return briefing_publish(briefing=live, note=note, user=user)
    # A with block, not a decorator: mutation testing skips decorated functions.
    with transaction.atomic():
        _raise_unless_publishable(briefing)
        # Seed and imported briefings may be live with no changelog yet: theirs is an update.
        first = briefing.status != Briefing.Status.PUBLISHED and not briefing.updates.exists()
        briefing.status = Briefing.Status.PUBLISHED
        briefing.published_at = at or briefing.published_at or timezone.now()
        briefing.full_clean()
        briefing.save(update_fields=["status", "published_at", "updated_at"])
        BriefingUpdate.objects.create(
            briefing=briefing,
            at=briefing.published_at if first else max(briefing.published_at, timezone.now()),
            kind=BriefingUpdate.Kind.PUBLISHED if first else BriefingUpdate.Kind.REPUBLISHED,
            note=note.strip() or (_("First published.") if first else _("Updated by the editors.")),
            by=user,
        )
    return briefing


def _raise_unless_publishable(briefing):
    """The publish gate: refuse, listing why, a briefing readers would not see as previewed."""
    reasons = briefing_unpublishable_reasons(briefing=briefing)
    broken = briefing_verify_citations(briefing=briefing)
    if reasons or broken:
        heading = _("“%(title)s” was not published:") % {"title": briefing.title}
        # Each message carries its code: a list given to ValidationError drops its own.
        raise ValidationError(
            [ValidationError(heading, code="not_published")]
            + [ValidationError(m, code="unpublishable") for m in reasons]
            + [ValidationError(m, code="broken_citations") for m in broken]
        )


@transaction.atomic
def briefing_unpublish(*, briefing: Briefing) -> Briefing:
    """Take ``briefing`` off the public site; it goes back to draft."""
    briefing.status = Briefing.Status.DRAFT
    briefing.full_clean()
    briefing.save(update_fields=["status", "updated_at"])
    return briefing


def _briefing_move(briefing, *, expected, to, user=None, note=None):
    if briefing.status not in expected:
        raise ValidationError(
            _("“%(title)s” is %(status)s: it cannot be %(action)s now.")
            % {
                "title": briefing.title,
                "status": briefing.get_status_display(),
                "action": Briefing.Status(to).label,
            },
            code="wrong_state",
        )
    briefing.status = to
    fields = ["status", "updated_at"]
    if note is not None:
        briefing.review_note = note
        briefing.reviewed_by = user
        briefing.reviewed_at = timezone.now()
        fields += ["review_note", "reviewed_by", "reviewed_at"]
    briefing.full_clean()
    briefing.save(update_fields=fields)
    return briefing


@transaction.atomic
def briefing_submit(*, briefing: Briefing) -> Briefing:
    """An author hands a draft to the reviewers."""
    return _briefing_move(briefing, expected={Briefing.Status.DRAFT}, to=Briefing.Status.REVIEW)


@transaction.atomic
def briefing_approve(*, briefing: Briefing, user, note: str = "") -> Briefing:
    """A reviewer approves a briefing in review; publishers then publish it."""
    return _briefing_move(
        briefing,
        expected={Briefing.Status.REVIEW},
        to=Briefing.Status.APPROVED,
        user=user,
        note=note,
    )


@transaction.atomic
def briefing_reject(*, briefing: Briefing, user, note: str) -> Briefing:
    """A reviewer sends a submission back to draft; the comment is kept for the author."""
    if not note.strip():
        raise ValidationError(
            _("Say what the author should change: a rejection needs a comment."), code="no_note"
        )
    return _briefing_move(
        briefing,
        expected={Briefing.Status.REVIEW, Briefing.Status.APPROVED},
        to=Briefing.Status.DRAFT,
        user=user,
        note=note,
    )


@transaction.atomic
def claims_mark_draft(*, claims) -> int:
    """Take ``claims`` off the public site (back to draft); return how many changed."""
    public = list(
        Claim.objects.filter(pk__in=list(claims.values_list("pk", flat=True))).exclude(
            status=Claim.Status.DRAFT
        )
    )
    Claim.objects.filter(pk__in=[claim.pk for claim in public]).update(
        status=Claim.Status.DRAFT, updated_at=timezone.now()
    )
    for claim in public:
        old_status, claim.status = claim.status, Claim.Status.DRAFT
        claim_record_change(claim=claim, old_status=old_status)
    return len(public)


def citation_holds(citation) -> bool:
    """The citation is usable evidence: not broken, and its passage is in the source's text."""
    return citation.anchor_status != Citation.AnchorStatus.BROKEN and passage_found(citation)


def claim_has_evidence(claim) -> bool:
    """At least one of the claim's citations holds (uses prefetched citations with sources)."""
    return any(citation_holds(citation) for citation in claim.citations.all())


def _with_evidence(claims):
    return claims.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )


@transaction.atomic
def claims_verify(*, claims) -> tuple[list, list, list]:
    """
    Mark ``claims`` verified where each has a citation that holds and no disagreement
    waits for an editor.

    Return the claims changed, the claims refused for want of evidence, and
    ``(claim, problems)`` for the claims held back by disagreeing values.
    """
    changed, refused, held = [], [], []
    claims = list(_with_evidence(claims))
    # One query for every claim's disagreements, however many claims are selected.
    pairs = unreviewed_pairs([c for claim in claims for c in claim.citations.all()])
    for claim in claims:
        if claim.status == Claim.Status.VERIFIED:
            continue
        if not claim_has_evidence(claim):
            refused.append(claim)
            continue
        problems = verification_problems(claim, list(claim.citations.all()), pairs=pairs)
        if problems:
            held.append((claim, problems))
            continue
        old_status = claim.status
        claim.status = Claim.Status.VERIFIED
        claim.save(update_fields=["status", "updated_at"])
        claim_record_change(claim=claim, old_status=old_status)
        changed.append(claim)
    return changed, refused, held


@transaction.atomic
def claims_demote_unsupported(*, claims) -> list:
    """Verified claims among ``claims`` with no citation that holds go back to needs review."""
    demoted = [
        claim
        for claim in _with_evidence(claims.filter(status=Claim.Status.VERIFIED))
        if not claim_has_evidence(claim)
    ]
    Claim.objects.filter(pk__in=[claim.pk for claim in demoted]).update(
        status=Claim.Status.REVIEW, updated_at=timezone.now()
    )
    for claim in demoted:
        claim.status = Claim.Status.REVIEW
        claim_record_change(claim=claim, old_status=Claim.Status.VERIFIED)
    return demoted


# What readers are told when a claim changes (a claim event's kind for a new status).
STATUS_EVENTS = {
    Claim.Status.VERIFIED: ClaimEvent.Kind.VERIFIED,
    Claim.Status.REVIEW: ClaimEvent.Kind.REVIEW,
    Claim.Status.DISPUTED: ClaimEvent.Kind.DISPUTED,
    Claim.Status.RETRACTED: ClaimEvent.Kind.RETRACTED,
    Claim.Status.DRAFT: ClaimEvent.Kind.WITHDRAWN,
}


def _claim_events(claim, old_status, old_statement):
    if old_status == Claim.Status.DRAFT:
        return [ClaimEvent(claim=claim, kind=ClaimEvent.Kind.PUBLISHED)] if claim.is_public else []
    events = []
    if old_statement is not None and old_statement != claim.statement:
        events.append(ClaimEvent(claim=claim, kind=ClaimEvent.Kind.REWORDED, detail=old_statement))
    if old_status != claim.status:
        events.append(ClaimEvent(claim=claim, kind=STATUS_EVENTS[claim.status]))
    return events


@transaction.atomic
def claim_record_change(*, claim: Claim, old_status: str, old_statement=None) -> list:
    """
    Enter a public claim's change in its history and in the changelog of every published
    briefing that shows it, so that readers see what changed and when.
    """
    # Also where the page cache hears of claims changed with QuerySet.update().
    caching.claims_changed([claim.pk])
    events = ClaimEvent.objects.bulk_create(_claim_events(claim, old_status, old_statement))
    if not events or old_status == Claim.Status.DRAFT:
        return events
    what = ", ".join(str(event.get_kind_display()) for event in events)
    _note_live_briefings(claim, _("Claim “%(claim)s”: %(what)s.") % {"claim": claim, "what": what})
    return events


def _note_live_briefings(claim, note):
    """Enter ``note`` in the changelog of every published briefing that shows ``claim``."""
    live = Briefing.objects.published().filter(sections__claims=claim).distinct()
    BriefingUpdate.objects.bulk_create(
        BriefingUpdate(briefing=briefing, kind=BriefingUpdate.Kind.CLAIM_CHANGED, note=note)
        for briefing in live
    )


@transaction.atomic
def citation_add_from_passage(*, claim: Claim, source: Source, quote: str) -> Citation:
    """
    Cite ``quote`` (a passage the evidence finder showed) of ``source`` as support for
    ``claim``. The quote is checked and anchored like any citation (``Citation.clean`` and
    ``save``): one not in the source's text is refused with the editor's message, and so is
    a passage the claim already cites.
    """
    citation = Citation(
        claim=claim,
        source=source,
        quote=quote,
        stance=Citation.Stance.SUPPORTS,
        position=next_position(claim.citations.all()),
    )
    citation.full_clean(exclude=["position"])
    anchor = citation.locate()
    if claim.citations.filter(source=source, start=anchor.start, end=anchor.end).exists():
        raise ValidationError(
            _("The claim already cites this passage of “%(source)s”.") % {"source": source},
            code="already_cited",
        )
    citation.save()
    return citation


def claims_recount_support(*, claim_ids, announce=True) -> int:
    """
    Store again how many independent sources support these claims; return how many changed.

    With ``announce``, readers are told of each public claim whose count went up or down.
    """
    changes = []
    count = corroboration.support_refresh_for_claims(claim_ids, changes=changes)
    if announce:
        _announce_support(changes)
    return count


def sources_recount_support(*, source_ids, announce=True) -> int:
    """
    The links between ``source_ids`` and their copies changed (None: any): recount claims.

    A recount of everything (None: a full recomputation, loading data) is not announced.
    """
    changes = []
    count = corroboration.support_refresh_for_sources(source_ids, changes=changes)
    if announce and source_ids is not None:
        _announce_support(changes)
    return count


def _announce_support(changes):
    """
    Public claims whose number of independent sources went up or down: readers are told, on
    each claim's history and in the changelog of the published briefings that use it. A
    fixed number of queries, however many claims a recount moved.
    """
    # A claim's first source (from none) is its publication, not a change readers saw.
    moved = {pk: (old, new) for pk, old, new in changes if old != new and old != 0}
    claims = list(Claim.objects.published().filter(pk__in=moved))
    if not claims:
        return
    details, events, notes = {}, [], {}
    for claim in claims:
        old, new = moved[claim.pk]
        details[claim.pk] = _("from %(old)d to %(new)d independent sources") % {
            "old": old,
            "new": new,
        }
        events.append(
            ClaimEvent(claim=claim, kind=ClaimEvent.Kind.SUPPORT, detail=details[claim.pk])
        )
        notes[claim.pk] = _("Claim “%(claim)s”: support went %(direction)s, %(detail)s.") % {
            "claim": claim,
            "direction": _("up") if new > old else _("down"),
            "detail": details[claim.pk],
        }
    # Bulk writes send no signals: the claims' pages (and their briefings') are stale now.
    ClaimEvent.objects.bulk_create(events)
    caching.claims_changed([claim.pk for claim in claims], cited_pages=False)
    placements = (
        SectionClaim.objects.filter(
            claim__in=claims, section__briefing__in=Briefing.objects.published()
        )
        .values_list("claim_id", "section__briefing_id")
        .distinct()
    )
    BriefingUpdate.objects.bulk_create(
        BriefingUpdate(
            briefing_id=briefing_id, kind=BriefingUpdate.Kind.CLAIM_CHANGED, note=notes[claim_id]
        )
        for claim_id, briefing_id in placements
    )
