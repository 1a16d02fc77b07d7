#!/usr/bin/env bash
# `make serve`: the production configuration (DEBUG off, gunicorn, whitenoise) on loopback,
# with the background jobs worker.
#
# Prepares everything the server needs, then replaces itself with gunicorn (exec), so that
# Ctrl-C and SIGTERM reach gunicorn directly and it stops cleanly. Every step can be pointed
# elsewhere through the environment (tests/test_serve.py runs this very script on a free port
# against a temporary SQLite file):
#   SERVE_BIND              address to listen on (default 127.0.0.1:8000)
#   WEB_CONCURRENCY         gunicorn workers (default: 2 per core + 1)
#   DJANGO_SECRET_KEY_FILE  where the generated secret key is kept (default var/secret_key)
#   DATABASE_URL / DJANGO_SQLITE_PATH / DJANGO_STATIC_ROOT, as for the site itself.
#   REDIS_URL               jobs go to RQ on this Redis instead of waiting in the database
#   SERVE_JOBS_WORKER       0: start no jobs worker (workers run elsewhere); default 1
# gunicorn starts the jobs worker (manage.py jobs_worker: db_worker, or RQ's worker with
# REDIS_URL) when it starts and stops it when it stops (rnk_site/gunicorn.conf.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
mkdir -p var

export DJANGO_DEBUG=0
# A secret key generated once and kept out of the repository (var/ is ignored), mode 600.
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    export DJANGO_SECRET_KEY_FILE=${DJANGO_SECRET_KEY_FILE:-$PWD/var/secret_key}
    if [ ! -s "$DJANGO_SECRET_KEY_FILE" ]; then
        (umask 077 && "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' \
            >"$DJANGO_SECRET_KEY_FILE")
        echo "Generated a secret key in $DJANGO_SECRET_KEY_FILE (keep it; it signs sessions)."
    fi
    chmod 600 "$DJANGO_SECRET_KEY_FILE"
fi
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
# Off only because this serves plain HTTP on loopback. Behind a TLS-terminating proxy (which
# sets X-Forwarded-Proto) leave it on: unset it, or set it to 1.
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-0}

"$BIN/python" manage.py migrate --noinput --verbosity 0
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
"$BIN/python" manage.py load_seed_data --if-empty
"$BIN/python" manage.py ensure_admin
# Pages cached by the previous code must not outlive it (rnk_site/pagecache.py).
"$BIN/python" manage.py clear_page_cache --verbosity 0

exec "$BIN/gunicorn" --config rnk_site/gunicorn.conf.py rnk_site.wsgi
