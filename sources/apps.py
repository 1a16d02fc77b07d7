from django.apps import AppConfig


class SourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_save,
            pre_delete,
            pre_save,
        )
        from taggit.models import Tag

        from . import receivers
        from .models import Source, SourceReference, SourceVersion, TaggedSource, Topic
        from .signals import source_text_changed

        source_text_changed.connect(
            receivers.recheck_disagreements, dispatch_uid="sources.recheck_disagreements"
        )

        # loaddata skips Topic.save(), so a fixture's topics are slugged on the way in.
        for model in (Tag, Topic):
            pre_save.connect(
                receivers.slug_raw_topic,
                sender=model,
                dispatch_uid=f"sources.slug.{model.__name__}",
            )
        post_save.connect(
            receivers.index_new_passages, sender=Source, dispatch_uid="sources.passages.new"
        )
        source_text_changed.connect(
            receivers.index_changed_passages, dispatch_uid="sources.passages.changed"
        )

        # The page cache: what readers see of a source changed (sources/caching.py).
        def connect(signal, receiver, sender):
            uid = f"sources.{receiver.__name__}.{sender.__name__}"
            signal.connect(receiver, sender=sender, dispatch_uid=uid)

        connect(pre_save, receivers.remember_source, Source)
        connect(post_save, receivers.source_saved, Source)
        connect(pre_delete, receivers.source_deleting, Source)
        for model in (SourceReference, SourceVersion):
            connect(post_save, receivers.source_part_changed, model)
            connect(post_delete, receivers.source_part_changed, model)
        connect(m2m_changed, receivers.source_retagged, TaggedSource)
        for model in (Tag, Topic):
            connect(post_save, receivers.topic_changed, model)
            connect(pre_delete, receivers.topic_changed, model)

        post_delete.connect(
            receivers.forget_shingles, sender=Source, dispatch_uid="sources.forget_shingles"
        )
