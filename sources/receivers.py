"""Thin receivers: they hand model events to this app's services, nothing more."""

from . import services


def slug_raw_topic(sender, instance, raw=False, **kwargs):
    """A topic is about to be saved raw (a fixture): make sure its slug fits an address."""
    if raw:
        services.topic_assign_slug(tag=instance)


def recheck_disagreements(sender, *, source, **kwargs):
    """A source's text changed: find again which of its passages disagree with other sources."""
    services.disagreements_refresh(sources=[source])
