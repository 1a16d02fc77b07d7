"""Briefings: topical pages assembled from sections of claims."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rnk_site.urlcache import object_url
from sources import text as text_utils
from sources.models import NaturalKeyTaggedItem, Topics, next_position

from ..markdown import MARKDOWN_MAX_LENGTH, store_rendered, stored_html
from .claims import Citation, Claim


def markdown_validators():
    """
    Markdown is bounded so that rendering it on save stays fast.

    A validator, not ``max_length``: a browser silently cuts pasted text at a textarea's
    maxlength, where an editor should see the error instead.
    """
    return [
        MaxLengthValidator(
            MARKDOWN_MAX_LENGTH,
            message=_(
                "Markdown is limited to %(limit_value)s characters (this has %(show_value)s): "
                "split the text into sections."
            ),
        )
    ]


def rendered_html_fields():
    """The stored HTML of a Markdown field, and what it was rendered from."""
    html = models.TextField(_("as HTML"), blank=True, default="", editable=False)
    key = models.CharField(
        _("rendered from"),
        max_length=48,
        blank=True,
        default="",
        editable=False,
        help_text=_("Renderer version and digest of the Markdown the HTML was rendered from."),
    )
    return html, key


class TaggedBriefing(NaturalKeyTaggedItem):
    content_object = models.ForeignKey("Briefing", on_delete=models.CASCADE)
    content_object_lookup = "content_object__slug"

    class Meta:
        verbose_name = _("briefing tag")
        verbose_name_plural = _("briefing tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_briefing_once")
        ]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["briefings.briefing", "taggit.tag"]


class BriefingQuerySet(models.QuerySet):
    def published(self):
        """The one definition of a public briefing: published, and its time has come."""
        return self.filter(status=Briefing.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self, now):
        """Published, but readers see them only from ``published_at``, after ``now``."""
        return self.filter(status=Briefing.Status.PUBLISHED, published_at__gt=now)

    def for_list(self):
        return self.prefetch_related("tags")

    def for_detail(self, claims, *, claim_topics=False):
        """
        With what a briefing page shows: its sections, and in them the entries of ``claims``.

        ``claims`` is the visibility guard for the claims inside (``Claim.objects.published()``
        for readers and the API, every claim for staff preview); each claim comes with its
        citations (``ClaimQuerySet.for_entries()``'s shape, one level down), and with its
        topics when ``claim_topics`` (the API lists them; the page does not).
        """
        entries = SectionClaim.objects.filter(claims.holding("claim")).select_related("claim")
        return self.prefetch_related(
            "tags",
            "authors",
            models.Prefetch("sections", queryset=Section.objects.order_by("position", "id")),
            models.Prefetch("sections__entries", queryset=entries.order_by("position", "id")),
            *(["sections__entries__claim__tags"] if claim_topics else []),
            models.Prefetch(
                "sections__entries__claim__citations", queryset=Citation.objects.for_claims()
            ),
        )


class BriefingManager(models.Manager.from_queryset(BriefingQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Briefing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        APPROVED = "approved", _("approved, awaiting publication")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the title.")
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        validators=markdown_validators(),
        help_text=_("Markdown. Raw HTML is not rendered."),
    )
    introduction_html, introduction_html_key = rendered_html_fields()
    tags = Topics(through=TaggedBriefing, blank=True, verbose_name=_("topics"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the briefing: readers see it from then on."),
    )
    review_note = models.TextField(
        _("reviewer's note"),
        blank=True,
        help_text=_("The reviewer's comment on the last approval or rejection, for the author."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="briefings", verbose_name=_("authors")
    )
    # A published briefing is never edited in place (readers would see every keystroke): edits
    # go to a draft revision, a draft briefing of its own that replaces the live content when
    # it is published (services.briefing_start_revision and briefing_publish).
    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="draft_revision",
        verbose_name=_("draft revision of"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BriefingManager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        indexes = [models.Index(fields=["status", "published_at"])]
        # Each step of the review flow is its own permission, never implied by "change".
        permissions = [
            ("review_briefing", _("Can approve or reject briefings in review")),
            ("publish_briefing", _("Can publish, unpublish and schedule briefings")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_briefing_has_time",
                violation_error_message=_("A published briefing needs a publication time."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = text_utils.unique_slug(
                self.title,
                lambda s: Briefing.objects.filter(slug=s).exclude(pk=self.pk).exists(),
                max_length=self._meta.get_field("slug").max_length,
                fallback="briefing",
            )
        kwargs["update_fields"] = store_rendered(self, "introduction", kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("briefings:briefing_detail", slug=self.slug)

    @property
    def introduction_rendered(self):
        """The introduction as sanitised HTML, rendered when it was saved."""
        return stored_html(self.introduction, self.introduction_html, self.introduction_html_key)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def claim_entries(self):
        """Every claim placement in the briefing's sections (checked by the stale-form guard)."""
        return SectionClaim.objects.filter(section__briefing=self)

    @property
    def is_locked(self):
        """Published (live or scheduled): edited through a draft revision, not in place."""
        return self.status == self.Status.PUBLISHED

    def pending_revision(self):
        """The draft revision being prepared for this published briefing, if any."""
        try:
            return self.draft_revision
        except Briefing.DoesNotExist:
            return None

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def natural_key(self):
        return (self.slug,)


class SectionManager(models.Manager):
    def get_by_natural_key(self, briefing_slug, position):
        return self.get(briefing__slug=briefing_slug, position=position)


class Section(models.Model):
    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="sections", verbose_name=_("briefing")
    )
    position = models.PositiveIntegerField(
        _("position"), blank=True, help_text=_("Left empty, the section goes last.")
    )
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(
        _("text"),
        blank=True,
        validators=markdown_validators(),
        help_text=_("Markdown, optional."),
    )
    body_html, body_html_key = rendered_html_fields()
    claims = models.ManyToManyField(
        Claim, through="SectionClaim", related_name="sections", verbose_name=_("claims")
    )

    objects = SectionManager()

    class Meta:
        ordering = ["briefing", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["briefing", "position"], name="section_position_unique")
        ]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = next_position(Section.objects.filter(briefing=self.briefing_id))
        kwargs["update_fields"] = store_rendered(self, "body", kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.briefing.get_absolute_url()}#{self.anchor_id}"

    @property
    def body_rendered(self):
        """The section's text as sanitised HTML, rendered when it was saved."""
        return stored_html(self.body, self.body_html, self.body_html_key)

    @property
    def anchor_id(self):
        return f"section-{self.position}"

    def natural_key(self):
        return (self.briefing.slug, self.position)

    natural_key.dependencies = ["briefings.briefing"]


class SectionClaimManager(models.Manager):
    def get_by_natural_key(self, briefing_slug, section_position, claim_uid):
        return self.get(
            section__briefing__slug=briefing_slug,
            section__position=section_position,
            claim__uid=claim_uid,
        )


class SectionClaim(models.Model):
    """A claim's place in a briefing section."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="entries", verbose_name=_("section")
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="entries", verbose_name=_("claim")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = SectionClaimManager()

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("claim in section")
        verbose_name_plural = _("claims in section")
        constraints = [
            models.UniqueConstraint(fields=["section", "claim"], name="claim_once_per_section")
        ]

    def __str__(self):
        return str(self.claim)

    def natural_key(self):
        return (*self.section.natural_key(), str(self.claim.uid))

    natural_key.dependencies = ["briefings.section", "briefings.claim"]
