"""
JSON shapes of the public API.

Every object carries a stable ``id`` (a slug, or the ``uid`` UUID for claims
and citations), a ``url`` to its API resource where it has one and an
``html_url`` to its public page. Editors' internal fields (such as a claim's
``editor_notes``) are never serialized.
"""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from briefings.models import Briefing, Citation, Claim
from sources.links import safe_link
from sources.models import DatePrecision, Source, SourceReference, format_partial_date

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PARTIAL_DATE_FORMATS = {
    DatePrecision.YEAR: "%Y",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.DAY: "%Y-%m-%d",
}


def partial_iso_date(value, precision):
    """ISO 8601 to the known precision ("1948", "1948-09", "1948-09-09"), never more."""
    return value.strftime(PARTIAL_DATE_FORMATS.get(precision, "%Y-%m-%d"))


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the object's public HTML page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), value.get_absolute_url())


class OptionalURLField(serializers.URLField):
    """A URL that may be missing: null rather than an empty string."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        # A stored URL with an unsafe scheme (javascript:, data:...) is withheld, as on the site.
        return safe_link(value) or None


class TopicRefSerializer(serializers.Serializer):
    """A topic as attached to an item; filter the lists with ``?topic=<slug>``."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class TopicsField(serializers.ListField):
    """An item's topics, sorted by name (uses prefetched tags)."""

    child = TopicRefSerializer()

    def __init__(self, **kwargs):
        kwargs.update(source="tags", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, data):
        return super().to_representation(sorted(data.all(), key=lambda tag: tag.name.lower()))


@extend_schema_field({"type": "string", "pattern": PARTIAL_DATE_PATTERN})
class PartialDateField(serializers.CharField):
    """A date written only as precisely as it is known."""


class SourceDateSerializer(serializers.Serializer):
    """A source's publication date as honestly as it is known: never an invented date."""

    value = PartialDateField(
        allow_null=True,
        help_text="ISO 8601 to the known precision (YYYY, YYYY-MM or YYYY-MM-DD); "
        "null when the date is unknown.",
    )
    precision = serializers.ChoiceField(
        choices=DatePrecision.choices, allow_null=True, help_text="Null when the date is unknown."
    )
    status = serializers.ChoiceField(choices=Source.DateStatus.choices)
    display = serializers.CharField(help_text="The date as the public page shows it.")

    def to_representation(self, source):
        known = source.date_status != Source.DateStatus.UNKNOWN and source.published_on
        return {
            "value": partial_iso_date(source.published_on, source.published_precision)
            if known
            else None,
            "precision": source.published_precision if known else None,
            "status": source.date_status if known else Source.DateStatus.UNKNOWN,
            "display": str(source.date_display),
        }


