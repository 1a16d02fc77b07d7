"""
The page cache: public pages for anonymous readers, never stale, in every process.

Every cached page is labelled with the *versions* of what it shows, read from the
shared cache (Redis, or files on one machine) before the page was rendered:

- ``all``: bumped by ``manage.py clear_page_cache`` (a deployment, a bulk repair);
- ``list``: every page that is not one object's page (home, lists, topics, search,
  timeline, feeds, sitemap, API lists); any public change bumps it;
- ``briefing:<slug>``, ``claim:<pk>`` / ``claim:<uid>``, ``source:<slug>``: one object's
  pages (HTML, API detail, bibliography). A change bumps the objects whose pages show
  it (``briefings.caching`` / ``sources.caching`` decide which), after the commit.

A request reads its page's two or three versions in one round trip; a copy held in this
process with the same versions is answered at once, before the rest of the middleware.
A page rendered while a change commits carries the versions read before rendering, so
it is discarded by the next request. Scheduled publication needs no event: a page is
kept only until the next scheduled publication time, read when it was rendered.

Only anonymous GET/HEAD requests without a session or message cookie are answered
from the cache, and only 200 responses that set no cookie and used no CSRF token are
stored. Staff (who carry a session cookie), the admin and previews are never cached.
"""

import contextlib
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from .middleware import log_request

logger = logging.getLogger(__name__)

ALL = "all"
LISTING = "list"
SCHEDULE_KEY = "pc:schedule"
# No scheduled publication is pending (a stored value, so that "unknown" stays distinct).
NOTHING_SCHEDULED = 0.0

# One object's pages: url name → (kind, the URL keyword arguments that name the object).
DETAIL_ROUTES = {
    "briefings:briefing_detail": ("briefing", ("slug",)),
    "briefings:briefing_bibliography": ("briefing", ("slug",)),
    "briefings:claim_detail": ("claim", ("pk",)),
    "sources:source_detail": ("source", ("slug",)),
    "sources:source_cite": ("source", ("slug",)),
    "sources:source_overlap": ("source", ("slug", "other")),
    "api:briefing-detail": ("briefing", ("slug",)),
    "api:claim-detail": ("claim", ("uid",)),
    "api:source-detail": ("source", ("slug",)),
}
# Never cached, whatever the request.
EXCLUDED_NAMESPACES = frozenset({"admin"})
EXCLUDED_NAMES = frozenset({"healthz"})
# Request cookies that make a response personal (a signed-in editor, a pending message).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# A Vary on anything else than these makes a response uncacheable here.
KEYED_VARY = frozenset({"accept-encoding", "accept", "cookie"})
HEADERS_NOT_STORED = frozenset({"set-cookie"})

_schedule_providers = []


def shared():
    return caches[settings.PAGE_CACHE_ALIAS]


def version_key(name):
    return f"pv:{name}"


def page_key(request_key):
    return "pp:" + hashlib.sha256(request_key.encode()).hexdigest()


def object_name(kind, ident):
    """The version name of one object's pages, e.g. ``briefing:rail-links``."""
    return f"{kind}:{ident}"


def _token():
    # Unique across processes and time; a value is only ever compared for equality.
    return f"{time.time_ns():x}.{secrets.token_hex(4)}"


_listing_hooks = []


def on_listing_change(hook):
    """Call ``hook()`` after every bump of the listing (or of everything)."""
    if hook not in _listing_hooks:
        _listing_hooks.append(hook)


def bump(names):
    """Give ``names`` new versions now: every page labelled with an old one is stale."""
    names = set(names)
    if names:
        shared().set_many({version_key(name): _token() for name in names}, timeout=None)
    if names & {LISTING, ALL} and settings.PAGE_CACHE_ENABLED:
        for hook in _listing_hooks:
            try:
                hook()
            except Exception:
                # The figures are then counted by the next request that needs them.
                logger.exception("After a listing change: %s failed", hook.__name__)


