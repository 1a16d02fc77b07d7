"""Thin receivers: they hand signals from the sources app to this app's services."""

from . import tasks


def reanchor_citations(sender, *, source, **kwargs):
    """A source's text changed: find its citations' passages again (or queue that job)."""
    return tasks.citations_reanchor_now_or_later(source=source)
