from django.views.generic import DetailView, ListView

from .models import Source


class SourceListView(ListView):
    model = Source


class SourceDetailView(DetailView):
    model = Source
