from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"
    verbose_name = "Editorial"

    def ready(self):
        from sources.signals import source_text_changed

        from . import receivers

        source_text_changed.connect(
            receivers.reanchor_citations, dispatch_uid="briefings.reanchor_citations"
        )
