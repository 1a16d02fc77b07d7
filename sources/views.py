"""
Public pages for sources.

This app never imports ``briefings``: the passages that public claims cite
are highlighted by template tags that ``briefings`` provides and the project
template ``sources/source_detail.html`` loads.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from rnk_site import pagecache
from rnk_site.paging import KnownCountPaginator, filtered_count

from .charts import Link, Node, overlap_map
from .citation_styles import STYLES
from .exports import FORMATS
from .filters import SourceFilter
from .forms import CitationStyleForm
from .models import Source, SourceOverlap


class CitationStyleMixin:
    """
    Pages that format references in a citation style: the reader picks it with ``?style=``.

    The value is validated by a form against the fixed list of styles; anything
    else shows the default style, never an error.
    """

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            citation_style=CitationStyleForm(self.request.GET).chosen(),
            citation_styles=list(STYLES.values()),
            **kwargs,
        )


class SourceListView(FilterView):
    filterset_class = SourceFilter
    paginate_by = 20
    template_name = "sources/source_list.html"

    def get_queryset(self):
        return Source.objects.published().for_list()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Counting the sources on every request grew with the corpus (3 ms of 19 at 10,000).
        count = filtered_count("sources", self.filterset)
        return KnownCountPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shared_material_map=shared_material_map(), **kwargs)


# Pairs drawn on the sources index: the closest ones; every pair is on its sources' pages.
MAP_PAIRS = 100


def shared_material_map():
    """
    The closest pairs of the whole corpus, drawn and rendered once per change to public
    content: its table of 100 pairs took a third of the sources index's time per request.
    """
    return pagecache.listing_memo("sources:shared-map", shared_material_html)


def shared_material_html():
    return render_to_string(
        "sources/includes/shared_material_map.html", {"overlap_chart": shared_material_chart()}
    )


def shared_material_chart():
    """The map of which sources share material: the closest stored pairs (one query)."""
    overlaps = list(
        SourceOverlap.objects.for_map().order_by("-score", "left", "right")[: MAP_PAIRS + 1]
    )
    more = len(overlaps) > MAP_PAIRS
    overlaps = overlaps[:MAP_PAIRS]
    sources = {}
    for overlap in overlaps:
        sources.setdefault(overlap.left_id, overlap.left)
        sources.setdefault(overlap.right_id, overlap.right)
    nodes = [
        Node(key=source.pk, label=source.title, href=source.get_absolute_url())
        for source in sorted(sources.values(), key=lambda s: (s.title.lower(), s.pk))
    ]
    links = [
        Link(
            left=overlap.left_id,
            right=overlap.right_id,
            kind=overlap.kind,
            kind_label=overlap.get_kind_display(),
            score=overlap.score,
            href=reverse(
                "sources:source_overlap",
                kwargs={"slug": overlap.left.slug, "other": overlap.right.slug},
            ),
        )
        for overlap in overlaps
    ]
    pairs = f"{len(links)} pair{'s' if len(links) != 1 else ''}"
    shown = f" Only the {MAP_PAIRS} closest pairs are drawn; each source's page lists its own."
    return overlap_map(
        nodes,
        links,
        chart_id="chart-overlaps",
        title="Sources that share material",
        summary=f"{pairs} among {len(nodes)} sources; the table lists each pair."
        + (shown if more else ""),
        headers=("Source", "Shares material with", "Kind", "Shared"),
    )


def overlaps_of(source):
    """The stored overlaps of ``source``, each with ``other_source`` set (one query)."""
    overlaps = list(SourceOverlap.objects.involving(source).for_list())
    for overlap in overlaps:
        overlap.other_source = overlap.other(source)
    return overlaps


class SourceDetailView(CitationStyleMixin, DetailView):
    def get_queryset(self):
        return Source.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(overlaps=overlaps_of(self.object), **kwargs)


class SourceOverlapView(TemplateView):
    """Two sources that share material, their corresponding passages side by side."""

    template_name = "sources/source_overlap.html"

    def get_context_data(self, **kwargs):
        sources = Source.objects.published()
        source = get_object_or_404(sources, slug=self.kwargs["slug"])
        other = get_object_or_404(sources, slug=self.kwargs["other"])
        left, right = sorted([source, other], key=lambda s: s.pk)
        overlap = SourceOverlap.objects.filter(left=left, right=right).first()
        if overlap is None:
            raise Http404("These sources share no material.")
        flipped = source.pk != left.pk
        rows = [
            (p["right"], p["left"], p["score"]) if flipped else (p["left"], p["right"], p["score"])
            for p in overlap.passages
        ]
        kwargs.update(source=source, other=other, overlap=overlap, rows=rows)
        return super().get_context_data(**kwargs)


def citation_download(sources, extension, basename):
    """``sources`` as a bibliography file to download, or 404 for an unknown format."""
    export = FORMATS.get(extension)
    if export is None:
        raise Http404("No such citation format.")
    return HttpResponse(
        export.render(sources),
        content_type=export.content_type,
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"{basename}.{export.extension}"
            )
        },
    )


class SourceCitationView(DetailView):
    """The source's bibliographic record as BibTeX, RIS or CSL-JSON."""

    def get_queryset(self):
        return Source.objects.published()

    def render_to_response(self, context, **response_kwargs):
        return citation_download([self.object], self.kwargs["fmt"], self.object.slug)
