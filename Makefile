# Two commands for a fresh machine with python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Test runs use the production configuration (DEBUG off, manifest static
# storage) with throwaway secrets; plain HTTP, so no SSL redirect.
TEST_ENV := DJANGO_SECRET_KEY=insecure-test-only DJANGO_ALLOWED_HOSTS=testserver,localhost \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_STATIC_ROOT=var/test-static

.PHONY: run test lint format install clean mutation

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_seed_data --if-empty
	DJANGO_DEBUG=1 $(BIN)/python manage.py ensure_admin
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	mkdir -p var
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
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
