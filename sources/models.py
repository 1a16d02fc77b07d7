"""The evidence: source documents, stored verbatim with honest metadata."""

import unicodedata

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from rnk_site.urlcache import object_url

from . import text as text_utils
from .links import safe_link
from .signals import source_origins_changed, source_text_changed


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def next_position(queryset):
    """The position after the last one in ``queryset`` (0 for the first)."""
    top = queryset.aggregate(top=models.Max("position"))["top"]
    return 0 if top is None else top + 1


def format_partial_date(value, precision):
    """Render a date only as precisely as it is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def _choice_label(choices, value):
    """The label of ``value`` among ``choices`` (a TextChoices), or the value if unknown."""
    try:
        return choices(value).label
    except ValueError:
        return value


class Topic(Tag):
    """
    A topic: taggit's tag, with a slug that is never empty and always fits a URL.

    Every topic link points here, so tags made by the admin, the ORM
    (``claim.tags.add("Россия")``) or an import are all slugged by this class.
    """

    class Meta:
        proxy = True
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def slugify(self, tag, i=None):
        max_length = self._meta.get_field("slug").max_length
        return text_utils.topic_slug(tag, i, max_length=max_length)

    def save(self, *args, **kwargs):
        # Names are checked on every database: SQLite would store 101 characters
        # in a 100-character column, PostgreSQL would fail with a server error.
        self.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
        return super().save(*args, **kwargs)


class Topics(TaggableManager):
    """The topics of a source, claim or briefing; forms check every name's length."""

    def formfield(self, form_class=None, **kwargs):
        from .forms import TopicsField  # forms import models; fields are made lazily

        return super().formfield(form_class=form_class or TopicsField, **kwargs)


class NaturalKeyTagManager(models.Manager):
    """Tag links are found by their object's natural key and the tag's name."""

    def get_by_natural_key(self, object_key, tag_name):
        lookup = self.model.content_object_lookup
        return self.get(**{lookup: object_key, "tag__name": tag_name})


class NaturalKeyTaggedItem(TaggedItemBase):
    """
    A topic link that fixtures name by its object's natural key and the tag's name.

    Subclasses give ``content_object`` and ``content_object_lookup`` (the
    lookup of the object's natural key), and the ``natural_key.dependencies``.
    """

    tag = models.ForeignKey(
        Topic, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE
    )

    objects = NaturalKeyTagManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (*self.content_object.natural_key(), self.tag.name)


class TaggedSource(NaturalKeyTaggedItem):
    content_object = models.ForeignKey("Source", on_delete=models.CASCADE)
    content_object_lookup = "content_object__slug"

    class Meta:
        verbose_name = _("source tag")
        verbose_name_plural = _("source tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_source_once")
        ]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["sources.source", "taggit.tag"]