def invalidate(names, *, listing=True):
    """Bump ``names`` (and the listing) once the current transaction commits."""
    if in_bulk():
        return
    names = set(names)
    if listing:
        names.add(LISTING)
    # robust: the data is committed whatever the cache says; a failure is logged.
    transaction.on_commit(partial(bump, frozenset(names)), robust=True)


def invalidate_all():
    """Every cached page is stale once the current transaction commits."""
    if in_bulk():
        return
    transaction.on_commit(partial(bump, {ALL}), robust=True)


_bulk = threading.local()


@contextlib.contextmanager
def bulk_changes():
    """
    Writes of many rows (imports, generated data): nobody works out which pages each row
    shows on; every cached page is stale once the transaction commits.
    """
    depth = getattr(_bulk, "depth", 0)
    _bulk.depth = depth + 1
    try:
        yield
    finally:
        _bulk.depth = depth
        invalidate_all()


def in_bulk():
    """Inside ``bulk_changes()``: the per-object fan-out is skipped."""
    return getattr(_bulk, "depth", 0) > 0


def stored_before_save(instance, fields, update_fields):
    """
    For a pre_save receiver: the stored values of ``fields`` (attnames) that ``instance`` is
    about to overwrite, whose old pages go stale too; None for a new row, a save that leaves
    them alone, or inside ``bulk_changes()``.
    """
    watched = set(fields) | {field.removesuffix("_id") for field in fields}
    if in_bulk() or instance.pk is None:
        return None
    if update_fields is not None and not watched & set(update_fields):
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def register_schedule(provider):
    """``provider()`` gives the next time (aware datetime) content becomes public, or None."""
    if provider not in _schedule_providers:
        _schedule_providers.append(provider)


def schedule_changed():
    """A scheduled publication time was set, moved or removed: forget the known next one."""
    transaction.on_commit(lambda: shared().delete(SCHEDULE_KEY), robust=True)


def next_scheduled(now):
    """The epoch time of the next scheduled publication after ``now``, or NOTHING_SCHEDULED."""
    cache = shared()
    known = cache.get(SCHEDULE_KEY)
    if known is not None and (known == NOTHING_SCHEDULED or known > now):
        return known
    times = [when.timestamp() for provider in _schedule_providers if (when := provider())]
    upcoming = min((t for t in times if t > now), default=NOTHING_SCHEDULED)
    cache.set(SCHEDULE_KEY, upcoming, timeout=None)
    return upcoming


def memo_key(name):
    return f"pm:{name}"


class Memo(NamedTuple):
    """A figure computed from the data, with the versions and the time it holds for."""

    versions: tuple
    valid_until: float
    value: object

    def fresh(self, versions, now):
        return None not in versions and self.versions == versions and now < self.valid_until


def listing_memo(name, compute):
    """
    ``compute()``, computed once per change to public content rather than on every request.

    For the figures a page shows about the whole corpus (topic counts, charts, section
    sizes): the value is kept in the shared cache under ``name`` with the versions of the
    listing and of everything (one round trip reads all three), so any public change — the
    same events that make a listing page stale — makes the next request compute it anew,
    in every process; a value is also kept no later than the next scheduled publication.
    ``compute`` must return plain, picklable data. With the page cache off (tests,
    ``PAGE_CACHE=0``) or unreachable, it is computed every time.
    """
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    cache = shared()
    keys = [version_key(ALL), version_key(LISTING)]
    try:
        found = cache.get_many([*keys, memo_key(name)])
        versions = tuple(found.get(key) for key in keys)
        now = time.time()
        stored = found.get(memo_key(name))
        if isinstance(stored, Memo) and stored.fresh(versions, now):
            return stored.value
        if None in versions:
            versions = read_versions(cache, keys)
        scheduled = next_scheduled(now)
    except Exception:
        logger.exception("Page cache unavailable; computing %s", name)
        return compute()
    # The versions were read before computing: a change committed meanwhile has bumped
    # them already or will, so a value stored with them is never taken for a newer one.
    value = compute()
    valid_until = now + settings.PAGE_CACHE_MAX_AGE
    if scheduled != NOTHING_SCHEDULED:
        valid_until = min(valid_until, scheduled)
    try:
        cache.set(
            memo_key(name),
            Memo(versions, valid_until, value),
            timeout=max(1, int(valid_until - now)),
        )
    except Exception:
        logger.exception("Page cache unavailable; %s not kept", name)
    return value


