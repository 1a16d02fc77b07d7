"""
Public pages for sources.

This app never imports ``briefings``: the passages that public claims cite
are highlighted by the ``source_text`` template tag, which ``briefings``
provides and the project template ``sources/source_detail.html`` loads.
"""

from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import SourceFilter
from .models import Source


class SourceListView(FilterView):
    filterset_class = SourceFilter
    paginate_by = 20
    template_name = "sources/source_list.html"

    def get_queryset(self):
        return Source.objects.published().for_list()


class SourceDetailView(DetailView):
    def get_queryset(self):
        return Source.objects.published().for_detail()
