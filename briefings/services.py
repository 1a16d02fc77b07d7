"""Writes that span models: publishing briefings, verifying claims, re-anchoring citations."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sources.anchoring import reanchor
from sources.models import Source
from sources.text import locate_quote, normalize

from .models import Briefing, Citation, Claim

ANCHOR_FIELDS = ["start", "end", "exact", "prefix", "suffix", "quote", "anchor_status"]


@dataclass
class ReanchorReport:
    kept: int = 0
    moved: list = field(default_factory=list)
    broken: list = field(default_factory=list)


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
    return report


def _citation_failure(citation):
    return _("Citation %(number)s of “%(claim)s”: the passage is no longer in “%(source)s”.") % {
        "number": citation.pk,
        "claim": citation.claim,
        "source": citation.source,
    }


@transaction.atomic
def briefing_verify_citations(*, briefing: Briefing) -> list:
    """Check every citation the briefing uses against its source's current text; list failures."""
    citations = Citation.objects.filter(claim__entries__section__briefing=briefing).select_related(
        "source", "claim"
    )
    failures = []
    for citation in citations.distinct():
        if locate_quote(citation.source.body, citation.quote) is None:
            if citation.anchor_status != Citation.AnchorStatus.BROKEN:
                citation.anchor_status = Citation.AnchorStatus.BROKEN
                citation.save_base(update_fields=["anchor_status"])
            failures.append(_citation_failure(citation))
    return failures


@transaction.atomic
def briefing_publish(*, briefing: Briefing, at=None) -> Briefing:
    """
    Publish ``briefing`` now, or at ``at`` (a future time schedules it).

    Every citation it uses is verified first; if any passage is missing from
    its source the briefing is not published and the error lists them all.
    """
    failures = briefing_verify_citations(briefing=briefing)
    if failures:
        raise ValidationError(
            [_("“%(title)s” was not published:") % {"title": briefing.title}, *failures],
            code="broken_citations",
        )
    briefing.status = Briefing.Status.PUBLISHED
    briefing.published_at = at or briefing.published_at or timezone.now()
    briefing.full_clean()
    briefing.save(update_fields=["status", "published_at", "updated_at"])
    return briefing


@transaction.atomic
def briefing_unpublish(*, briefing: Briefing) -> Briefing:
    """Take ``briefing`` off the public site; it goes back to draft."""
    briefing.status = Briefing.Status.DRAFT
    briefing.full_clean()
    briefing.save(update_fields=["status", "updated_at"])
    return briefing


@transaction.atomic
def claims_verify(*, claims) -> int:
    """Mark ``claims`` verified when each has at least one citation; return how many changed."""
    changed = 0
    for claim in claims.prefetch_related("citations"):
        if claim.status == Claim.Status.VERIFIED or not claim.citations.all():
            continue
        claim.status = Claim.Status.VERIFIED
        claim.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed
