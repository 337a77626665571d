# The two commands of the README: `make demo` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install test lint messages serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) tests/browser/axe/node_modules

# axe-core for the browser journeys' accessibility checks (pinned in package-lock.json).
tests/browser/axe/node_modules: tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Embedded default: SQLite, embedded search, eager tasks. No services, no environment.
demo: install
	DJANGO_SETTINGS_MODULE=marketplace.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=marketplace.settings.dev $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=marketplace.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

# Installs what the tests need, starts PostgreSQL, Redis, Elasticsearch and stripe-mock, runs
# every test, and stops what it started.
test:
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Rebuild the message catalogues after changing translatable strings.
messages: install
	$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) .services db.sqlite3 staticfiles test-artifacts
