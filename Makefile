# Network Hub. `make run` and `make test` are the README's first two commands.
PYTHON := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint format check bench lock clean

run: setup ## Set up everything and serve the demo site at http://127.0.0.1:8000, with the task worker
	$(PYTHON) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

setup: ## Virtual environment, dependencies, database and demo content (SQLite, console email)
	scripts/bootstrap runtime
	$(PYTHON) manage.py migrate --no-input
	$(PYTHON) manage.py load_demo_content

test: ## The whole test suite: SQLite by default, PostgreSQL when DATABASE_URL names one
	scripts/bootstrap test
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: ## Ruff lint and format check, and the import layers (import-linter)
	scripts/bootstrap test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	.venv/bin/lint-imports --no-cache

format: ## Apply ruff's fixes and formatting
	scripts/bootstrap test
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

check: ## Django's system checks and the missing-migrations check
	scripts/bootstrap runtime
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PYTHON) manage.py check
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PYTHON) manage.py makemigrations --check --dry-run

lock: ## Re-resolve requirements*.lock from pyproject.toml
	scripts/lock

clean: ## Remove the virtual environment, the SQLite database and generated files
	rm -rf .venv db.sqlite3 var

bench: ## The benchmark at network scale: gunicorn and wrk, every page against the floor, without and with the page cache, then the scaling figures (PostgreSQL, Redis; about 25 min; --help for options)
	scripts/bootstrap test
	$(PYTHON) bench/server.py $(BENCH_ARGS)
