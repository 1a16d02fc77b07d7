from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"
    verbose_name = "Editorial"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_save,
            pre_delete,
            pre_save,
        )
        from taggit.models import Tag

        from rnk_site import pagecache
        from sources.models import Topic
        from sources.signals import source_origins_changed, source_text_changed, sources_changed

        from . import caching, receivers
        from .models import (
            Briefing,
            BriefingUpdate,
            Citation,
            Claim,
            ClaimEvent,
            Section,
            SectionClaim,
            TaggedBriefing,
            TaggedClaim,
        )

        source_text_changed.connect(
            receivers.reanchor_citations, dispatch_uid="briefings.reanchor_citations"
        )

        # The page cache: which pages a change shows on (briefings/caching.py).
        def connect(signal, receiver, sender):
            uid = f"briefings.{receiver.__name__}.{sender.__name__}"
            signal.connect(receiver, sender=sender, dispatch_uid=uid)

        pagecache.register_schedule(caching.next_scheduled_publication)
        # After a public change the listing pages' figures are counted by a task, not a reader.
        from .tasks import listing_figures_refresh

        pagecache.on_listing_change(listing_figures_refresh)
        connect(pre_save, receivers.remember_briefing, Briefing)
        connect(post_save, receivers.briefing_saved, Briefing)
        connect(pre_delete, receivers.briefing_deleting, Briefing)
        for model in (Section, BriefingUpdate):
            connect(post_save, receivers.briefing_part_changed, model)
            connect(post_delete, receivers.briefing_part_changed, model)
        connect(post_save, receivers.entry_changed, SectionClaim)
        connect(post_delete, receivers.entry_changed, SectionClaim)
        connect(m2m_changed, receivers.section_claims_changed, Section.claims.through)
        connect(m2m_changed, receivers.authors_changed, Briefing.authors.through)
        connect(post_save, receivers.user_saved, get_user_model())
        connect(post_save, receivers.claim_saved, Claim)
        connect(pre_delete, receivers.claim_saved, Claim)
        connect(post_save, receivers.claim_part_changed, ClaimEvent)
        connect(post_delete, receivers.claim_part_changed, ClaimEvent)
        connect(pre_save, receivers.remember_citation, Citation)
        connect(post_save, receivers.citation_changed, Citation)
        connect(pre_delete, receivers.citation_changed, Citation)
        for through in (TaggedBriefing, TaggedClaim):
            connect(m2m_changed, receivers.retagged, through)
        for model in (Tag, Topic):
            connect(post_save, receivers.topic_changed, model)
            connect(pre_delete, receivers.topic_changed, model)
        sources_changed.connect(
            receivers.claims_citing_changed, dispatch_uid="briefings.claims_citing_changed"
        )

        # The stored count of independent sources follows every change that can alter it.
        connect(pre_delete, receivers.claim_deleting, Claim)
        connect(post_delete, receivers.claim_deleted, Claim)
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.recount_citation_support,
                sender=Citation,
                dispatch_uid=f"briefings.recount_citation_support.{signal is post_save}",
            )
        source_origins_changed.connect(
            receivers.recount_source_support, dispatch_uid="briefings.recount_source_support"
        )
