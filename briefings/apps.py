from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "briefings"
    verbose_name = "Editorial"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sources.signals import source_origins_changed, source_text_changed

        from . import receivers
        from .models import Citation

        source_text_changed.connect(
            receivers.reanchor_citations, dispatch_uid="briefings.reanchor_citations"
        )
        # The stored count of independent sources follows every change that can alter it.
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.recount_citation_support,
                sender=Citation,
                dispatch_uid=f"briefings.recount_citation_support.{signal is post_save}",
            )
        source_origins_changed.connect(
            receivers.recount_source_support, dispatch_uid="briefings.recount_source_support"
        )