class EventDateSerializer(serializers.Serializer):
    """When a claim's event happened, only as precisely as it is known."""

    value = PartialDateField(
        help_text="ISO 8601 to the known precision: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    precision = serializers.ChoiceField(choices=DatePrecision.choices)
    display = serializers.CharField()

    def to_representation(self, claim):
        if claim.event_date is None:
            return None
        return {
            "value": partial_iso_date(claim.event_date, claim.event_precision),
            "precision": claim.event_precision,
            "display": format_partial_date(claim.event_date, claim.event_precision),
        }


class SourceLinkSerializer(serializers.HyperlinkedModelSerializer):
    """A source named and linked, nothing more."""

    id = serializers.SlugField(source="slug", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    html_url = PageURLField()

    class Meta:
        model = Source
        fields = ["id", "url", "html_url", "title"]
        read_only_fields = fields


class ReliabilitySerializer(serializers.Serializer):
    """The editors' assessment of a source, shown to readers beside every citation of it."""

    assessment = serializers.ChoiceField(choices=Source.Assessment.choices)
    quotations = serializers.ChoiceField(
        choices=Source.Quotations.choices,
        help_text="Whether the words the source attributes to other people can be cited as "
        "theirs; when not, cite them only as “as quoted in” the source.",
    )
    label = serializers.CharField(
        source="reliability_label", help_text="The assessment as the public pages word it."
    )
    derived_from = SourceLinkSerializer(
        allow_null=True,
        help_text="For a copy: the original, when the project holds it; else null.",
    )


class SourceRefSerializer(SourceLinkSerializer):
    """A source as cited: enough to name it, follow it and judge it."""

    reliability = ReliabilitySerializer(source="*", read_only=True)

    class Meta(SourceLinkSerializer.Meta):
        fields = [*SourceLinkSerializer.Meta.fields, "reliability"]
        read_only_fields = fields


class CitationSerializer(serializers.ModelSerializer):
    """A verbatim passage of a source, anchored by offsets and a W3C TextQuoteSelector."""

    id = serializers.UUIDField(source="uid", read_only=True)
    html_url = PageURLField(help_text="The passage highlighted on its source's page.")
    source = SourceRefSerializer(read_only=True)
    attribution_exact = serializers.BooleanField(
        source="quotes_speaker_exactly",
        read_only=True,
        allow_null=True,
        help_text="With an attribution: whether the quote may be cited as that person's exact "
        "words. False means cite it only as quoted in the source (see its reliability); null "
        "when the passage is the source's own words.",
    )

    class Meta:
        model = Citation
        fields = [
            "id",
            "html_url",
            "source",
            "stance",
            "attribution",
            "attribution_exact",
            "quote",
            "translation",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "anchor_status",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.HyperlinkedModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="uid")
    html_url = PageURLField()
    event_date = EventDateSerializer(source="*", read_only=True, allow_null=True)
    topics = TopicsField()
    independent_sources = serializers.IntegerField(
        source="support",
        read_only=True,
        help_text="Independent sources supporting the claim: sources sharing an origin count "
        "once; broken, contradicting and context citations do not count.",
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "html_url",
            "statement",
            "status",
            "event_date",
            "topics",
            "independent_sources",
            "citations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SectionSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    heading = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True, help_text="Markdown.")
    claims = serializers.SerializerMethodField(help_text="The section's public claims, in order.")

    @extend_schema_field(ClaimSerializer(many=True))
    def get_claims(self, section):
        # The view prefetches only entries whose claim is public.
        claims = [entry.claim for entry in section.entries.all()]
        return ClaimSerializer(claims, many=True, context=self.context).data


class BriefingSerializer(serializers.HyperlinkedModelSerializer):
    id = serializers.SlugField(source="slug", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:briefing-detail", lookup_field="slug")
    html_url = PageURLField()
    topics = TopicsField()
    authors = serializers.SerializerMethodField(help_text="Authors' names as the page shows them.")

    class Meta:
        model = Briefing
        fields = [
            "id",
            "url",
            "html_url",
            "title",
            "standfirst",
            "topics",
            "authors",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_authors(self, briefing) -> list[str]:
        return [user.get_full_name() or user.get_username() for user in briefing.authors.all()]


class BriefingDetailSerializer(BriefingSerializer):
    introduction = serializers.CharField(read_only=True, help_text="Markdown.")
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(BriefingSerializer.Meta):
        fields = [*BriefingSerializer.Meta.fields, "introduction", "sections"]
        read_only_fields = fields


class SourceSerializer(SourceRefSerializer):
    """A source document's metadata."""

    original_url = OptionalURLField(
        source="url", help_text="Where the document was found; null when not recorded."
    )
    archived_url = OptionalURLField(
        help_text="A snapshot of the document in a web archive; null when not recorded."
    )
    authors = serializers.ListField(
        source="author_list", child=serializers.CharField(), read_only=True
    )
    published_date = SourceDateSerializer(source="*", read_only=True)
    topics = TopicsField()

    class Meta(SourceRefSerializer.Meta):
        fields = [
            *SourceRefSerializer.Meta.fields,
            "kind",
            "publisher",
            "authors",
            "original_url",
            "published_date",
            "accessed_on",
            "archived_url",
            "archived_on",
            "language",
            "word_count",
            "topics",
            "updated_at",
        ]
        read_only_fields = fields


class ListedReferenceSerializer(serializers.ModelSerializer):
    """An entry of the bibliography the source itself gives."""

    url = OptionalURLField()

    class Meta:
        model = SourceReference
        fields = ["position", "url", "title"]
        read_only_fields = fields


class ClaimRefSerializer(serializers.HyperlinkedModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="uid")
    html_url = PageURLField()

    class Meta:
        model = Claim
        fields = ["id", "url", "html_url", "statement", "status"]
        read_only_fields = fields


class SourceCitationSerializer(serializers.ModelSerializer):
    """A passage of this source cited by a public claim."""

    id = serializers.UUIDField(source="uid", read_only=True)
    claim = ClaimRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["id", "claim", "stance", "exact", "start", "end", "anchor_status"]
        read_only_fields = fields


class SourceDetailSerializer(SourceSerializer):
    """A source document with its full text, its own references and who cites it."""

    body = serializers.CharField(read_only=True, help_text="The document's full text, verbatim.")
    references = ListedReferenceSerializer(many=True, read_only=True)
    copies = SourceLinkSerializer(
        source="derivatives",
        many=True,
        read_only=True,
        help_text="Sources the editors assessed as copies of this one.",
    )
    cited_by = SourceCitationSerializer(
        source="public_citations",
        many=True,
        read_only=True,
        help_text="Citations by public claims.",
    )

    class Meta(SourceSerializer.Meta):
        fields = [
            *SourceSerializer.Meta.fields,
            "reliability_notes",
            "body",
            "references",
            "copies",
            "cited_by",
        ]
        read_only_fields = fields


class TopicSerializer(serializers.Serializer):
    """A topic with public content, and how much of it there is."""

    id = serializers.SlugField(source="slug", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    briefing_count = serializers.IntegerField(read_only=True)
    claims_url = serializers.SerializerMethodField(help_text="The topic's public claims.")
    briefings_url = serializers.SerializerMethodField(help_text="The topic's public briefings.")

    def _absolute(self, path):
        return absolute(self.context.get("request"), path)

    def _filtered_list(self, view_name, topic):
        return self._absolute(f"{reverse(view_name)}?{urlencode({'topic': topic.slug})}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, topic):
        return self._absolute(reverse("briefings:topic_detail", kwargs={"slug": topic.slug}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, topic):
        return self._filtered_list("api:claim-list", topic)

    @extend_schema_field(OpenApiTypes.URI)
    def get_briefings_url(self, topic):
        return self._filtered_list("api:briefing-list", topic)


class ErrorSerializer(serializers.Serializer):
    """Why a request was refused."""

    detail = serializers.CharField()
