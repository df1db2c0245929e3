# Veldwerk: `make run` serves the demo site, `make test` runs the whole suite.
# Every step a fresh machine needs is here; CI (.ci/run) calls `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST := $(BIN)/pytest
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/veldwerk
CHROMIUM ?= $(or $(CHROMIUM_EXECUTABLE),$(shell command -v chromium 2>/dev/null),/usr/bin/chromium)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-sqlite test-postgres install browser setup messages demo check-deploy eval bench clean

# The task worker (e-mails, index updates; TASKS in site/settings/base.py) runs in the background
# beside runserver and is stopped when runserver ends, however it ends.
run: setup demo
	@echo "Serving Veldwerk at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@export WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)} ; \
	$(MANAGE) db_worker & worker=$$! ; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM ; \
	echo "Task worker running (pid $$worker)" ; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Under CI=true the browser tests must run, so Chromium is installed first; elsewhere they are
# skipped with a hint when Chromium is missing (`make browser` installs it).
test: install messages $(if $(filter true,$(CI)),browser) test-sqlite test-postgres

test-sqlite:
	@echo "== Test suite on SQLite"
	DATABASE_URL= $(PYTEST)

test-postgres:
	@echo "== Test suite on PostgreSQL"
	@url=$$(scripts/postgres_url.sh "$(POSTGRES_TEST_URL)") ; status=$$? ; \
	if [ $$status -eq 2 ]; then echo "PostgreSQL leg skipped: no server at $(POSTGRES_TEST_URL) (set DATABASE_URL or start PostgreSQL)."; exit 0; fi ; \
	if [ $$status -ne 0 ]; then exit $$status; fi ; \
	DATABASE_URL="$$url" $(PYTEST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

browser:
	@if [ -x "$(CHROMIUM)" ]; then echo "Chromium for the browser tests: $(CHROMIUM)"; else \
	echo "Installing Debian's chromium package for the browser tests"; \
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; fi

messages: install
	@command -v msgfmt >/dev/null || { echo "Installing GNU gettext (msgfmt) to compile the translations"; \
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gettext >/dev/null; }
	@$(MANAGE) compilemessages --verbosity 0 --ignore=.venv --ignore=var

setup: install messages
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_municipalities

demo:
	$(MANAGE) seed_demo
	$(MANAGE) search_index verify --verbosity 0

check-deploy: install
	DJANGO_SETTINGS_MODULE=veldwerk.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) REDIS_URL=redis://127.0.0.1:6379/0 \
	ALLOWED_HOSTS=veldwerk.example DATABASE_URL=sqlite:///var/check.sqlite3 WAGTAILADMIN_BASE_URL=https://veldwerk.example \
	$(MANAGE) check --deploy --fail-level WARNING

eval: install
	@echo "== Relevance on the public evaluation set (SQLite)"
	$(BIN)/python tests/eval/run_eval.py $(EVAL_ARGS)
	@url=$$(scripts/postgres_url.sh "$(POSTGRES_TEST_URL)_eval") ; status=$$? ; \
	if [ $$status -eq 0 ]; then echo "== Relevance on the public evaluation set (PostgreSQL)"; $(BIN)/python tests/eval/run_eval.py --database-url "$$url" $(EVAL_ARGS); \
	else echo "PostgreSQL eval skipped: no server."; fi

bench: install
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var *.egg-info
