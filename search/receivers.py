"""Thin receivers: they hand model changes to the search services, nothing more."""

from . import services


def index_saved(sender, instance, raw=False, **kwargs):
    """A briefing, claim or source was saved (fixture loads are indexed by a rebuild)."""
    if not raw:
        services.search_index_object(obj=instance)


def remove_deleted(sender, instance, **kwargs):
    services.search_remove_object(obj=instance)


def index_claim_of_citation(sender, instance, raw=False, **kwargs):
    """A citation was saved or deleted: its claim's quoted passages changed."""
    if not raw:
        services.search_index_object(obj=instance.claim)


def index_briefing_of_section(sender, instance, raw=False, **kwargs):
    if not raw:
        services.search_index_object(obj=instance.briefing)


def index_retagged(sender, instance, action, reverse, **kwargs):
    """Topics were added to or taken from an object (taggit sends ``m2m_changed``)."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        services.search_index_object(obj=instance)


def index_renamed_topic(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        services.search_index_topic(tag=instance)


def index_claims_quoting(sender, *, source, **kwargs):
    """A source's text changed and its citations were re-anchored: their quotes may differ."""
    services.search_index_citing_claims(source=source)
