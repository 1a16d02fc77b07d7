# Two commands for a fresh machine with python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOAD_STAMP := $(VENV)/.installed-load
# Playwright drives Debian's Chromium (/usr/bin/chromium); it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Test runs use the production configuration (DEBUG off, manifest static
# storage) with throwaway secrets; plain HTTP, so no SSL redirect.
TEST_ENV := DJANGO_SECRET_KEY=insecure-test-only DJANGO_ALLOWED_HOSTS=testserver,localhost \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_STATIC_ROOT=var/test-static

# `check --deploy` sees what a real deployment sets: the HTTPS redirect on and a long random
# secret key (a fresh one each run), not the test shortcuts above.
DEPLOY_ENV := DJANGO_SECRET_KEY=$$($(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))") \
	DJANGO_ALLOWED_HOSTS=briefings.example.org DJANGO_STATIC_ROOT=var/test-static \
	DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=1

.PHONY: run serve worker test lint format install clean loadtest faultrun mutation bench bench-growth

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

$(LOAD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,load]"
	touch $(LOAD_STAMP)

run: $(STAMP)
	mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_seed_data --if-empty
	DJANGO_DEBUG=1 $(BIN)/python manage.py ensure_admin
	DJANGO_DEBUG=1 DJANGO_JOBS_BACKEND=$${DJANGO_JOBS_BACKEND:-immediate} \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

# Background jobs run at once under `make run` (nothing else to start); `make serve` starts
# this worker itself. Run it alone for worker machines, or beside `make run` with
# DJANGO_JOBS_BACKEND=database in both (README: Background jobs).
worker: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py jobs_worker

# The production configuration on 127.0.0.1:8000 (gunicorn, DEBUG off, whitenoise) and
# the jobs worker; see scripts/serve.sh. Ctrl-C stops both.
serve: $(STAMP)
	exec scripts/serve.sh

# Benchmarks, not tests (scripts/loadtest/run.py): locust against the production server on
# loopback for 60 s, on SQLite (or DATABASE_URL); faultrun restarts a throw-away PostgreSQL.
loadtest: $(LOAD_STAMP)
	$(BIN)/python scripts/loadtest/run.py $(LOADTEST_ARGS)

faultrun: $(LOAD_STAMP)
	$(BIN)/python scripts/loadtest/run.py --fault $(LOADTEST_ARGS)

# Benchmarks, not tests (scripts/bench/): `make bench` serves the site (scripts/serve.sh) and a
# bare Django view side by side and prints a Markdown table of queries, bytes and requests/s
# as a share of the bare view, cold and cached; BENCH_ARGS="--dataset demo" for 100,000
# claims. `make bench-growth` times every public page in-process at 1,000 and 100,000 claims.
bench: $(STAMP)
	$(BIN)/python scripts/bench/run.py $(BENCH_ARGS)

bench-growth: $(STAMP)
	$(BIN)/python scripts/bench/growth.py $(BENCH_ARGS)

test: $(STAMP)
	mkdir -p var
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Mutation testing of the promise-carrying code (not part of `make test`); prints the
# score per module. mutmut runs the tests from its own copy in mutants/, hence the
# absolute static root.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,mutation]"
	mkdir -p var
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) DJANGO_STATIC_ROOT=$(CURDIR)/var/test-static $(BIN)/python scripts/mutation_score.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis mutants
