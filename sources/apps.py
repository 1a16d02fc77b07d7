from django.apps import AppConfig


class SourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from django.db.models.signals import post_save, pre_save
        from taggit.models import Tag

        from . import receivers
        from .models import Source, Topic
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
