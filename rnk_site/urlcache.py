"""
``reverse()`` for the addresses a page prints many times, memoised per process.

A long page prints hundreds of object addresses (a briefing of 40 claims and 60
citations: about 370), and each ``reverse()`` walks the URL resolver's possibilities for
the name, about 0.1 ms, a third of the page's rendering. An object's address depends
only on the URL configuration, the script prefix and its arguments, so the result is
kept for those (the key holds all three: a test that swaps the URL configuration, or a
deployment under a sub-path, gets its own addresses).
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Addresses kept per process: a few MB at most.
MAX_ADDRESSES = 100_000


@lru_cache(maxsize=MAX_ADDRESSES)
def _reverse(prefix, urlconf, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def object_url(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, remembered for the same address configuration."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(get_script_prefix(), urlconf, viewname, tuple(sorted(kwargs.items())))
