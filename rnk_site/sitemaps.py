"""What the sitemap index needs of each section, computed once per change to public content."""

from django.db.models import Count, Max

from . import pagecache
from .paging import KnownCountPaginator


class IndexFiguresMixin:
    """
    A section's number of URLs and last change, counted once per change, not per request.

    The sitemap index asks every section for its last change and its number of files;
    both are aggregates over the whole section, so they are kept with
    ``pagecache.listing_memo`` under ``memo_name``. The section's files page with the same
    count, so the index and the files agree.
    """

    memo_name = None

    def index_figures(self):
        def compute():
            figures = self.items().order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
            return figures["count"], figures["latest"]

        return pagecache.listing_memo(f"sitemap:{self.memo_name}", compute)

    def get_latest_lastmod(self):
        return self.index_figures()[1]

    @property
    def paginator(self):
        return KnownCountPaginator(self._items(), self.limit, count=self.index_figures()[0])
