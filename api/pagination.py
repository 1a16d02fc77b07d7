from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """``?page=N`` pages of 20 (``?page_size=`` up to 100), with count, next and previous."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
