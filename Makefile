# Seloste: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run serve install test test-matrix lint format check migrate demo messages bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp re-installs when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[site,test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) prepare_seloste
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin
	@echo "Site: http://$(HOST):$(PORT)/  Notice: http://$(HOST):$(PORT)/fi/tietosuojaseloste/"
	@# The task worker sends queued mail (printed to this console in dev) and Wagtail's
	@# background jobs; it stops with the server.
	$(MANAGE) db_worker --backend seloste --no-reload --interval 2 --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production settings on loopback (no TLS) behind the reverse proxy, as docs/operators.md draws it
# (deploy/serve.py): nginx on HOST:PORT in front of gunicorn (gunicorn.conf.py) and a task
# worker; collectstatic, migrate and the demo first. nginx and Redis are installed when missing.
serve: install
	bash deploy/install-packages.sh
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python deploy/serve.py

# Figures and budgets, measured here and now (bench/bench.py); exit 1 when a budget is missed.
bench: install
	bash deploy/install-packages.sh --bench
	$(BIN)/python bench/bench.py

# Load and faults on loopback: 200 concurrent requests on PostgreSQL, a restart, mail down.
soak: install
	bash deploy/install-packages.sh
	$(BIN)/python bench/soak.py

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The other supported Wagtail/Django pair, in a virtualenv of its own (.venv stays as it is):
# the suite on SQLite without the browser tests and without the wagtail start install test,
# which the full runs carry.
MATRIX_VENV := .venv-matrix
MATRIX_PINS ?= "wagtail>=7.4,<7.5" "Django>=5.2,<5.3"

$(MATRIX_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(MATRIX_VENV)
	$(MATRIX_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MATRIX_VENV)/bin/python -m pip install --quiet -e ".[site,test]" $(MATRIX_PINS)
	touch $@

test-matrix: $(MATRIX_VENV)/.installed
	@$(MATRIX_VENV)/bin/python -c "import django, wagtail; print('Wagtail', wagtail.__version__, 'Django', django.__version__)"
	$(MATRIX_VENV)/bin/python -m pytest -m "not browser" --ignore=tests/browser \
		--ignore=tests/test_wagtail_start_host.py $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Each app and sub-app has its own catalogue; the notice's leaves its sub-apps' folders to them.
CATALOGUES := notices/rights notices/outbox notices/drift notices cookies/scanner cookies home site

messages: install
	for dir in $(CATALOGUES); do \
		ignore=""; [ $$dir = notices ] && ignore="--ignore=rights --ignore=outbox --ignore=drift"; \
		[ $$dir = cookies ] && ignore="--ignore=scanner"; \
		(mkdir -p $$dir/locale && cd $$dir && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages \
			-l fi -l sv -l en --no-obsolete --add-location file $$ignore); \
	done
	@# The add-on's admin scripts: strings Wagtail's and wagtail-localize's scripts lack.
	cd notices && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -d djangojs \
		-l fi -l sv -l en --no-obsolete --add-location file --ignore=rights --ignore=outbox --ignore=drift
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) $(MATRIX_VENV) db.sqlite3 .pytest_cache .ruff_cache static_collected var
