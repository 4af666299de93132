# KPSS developer tasks. Needs nothing but python3 (3.11) and make: everything else is
# installed into .venv. `make help` lists the targets.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
UV_VERSION := 0.13.9
PYTEST_ARGS ?=

BIN := $(VENV)/bin
KPSS := $(BIN)/kpss
STAMP := $(VENV)/.installed-stamp
VAR_DIR := $(or $(KPSS_VAR_DIR),var)
DEMO_STAMP := $(VAR_DIR)/.demo-loaded
CHROMIUM := /usr/bin/chromium
MAKEMESSAGES_IGNORE := -i 'data/*' -i 'var/*' -i 'benchmarks/*' -i 'node_modules/*' -i 'tests/*'

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.DEFAULT_GOAL := help
# Steps run in the order written (lint before tests), even under make -j.
.NOTPARALLEL:
.PHONY: help install translations messages migrate demo run test lint fmt chromium pytest \
	clean distclean

help: ## Show this list.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

install: $(STAMP) ## Create .venv and install the locked dependencies (only when they change).

$(STAMP): pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		echo "'$(PYTHON) -m venv' failed; on Debian install python3-venv first." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen
	@touch $@

translations: install ## Compile kpss/locale/*/LC_MESSAGES/*.po to .mo (no gettext needed).
	@$(KPSS) compile_translations

messages: install ## Re-extract message ids (needs GNU gettext) and list what is left to translate.
	@command -v xgettext >/dev/null || { \
		echo "makemessages needs GNU gettext: apt-get install -y gettext" >&2; exit 1; }
	$(KPSS) makemessages -l cs -l en --no-obsolete $(MAKEMESSAGES_IGNORE)
	@$(KPSS) compile_translations --report

migrate: install ## Apply database migrations.
	$(KPSS) migrate --noinput

demo: migrate translations ## Load the demo planning area and its users (idempotent).
	@mkdir -p $(VAR_DIR)
	$(KPSS) demo
	@touch $(DEMO_STAMP)

run: install translations ## Run the development server on 127.0.0.1:PORT (8000); demo data on first run.
	@mkdir -p $(VAR_DIR)
	@first=no; [ -f $(DEMO_STAMP) ] || first=yes; \
	if [ -z "$$DATABASE_URL" ] && [ ! -f $(VAR_DIR)/kpss.sqlite3 ]; then first=yes; fi; \
	$(KPSS) migrate --noinput || exit 1; \
	if [ $$first = yes ]; then \
		$(KPSS) demo && touch $(DEMO_STAMP) || exit 1; \
	else \
		echo "Demo data was loaded before ('make demo' loads it again)."; \
		$(KPSS) demo --logins; \
	fi
	$(KPSS) runserver 127.0.0.1:$(PORT)

test: install translations chromium lint pytest ## Lint, then run the whole test suite (DATABASE_URL selects the database).

pytest: install translations chromium ## Run pytest only (PYTEST_ARGS="-m \"not browser\"" to pass options).
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff, ruff format --check, mypy and import-linter.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kpss kpss_analysis config
	$(BIN)/lint-imports

fmt: install ## Format the code and apply safe lint fixes.
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

chromium: ## Install Debian's Chromium for the browser tests when it is missing.
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null; then sudo="sudo"; \
		else echo "$(CHROMIUM) is missing; install Debian's chromium as root." >&2; exit 1; fi; \
		$$sudo apt-get update && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y chromium; \
	fi

clean: ## Remove caches, compiled translations and collected static files (keeps .venv and data).
	rm -rf .pytest_cache .mypy_cache .ruff_cache .import_linter_cache $(VAR_DIR)/static
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	find kpss -name '*.mo' -delete

distclean: clean ## Also remove .venv (the database under var/ is kept).
	rm -rf $(VENV)
