"""
Background jobs of the editorial app: re-anchoring citations after a source's text changed,
and verifying citations again. Small amounts of work still run at once (the editor sees
the outcome on the page they saved); more than ``JOBS_INLINE_CITATIONS`` becomes a job.

Also the counting of the figures every listing page shows, after a change to public
content, so that no reader waits for it (a plain task: no Job row, nothing to retry).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from jobs.models import Job
from jobs.services import job_start, job_task
from rnk_site import pagecache
from sources.audit import audit
from sources.filters import publisher_choices
from sources.models import Source
from sources.sitemaps import SourceSitemap
from sources.views import shared_material_map

from . import services
from .charts import public_claim_count, public_source_years, timeline_years
from .models import Citation
from .sitemaps import BriefingSitemap, ClaimSitemap, StaticViewSitemap
from .topics import topic_figures

# Set while a count is queued; a change meanwhile needs no second one.
FIGURES_PENDING = "pc:figures-pending"
# A queued count lost (a worker gone) is forgotten after this, so the next change queues one.
FIGURES_PENDING_TIMEOUT = 300


def _listing_figures():
    """Each figure over the whole corpus that a listing page shows (pagecache.listing_memo)."""
    return (
        topic_figures,
        public_claim_count,
        public_source_years,
        timeline_years,
        publisher_choices,
        shared_material_map,
        StaticViewSitemap().items,
        *(section().index_figures for section in (BriefingSitemap, ClaimSitemap, SourceSitemap)),
    )


@task()
def count_listing_figures():
    """Count the listing pages' figures under the versions of now, before a reader asks."""
    pagecache.shared().delete(FIGURES_PENDING)
    for figure in _listing_figures():
        figure()


def listing_figures_refresh():
    """Public content changed: queue one count of the figures, unless one is waiting."""
    if pagecache.shared().add(FIGURES_PENDING, 1, timeout=FIGURES_PENDING_TIMEOUT):
        count_listing_figures.enqueue()


# Citations verified again per transaction in a job: progress is visible between them.
REVERIFY_CHUNK = 100


@job_task
def reanchor_source(run, source_id):
    """Find every citation of one source again in its current text."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return _("The source was deleted before its citations were re-anchored.")
    total = source.citations.count()
    run.progress(0, total=total)
    notes = services.reanchor_notes(services.citations_reanchor(source=source))
    run.progress(total)
    return " ".join(notes) or _("Every citation of “%(source)s” was found again.") % {
        "source": source
    }


def citations_reanchor_now_or_later(*, source) -> list[str]:
    """
    Re-anchor ``source``'s citations at once if they are few, else queue a job; return the
    notes for the editor who changed the text (what broke, or what the job will look at).
    """
    count = source.citations.count()
    if count <= settings.JOBS_INLINE_CITATIONS:
        return services.reanchor_notes(services.citations_reanchor(source=source))
    job = job_start(
        kind=Job.Kind.REANCHOR_CITATIONS, task=reanchor_source, args=[source.pk], total=count
    )
    return services.reanchor_pending_notes(source=source, job_id=job.pk)


@job_task
def reverify_citations(run, citation_ids):
    """Verify citations against their sources' current text, a chunk per transaction."""
    run.progress(0, total=len(citation_ids))
    verified = broken = 0
    rows = []
    for start in range(0, len(citation_ids), REVERIFY_CHUNK):
        chunk = Citation.objects.filter(pk__in=citation_ids[start : start + REVERIFY_CHUNK])
        found, lost = services.citations_reverify(citations=chunk.select_related("claim"))
        verified, broken = verified + len(found), broken + len(lost)
        _audit(run.user, found, "found in the source")
        _audit(run.user, lost, "marked broken")
        rows += [
            {
                "name": _("citation %(id)s") % {"id": citation.pk},
                "outcome": "broken",
                "reason": _("“%(quote)s” is no longer in “%(source)s” (claim: %(claim)s).")
                % {"quote": citation.quote, "source": citation.source, "claim": citation.claim},
            }
            for citation in lost
        ]
        run.progress(min(start + REVERIFY_CHUNK, len(citation_ids)))
    summary = _("%(verified)d verified against the current text; %(broken)d broken.") % {
        "verified": verified,
        "broken": broken,
    }
    return summary, rows


def _audit(user, citations, detail):
    if user is not None:
        for citation in citations:
            audit(user=user, obj=citation, action="reverify", detail=detail)


def reverify_start(*, citations, user) -> Job:
    """Queue verifying ``citations`` again."""
    ids = list(citations.order_by("pk").values_list("pk", flat=True))
    return job_start(
        kind=Job.Kind.REVERIFY_CITATIONS,
        task=reverify_citations,
        args=[ids],
        user=user,
        total=len(ids),
    )