class Entry(NamedTuple):
    """A stored response and what it is valid for."""

    versions: tuple
    valid_until: float
    status: int
    headers: tuple
    body: bytes
    etag: str
    last_modified: float

    def fresh(self, versions, now):
        return self.versions == versions and now < self.valid_until

    def respond(self, request):
        body = b"" if request.method == "HEAD" else self.body
        response = HttpResponse(body, status=self.status)
        # The stored headers passed HttpResponse's checks (charset, newlines) when the page
        # was rendered; setting them one by one would check every one again on every hit.
        response.headers._store.update(
            (name.lower(), (name, value)) for name, value in self.headers
        )
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            return get_conditional_response(
                request, etag=self.etag, last_modified=int(self.last_modified), response=response
            )
        return response


class LocalPages:
    """This process's copies of pages: least recently used dropped beyond the byte budget."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


def route_names(path):
    """The version names a public page at ``path`` depends on, or None if never cached."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace in EXCLUDED_NAMESPACES or match.view_name in EXCLUDED_NAMES:
        return None
    detail = DETAIL_ROUTES.get(match.view_name)
    if detail is None:
        return (LISTING,)
    kind, arguments = detail
    return tuple(object_name(kind, match.kwargs[argument]) for argument in arguments)


def reader_request(request):
    """An anonymous reader's GET or HEAD: nothing personal can be in its answer."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return not any(name in cookies for name in PERSONAL_COOKIES)


def _parameter_name(pair):
    return pair.split("=", 1)[0]


def normalise_query(query):
    """The query string with its parameters sorted by name; one name's values keep their order."""
    if not query:
        return query
    return "&".join(sorted(query.split("&"), key=_parameter_name))


def request_key(request):
    """What makes two requests get one answer: scheme, host, path, query, encoding, Accept."""
    query = normalise_query(request.META.get("QUERY_STRING", ""))
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    accept = request.META.get("HTTP_ACCEPT", "")
    return f"{request.scheme}://{request.get_host()}{request.path}?{query}|{gzip}|{accept}"


def storable(request, response):
    """A complete 200 for a reader that holds nothing personal and varies only on what we key."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "page_cache_exempt", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store")):
        return False
    vary = {field.strip().lower() for field in response.get("Vary", "").split(",") if field}
    return vary <= KEYED_VARY


_routes = {}
_local = None


def local_pages():
    """This process's copies of pages (one store, shared by the WSGI wrapper and the middleware)."""
    global _local
    if _local is None:
        _local = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)
    return _local


def route(path):
    """:func:`route_names`, remembered per path in this process."""
    try:
        return _routes[path]
    except KeyError:
        pass
    if len(_routes) > 10_000:
        _routes.clear()
    names = _routes[path] = route_names(path)
    return names


def read_versions(cache, keys):
    found = cache.get_many(keys)
    if len(found) < len(keys):
        # First use (or evicted): start the missing versions; another process may win.
        for key in keys:
            if key not in found:
                cache.add(key, _token(), timeout=None)
        found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


# Where the WSGI wrapper leaves its lookup for the middleware, when it does not answer.
LOOKUP_ENVIRON_KEY = "rnk.page_cache.lookup"


class Lookup(NamedTuple):
    """A cacheable request: its key, the versions read for it, when, and the page if fresh."""

    key: str
    versions: tuple
    now: float
    entry: Entry | None


