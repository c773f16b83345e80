# LISA: `make demo` runs the demo, `make test` runs the whole suite (SQLite, then PostgreSQL).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_REPORTS ?= 5000
# The PostgreSQL server the second test run uses (pytest-django creates test_lisa in it).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/lisa
export DEBUG ?= true

.PHONY: demo serve test test-sqlite test-postgres bench bench-postgres bench-backoffice lint format messages install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Compiled catalogues are build output, made from the committed .po files.
messages: install
	$(PY) -m babel.messages.frontend compile --domain django --directory lisa/locale --statistics

demo: install messages
	@$(PY) manage.py check_geodata --demo
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_brussels
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py seed_demo --reports $(DEMO_REPORTS)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# LISA under gunicorn (gunicorn.conf.py), on the database of DATABASE_URL (the demo's SQLite
# file by default; PostgreSQL for real use), with its static files collected.
serve: install messages
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	PORT=$(PORT) $(VENV)/bin/gunicorn lisa.wsgi

test: test-sqlite test-postgres

# Browser tests run apart: live_server empties the tables the other tests share.
test-sqlite: install messages
	DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest -m browser $(PYTEST_ARGS)

test-postgres: install messages
	@$(PY) -c "import sys, psycopg, urllib.parse as u; psycopg.connect(u.urlsplit(sys.argv[1])._replace(path='/postgres').geturl(), connect_timeout=3).close()" '$(TEST_POSTGRES_URL)' \
		|| (echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL); start it or set TEST_POSTGRES_URL." && exit 1)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -m browser $(PYTEST_ARGS)

# The locator benchmark, on its own database with the geography and the demo offices.
BENCH_DATABASE_URL ?= sqlite:///var/bench-locator.sqlite3
bench: install
	@$(PY) manage.py check_geodata --demo
	mkdir -p var
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_brussels > /dev/null
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_demo --reports 0 > /dev/null
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/locator.py

# The list, map and locator benchmarks, on a PostgreSQL database of many reports
# (bench/README.md says how to make one).
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/lisa_bench
bench-postgres: install
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/queue_query.py
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/admin_list.py
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/areas.py
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/public_map.py

# The partners' queue and report page, as four demo users, on a copy of that database:
# `--furnish` adds staff work (notes, messages, files…) to a sample of reports, once.
bench-backoffice: install
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/backoffice.py --furnish

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var lisa/locale/*/LC_MESSAGES/*.mo
