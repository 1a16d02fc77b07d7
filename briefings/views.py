"""The public site: briefings, topics and claims, as readers see them."""

from django.contrib.auth import get_permission_codename
from django.db.models import Exists, OuterRef
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from rnk_site.paging import KnownCountPaginator, filtered_count
from sources.models import Source
from sources.views import CitationStyleMixin, citation_download

from .charts import (
    claim_years,
    claims_year_chart,
    public_claim_count,
    public_source_years,
    sources_chart,
    timeline_chart,
    timeline_years,
    topic_claims,
    topic_figures_by_year,
    topics_chart,
)
from .citations import number_citations
from .corroboration import attach_support
from .disagreements import attach_differences
from .filters import BriefingFilter, ClaimFilter, TimelineFilter, TopicClaimFilter
from .forms import TimelineWindowForm
from .models import Briefing, Citation, Claim
from .timeline import group_by_year, window_of, year_windows
from .topics import topic_figures, topics_in_use

PAGE_SIZE = 20
# Claims per page of a topic, and at most per window of years on the timeline.
TOPIC_PAGE_SIZE = 25
TIMELINE_WINDOW = 100


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


def few_among_many(rows, among, needed):
    """
    Whether a page of ``needed`` of ``rows`` spread over ``among`` is found faster by
    gathering the rows and sorting them than by walking all in order and keeping the
    matches (``ClaimQuerySet.in_list_order(gather=...)``).

    Walking reads about ``needed × among ÷ rows`` rows, gathering reads ``rows``: gather
    when ``rows² < needed × among``. Either way a page reads at most about
    ``√(needed × among)`` rows: 1,600 for a page of 25 among 100,000 claims.
    """
    return rows * rows < needed * among


def in_page_order(claims, count, per_page):
    """
    ``claims`` in list order, by the plan that finds a page of them fastest: gathered when
    the ``count`` of them are few among all public claims (``few_among_many``), else walked.
    """
    gather = count is not None and few_among_many(count, public_claim_count(), per_page)
    return claims.in_list_order(gather=gather)


def paginate(queryset, request, per_page, page_kwarg="page", count=None):
    """
    The page of ``queryset`` that ``?page=`` asks for, with a ListView's context names.

    A page number that is not a number shows the first page, one past the end the
    last: a stale or mistyped link still leads somewhere useful.
    """
    paginator = KnownCountPaginator(queryset, per_page, count=count)
    page = paginator.get_page(request.GET.get(page_kwarg))
    return {
        "paginator": paginator,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "page_links": page_links(page),
    }


def page_query(number=1, **params):
    """``?page=…&…`` for a page of a list (``""`` for its first page with no other parameter)."""
    params = {key: value for key, value in params.items() if value is not None}
    if number > 1:
        params["page"] = number
    return f"?{urlencode(params)}" if params else ""


def page_links(page, *, earlier=None, later=None, **params):
    """
    The canonical, previous and next addresses of ``page`` (query strings for ``<link>``).

    The canonical address keeps only what selects the page (filters lead to other
    lists); ``earlier``/``later`` are the neighbouring windows of a list shown by windows.
    """
    previous = next_ = None
    if page.has_previous():
        previous = page_query(page.previous_page_number(), **params)
    elif earlier is not None:
        previous = page_query(**earlier)
    if page.has_next():
        next_ = page_query(page.next_page_number(), **params)
    elif later is not None:
        next_ = page_query(**later)
    return {"canonical": page_query(page.number, **params), "prev": previous, "next": next_}


