"""Thin receivers: they hand model events to this app's services, nothing more."""

from . import services


def slug_raw_topic(sender, instance, raw=False, **kwargs):
    """A topic is about to be saved raw (a fixture): make sure its slug fits an address."""
    if raw:
        services.topic_assign_slug(tag=instance)


def recheck_disagreements(sender, *, source, **kwargs):
    """A source's text changed: find again which of its passages disagree with other sources."""
    services.disagreements_refresh(sources=[source])


def index_new_passages(sender, instance, created, raw=False, **kwargs):
    """
    A source was created, or saved raw (a fixture, a revision restored): cut its text into
    passages. Other text changes arrive through ``source_text_changed``.
    """
    if created or raw:
        services.passages_index(source=instance)


def index_changed_passages(sender, *, source, **kwargs):
    """A source's text changed: its passages follow."""
    services.passages_index(source=source)
