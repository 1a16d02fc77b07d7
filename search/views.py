"""The search page."""

from django_filters.views import FilterView

from .filters import SearchFilter
from .models import SearchEntry
from .results import Hits, search_results, topic_counts

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
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        query = cleaned.get("q") or ""
        # The page is cut from the best hits, not from every match (see Hits).
        hits = Hits.of(kwargs.pop("object_list", self.object_list))
        context = super().get_context_data(object_list=hits.keys, **kwargs)
        # Without a topic asked for, the topics are counted over the same hits.
        narrowed = bool(self.filterset.data.get("topic"))
        everywhere = Hits.of(self.filterset.without_topic()) if narrowed else hits
        context.update(
            query=query,
            hits=hits,
            results=search_results(context["object_list"], query),
            topic_counts=topic_counts(everywhere) if query else [],
            topics_capped=everywhere.more,
            topic=cleaned.get("topic"),
        )
        return context
