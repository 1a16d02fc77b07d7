"""What readers are told changed: a briefing's public changelog and a claim's public history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicHistoryQuerySet(models.QuerySet):
    def public(self):
        """Entries whose time has come (a scheduled publication shows from its time on)."""
        return self.filter(at__lte=timezone.now())


class BriefingUpdate(models.Model):
    """One entry of a briefing's public changelog, in words readers understand."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("first published")
        REPUBLISHED = "republished", _("updated by the editors")
        CLAIM_CHANGED = "claim", _("a claim it uses changed")

    briefing = models.ForeignKey(
        "Briefing", on_delete=models.CASCADE, related_name="updates", verbose_name=_("briefing")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.TextField(_("what changed, for readers"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = PublicHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["briefing", "at"])]
        verbose_name = _("briefing update")
        verbose_name_plural = _("briefing updates")

    def __str__(self):
        return f"{self.briefing}: {self.note}"


class ClaimEvent(models.Model):
    """One step of a claim's public history: first published, reworded, disputed, retracted…"""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("first published")
        REWORDED = "reworded", _("reworded")
        VERIFIED = "verified", _("verified")
        REVIEW = "review", _("needs review")
        DISPUTED = "disputed", _("disputed")
        RETRACTED = "retracted", _("retracted")
        WITHDRAWN = "withdrawn", _("withdrawn for revision")
        SUPPORT = "support", _("independent sources changed")

    claim = models.ForeignKey(
        "Claim", on_delete=models.CASCADE, related_name="events", verbose_name=_("claim")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    detail = models.TextField(_("detail"), blank=True)

    objects = PublicHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["claim", "at"])]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self):
        return f"{self.claim}: {self.get_kind_display()}"
