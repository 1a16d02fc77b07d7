"""
The yardstick of `make bench`: a bare Django view returning 20 KB of constant HTML
(and, at ``/bytes/<n>/``, the same constant HTML at n bytes, to compare a bigger page with).

A WSGI application of its own (no apps, no middleware, no database), served by the same
gunicorn configuration as the site (rnk_site/gunicorn.conf.py) on another port:

    gunicorn --config rnk_site/gunicorn.conf.py --pythonpath scripts/bench bare_app:application

It exists only for the benchmark; the site's URLs never include it.
"""

import secrets
from functools import lru_cache

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY_BYTES = 20_000


def constant_html(size=BODY_BYTES):
    """An HTML page of exactly ``size`` bytes, the same on every call."""
    head = "<!doctype html><html lang=en><head><meta charset=utf-8><title>bare</title></head><body>"
    tail = "</body></html>"
    paragraph = "<p>Constant text of the bare benchmark view, the same on every request.</p>\n"
    filler = paragraph * (size // len(paragraph) + 1)
    return (head + filler)[: size - len(tail)] + tail


HTML = constant_html().encode()


def bare(request):
    return HttpResponse(HTML, content_type="text/html; charset=utf-8")


@lru_cache(maxsize=64)
def constant_bytes(size):
    return constant_html(size).encode()


def bare_of_size(request, size):
    """The same constant page at ``size`` bytes (up to 2 MB): the yardstick for a page as big."""
    return HttpResponse(
        constant_bytes(min(size, 2_000_000)), content_type="text/html; charset=utf-8"
    )


urlpatterns = [path("", bare), path("bytes/<int:size>/", bare_of_size)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )

application = get_wsgi_application()
