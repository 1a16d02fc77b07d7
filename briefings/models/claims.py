"""Claims and the citations that back them."""

import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Prefetch, Q, Value, When
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from rnk_site.dbfunctions import DatePart
from rnk_site.urlcache import object_url
from sources import text as text_utils
from sources.anchoring import reanchor
from sources.models import DatePrecision, NaturalKeyTaggedItem, Source, Topics, format_partial_date

# The claims list's order as one integer: the event date as YYYYMMDD, undated claims last.
UNDATED = 10**8


def list_position(date="event_date"):
    """The expression of :attr:`Claim.list_position`, in the database's own SQL."""
    return Case(
        When(Q(**{f"{date}__isnull": True}), then=Value(UNDATED)),
        default=DatePart("year", date) * 10_000
        + DatePart("month", date) * 100
        + DatePart("day", date),
    )


# The timeline's order as one integer (``chronological_key`` without the tie-break):
# year · 10⁶ + (not year-only) · 10⁵ + month · 10³ + (to the day) · 10² + day.
YEAR_SPAN = 10**6


def timeline_position(date="event_date", precision="event_precision"):
    """The expression of :attr:`Claim.timeline_position`, in the database's own SQL."""
    year_only = Q(**{precision: DatePrecision.YEAR})
    to_the_day = Q(**{precision: DatePrecision.DAY})
    return (
        DatePart("year", date) * YEAR_SPAN
        + Case(When(year_only, then=Value(0)), default=100_000 + DatePart("month", date) * 1000)
        + Case(When(to_the_day, then=100 + DatePart("day", date)), default=Value(0))
    )


