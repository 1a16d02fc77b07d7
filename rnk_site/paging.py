"""A paginator that can be told its count, and the count of a filtered list kept per change."""

from django.core.paginator import Paginator
from django.utils.http import urlencode

from rnk_site import pagecache


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


def filtered_count(name, filterset):
    """
    How many rows a list's valid filter gives, counted once per change to public content.

    A paginator counts its rows on every request, and the count of a long list grows
    with the corpus; this one is kept (``pagecache.listing_memo``) per list and choice of
    filters. None for a filter with errors (the list shows them and nothing else).
    """
    if not filterset.is_valid():
        return None
    chosen = sorted(
        (field, str(getattr(value, "pk", value)))
        for field, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    )
    return pagecache.listing_memo(f"{name}:count:{urlencode(chosen)}", filterset.qs.count)
