"""Thin receivers: they hand signals from the sources app to this app's services."""

from . import services


def reanchor_citations(sender, *, source, **kwargs):
    """A source's text changed: find its citations' passages again, and say what that did."""
    return services.reanchor_notes(services.citations_reanchor(source=source))


def recount_citation_support(sender, instance, **kwargs):
    """A citation was saved (perhaps moved to another claim) or deleted: recount its claims."""
    previous = getattr(instance, "_loaded_claim_id", None)
    services.claims_recount_support(claim_ids={instance.claim_id, previous})


def recount_source_support(sender, *, source_ids, **kwargs):
    """Copies or shared material changed: recount the claims citing those sources' families."""
    services.sources_recount_support(source_ids=source_ids)
