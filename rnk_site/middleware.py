"""Site-wide middleware: the request log and the Permissions-Policy header."""

import logging
import time

from django.conf import settings

request_logger = logging.getLogger("rnk_site.requests")


class RequestLogMiddleware:
    """Log one line per request: method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        log_request(request, response.status_code, started)
        return response


def log_request(request, status, started):
    """The request's log line; ``started`` is its ``time.perf_counter()`` at arrival."""
    level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
    if not request_logger.isEnabledFor(level):
        return
    request_logger.log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )


def permissions_policy_header(policy):
    """Serialise ``{"camera": [], "fullscreen": ["self"]}`` as a Permissions-Policy value."""

    def allowlist(origins):
        if list(origins) == ["*"]:
            return "*"
        return "(" + " ".join(o if o in {"self", "src"} else f'"{o}"' for o in origins) + ")"

    return ", ".join(f"{feature}={allowlist(origins)}" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Add the ``Permissions-Policy`` header from ``settings.PERMISSIONS_POLICY``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
