from rest_framework.pagination import PageNumberPagination

from rnk_site.paging import KnownCountPaginator


class PagePagination(PageNumberPagination):
    """
    ``?page=N`` pages of 20 (``?page_size=`` up to 100), with count, next and previous.

    A view with a ``list_count()`` method gives the count itself (a figure kept per
    change, for a long list), so the page does not count every row of the list.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        count = getattr(self.view, "list_count", lambda: None)()
        return KnownCountPaginator(queryset, page_size, count=count)
