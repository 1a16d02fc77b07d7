"""The search page."""

from django_filters.views import FilterView

from .filters import SearchFilter
from .models import SearchEntry
from .results import search_results, topic_counts

PAGE_SIZE = 20


class SearchView(FilterView):
    """Ranked full-text search over what readers may see: briefings, verified claims, sources."""

    filterset_class = SearchFilter
    queryset = SearchEntry.objects.all()
    paginate_by = PAGE_SIZE
    template_name = "search/search.html"

    def get_queryset(self):
        return super().get_queryset().visible()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = getattr(self.filterset.form, "cleaned_data", {}).get("q") or ""
        context.update(
            query=query,
            results=search_results(context["object_list"], query),
            topic_counts=topic_counts(self.filterset.without_topic()) if query else [],
            topic=getattr(self.filterset.form, "cleaned_data", {}).get("topic"),
        )
        return context
