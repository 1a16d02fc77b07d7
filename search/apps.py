from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag

        from briefings.models import (
            Briefing,
            Citation,
            Claim,
            Section,
            TaggedBriefing,
            TaggedClaim,
        )
        from sources.models import Source, TaggedSource, Topic
        from sources.signals import source_text_changed

        from . import receivers

        def connect(signal, receiver, sender):
            uid = f"search.{receiver.__name__}.{sender.__name__}"
            signal.connect(receiver, sender=sender, dispatch_uid=uid)

        for model in (Briefing, Claim, Source):
            connect(post_save, receivers.index_saved, model)
            connect(post_delete, receivers.remove_deleted, model)
        for signal in (post_save, post_delete):
            connect(signal, receivers.index_claim_of_citation, Citation)
            connect(signal, receivers.index_briefing_of_section, Section)
        for through in (TaggedBriefing, TaggedClaim, TaggedSource):
            connect(m2m_changed, receivers.index_retagged, through)
        # Topics are renamed through the proxy (the admin) or taggit's own model.
        for tag_model in (Tag, Topic):
            connect(post_save, receivers.index_renamed_topic, tag_model)
        # Connected after the briefings app's receiver, so it runs after the re-anchoring.
        source_text_changed.connect(
            receivers.index_claims_quoting, dispatch_uid="search.index_claims_quoting"
        )