class HomeView(TemplateView):
    template_name = "briefings/home.html"

    def get_context_data(self, **kwargs):
        topics = topic_figures()
        years = public_source_years()
        return super().get_context_data(
            latest_briefings=Briefing.objects.published().for_list()[:5],
            topics=topics,
            source_count=years.total,
            claim_count=public_claim_count(),
            topics_chart=topics_chart(topics),
            sources_chart=sources_chart(
                years,
                chart_id="chart-sources",
                title="Sources per year of publication",
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
        return super().get_queryset().for_detail(self.visible_claims())

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
        return topic_figures()


class TopicDetailView(CitationStyleMixin, DetailView):
    """A topical briefing assembled from the verified claims with the tag, a page at a time."""

    template_name = "briefings/topic_detail.html"
    context_object_name = "topic"
    filterset_class = TopicClaimFilter
    paginate_by = TOPIC_PAGE_SIZE
    page_kwarg = "page"

    def get_queryset(self):
        return topics_in_use()

    def get_context_data(self, **kwargs):
        claim_years, source_years = topic_figures_by_year(self.object)
        claim_filter = self.filterset_class(self.request.GET, queryset=topic_claims(self.object))
        count = filtered_count(f"topic:{self.object.pk}", claim_filter)
        pages = paginate(
            in_page_order(claim_filter.qs, count, self.paginate_by).for_entries(),
            self.request,
            self.paginate_by,
            self.page_kwarg,
            count=count,
        )
        return super().get_context_data(
            filter=claim_filter,
            claims_chart=claims_year_chart(
                claim_years,
                chart_id="chart-topic-claims",
                title="Verified claims per year of the event",
            ),
            sources_chart=sources_chart(
                source_years,
                chart_id="chart-topic-sources",
                title="Sources cited, per year of publication",
            ),
            apparatus=number_citations(attach_support(list(pages["page_obj"]))),
            briefings=Briefing.objects.published().filter(tags=self.object).for_list(),
            **pages,
            **kwargs,
        )


class ClaimListView(FilterView):
    filterset_class = ClaimFilter
    queryset = Claim.objects.in_list_order().for_list()
    paginate_by = PAGE_SIZE
    template_name = "briefings/claim_list.html"

    def get_queryset(self):
        return super().get_queryset().published()

    def get_paginator(self, queryset, per_page, **kwargs):
        count = filtered_count("claims", self.filterset)
        # A narrow filter (a rare topic, one source) gathers its claims rather than walk all.
        queryset = in_page_order(queryset, count, per_page)
        return KnownCountPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_support(context["object_list"])
        return context


class ClaimDetailView(PreviewMixin, DetailView):
    queryset = Claim.objects.for_detail()

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
    """
    The dated public claims in order, each with its numbered citations, a window at a time.

    Consecutive years are shown together up to ``TIMELINE_WINDOW`` events; the year
    index (with each year's count) leads to the window holding a year, and a year
    with more events than that is paged within.
    """

    filterset_class = TimelineFilter
    window_form_class = TimelineWindowForm
    queryset = Claim.objects.filter(event_date__isnull=False)
    template_name = "briefings/timeline.html"
    paginate_by = TIMELINE_WINDOW
    page_kwarg = "page"

    def get_queryset(self):
        return super().get_queryset().published()

    def get_paginate_by(self, queryset):
        # The window of years is paged (in get_context_data), not the whole list.
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.filterset.is_valid():
            chosen = self.filterset.form.cleaned_data
            counts = timeline_years(chosen["topic"], chosen["from_year"], chosen["to_year"])
        else:
            counts = claim_years(context["object_list"])
        windows = year_windows({y: n for y, (n, _) in counts.years.items()}, TIMELINE_WINDOW)
        year = self.window_form_class(self.request.GET).chosen()
        index = window_of(windows, year)
        earlier = windows[index - 1][0] if index > 0 else None
        later = windows[index + 1][0] if index + 1 < len(windows) else None
        first, last = windows[index] if windows else (None, None)
        claims = []
        if windows:
            window = context["object_list"].in_years(first, last).in_timeline_order().for_list()
            # The year index already counted the window's events.
            size = sum(counts.years[year][0] for year in counts.years if first <= year <= last)
            context.update(
                paginate(window, self.request, TIMELINE_WINDOW, self.page_kwarg, count=size)
            )
            context["page_links"] = page_links(
                context["page_obj"],
                year=first if index > 0 else None,
                earlier=None if earlier is None else {"year": earlier},
                later=None if later is None else {"year": later},
            )
            claims = list(context["page_obj"])
        apparatus = number_citations(attach_support(claims))
        context.update(
            apparatus=apparatus,
            years=group_by_year(apparatus.entries),
            window=(first, last),
            year_index=[(y, counts.years[y][0], first <= y <= last) for y in sorted(counts.years)],
            earlier=earlier,
            later=later,
            overview=timeline_chart(counts),
        )
        return context


class MethodologyView(TemplateView):
    """How the desk works: what each status and label means, how quotes are checked."""

    template_name = "briefings/methodology.html"


class BriefingBibliographyView(PreviewMixin, DetailView):
    """Every source the briefing's visible claims cite, once, as BibTeX, RIS or CSL-JSON."""

    model = Briefing

    def render_to_response(self, context, **response_kwargs):
        cited = Citation.objects.filter(
            self.visible_claims().holding("claim"),
            source=OuterRef("pk"),
            claim__sections__briefing=self.object,
        )
        sources = Source.objects.published().filter(Exists(cited)).select_related("derived_from")
        return citation_download(sources, self.kwargs["fmt"], f"{self.object.slug}-bibliography")
