"""``/healthz``: is this instance able to serve? For a load balancer or an orchestrator."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Caches that live inside this process cannot be "down"; only shared ones are checked.
LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def database_ok():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database did not answer")
        return False


def cache_ok(alias="default"):
    try:
        cache = caches[alias]
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.exception("Health check: the cache %r did not answer", alias)
        return False


def shared_cache_aliases():
    return [
        alias
        for alias, config in getattr(settings, "CACHES", {}).items()
        if config.get("BACKEND") not in LOCAL_CACHES
    ]


@never_cache
@require_safe
def healthz(request):
    """200 with ``{"status": "ok"}`` when every dependency answers, else 503; never details."""
    checks = {"database": "ok" if database_ok() else "error"}
    for alias in shared_cache_aliases():
        name = "cache" if alias == "default" else f"cache:{alias}"
        checks[name] = "ok" if cache_ok(alias) else "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
