"""The public site: briefings, topics and claims, as readers see them."""

from django.contrib.auth import get_permission_codename
from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from sources.models import Source
from sources.views import CitationStyleMixin, citation_download

from .charts import (
    cited_sources,
    claim_years,
    claims_year_chart,
    source_years,
    sources_chart,
    timeline_chart,
    topics_chart,
)
from .citations import number_citations
from .corroboration import attach_support
from .disagreements import attach_differences
from .filters import BriefingFilter, ClaimFilter, TimelineFilter, TopicClaimFilter
from .models import Briefing, Citation, Claim, Section, SectionClaim
from .timeline import group_by_year, in_timeline_order
from .topics import public_topics

PAGE_SIZE = 20


def can_preview(user, model):
    """Staff who may view ``model``'s objects in the admin may also open the unpublished ones."""
    opts = model._meta
    codename = get_permission_codename("view", opts)
    return user.is_staff and user.has_perm(f"{opts.app_label}.{codename}")


class PreviewMixin:
    """
    Staff with the view permission may open drafts by URL; everyone else gets only what
    ``published()`` allows.

    The one place staff preview is decided: for readers (and staff without the
    permission) an unpublished object is simply not found (404), never forbidden.
    """

    def is_preview(self):
        model = self.model or self.queryset.model
        return can_preview(self.request.user, model)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.is_preview() else queryset.published()

    def visible_claims(self):
        """Claims that may appear inside the page being shown."""
        if can_preview(self.request.user, Claim):
            return Claim.objects.all()
        return Claim.objects.published()


def citations_with_sources():
    return Prefetch("citations", queryset=Citation.objects.with_sources())


class HomeView(TemplateView):
    template_name = "briefings/home.html"

    def get_context_data(self, **kwargs):
        topics = list(public_topics())
        # The per-year figures also give the total: one query serves the count and the chart.
        years = source_years(Source.objects.published())
        return super().get_context_data(
            latest_briefings=Briefing.objects.published().for_list()[:5],
            topics=topics,
            source_count=years.total,
            claim_count=Claim.objects.published().count(),
            topics_chart=topics_chart(topics),
            sources_chart=sources_chart(
                years, chart_id="chart-sources", title="Sources per year of publication"
            ),
            **kwargs,
        )


class BriefingListView(FilterView):
    filterset_class = BriefingFilter
    queryset = Briefing.objects.for_list().prefetch_related("authors")
    paginate_by = PAGE_SIZE
    template_name = "briefings/briefing_list.html"

    def get_queryset(self):
        return super().get_queryset().published()


class BriefingDetailView(CitationStyleMixin, PreviewMixin, DetailView):
    model = Briefing

    def get_queryset(self):
        entries = SectionClaim.objects.filter(claim__in=self.visible_claims()).select_related(
            "claim"
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "tags",
                "authors",
                Prefetch("sections", queryset=Section.objects.order_by("position", "id")),
                Prefetch("sections__entries", queryset=entries.order_by("position", "id")),
                "sections__entries__claim__tags",
                Prefetch(
                    "sections__entries__claim__citations",
                    queryset=Citation.objects.with_sources(),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        sections = list(self.object.sections.all())
        claims = [entry.claim for section in sections for entry in section.entries.all()]
        apparatus = number_citations(attach_support(claims))
        attach_differences(apparatus.footnotes)
        numbered = iter(apparatus.entries)
        return super().get_context_data(
            sections=[
                (section, [next(numbered) for _ in section.entries.all()]) for section in sections
            ],
            apparatus=apparatus,
            changelog=list(self.object.updates.public()),
            **kwargs,
        )


class TopicListView(ListView):
    template_name = "briefings/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return public_topics()


class TopicDetailView(CitationStyleMixin, DetailView):
    """A topical briefing assembled from the verified claims with the tag."""

    template_name = "briefings/topic_detail.html"
    context_object_name = "topic"
    filterset_class = TopicClaimFilter

    def get_queryset(self):
        return public_topics()

    def get_context_data(self, **kwargs):
        claims = (
            Claim.objects.published()
            .verified()
            .filter(tags=self.object)
            .order_by(F("event_date").asc(nulls_last=True), "id")
            .prefetch_related("tags", citations_with_sources())
        )
        claim_filter = self.filterset_class(self.request.GET, queryset=claims)
        return super().get_context_data(
            filter=claim_filter,
            claims_chart=claims_year_chart(
                claim_years(claims),
                chart_id="chart-topic-claims",
                title="Verified claims per year of the event",
            ),
            sources_chart=sources_chart(
                source_years(cited_sources(claims)),
                chart_id="chart-topic-sources",
                title="Sources cited, per year of publication",
            ),
            apparatus=number_citations(attach_support(list(claim_filter.qs))),
            briefings=Briefing.objects.published().filter(tags=self.object).for_list(),
            **kwargs,
        )


class ClaimListView(FilterView):
    filterset_class = ClaimFilter
    queryset = Claim.objects.order_by(F("event_date").asc(nulls_last=True), "id").prefetch_related(
        "tags", citations_with_sources()
    )
    paginate_by = PAGE_SIZE
    template_name = "briefings/claim_list.html"

    def get_queryset(self):
        return super().get_queryset().published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_support(context["object_list"])
        return context


class ClaimDetailView(PreviewMixin, DetailView):
    queryset = Claim.objects.prefetch_related("tags", citations_with_sources())

    def get_context_data(self, **kwargs):
        apparatus = number_citations(attach_support([self.object]))
        attach_differences(apparatus.footnotes)
        by_stance = {stance: [] for stance in Citation.Stance.values}
        for note in apparatus.footnotes:
            by_stance[note.citation.stance].append(note)
        return super().get_context_data(
            apparatus=apparatus,
            evidence={
                "for": by_stance[Citation.Stance.SUPPORTS],
                "against": by_stance[Citation.Stance.CONTRADICTS],
                "context": by_stance[Citation.Stance.CONTEXT],
            },
            briefings=Briefing.objects.published()
            .filter(sections__claims=self.object)
            .distinct()
            .for_list(),
            history=list(self.object.events.public()),
            **kwargs,
        )


class TimelineView(CitationStyleMixin, FilterView):
    """The dated public claims, year by year, each with its numbered citations."""

    filterset_class = TimelineFilter
    queryset = Claim.objects.filter(event_date__isnull=False).prefetch_related(
        "tags", citations_with_sources()
    )
    template_name = "briefings/timeline.html"

    def get_queryset(self):
        return super().get_queryset().published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        apparatus = number_citations(attach_support(in_timeline_order(context["object_list"])))
        years = group_by_year(apparatus.entries)
        context.update(apparatus=apparatus, years=years, overview=timeline_chart(years))
        return context


class MethodologyView(TemplateView):
    """How the desk works: what each status and label means, how quotes are checked."""

    template_name = "briefings/methodology.html"


class BriefingBibliographyView(PreviewMixin, DetailView):
    """Every source the briefing's visible claims cite, once, as BibTeX, RIS or CSL-JSON."""

    model = Briefing

    def render_to_response(self, context, **response_kwargs):
        sources = (
            Source.objects.published()
            .filter(
                citations__claim__in=self.visible_claims(),
                citations__claim__sections__briefing=self.object,
            )
            .distinct()
            .select_related("derived_from")
        )
        return citation_download(sources, self.kwargs["fmt"], f"{self.object.slug}-bibliography")