class TaggedClaim(NaturalKeyTaggedItem):
    content_object = models.ForeignKey("Claim", on_delete=models.CASCADE)
    content_object_lookup = "content_object__uid"

    class Meta:
        verbose_name = _("claim tag")
        verbose_name_plural = _("claim tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_claim_once")
        ]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["briefings.claim", "taggit.tag"]


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims a reader may see: everything but drafts."""
        return self.filter(Claim.public_condition())

    def verified(self):
        return self.filter(status=Claim.Status.VERIFIED)

    def holding(self, field="claim"):
        """
        A condition on rows with a foreign key ``field`` to a claim: its claim is one of these.

        For a visibility guard inside another query (``claim__in=`` would read every
        public claim into a list first, on SQLite, however few rows it is asked about):
        each row looks its own claim up by primary key.
        """
        return models.Exists(self.order_by().filter(pk=models.OuterRef(field)))

    def with_support(self, *, at_least=None, at_most=None):
        """Claims whose stored count of independent sources lies within the bounds."""
        queryset = self
        if at_least is not None:
            queryset = queryset.filter(independent_support__gte=at_least)
        if at_most is not None:
            queryset = queryset.filter(independent_support__lte=at_most)
        return queryset

    def in_list_order(self, *, gather=False):
        """
        Dated claims first, by event date (the order of the claims index, topic pages, the API).

        The order is the stored ``list_position`` and the id, which two indexes hold (for all
        public claims, and for the verified ones), so a page walks an index and stops. When
        the rows asked for are few among many (a topic on few claims), walking would read most
        of the index to find them: ``gather`` sorts them instead, writing the key as an
        expression no index holds, so that neither SQLite's planner (whose statistics give
        every topic the average size) nor PostgreSQL's walks.
        """
        position = models.F("list_position") + 0 if gather else models.F("list_position")
        return self.order_by(position, "id")

    def in_years(self, first, last):
        """Claims whose event falls in the years ``first`` to ``last`` (a range on the index)."""
        return self.filter(
            timeline_position__gte=first * YEAR_SPAN, timeline_position__lt=(last + 1) * YEAR_SPAN
        )

    def in_timeline_order(self):
        """
        Dated claims in the timeline's order (``briefings.timeline.chronological_key``).

        Within a year, year-only events come first, then each month: month-only
        events before the days of that month; ties in the order of creation. The order is
        the stored ``timeline_position`` and the id, which an index holds: a window of the
        timeline reads its rows in order and stops, whatever the number of claims.
        """
        return self.filter(event_date__isnull=False).order_by("timeline_position", "pk")

    def for_entries(self):
        """
        With what a claim entry (a briefing's or a topic page's) shows: its citations with their
        sources. Not its topics: an entry does not list them, and taggit builds a queryset per
        claim to prefetch them (4 ms of a 40-claim briefing).
        """
        return self.prefetch_related(Prefetch("citations", Citation.objects.for_claims()))

    def for_list(self):
        """With what a row of the claims list or the timeline shows: also its topics."""
        return self.for_entries().prefetch_related("tags")

    def for_detail(self):
        return self.for_list()


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        # Public, but no longer resting on a passage found in its source: a reviewer must look.
        REVIEW = "review", _("needs review")
        VERIFIED = "verified", _("verified")
        DISPUTED = "disputed", _("disputed")
        RETRACTED = "retracted", _("retracted")

    uid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    statement = models.TextField(
        _("statement"), help_text=_("A short statement in the editor's own words.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    event_date = models.DateField(
        _("event date"),
        null=True,
        blank=True,
        help_text=_("When the event happened, for the timeline. Set the precision below."),
    )
    event_precision = models.CharField(
        _("event date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    editor_notes = models.TextField(
        _("editor's notes"), blank=True, help_text=_("Internal; never shown to readers.")
    )
    tags = Topics(through=TaggedClaim, blank=True, verbose_name=_("topics"))
    # How many independent sources support the claim (``briefings.corroboration``), stored so
    # that lists filter on it with an index; every write that can change it recomputes it.
    independent_support = models.PositiveIntegerField(
        _("independent sources"), default=0, editable=False
    )
    # The list's and the timeline's orders, computed by the database from event_date and
    # event_precision, so no write path can leave them stale (raw fixture loads and bulk
    # writes included); each has its index below.
    list_position = models.GeneratedField(
        expression=list_position(),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name=_("position in the claims list"),
    )
    timeline_position = models.GeneratedField(
        expression=timeline_position(),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name=_("position on the timeline"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ClaimManager()

    class Meta:
        ordering = ["event_date", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [
            models.Index(fields=["status"]),
            # The default ordering (Meta.ordering: the admin, exports) and event date ranges.
            models.Index(fields=["event_date", "id"], name="claim_event_order"),
            # The claims list, the API and topic pages (ClaimQuerySet.in_list_order): all
            # public claims, and the verified ones (a topic page's status = 'verified').
            models.Index(fields=["list_position", "id"], name="claim_list_order"),
            models.Index(fields=["status", "list_position", "id"], name="claim_status_list_order"),
            # The timeline: a window of years in order (ClaimQuerySet.in_timeline_order).
            models.Index(fields=["timeline_position", "id"], name="claim_timeline_order"),
            models.Index(fields=["independent_support"], name="claim_support"),
            models.Index(fields=["updated_at"], name="claim_updated"),
        ]
        # Verifying is a reviewer's decision, never implied by "change".
        permissions = [("verify_claim", _("Can mark claims verified"))]

    def __str__(self):
        return Truncator(self.statement).chars(90)

    def get_absolute_url(self):
        return object_url("briefings:claim_detail", pk=self.pk)

    def natural_key(self):
        return (str(self.uid),)

    @staticmethod
    def public_condition(path=""):
        """
        The one definition of a public claim, as a condition on the claim at ``path``.

        ``published()`` applies it to claims; an aggregate over a relation (a topic's
        links to claims) applies it through the join, where a subquery of public claims
        would be run again for every row.
        """
        return ~models.Q(**{f"{path}status": Claim.Status.DRAFT})

    @property
    def event_display(self):
        return format_partial_date(self.event_date, self.event_precision)

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    @property
    def is_contested(self):
        """Some cited passage contradicts the claim (uses prefetched citations)."""
        return any(c.stance == Citation.Stance.CONTRADICTS for c in self.citations.all())


class CitationQuerySet(models.QuerySet):
    def with_sources(self):
        """With each source and the original it copies, which every citation label names."""
        return self.select_related("source__derived_from")

    def for_claims(self):
        """
        A claim's citations in their order, with what a footnote shows of their sources.

        The sources' full texts stay in the database: a footnote names its source, it
        does not print it.
        """
        return (
            self.with_sources()
            .defer("source__body", "source__derived_from__body")
            .order_by("position", "id")
        )

    def needing_attention(self):
        """Broken, re-anchored, or verified against a text its source no longer has."""
        return self.filter(
            ~models.Q(anchor_status=Citation.AnchorStatus.VERIFIED)
            | ~models.Q(source_fingerprint=models.F("source__fingerprint"))
        )


class CitationManager(models.Manager.from_queryset(CitationQuerySet)):
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


class Citation(models.Model):
    """A verbatim passage of a source that supports a claim."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        CONTRADICTS = "contradicts", _("contradicts")
        CONTEXT = "context", _("gives context")

    class AnchorStatus(models.TextChoices):
        VERIFIED = "verified", _("verified")
        REANCHORED = "reanchored", _("re-anchored after a text change")
        BROKEN = "broken", _("broken: passage no longer in the source")

    uid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="citations", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    quote = models.TextField(
        _("quoted passage"),
        help_text=_(
            "Copy the passage from the source. Differences in whitespace and typographic "
            "quotes are ignored; anything else must match the source's text."
        ),
    )
    translation = models.TextField(
        _("translation"),
        blank=True,
        help_text=_(
            "For a passage not in English: the editor's English translation. Readers see it "
            "beside the original words, which stay verbatim."
        ),
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("Whom the source quotes here, e.g. an analyst named in the article."),
    )
    stance = models.CharField(
        _("stance"), max_length=12, choices=Stance.choices, default=Stance.SUPPORTS
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    anchor_status = models.CharField(
        _("anchor"),
        max_length=10,
        choices=AnchorStatus.choices,
        default=AnchorStatus.VERIFIED,
        editable=False,
    )
    # Where the passage sits (W3C TextQuoteSelector plus offsets), kept up to date on save.
    start = models.PositiveIntegerField(_("start offset"), default=0, editable=False)
    end = models.PositiveIntegerField(_("end offset"), default=0, editable=False)
    exact = models.TextField(_("exact text"), blank=True, editable=False)
    prefix = models.CharField(_("text before"), max_length=64, blank=True, editable=False)
    suffix = models.CharField(_("text after"), max_length=64, blank=True, editable=False)
    source_fingerprint = models.CharField(
        _("verified against"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the source text the passage was verified against."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CitationManager()

    class Meta:
        # No default ordering: ordering by claim joined and sorted the claims on every citation
        # query; the queries that show citations order them (``for_claims()``).
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [
            models.Index(fields=["source", "start"]),
            models.Index(fields=["anchor_status"]),
        ]

    def __str__(self):
        return f"{self.source} — “{Truncator(self.quote).chars(60)}”"

    def save(self, *args, **kwargs):
        # Checked on every save, not only in forms: a citation never stores a
        # passage its source does not contain.
        self.quote = unicodedata.normalize("NFC", self.quote or "")
        self.anchor()
        super().save(*args, **kwargs)
        self._loaded_claim_id = self.claim_id

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#{self.anchor_id}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the claim it was loaded with: moving it changes two claims' support.
        instance._loaded_claim_id = instance.__dict__.get("claim_id")
        return instance

    @property
    def anchor_id(self):
        """The fragment id of the passage on its source page."""
        return f"passage-{self.pk}"

    def locate(self):
        """Find the quote in the source's text, or raise a ValidationError an editor understands."""
        if not text_utils.normalize(self.quote or ""):
            # The code goes on the field's error: a dict given to ValidationError drops its own.
            raise ValidationError(
                {"quote": ValidationError(_("Quote a passage of the source."), code="empty_quote")}
            )
        anchor = text_utils.locate_quote(self.source.body, self.quote)
        if anchor is None:
            raise ValidationError({"quote": self._not_found_error()})
        return anchor

    def _not_found_error(self):
        """The editor's message for a quote not in the source, with the closest passage if any."""
        message = _(
            "This passage does not occur in “%(source)s”. Copy it exactly from "
            "the source's text (whitespace and typographic quotes may differ)."
        )
        params = {"source": self.source.title}
        # A near miss (a typo, a changed word): offer the source's own characters to paste.
        near = reanchor(self.source.body, exact=self.quote)
        if near is not None:
            message += " " + _("The closest passage in the source is: “%(closest)s”.")
            params["closest"] = near.anchor.exact
        return ValidationError(message, code="quote_not_in_source", params=params)

    def clean(self):
        if self.source_id is not None and self.quote:
            self.locate()

    @property
    def needs_translation(self):
        """Whether readers need a translation: the source's language is known and not English."""
        return text_utils.primary_language(self.source.language) not in ("", "en")

    @property
    def quote_language(self):
        """The BCP 47 code of the quoted words, for their ``lang`` attribute."""
        return self.source.language

    def anchor(self):
        """Record where the quote sits in the current text of its source."""
        found = self.locate()
        self.start, self.end = found.start, found.end
        self.exact, self.prefix, self.suffix = found.exact, found.prefix, found.suffix
        self.source_fingerprint = self.source.fingerprint
        self.anchor_status = self.AnchorStatus.VERIFIED

    def natural_key(self):
        return (str(self.uid),)

    @property
    def is_broken(self):
        return self.anchor_status == self.AnchorStatus.BROKEN

    @property
    def quotes_speaker_exactly(self):
        """With an attribution, whether the passage may be shown as that person's words."""
        if not self.attribution:
            return None
        return self.source.quotes_others_exactly

    @property
    def source_changed_since_verified(self):
        return self.source_fingerprint != self.source.fingerprint

    @property
    def is_verified(self):
        """The stored anchor still points at the quoted words in the source's text."""
        return self.source.body[self.start : self.end] == self.exact and text_utils.normalize(
            self.exact
        ) == text_utils.normalize(self.quote)
