# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Uploads are virus-scanned by clamd (R-15). `bash .ci/clamav.sh` installs and starts one; on a
# machine without it, development runs with scanning off and every start warns about it.
CLAMD_SOCKET ?= /tmp/xiuying-clamd/clamd.ctl
UPLOAD_SCANNING ?= $(shell test -S $(CLAMD_SOCKET) && echo 1 || echo 0)
export UPLOAD_SCANNING

.PHONY: install run serve-dev serve worker migrate demo test lint format bench load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_roles

# The admin address the seed prints, and mails link to, follows the port the server runs on.
demo run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

# The seed is a script: it runs its jobs (search indexing) inline itself, not through the queue.
demo: migrate
	$(MANAGE) seed_demo

# Development: the site and, in the background, the worker for its queued jobs (mails, indexing).
run: demo
	@echo "秀英党建网: http://$(HOST):$(PORT)/  admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production (README, "Operations"): production settings, whatever the development guesses
# above say about scanning; gunicorn's options come from GUNICORN_* (config/gunicorn.py).
PRODUCTION := env -u UPLOAD_SCANNING DJANGO_SETTINGS_MODULE=config.settings.production

serve: install
	$(PRODUCTION) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PRODUCTION) $(PY) -m gunicorn --config config/gunicorn.py config.wsgi:application

worker: install
	$(PRODUCTION) $(MANAGE) db_worker --no-reload

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The suite runs on every core (pytest-xdist; one database per worker), a test file per worker
# at a time so module-wide fixtures are built once. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: lint test-pure
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The pure rules (the screening engine, the chain's, visibility and scoring rules...) without
# Django: no settings, no database, no conftest; a rule that starts needing Django fails here.
PURE_TESTS = $(shell grep -rl --include='test_*.py' '^pytestmark = pytest.mark.pure' tests)
test-pure: install
	$(PY) -m pytest -p no:django -p no:cacheprovider --noconftest -o addopts="" -q -m pure $(PURE_TESTS)

bench: install
	@for script in scripts/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# Load and faults (README, "Tests and benchmarks"), on demand: private PostgreSQL, Redis and clamd
# in a temporary directory, traffic to 127.0.0.1 only, e.g. LOAD_ARGS="--phases api,redis".
load: install
	$(PY) scripts/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
