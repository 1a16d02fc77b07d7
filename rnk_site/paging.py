"""A paginator that can be told its count."""

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    """
    A Paginator given its number of rows (a figure kept per change), so it never runs
    ``COUNT(*)`` over a long list; with ``count=None`` it counts as usual.
    """

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            # Paginator.count is a cached property: the figure stands in for its first use.
            self.count = count
