"""A URL configuration that mounts the site under /elsewhere/ (tests/test_urlcache.py)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("rnk_site.urls"))]