class SourceQuerySet(models.QuerySet):
    def published(self):
        """Sources are public records; every one held is visible."""
        return self.all()

    def for_list(self):
        """What a list entry shows: never the full texts (the word count is stored)."""
        return (
            self.select_related("derived_from")
            .defer("body", "derived_from__body")
            .prefetch_related("tags")
        )

    def for_detail(self):
        return self.select_related("derived_from").prefetch_related(
            "tags", "references", "derivatives"
        )


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("news report")
        ANALYSIS = "analysis", _("analysis")
        OPINION = "opinion", _("opinion")
        PAPER = "paper", _("think-tank paper")
        REFERENCE = "reference", _("reference")
        # Primary material: the document itself, not a report about it.
        TREATY = "treaty", _("treaty or agreement text")
        STATEMENT = "statement", _("official statement or readout")
        REPORT = "report", _("UN or government report")
        DATASET = "dataset", _("dataset")
        OTHER = "other", _("other")

    class DateStatus(models.TextChoices):
        KNOWN = "known", _("known")
        ESTIMATED = "estimated", _("estimated")
        UNKNOWN = "unknown", _("unknown")

    class Assessment(models.TextChoices):
        """What the editors judge the document to be, whatever its form (``kind``)."""

        UNASSESSED = "unassessed", _("not yet assessed")
        ORIGINAL = "original", _("original reporting")
        ANALYSIS = "analysis", _("analysis")
        OPINION = "opinion", _("opinion")
        OFFICIAL = "official", _("official statement")
        SECONDARY = "secondary", _("secondary summary")
        COPY = "copy", _("copy of another source")
        REWORDED = "reworded", _("machine-reworded copy")

    class Quotations(models.TextChoices):
        """Whether the words the document puts in other people's mouths can be relied on."""

        UNASSESSED = "unassessed", _("not yet assessed")
        NONE = "none", _("quotes no one")
        RELIABLE = "reliable", _("reliable")
        UNRELIABLE = "unreliable", _("not reliable")

    #: Assessments of a document that reproduces another one rather than witnessing anything.
    DERIVATIVE = frozenset({Assessment.COPY, Assessment.REWORDED})

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Used in the source's address. Left empty, it is made from the title."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    authors = models.CharField(
        _("author(s)"),
        max_length=500,
        blank=True,
        help_text=_("Separate several authors with semicolons."),
    )
    url = models.URLField(
        _("URL"), max_length=1000, blank=True, help_text=_("Where the document was found.")
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    published_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    date_status = models.CharField(
        _("date status"),
        max_length=10,
        choices=DateStatus.choices,
        default=DateStatus.UNKNOWN,
        help_text=_("Never invent a date: say it is unknown, or estimated and why in the notes."),
    )
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)
    archived_url = models.URLField(
        _("archived copy"),
        max_length=1000,
        blank=True,
        help_text=_("A snapshot of the page in a web archive, e.g. the Wayback Machine's."),
    )
    archived_on = models.DateField(
        _("archived on"), null=True, blank=True, help_text=_("The date of the archived snapshot.")
    )
    language = models.CharField(
        _("language"),
        max_length=20,
        blank=True,
        help_text=_(
            "BCP 47 code, e.g. en, ru, ko. Leave empty when unknown. It chooses how the text is "
            "searched and marks quoted passages for readers' browsers and screen readers."
        ),
    )
    body = models.TextField(_("full text"), help_text=_("The document's text, verbatim."))
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)
    fingerprint = models.CharField(
        _("content fingerprint"), max_length=64, editable=False, db_index=True
    )
    # The fingerprint of the text whose trigrams SourceShingle holds ("" before indexing):
    # shared material is looked for only after every differing source is indexed again.
    shingles_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    reliability_notes = models.TextField(
        _("reliability notes"),
        blank=True,
        help_text=_("The editors' assessment of the source: provenance, defects, bias."),
    )
    assessment = models.CharField(
        _("assessment"),
        max_length=12,
        choices=Assessment.choices,
        default=Assessment.UNASSESSED,
        help_text=_(
            "What the document is, as readers are told next to every citation of it. A copy "
            "(verbatim or machine-reworded) never counts as a source independent of its original."
        ),
    )
    quotations = models.CharField(
        _("quotations of others"),
        max_length=12,
        choices=Quotations.choices,
        default=Quotations.UNASSESSED,
        help_text=_(
            "Can the words this document attributes to other people be cited as their words? "
            "When not, readers see its quotations as “as quoted in”, never as exact words."
        ),
    )
    derived_from = models.ForeignKey(
        "self",
        # An original that copies point to cannot vanish silently: the copies would lose the
        # pointer readers follow and would start to count as independent witnesses.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derivatives",
        verbose_name=_("copy of"),
        help_text=_("For a copy: the original, when the project holds it."),
    )
    tags = Topics(through=TaggedSource, blank=True, verbose_name=_("topics"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SourceManager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique_when_present",
                violation_error_message=_("Another source already has this URL."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["publisher"]),
            # The sources index and the API list: ORDER BY title, id.
            models.Index(fields=["title", "id"], name="source_title_order"),
            models.Index(fields=["updated_at"], name="source_updated"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored composed (NFC), so that offsets into the text count whole letters and syllables.
        composed = unicodedata.normalize("NFC", self.body or "")
        recomposed = composed != (self.body or "")
        self.body = composed
        self.fingerprint = text_utils.fingerprint(self.body)
        self.word_count = text_utils.word_count(self.body or "")
        if not self.slug:
            self.slug = text_utils.unique_slug(
                self.title,
                lambda s: Source.objects.filter(slug=s).exclude(pk=self.pk).exists(),
                max_length=self._meta.get_field("slug").max_length,
                fallback="source",
            )
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fingerprint", "word_count"}
        previous = getattr(self, "_loaded_fingerprint", None)
        # A text stored decomposed before keeps its fingerprint once composed, but its
        # characters move: its citations are anchored again as after any change of text.
        written = kwargs.get("update_fields") is None or "body" in kwargs["update_fields"]
        changed = (
            self.pk is not None
            and previous is not None
            and (previous != self.fingerprint or (recomposed and written))
        )
        previous_original = getattr(self, "_loaded_derived_from_id", None)
        new_origin = previous_original != self.derived_from_id
        with transaction.atomic():
            if changed:
                self._keep_previous_version()
            super().save(*args, **kwargs)
            if changed:
                responses = source_text_changed.send(
                    sender=type(self), source=self, previous_fingerprint=previous
                )
                self.text_change_notes = [note for _, notes in responses for note in notes or ()]
            if new_origin:
                linked = {self.pk, previous_original, self.derived_from_id} - {None}
                source_origins_changed.send(sender=type(self), source_ids=linked)
        self._loaded_fingerprint = self.fingerprint
        self._loaded_derived_from_id = self.derived_from_id

    def get_absolute_url(self):
        return object_url("sources:source_detail", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember which text was loaded, so a save can tell that the text changed.
        instance._loaded_fingerprint = instance.__dict__.get("fingerprint")
        # And which original it copied, so a save can tell that its origin changed.
        instance._loaded_derived_from_id = instance.__dict__.get("derived_from_id")
        return instance

    def clean(self):
        errors = {}
        if not text_utils.normalize(self.body or ""):
            errors["body"] = ValidationError(_("A source needs its text."), code="empty_body")
        if self.date_status == self.DateStatus.UNKNOWN and self.published_on:
            errors["date_status"] = ValidationError(
                _(
                    "A publication date is given, so the date is not unknown: mark it known or "
                    "estimated, or clear the date."
                ),
                code="date_status_mismatch",
            )
        if self.date_status != self.DateStatus.UNKNOWN and not self.published_on:
            errors["published_on"] = ValidationError(
                _("Give the publication date, or mark the date as unknown."),
                code="date_missing",
            )
        errors.update(self._assessment_errors())
        errors.update(self._archive_errors())
        if self.language and not text_utils.is_language_tag(self.language):
            errors["language"] = ValidationError(
                _("“%(value)s” is not a BCP 47 language code: write e.g. en, ru, ko or ko-KP."),
                code="bad_language",
                params={"value": self.language},
            )
        if errors:
            raise ValidationError(errors)

    def _archive_errors(self):
        errors = {}
        if self.archived_url and not safe_link(self.archived_url):
            errors["archived_url"] = ValidationError(
                _("An archived copy must be an http or https address."), code="unsafe_archive_url"
            )
        if self.archived_on and not self.archived_url:
            errors["archived_on"] = ValidationError(
                _("Give the archived copy's address with its date, or clear the date."),
                code="archive_date_without_url",
            )
        if self.archived_url and self.archived_url == self.url:
            errors["archived_url"] = ValidationError(
                _("The archived copy's address is the live address: give the snapshot's address."),
                code="archive_is_live_url",
            )
        return errors

    def _assessment_errors(self):
        errors = {}
        if self.assessment == self.Assessment.REWORDED and (
            self.quotations == self.Quotations.RELIABLE
        ):
            errors["quotations"] = ValidationError(
                _(
                    "A machine-reworded copy changes the words of the people it quotes: mark its "
                    "quotations as not reliable."
                ),
                code="reworded_quotations",
            )
        if self.derived_from_id is None:
            return errors
        if self.derived_from_id == self.pk:
            errors["derived_from"] = ValidationError(
                _("A source cannot be a copy of itself."), code="copy_of_itself"
            )
        elif not self.is_derivative:
            errors["derived_from"] = ValidationError(
                _(
                    "Only a copy points to an original: assess this source as a copy, or clear "
                    "“copy of”."
                ),
                code="original_of_non_copy",
            )
        elif self.pk is not None and self.pk in self._originals():
            errors["derived_from"] = ValidationError(
                _(
                    "“%(original)s” is itself a copy of this source (directly or through other "
                    "copies): point to the original instead."
                ),
                code="copy_cycle",
                params={"original": self.derived_from.title},
            )
        return errors

    def _originals(self):
        """The primary keys up the chain of originals from this source (one query per step)."""
        seen = []
        current = self.derived_from_id
        while current is not None and current not in seen:
            seen.append(current)
            current = (
                Source.objects.filter(pk=current).values_list("derived_from", flat=True).first()
            )
        return seen

    def natural_key(self):
        return (self.slug,)

    def _keep_previous_version(self):
        """Store the text as it was before this save as a version."""
        old = Source.objects.filter(pk=self.pk).values("body", "fingerprint", "word_count").first()
        if old is not None:
            SourceVersion.objects.create(source=self, **old)

    @property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def is_derivative(self):
        return self.assessment in self.DERIVATIVE

    @property
    def quotes_others_exactly(self):
        """Whether words it attributes to a person may be shown as that person's words."""
        return not self.is_derivative and self.quotations != self.Quotations.UNRELIABLE

    @property
    def reliability_label(self):
        """The assessment as readers see it beside a citation, e.g. "Opinion"."""
        label = str(self.assessment_label)
        if self.quotations == self.Quotations.UNRELIABLE:
            label = _("%(label)s; its quotations of others are not reliable") % {"label": label}
        return label[:1].upper() + label[1:]

    # ``get_FOO_display()`` rebuilds a hashable copy of the choices on every call; pages
    # listing sixty sources called it hundreds of times per request. The enum is a lookup.
    @property
    def kind_label(self):
        return _choice_label(self.Kind, self.kind)

    @property
    def assessment_label(self):
        return _choice_label(self.Assessment, self.assessment)

    @property
    def date_display(self):
        """The publication date as honestly as it is known."""
        if self.date_status == self.DateStatus.UNKNOWN or not self.published_on:
            return _("date unknown")
        shown = format_partial_date(self.published_on, self.published_precision)
        if self.date_status == self.DateStatus.ESTIMATED:
            return _("%(date)s (estimated)") % {"date": shown}
        return shown


class SourceReferenceManager(models.Manager):
    def get_by_natural_key(self, source_slug, position):
        return self.get(source__slug=source_slug, position=position)


class SourceReference(models.Model):
    """A reference that the source itself lists (its bibliography)."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="references", verbose_name=_("source")
    )
    position = models.PositiveIntegerField(
        _("position"), blank=True, help_text=_("Left empty, the reference goes last.")
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    title = models.CharField(_("title or citation"), max_length=500, blank=True)

    objects = SourceReferenceManager()

    class Meta:
        ordering = ["source", "position", "id"]
        verbose_name = _("listed reference")
        verbose_name_plural = _("listed references")
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="reference_position_unique")
        ]

    def __str__(self):
        return self.title or self.url

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = next_position(SourceReference.objects.filter(source=self.source_id))
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.source.slug, self.position)

    natural_key.dependencies = ["sources.source"]

    def clean(self):
        if not self.url and not self.title:
            raise ValidationError(_("A reference needs a URL or a title."), code="empty_reference")


class SourceVersion(models.Model):
    """An earlier text of a source, kept whenever the text is replaced."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="versions", verbose_name=_("source")
    )
    body = models.TextField(_("text"))
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, db_index=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        ordering = ["source", "-replaced_at", "-id"]
        get_latest_by = "replaced_at"
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self):
        return f"{self.source} ({self.replaced_at:%Y-%m-%d %H:%M})"


class SourceOverlapQuerySet(models.QuerySet):
    def involving(self, source):
        return self.filter(Q(left=source) | Q(right=source))

    def for_list(self):
        """With both sources, but not their full texts (the pairs' passages are stored)."""
        return self.select_related("left", "right").defer("left__body", "right__body")

    def for_map(self):
        """What the map of shared material draws: pairs and titles, without passages or texts."""
        return self.select_related("left", "right").only(
            "left_id",
            "right_id",
            "kind",
            "score",
            "left__slug",
            "left__title",
            "right__slug",
            "right__title",
        )


class SourceOverlap(models.Model):
    """Two sources that share material: a copy, syndicated passages or close paraphrase."""

    class Kind(models.TextChoices):
        COPY = "copy", _("verbatim copy")
        SYNDICATED = "syndicated", _("syndicated passages")
        PARAPHRASE = "paraphrase", _("close paraphrase")

    left = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="overlaps_as_left", verbose_name=_("source")
    )
    right = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="overlaps_as_right",
        verbose_name=_("shares material with"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    score = models.FloatField(
        _("score"), help_text=_("Share of the shorter text's sentences that correspond (0–1).")
    )
    passages = models.JSONField(
        _("aligned passages"), default=list, help_text=_("Pairs of corresponding sentences.")
    )
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    objects = SourceOverlapQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "left", "right"]
        verbose_name = _("shared material")
        verbose_name_plural = _("shared material")
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="overlap_pair_once"),
            models.CheckConstraint(condition=Q(left__lt=models.F("right")), name="overlap_ordered"),
        ]

    def __str__(self):
        return f"{self.left} ~ {self.right} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            source_origins_changed.send(sender=type(self), source_ids={self.left_id, self.right_id})

    def delete(self, *args, **kwargs):
        pair = {self.left_id, self.right_id}
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            source_origins_changed.send(sender=type(self), source_ids=pair)
        return deleted

    def other(self, source):
        return self.right if source.pk == self.left_id else self.left


