"""Thin receivers: they hand model events to this app's services, nothing more."""

from . import services


def slug_raw_topic(sender, instance, raw=False, **kwargs):
    """A topic is about to be saved raw (a fixture): make sure its slug fits an address."""
    if raw:
        services.topic_assign_slug(tag=instance)


def forget_shingles(sender, *, instance, **kwargs):
    """A deleted source's trigrams leave the shared-material index with it."""
    services.shingles_forget(source_id=instance.pk)
