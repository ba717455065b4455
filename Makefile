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

.PHONY: install run serve-dev migrate demo test lint format bench clean

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

demo: migrate
	$(MANAGE) seed_demo

run: demo
	@echo "秀英党建网 admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	@for script in scripts/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