class SourceDisagreementQuerySet(models.QuerySet):
    def involving(self, sources):
        """Pairs in which one of ``sources`` (objects or primary keys) takes part."""
        return self.filter(Q(left__in=sources) | Q(right__in=sources))

    def unreviewed(self):
        return self.filter(verdict=SourceDisagreement.Verdict.UNREVIEWED)

    def contradictions(self):
        """Pairs the editors judged a real contradiction: readers are told the sources differ."""
        return self.filter(verdict=SourceDisagreement.Verdict.CONTRADICTION)

    def for_list(self):
        return self.select_related("left", "right", "reviewed_by")


class SourceDisagreement(models.Model):
    """Passages of two sources that report one thing with a different date or figure."""

    class Kind(models.TextChoices):
        DATE = "date", _("date")
        FIGURE = "figure", _("figure")

    class Verdict(models.TextChoices):
        UNREVIEWED = "unreviewed", _("not yet reviewed")
        CONTRADICTION = "contradiction", _("a real contradiction")
        REPORTING = "reporting", _("a difference of time zone or reporting date")
        DIFFERENT = "different", _("not the same thing")

    left = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="disagreements_as_left",
        verbose_name=_("source"),
    )
    right = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="disagreements_as_right",
        verbose_name=_("disagrees with"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    left_start = models.PositiveIntegerField(_("start in the source"))
    left_end = models.PositiveIntegerField(_("end in the source"))
    left_passage = models.TextField(_("passage"))
    left_value = models.CharField(_("value"), max_length=100)
    right_start = models.PositiveIntegerField(_("start in the other source"))
    right_end = models.PositiveIntegerField(_("end in the other source"))
    right_passage = models.TextField(_("other passage"))
    right_value = models.CharField(_("other value"), max_length=100)
    verdict = models.CharField(
        _("editor's verdict"),
        max_length=13,
        choices=Verdict.choices,
        default=Verdict.UNREVIEWED,
        help_text=_(
            "A real contradiction is shown to readers as “sources differ” beside the claims "
            "that cite either passage. Until a verdict is given, those claims cannot be verified."
        ),
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
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    objects = SourceDisagreementQuerySet.as_manager()

    class Meta:
        ordering = ["verdict", "left", "right", "left_start"]
        verbose_name = _("disagreement between sources")
        verbose_name_plural = _("sources that disagree")
        constraints = [
            models.UniqueConstraint(
                fields=["left", "right", "left_start", "right_start", "left_value", "right_value"],
                name="disagreement_once",
            ),
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="disagreement_ordered"
            ),
        ]
        indexes = [models.Index(fields=["verdict"])]

    def __str__(self):
        return f"{self.left} ({self.left_value}) ≠ {self.right} ({self.right_value})"

    @property
    def identity(self):
        """What makes a pair the same one after a recomputation (offsets may move)."""
        return (
            self.left_id,
            self.right_id,
            self.left_passage,
            self.right_passage,
            self.left_value,
            self.right_value,
        )

    @property
    def sides(self):
        """``(source id, start, end, value)`` for each of the two passages."""
        return (
            (self.left_id, self.left_start, self.left_end, self.left_value),
            (self.right_id, self.right_start, self.right_end, self.right_value),
        )


class PassageQuerySet(models.QuerySet):
    #: What a result shows of a passage and its source (never the source's whole text).
    RESULT_FIELDS = (
        "source",
        "position",
        "start",
        "end",
        "text",
        "terms",
        "length",
        "source__title",
        "source__slug",
        "source__url",
        "source__language",
        "source__published_on",
        "source__published_precision",
        "source__date_status",
        "source__assessment",
        "source__quotations",
        "source__fingerprint",
        "source__derived_from",
        "source__derived_from__title",
        "source__derived_from__slug",
    )

    def for_results(self):
        """With each passage's source and the original it copies (not their whole texts)."""
        return self.select_related("source__derived_from").only(*self.RESULT_FIELDS)


class Passage(models.Model):
    """
    A sentence of a source's text, indexed by its terms for the evidence finder.

    Derived data, rebuilt whenever the source's text changes (``sources.services``):
    ``source.body[start:end] == text``. The full-text index over ``terms`` is kept by the
    database itself (migration ``passage_index``): an FTS5 table with triggers on SQLite,
    ``vector`` with a trigger and a GIN index on PostgreSQL.
    """

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="passages", verbose_name=_("source")
    )
    position = models.PositiveIntegerField(_("position"))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    text = models.TextField(_("text"))
    terms = models.TextField(_("indexed terms"), help_text=_("Folded, stemmed words."))
    length = models.PositiveIntegerField(_("terms"), default=0)
    # Filled by a database trigger on PostgreSQL; unused (always empty) on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position"]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="passage_position_once")
        ]

    def __str__(self):
        return f"“{Truncator(self.text).chars(60)}” ({self.start}–{self.end})"


# Revisions (django-reversion): a source with its listed references.
reversion.register(SourceReference)
reversion.register(Source, follow=["references"])


class SourceShingle(models.Model):
    """
    One word trigram of a source's text, hashed: the inverted index shared material is found from.

    A new or changed source is compared only with the sources that hold several of its
    rare trigrams (sources.services.overlap_candidates), never with the whole corpus.
    Keyed by (hash, source), so looking up a trigram's holders reads the key itself. The
    source is a plain id, not a foreign key: a source's deletion page would otherwise list
    every trigram as a related object. sources.receivers removes a deleted source's rows.
    """

    pk = models.CompositePrimaryKey("hash", "source_id")
    hash = models.BigIntegerField()
    source_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["source_id"], name="shingle_source")]

    def __str__(self):
        return f"{self.source_id}:{self.hash:x}"
