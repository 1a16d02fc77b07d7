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


@transaction.atomic
def citations_reverify(*, citations) -> tuple[int, int]:
    """
    Verify ``citations`` against their sources' current text; return (verified, broken).

    A citation found again records the current fingerprint (the editor has
    checked it); one whose quote is gone is marked broken.
    """
    verified, broken = [], []
    for citation in citations.select_related("source"):
        try:
            citation.anchor()
        except ValidationError:
            broken.append(citation.pk)
        else:
            citation.save_base(update_fields=[*ANCHOR_FIELDS, "source_fingerprint"])
            verified.append(citation.pk)
    Citation.objects.filter(pk__in=broken).update(anchor_status=Citation.AnchorStatus.BROKEN)
    return len(verified), len(broken)


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
    return [c for c in citations if locate_quote(c.source.body, c.quote) is None]


# The publish gate opens its transaction in a ``with`` block rather than a decorator, so
# that mutation testing (which leaves decorated functions alone) reaches it too.
def briefing_verify_citations(*, briefing: Briefing) -> list[str]:
    """Check every citation the briefing uses against its source's text; mark and list failures."""
    with transaction.atomic():
        missing = briefing_missing_passages(briefing=briefing)
        Citation.objects.filter(pk__in=[c.pk for c in missing]).update(
            anchor_status=Citation.AnchorStatus.BROKEN
        )
    return [_citation_failure(citation) for citation in missing]


def briefing_publish(*, briefing: Briefing, at=None) -> Briefing:
    """
    Publish ``briefing`` now, or at ``at`` (a future time schedules it).

    Every citation it uses is verified first; if any passage is missing from
    its source the briefing is not published and the error lists them all.
    """
    with transaction.atomic():
        failures = briefing_verify_citations(briefing=briefing)
        if failures:
            heading = _("“%(title)s” was not published:") % {"title": briefing.title}
            # Each message carries the code: a list given to ValidationError drops its own.
            raise ValidationError(
                [ValidationError(m, code="broken_citations") for m in [heading, *failures]]
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
def claims_mark_draft(*, claims) -> int:
    """Take ``claims`` off the public site (back to draft); return how many changed."""
    return (
        Claim.objects.filter(pk__in=list(claims.values_list("pk", flat=True)))
        .exclude(status=Claim.Status.DRAFT)
        .update(status=Claim.Status.DRAFT, updated_at=timezone.now())
    )


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
