# Jalons — everyday commands. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || echo python3.11)
VENV := .venv
BIN := $(VENV)/bin
JALONS := $(BIN)/jalons
# pytest-xdist workers (the machines have 2 cores).
WORKERS ?= 2
PYTEST_ARGS ?=
# Base database of the PostgreSQL run; pytest-django creates and drops test_<name>_gwN.
# The default name carries the shell's PID so that two runs on one server never collide.
PG_TEST_URL ?=
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_PARTICIPANTS ?= 20000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jalons_bench

# Runs pytest; exit code 5 (no test collected) is reported as the failure it is.
define run_pytest
	rc=0; $(BIN)/python -m pytest -n $(WORKERS) -q -ra $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no test." >&2; fi; \
	exit $$rc
endef

.PHONY: help install lock run worker test test-pg quality bench clean

help:
	@echo "make install   create .venv (Python 3.11) and install requirements.lock + jalons"
	@echo "make run       migrate + seed the demo (SQLite in var/) and serve http://$(HOST):$(PORT)"
	@echo "make worker    run the background task worker (django-tasks database backend)"
	@echo "make test      pytest on SQLite ($(WORKERS) workers, browser tests included)"
	@echo "make test-pg   the same tests on PostgreSQL (127.0.0.1:5432)"
	@echo "make quality   ruff, ruff format --check, mypy, missing migrations"
	@echo "make bench     benchmarks on PostgreSQL (BENCH_PARTICIPANTS=$(BENCH_PARTICIPANTS)) -> bench/results/"
	@echo "make lock      rewrite requirements.lock from the current .venv"
	@echo "make clean     remove caches and test artefacts (keeps .venv and var/)"

install:
	@if [ ! -x $(BIN)/python ]; then \
		echo "Creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet --upgrade pip; \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	@$(JALONS) --version >/dev/null && echo "Installed: $(JALONS)"

lock:
	{ echo "# Pinned set of every package (runtime + dev) of the working venv."; \
	  echo "# Regenerate with \`make lock\` after changing the dependencies in pyproject.toml."; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock

run: export JALONS_DEMO ?= 1
run: install
	mkdir -p "$${JALONS_VAR_DIR:-var}" "$${STATIC_ROOT:-$${JALONS_VAR_DIR:-var}/static}"
	$(JALONS) migrate --noinput
	$(JALONS) seed_demo --if-empty
	@echo
	@echo "Jalons (démonstration) : http://$(HOST):$(PORT)/"
	@echo "Comptes de démonstration, mot de passe « demo » :"
	@echo "  cheffe@demo.jalons.fr        cheffe de projet PLIE"
	@echo "  coordination@demo.jalons.fr  coordination des parcours"
	@echo "  conseiller@demo.jalons.fr    accompagnateur à l'emploi (AAE)"
	@echo "  cre@demo.jalons.fr           chargée de relations entreprises"
	@echo "  clauses@demo.jalons.fr       chargé de mission clauses"
	@echo "  prescripteur@demo.jalons.fr  prescripteur (CAF)"
	@echo "  oi@demo.jalons.fr            contrôleuse de l'organisme intermédiaire"
	@echo "  admin@demo.jalons.fr         administrateur (/admin/)"
	@echo
	$(JALONS) runserver $(HOST):$(PORT)

worker: export JALONS_DEMO ?= 1
worker: install
	mkdir -p "$${JALONS_VAR_DIR:-var}" "$${STATIC_ROOT:-$${JALONS_VAR_DIR:-var}/static}"
	$(JALONS) db_worker

test:
	$(run_pytest)

test-pg:
	export DATABASE_URL="$${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/jalons_$$$$}"; \
	echo "DATABASE_URL=$$DATABASE_URL"; \
	$(run_pytest)

# Runs every check (so that one run shows all the problems) and fails if any failed.
quality: export JALONS_DEMO ?= 1
quality:
	@failed=""; \
	check() { echo "+ $$*"; "$$@" || failed="$$failed  $$*"$$'\n'; }; \
	check $(BIN)/ruff check --output-format concise . ; \
	check $(BIN)/ruff format --check --output-format concise . ; \
	check $(BIN)/mypy jalons ; \
	check env DATABASE_URL=sqlite://:memory: $(JALONS) makemigrations --check --dry-run ; \
	if [ -n "$$failed" ]; then printf 'Quality checks that failed:\n%s' "$$failed" >&2; exit 1; fi; \
	echo "Quality checks passed."

clean:
	find . -path ./.venv -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	rm -rf .mypy_cache .ruff_cache .pytest_cache test-results build dist *.egg-info

bench: install
	DATABASE_URL="$(BENCH_DATABASE_URL)" JALONS_DEMO=1 $(BIN)/python bench/run.py --participants $(BENCH_PARTICIPANTS)
