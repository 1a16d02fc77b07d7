"""
Public pages for sources.

This app never imports ``briefings``: the passages that public claims cite
are highlighted by template tags that ``briefings`` provides and the project
template ``sources/source_detail.html`` loads.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from .filters import SourceFilter
from .models import Source, SourceOverlap


class SourceListView(FilterView):
    filterset_class = SourceFilter
    paginate_by = 20
    template_name = "sources/source_list.html"

    def get_queryset(self):
        return Source.objects.published().for_list()


def overlaps_of(source):
    """The stored overlaps of ``source``, each with ``other_source`` set (one query)."""
    overlaps = list(SourceOverlap.objects.involving(source).for_list())
    for overlap in overlaps:
        overlap.other_source = overlap.other(source)
    return overlaps


class SourceDetailView(DetailView):
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
