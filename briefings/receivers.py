"""Thin receivers: they hand signals from the sources app to this app's services."""

from . import services


def reanchor_citations(sender, *, source, **kwargs):
    """A source's text changed: find its citations' passages again, and say what that did."""
    return services.reanchor_notes(services.citations_reanchor(source=source))
