# Signstage: `make demo` runs the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: demo test lint install install-dev serve migrate

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

## Install, create the SQLite schema, seed the demo, print the links, serve on :5000.
demo: migrate
	$(VENV)/bin/flask --app wsgi demo
	$(VENV)/bin/flask --app wsgi run --host 127.0.0.1 --port 5000 --with-threads

## Install everything the tests use, check style and the import contracts, then run the whole suite
## (DATABASE_URL picks the database).
test: install-dev lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check
	$(VENV)/bin/lint-imports
