"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rnk_site.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: readers' cached pages are answered before its handler.
from rnk_site.pagecache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
