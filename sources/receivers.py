"""Thin receivers: they hand model events to this app's services, nothing more."""

from rnk_site import pagecache

from . import caching, services, tasks
from .models import TaggedSource


def slug_raw_topic(sender, instance, raw=False, **kwargs):
    """A topic is about to be saved raw (a fixture): make sure its slug fits an address."""
    if raw:
        services.topic_assign_slug(tag=instance)


def recheck_disagreements(sender, *, source, **kwargs):
    """
    A source's text changed: a job compares it with the others again (shared material, and
    the dates and figures they give differently), so saving never waits for a read of every
    text. The admin's own request for that job gets this one while it waits.
    """
    tasks.shared_material_start(sources=[source])


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


# --- the page cache (sources/caching.py): thin receivers, the fan-out lives there ---


def remember_source(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a source is saved: its old address and original, whose pages show it too."""
    if not raw:
        instance._pagecache_previous = pagecache.stored_before_save(
            instance, ["slug", "derived_from_id"], update_fields
        )


def source_saved(sender, instance, raw=False, **kwargs):
    if raw:
        pagecache.invalidate_all()
        return
    previous = getattr(instance, "_pagecache_previous", None) or {}
    caching.sources_changed(
        [instance.pk, previous.get("derived_from_id")], slugs=[previous.get("slug")]
    )


def source_deleting(sender, instance, **kwargs):
    caching.sources_changed([instance.pk])


def source_part_changed(sender, instance, raw=False, **kwargs):
    """A source's reference or version was saved or deleted."""
    if raw:
        pagecache.invalidate_all()
    else:
        caching.source_pages_changed([instance.source_id])


def source_retagged(sender, instance, action, reverse, pk_set, **kwargs):
    """Topics were added to or taken from a source (or sources from a topic)."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        caching.source_pages_changed([instance.pk])
    elif reverse and action in {"post_add", "post_remove"}:
        caching.source_pages_changed(pk_set)
    elif reverse and action == "pre_clear":
        topic_changed(sender, instance)


def topic_changed(sender, instance, raw=False, created=False, **kwargs):
    """A topic was renamed or is about to be deleted: the sources with it show its name."""
    if created:
        return
    if raw:
        pagecache.invalidate_all()
    elif instance.pk is not None:
        caching.source_pages_changed(
            TaggedSource.objects.filter(tag=instance).values_list("content_object", flat=True)
        )


def forget_shingles(sender, *, instance, **kwargs):
    """A deleted source's trigrams leave the shared-material index with it."""
    services.shingles_forget(source_id=instance.pk)
