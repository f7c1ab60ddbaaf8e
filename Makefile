# Signstage: `make demo` runs the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
PORT ?= 5000
# The demo's links follow the port unless PUBLIC_BASE_URL is set.
DEMO_URL ?= $(or $(PUBLIC_BASE_URL),http://127.0.0.1:$(PORT))

.PHONY: demo test lint install install-dev serve migrate production i18n

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
	./.ci/system-packages demo

install-dev: $(VENV)/.installed-dev
	./.ci/system-packages test

migrate: install
	$(VENV)/bin/flask --app wsgi db upgrade

## Install, create the SQLite schema, seed the demo, print the links, serve on :$(PORT) (make demo PORT=8080).
demo: migrate
	PUBLIC_BASE_URL=$(DEMO_URL) LOG_FORMAT=text $(VENV)/bin/flask --app wsgi demo
	PUBLIC_BASE_URL=$(DEMO_URL) LOG_FORMAT=text $(VENV)/bin/flask --app wsgi run --host 127.0.0.1 --port $(PORT) --with-threads

## The production layout on this machine: gunicorn (gunicorn.conf.py) and a separate job worker, from the Procfile.
production: migrate
	$(VENV)/bin/pip install -q 'honcho>=2,<3'
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH PORT=$(PORT) PUBLIC_BASE_URL=$(DEMO_URL) $(VENV)/bin/honcho start

## Install everything the tests use, check style and the import contracts, then run the whole suite
## (DATABASE_URL picks the database).
test: install-dev lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check
	$(VENV)/bin/lint-imports
	$(PY) -m dev.catalogues  # every string translated, the catalogue current, no Chinese outside it

## Re-extract every marked string, update the English catalogue (new entries empty, stale ones gone), compile it.
i18n:  # needs the virtualenv (make install)
	$(VENV)/bin/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header -o backend/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i backend/translations/messages.pot -d backend/translations -l en --no-fuzzy-matching --ignore-obsolete --omit-header
	$(VENV)/bin/pybabel -q compile -d backend/translations -l en --use-fuzzy  # the catalogue has no header; no entry is fuzzy (dev/catalogues.py)
