"""Thin receivers: they hand signals from the sources app to this app's services."""

import threading

from rnk_site import pagecache

from . import caching, services, tasks
from .models import TaggedBriefing


def reanchor_citations(sender, *, source, **kwargs):
    """A source's text changed: find its citations' passages again (or queue that job)."""
    return tasks.citations_reanchor_now_or_later(source=source)


# --- the page cache (briefings/caching.py decides which pages a change shows on) ---


def remember_briefing(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        instance._pagecache_previous = pagecache.stored_before_save(
            instance, ["slug"], update_fields
        )


def briefing_saved(sender, instance, raw=False, **kwargs):
    pagecache.schedule_changed()
    if raw:
        pagecache.invalidate_all()
        return
    previous = getattr(instance, "_pagecache_previous", None) or {}
    caching.briefings_changed([instance.pk], slugs=[previous.get("slug")])


def briefing_deleting(sender, instance, **kwargs):
    pagecache.schedule_changed()
    caching.briefings_changed([instance.pk])


def briefing_part_changed(sender, instance, raw=False, **kwargs):
    """A section or changelog entry of a briefing was saved or deleted."""
    if raw:
        pagecache.invalidate_all()
    else:
        caching.briefings_changed([instance.briefing_id])


def entry_changed(sender, instance, raw=False, **kwargs):
    """A claim was placed in, moved within or taken out of a briefing's section."""
    if raw:
        pagecache.invalidate_all()
    else:
        caching.sections_changed([instance.section_id], claim_ids=[instance.claim_id])


def section_claims_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        caching.claims_changed([instance.pk], cited_pages=False)
    else:
        caching.sections_changed([instance.pk], claim_ids=pk_set or ())


def authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action in {"post_add", "post_remove"}:
        caching.briefings_changed(pk_set or ())
    elif reverse and action == "pre_clear":
        caching.author_changed(instance)
    elif not reverse and action in {"post_add", "post_remove", "post_clear"}:
        caching.briefings_changed([instance.pk])


def user_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A user's name appears on the briefings they wrote (a login's save changes nothing shown)."""
    shown = {"first_name", "last_name", "username"}
    if created or raw or (update_fields is not None and not shown & set(update_fields)):
        return
    caching.author_changed(instance)


def claim_saved(sender, instance, raw=False, **kwargs):
    if raw:
        pagecache.invalidate_all()
    else:
        caching.claims_changed([instance.pk])


def claim_part_changed(sender, instance, raw=False, **kwargs):
    """A claim's history entry was saved or deleted."""
    if raw:
        pagecache.invalidate_all()
    else:
        caching.claims_changed([instance.claim_id], cited_pages=False)


def remember_citation(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        fields = ["claim_id", "source_id"]
        instance._pagecache_previous = pagecache.stored_before_save(instance, fields, update_fields)


def citation_changed(sender, instance, raw=False, **kwargs):
    """A citation was saved (post_save) or is about to be deleted (pre_delete)."""
    if raw:
        pagecache.invalidate_all()
        return
    previous = getattr(instance, "_pagecache_previous", None) or {}
    caching.claims_changed(
        [instance.claim_id, previous.get("claim_id")],
        source_ids=[instance.source_id, previous.get("source_id")],
    )


def retagged(sender, instance, action, reverse, pk_set, **kwargs):
    """Topics were added to or taken from a claim or briefing (or the reverse)."""
    if reverse:
        if action in {"post_add", "post_remove"}:
            ids = pk_set or ()
        elif action == "pre_clear":
            return caching.topic_changed(instance)
        else:
            return
    elif action in {"post_add", "post_remove", "post_clear"}:
        ids = [instance.pk]
    else:
        return
    if sender is TaggedBriefing:
        caching.briefings_changed(ids)
    else:
        caching.claims_changed(ids, cited_pages=False)


def topic_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        pagecache.invalidate_all()
    elif not created and instance.pk is not None:
        caching.topic_changed(instance)


def claims_citing_changed(sender, *, source_ids, **kwargs):
    caching.claims_citing_changed(source_ids)


def recount_citation_support(sender, instance, raw=False, **kwargs):
    """A citation was saved (perhaps moved to another claim) or deleted: recount its claims.

    Loading data (a raw save) recounts without telling readers of a change, and a claim
    being deleted (its citations go first) has nobody left to tell."""
    previous = getattr(instance, "_loaded_claim_id", None)
    claim_ids = {instance.claim_id, previous} - _DELETING.claims
    services.claims_recount_support(claim_ids=claim_ids, announce=not raw)


class _Deleting(threading.local):
    """The claims whose deletion is under way in this thread (between pre and post delete)."""

    def __init__(self):
        self.claims = set()


_DELETING = _Deleting()


def claim_deleting(sender, instance, **kwargs):
    _DELETING.claims.add(instance.pk)


def claim_deleted(sender, instance, **kwargs):
    _DELETING.claims.discard(instance.pk)


def recount_source_support(sender, *, source_ids, **kwargs):
    """Copies or shared material changed: recount the claims citing those sources' families."""
    services.sources_recount_support(source_ids=source_ids)