def find_page(request):
    """
    The :class:`Lookup` of a reader's request for a page the cache keeps, or None for any
    other request (staff, a POST, the admin) and when the shared cache is unreachable.
    """
    if not settings.PAGE_CACHE_ENABLED or not reader_request(request):
        return None
    names = route(request.path_info)
    if names is None:
        return None
    key = request_key(request)
    cache = shared()
    keys = [version_key(ALL), *map(version_key, names)]
    try:
        versions = read_versions(cache, keys)
    except Exception:
        # The shared cache is unreachable: serve the page uncached rather than fail.
        logger.exception("Page cache unavailable; serving %s uncached", request.path)
        return None
    now = time.time()
    local = local_pages()
    entry = local.get(key)
    if entry is None or not entry.fresh(versions, now):
        entry = cache.get(page_key(key))
        if entry is not None and entry.fresh(versions, now):
            local.put(key, entry)
        else:
            entry = None
    return Lookup(key, versions, now, entry)


class PageCacheMiddleware:
    """Answer readers' public pages from the cache; store what they are sent. Placed first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if LOOKUP_ENVIRON_KEY in request.META:
            # The WSGI wrapper looked already (and did not answer): no second lookup.
            found = request.META.pop(LOOKUP_ENVIRON_KEY)
        else:
            found = find_page(request)
        if found is None:
            return self.get_response(request)
        if found.entry is not None:
            return found.entry.respond(request)
        return self.render(request, found.key, found.versions, found.now)

    def render(self, request, key, versions, now):
        # The full page is rendered and stored; the client's conditions are applied after.
        conditions = {
            name: request.META.pop(name)
            for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
            if name in request.META and request.method == "GET"
        }
        scheduled = next_scheduled(now)
        response = self.get_response(request)
        request.META.update(conditions)
        if None in versions or not storable(request, response):
            return response
        valid_until = now + settings.PAGE_CACHE_MAX_AGE
        if scheduled != NOTHING_SCHEDULED:
            valid_until = min(valid_until, scheduled)
        if not response.has_header("ETag"):
            set_response_etag(response)
        response.headers.setdefault("Last-Modified", http_date(now))
        # Browsers must ask again each time (and get a 304): a page is never shown stale.
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        entry = Entry(
            versions=versions,
            valid_until=valid_until,
            status=response.status_code,
            headers=tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in HEADERS_NOT_STORED
            ),
            body=response.content,
            etag=response.headers["ETag"],
            last_modified=_parse_http_date(response.headers["Last-Modified"], now),
        )
        local_pages().put(key, entry)
        try:
            shared().set(page_key(key), entry, timeout=max(1, int(valid_until - now)))
        except Exception:
            logger.exception("Page cache unavailable; %s not shared", request.path)
        return entry.respond(request)


def _parse_http_date(value, default):
    parsed = parse_http_date_safe(value)
    return float(parsed) if parsed is not None else default


class PageCacheApplication:
    """
    The WSGI application, answering readers' cached pages before Django's handler runs.

    A hit through the middleware alone still paid for Django's request machinery (the
    request_started and request_finished signals, the middleware chain down to the cache):
    as much again as the lookup itself. This wrapper makes the same lookup
    (:func:`find_page`) on a request built from the environ and, for a fresh page, answers
    at once, logging the request as RequestLogMiddleware does. Everything else (misses,
    staff, POSTs, a Host Django refuses) goes to Django, whose middleware renders and
    stores the page. Hits skip the two signals: they touch no database connection.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_ENABLED:
            started = time.perf_counter()
            try:
                request = WSGIRequest(environ)
                found = find_page(request)
            except Exception:
                # A Host not allowed, an undecodable path...: Django's handler answers those.
                found = None
            else:
                environ[LOOKUP_ENVIRON_KEY] = found
            if found is not None and found.entry is not None:
                response = found.entry.respond(request)
                log_request(request, response.status_code, started)
                start_response(
                    f"{response.status_code} {response.reason_phrase}", list(response.items())
                )
                return [response.content]
        return self.application(environ, start_response)
