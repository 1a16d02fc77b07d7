from django.apps import AppConfig


class SourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from django.db.models.signals import post_delete, pre_save
        from taggit.models import Tag

        from . import receivers
        from .models import Source, Topic

        # loaddata skips Topic.save(), so a fixture's topics are slugged on the way in.
        for model in (Tag, Topic):
            pre_save.connect(
                receivers.slug_raw_topic,
                sender=model,
                dispatch_uid=f"sources.slug.{model.__name__}",
            )
        post_delete.connect(
            receivers.forget_shingles, sender=Source, dispatch_uid="sources.forget_shingles"
        )
