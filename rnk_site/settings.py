"""
Settings for RNK Briefings, read from the environment.

Development defaults are safe: DEBUG is on only when DJANGO_DEBUG=1, and with
DEBUG off a missing secret key or host list stops start-up with a clear error.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Or read from a file kept outside the repository (`make serve` generates var/secret_key, mode 600).
if not SECRET_KEY and os.environ.get("DJANGO_SECRET_KEY_FILE"):
    SECRET_KEY = Path(os.environ["DJANGO_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set (comma-separated host names). "
            "Set it, or set DJANGO_DEBUG=1 for local development."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "rnk_site.admin.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "nested_admin",
    "django_filters",
    "sources",
    "briefings",
    "search",
    "api",
]

MIDDLEWARE = [
    # Outermost, so it logs the status the client finally gets (500s included).
    "rnk_site.middleware.RequestLogMiddleware",
    # Answers readers' cached pages before anything else runs (rnk_site/pagecache.py).
    "rnk_site.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise (static files are precompressed), above all that shapes a page.
    "rnk_site.compression.ReaderGZipMiddleware",
    # Inside gzip: the ETag is the uncompressed body's, so both encodings share it (weak
    # for gzip) and every process computes the same one.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "rnk_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "rnk_site.wsgi.application"

# SQLite by default, tuned for a real site: WAL lets readers work during a
# write, and IMMEDIATE transactions take the write lock up front so that
# concurrent read-then-write transactions wait (busy timeout) instead of
# failing with "database is locked".
SQLITE_PATH = Path(os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "var" / "db.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, retrying connections for a few seconds while PostgreSQL restarts.
        DATABASES["default"]["ENGINE"] = "rnk_site.postgresql"
        # No JIT compilation: it pays off for long analytical queries, and the planner's
        # cost of ranking a common word's matches (ts_rank per row) crosses its threshold,
        # so a 0.17 s search spent another 0.45 s compiling (docs/notes/search-scale.md).
        # A DATABASE_URL that sets ?options= keeps its own.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ---
# With REDIS_URL, Django's Redis cache, shared by every web process on every machine. With
# nothing configured, a local-memory cache for general use; the page cache's versions and
# pages then live in files under var/ (PAGE_CACHE_DIR), which every worker process on this
# machine shares, so an edit through one worker invalidates pages in all of them.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_ALIAS = "pages"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rnk",
        },
        PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("PAGE_CACHE_KEY_PREFIX", "rnk-pages"),
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        PAGE_CACHE_ALIAS: {
            # Django's file cache, culled every 200 writes rather than on each (filecache.py).
            "BACKEND": "rnk_site.filecache.PageFileCache",
            "LOCATION": os.environ.get("PAGE_CACHE_DIR", BASE_DIR / "var" / "page-cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
# The page cache (rnk_site/pagecache.py): on unless PAGE_CACHE=0. A page is kept at most
# PAGE_CACHE_MAX_AGE seconds (a backstop: every change invalidates its pages at once);
# each process keeps up to PAGE_CACHE_LOCAL_BYTES of pages in memory.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "3600"))
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(64 * 1024 * 1024)))
# --- end caches ---

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff accounts can publish: 12 characters at least (NIST SP 800-63B-style length
    # over composition rules).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Request bodies: form fields besides files are bounded at 2.5 MB (templates/400.html says
# so); uploaded files over 2.5 MB stream to a temporary file, never to memory. The source
# import bounds each file and each request itself, refusing early (sources/importing.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 100

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# "Sanctions" and "sanctions" are one topic.
TAGGIT_CASE_INSENSITIVE = True
# Topic slugs (ASCII, readable, never empty) are made by sources.models.Topic.

LOGIN_URL = "admin:login"

# --- Logging ---
# One JSON object per line on stderr (time, level, logger, message, and for requests the
# method, path, status and duration; tracebacks inside the same line), so a log collector
# parses every record without multi-line rules. Each request is logged at INFO by
# rnk_site.middleware.RequestLogMiddleware; DJANGO_LOG_LEVEL sets everything else.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "rnk_site.logs.JSONLineFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "rnk_site.requests": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
# --- end logging ---

# Deploy hardening whenever DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only consents to preloading; nothing is enrolled until someone submits the
    # domain to the browsers' preload list. On by default so `check --deploy` is clean;
    # DJANGO_SECURE_HSTS_PRELOAD=0 for a domain whose subdomains cannot all serve HTTPS.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    # A load balancer probes /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    X_FRAME_OPTIONS = "DENY"

# --- JSON API (DRF + drf-spectacular) ---
# Read-only and anonymous: no authentication (so no session or CSRF), GET/HEAD/OPTIONS only
# (the API's viewsets are read-only), JSON in and out, pages of 20.
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RNK Briefings API",
    "DESCRIPTION": (
        "Read-only JSON API of the published briefings, claims (with their citations), "
        "sources and topics. Drafts are never included."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets come from drf-spectacular-sidecar via our static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "briefings.models.Claim.Status",
        "DateStatusEnum": "sources.models.Source.DateStatus",
    },
}
# --- end JSON API ---

# --- Security: CSP, Permissions-Policy, login throttling, sessions, usernames ---
# django-csp 4 settings format. Nothing inline: scripts and styles come from our own static
# files (the admin has none inline; /api/docs/ uses drf-spectacular's split Swagger view).
# Only /api/docs/ adds data: images (api/urls.py), for Swagger UI's icons.
INSTALLED_APPS += ["csp", "axes", "accounts"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "rnk_site.middleware.PermissionsPolicyMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Features the site never uses, refused for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# django-axes: 5 wrong passwords for one username from one IP address lock that pair out
# for 15 minutes (each further attempt restarts the wait); a correct login clears the count.
# Reset by hand: manage.py axes_reset_username NAME, or axes_reset for everyone.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"

# Staff sessions (readers have none) last one working day at most, and end with the browser.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# --- end security ---

# --- Background jobs (jobs app; README: Background jobs) ---
# Code is written once against Django's Tasks API (`@task`, from the django-tasks backport on
# Django 5.2; built into Django 6). Embedded default: tasks wait in the database and
# `manage.py db_worker` runs them (scripts/serve.sh starts it). With REDIS_URL they go to RQ
# on Redis (django-tasks-rq) and `manage.py rqworker --with-scheduler` runs them, on as many
# machines as share the database and Redis. DJANGO_JOBS_BACKEND (immediate, database, rq)
# overrides; `make run` uses immediate, so development needs no worker.
REDIS_URL = os.environ.get("REDIS_URL", "")
JOBS_BACKEND = os.environ.get("DJANGO_JOBS_BACKEND") or ("rq" if REDIS_URL else "database")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if JOBS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_JOBS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {JOBS_BACKEND!r}."
    )
if JOBS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("DJANGO_JOBS_BACKEND=rq needs REDIS_URL (redis://host:6379/0).")
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "jobs"]
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[JOBS_BACKEND]}}
# A job that raises is tried again (up to JOBS_MAX_ATTEMPTS in all), after
# JOBS_RETRY_DELAY seconds, doubling each time; then it is reported as failed.
JOBS_MAX_ATTEMPTS = int(os.environ.get("DJANGO_JOBS_MAX_ATTEMPTS", "3"))
JOBS_RETRY_DELAY = float(os.environ.get("DJANGO_JOBS_RETRY_DELAY", "30"))
# A running job writes a heartbeat when it starts, when it reports progress and every
# JOBS_HEARTBEAT_EVERY seconds; one silent for JOBS_STALE_AFTER seconds lost its worker
# (kill -9, power loss) and is queued again as a failed attempt. Workers look for such
# jobs when they start and every JOBS_RECOVER_EVERY seconds (jobs.services.jobs_recover).
JOBS_STALE_AFTER = float(os.environ.get("DJANGO_JOBS_STALE_AFTER", "600"))
JOBS_HEARTBEAT_EVERY = min(60.0, JOBS_STALE_AFTER / 5)
JOBS_RECOVER_EVERY = min(300.0, JOBS_STALE_AFTER / 2)
# Finished jobs (and the database queue's own rows) older than this many days are deleted
# by `manage.py prune_jobs`, which each worker runs when it starts and once a day.
JOBS_KEEP_DAYS = int(os.environ.get("DJANGO_JOBS_KEEP_DAYS", "30"))
# Work at most this big runs within the request that asked for it (the editor sees the
# outcome at once); anything bigger becomes a job. Citations re-anchored or verified again:
JOBS_INLINE_CITATIONS = 50
# An admin import of one file of at most this many bytes runs at once; more files, or a
# bigger one, become a job.
JOBS_INLINE_IMPORT_BYTES = 256 * 1024
# --- end background jobs ---

# --- Search (README: Search) ---
# The search page ranks a query's matches inside the database and keeps the best
# SEARCH_MAX_RESULTS: its pages and topic counts come from those, so a common word costs
# the same at any size of the archive; beyond them the page says "more than" that many.
SEARCH_MAX_RESULTS = 1000
# --- end search ---
