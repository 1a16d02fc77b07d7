"""Compress pages for anonymous readers, never a response that carries a secret."""

from django.middleware.gzip import GZipMiddleware


class ReaderGZipMiddleware(GZipMiddleware):
    """
    Django's gzip, limited to responses that hold no secret an attacker could probe.

    Compressing a page that reflects input next to a secret (a CSRF token, a
    signed-in editor's data) opens it to BREACH-style length attacks. Readers'
    pages hold neither: so only anonymous requests whose response used no CSRF
    token and sets no cookie are compressed. Static files are compressed ahead
    of time by whitenoise.
    """

    def process_response(self, request, response):
        if not _holds_no_secret(request, response):
            return response
        return super().process_response(request, response)


def _holds_no_secret(request, response):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # get_token() marks the request when a page renders a CSRF token (forms, the admin login).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or "CSRF_COOKIE" in request.META:
        return False
    return not response.cookies
