"""
Read-only API views: only what the public site shows.

Every queryset starts from the models' ``published()``; claims nested in a
briefing or listed on a source are limited to ``Claim.objects.published()``
as well, so a draft never leaks through a relation.
"""

from django.db.models import Prefetch
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.viewsets import ReadOnlyModelViewSet

from briefings.corroboration import attach_support
from briefings.filters import BriefingFilter, ClaimFilter
from briefings.models import Briefing, Citation, Claim
from briefings.topics import topic_figures
from briefings.views import in_page_order
from rnk_site.paging import filtered_count
from sources.filters import SourceFilter
from sources.models import Source

from . import serializers as api

NOT_FOUND = OpenApiResponse(
    api.ErrorSerializer, description="No public item with this identifier, or no such page."
)
BAD_FILTER = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A filter value is not valid; the messages say why, by parameter.",
)


# Django's slug path converter; anything else is not an address of the API.
SLUG = OpenApiParameter(
    "slug", {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}, OpenApiParameter.PATH
)


def documented(item, detail=None, *, filtered=True, parameters=()):
    """Document the answers of a list and a detail endpoint, errors included."""
    list_responses = {200: item, 404: NOT_FOUND}
    if filtered:
        list_responses[400] = BAD_FILTER
    return extend_schema_view(
        list=extend_schema(responses=list_responses),
        retrieve=extend_schema(
            responses={200: detail or item, 404: NOT_FOUND}, parameters=list(parameters)
        ),
    )


class PublicReadOnlyViewSet(ReadOnlyModelViewSet):
    """A list and a detail endpoint; GET, HEAD and OPTIONS only."""

    detail_serializer_class = None
    # The name its list's count is kept under (``filtered_count``); None: counted per request.
    count_name = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def list_count(self):
        """The list's length for the paginator (PagePagination): kept per change and filters."""
        if self.count_name is None:
            return None
        if not hasattr(self, "_list_count"):
            filterset = self.filterset_class(
                self.request.query_params, queryset=self.get_queryset(), request=self.request
            )
            self._list_count = filtered_count(self.count_name, filterset)
        return self._list_count


@documented(api.BriefingSerializer, api.BriefingDetailSerializer, parameters=[SLUG])
class BriefingViewSet(PublicReadOnlyViewSet):
    """Published briefings, newest first; the detail has the sections and their claims."""

    serializer_class = api.BriefingSerializer
    detail_serializer_class = api.BriefingDetailSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = BriefingFilter
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        queryset = (
            Briefing.objects.published()
            .for_list()
            .prefetch_related("authors")
            .order_by("-published_at", "-created_at", "-pk")
        )
        if self.action != "retrieve":
            return queryset
        return queryset.for_detail(Claim.objects.published(), claim_topics=True)

    def get_object(self):
        briefing = super().get_object()
        attach_support(
            [entry.claim for section in briefing.sections.all() for entry in section.entries.all()]
        )
        return briefing


@documented(api.ClaimSerializer)
class ClaimViewSet(PublicReadOnlyViewSet):
    """Public claims (drafts excluded) by event date, with citations and independent support."""

    serializer_class = api.ClaimSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    count_name = "api-claims"
    lookup_field = "uid"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        # The order of the HTML list: dated claims first, by event date.
        return Claim.objects.published().in_list_order().for_list()

    def paginate_queryset(self, queryset):
        # A narrow filter (a rare topic, one source) gathers its claims rather than walk all.
        size = self.paginator.get_page_size(self.request)
        page = super().paginate_queryset(in_page_order(queryset, self.list_count(), size))
        return attach_support(list(page)) if page is not None else None

    def get_object(self):
        return attach_support([super().get_object()])[0]


@documented(api.SourceSerializer, api.SourceDetailSerializer, parameters=[SLUG])
class SourceViewSet(PublicReadOnlyViewSet):
    """Source documents by title; the detail has the full text and the public citations."""

    serializer_class = api.SourceSerializer
    detail_serializer_class = api.SourceDetailSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SourceFilter
    count_name = "api-sources"
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        if self.action != "retrieve":
            return Source.objects.published().for_list().order_by("title", "pk")
        cited = Citation.objects.filter(Claim.objects.published().holding("claim"))
        return (
            Source.objects.published()
            .for_detail()
            .prefetch_related(
                Prefetch(
                    "citations",
                    queryset=cited.select_related("claim").order_by("start", "id"),
                    to_attr="public_citations",
                )
            )
        )


@documented(api.TopicSerializer, filtered=False, parameters=[SLUG])
class TopicViewSet(PublicReadOnlyViewSet):
    """Topics with public claims or briefings, by name, with how many of each."""

    serializer_class = api.TopicSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        # A list, counted once per change to public content (briefings.topics.topic_figures).
        return topic_figures()

    def get_object(self):
        slug = self.kwargs[self.lookup_field]
        for topic in self.get_queryset():
            if topic.slug == slug:
                return topic
        raise Http404
