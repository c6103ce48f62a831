# PPID service: `make run` starts everything on this machine, `make test` checks it.
# Embedded default: SQLite file var/db.sqlite3 and kombu's filesystem:// broker, no servers needed.
# With DATABASE_URL / CELERY_BROKER_URL in the environment the same targets use PostgreSQL/Redis.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_FOR_VENV := $(shell command -v python3.11 2>/dev/null || command -v python3)
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: help install run test e2e browser lint format migrate demo ci

help:
	@echo "make run      start web + Celery worker + Celery beat on http://127.0.0.1:$(PORT)/"
	@echo "make test     migrations check and the whole pytest suite"
	@echo "make e2e      only the browser journeys (screenshots in artifacts/e2e/)"
	@echo "make browser  install Debian's Chromium for the browser journeys (root)"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make migrate  apply database migrations"
	@echo "make demo     load the demo data (idempotent)"
	@echo "make ci       what CI runs (.ci/run)"

# Reinstall only when pyproject.toml changed: repeated runs cost nothing.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(STAMP) .env translations

# Compiled catalogues are build output: rebuilt whenever a .po is newer than its .mo.
translations: | $(STAMP)
	@$(PY) manage.py compile_translations --verbosity 0 >/dev/null

# First use only: a development .env with fresh keys, so encrypted data stays readable across
# restarts. An existing .env is never touched (make does not rebuild an existing target).
.env: | $(STAMP)
	@$(PY) -c 'import secrets; from cryptography.fernet import Fernet; \
	print("DEBUG=1"); \
	print("SECRET_KEY=" + secrets.token_urlsafe(50)); \
	print("FIELD_ENCRYPTION_KEY=" + Fernet.generate_key().decode())' > $@
	@echo "Created .env (DEBUG=1, new SECRET_KEY and FIELD_ENCRYPTION_KEY)."

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "PPID berjalan di http://127.0.0.1:$(PORT)/  (admin: /admin/, API: /api/docs/)"
	@echo "Email yang terkirim disimpan sebagai berkas di var/mail/. Ctrl-C menghentikan semuanya."
	@echo ""
	exec $(VENV)/bin/honcho -f Procfile start --port $(PORT)

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The journeys drive /usr/bin/chromium (Debian package); without it they are skipped.
e2e: install
	$(VENV)/bin/pytest -q -p no:cacheprovider -m e2e tests/e2e

browser:
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

ci:
	bash .ci/run
