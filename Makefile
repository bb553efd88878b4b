# The two commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench load data browser postgres deploy-check deploy-tools clean

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py

test: $(STAMP) browser postgres
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .

bench: $(STAMP) browser
	$(PY) -m bench

# Concurrent readers on one server (websocket protocol, no browser): without pauses, then
# with 0-4 s between changes. `python -m bench.load --all-views` measures the memory ceiling.
load: $(STAMP)
	$(PY) -m bench.load --sessions 20 --duration 60
	$(PY) -m bench.load --sessions 20 --duration 60 --pause 0-4

# Regenerate every derived file in data/ from its sources.
data: $(STAMP)
	$(PY) -m scripts.build_boundaries
	$(PY) -m scripts.build_towns

$(STAMP): pyproject.toml constraints.txt requirements-assets.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test,build]'
	$(PY) -m pip install -q --no-deps -r requirements-assets.txt
	$(PY) -m layers.assets
	touch $@

# Browser tests drive Debian's Chromium; Playwright's own browser download cannot be used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium fonts-dejavu-core >/dev/null; }

# The dataset store's tests run against a real PostgreSQL: a throwaway cluster on loopback
# (tests/pg.py), or the one .ci/run starts. Only the server binaries are needed here.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian postgresql for the dataset store's tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends postgresql >/dev/null; }

# The team deployment (deploy/) built here and tested as one through its balancer: images,
# two replicas, PostgreSQL, load, uploads, a restart, sign-in. As root; about 10 minutes.
deploy-check: $(STAMP) browser deploy-tools
	$(PY) -m tests.deploy

# Debian's Docker engine (legacy builder), docker-compose and debootstrap (the base image).
deploy-tools:
	@command -v dockerd >/dev/null 2>&1 && command -v docker-compose >/dev/null 2>&1 \
	  && command -v debootstrap >/dev/null 2>&1 || { \
	  echo "installing Debian docker.io, docker-compose and debootstrap for the deployment check"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends docker.io docker-compose debootstrap >/dev/null; }

clean:
	rm -rf $(VENV) .pytest_cache
