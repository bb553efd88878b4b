# The two commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse

NODE_STAMP := node_modules/.installed

.PHONY: run test lint format bench load data browser postgres node wrk deploy-check deploy-tools clean

# The atlas and its public pages (/view, /embed, /view.png…) on one port.
run: $(STAMP)
	$(VENV)/bin/streamlit run web/server.py --server.port $(PORT)

test: $(STAMP) browser postgres node $(LIGHTHOUSE)
	$(PY) -m pytest

# Python with ruff; the browser code (.js beside the Python that ships it) with ESLint.
lint: $(STAMP) node
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node_modules/.bin/eslint .

format: $(STAMP)
	$(VENV)/bin/ruff format .

bench: $(STAMP) browser wrk $(LIGHTHOUSE)
	$(PY) -m bench

# Lighthouse for the public pages' benchmark, pinned by bench/lighthouse/package-lock.json.
$(LIGHTHOUSE): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund
	touch $@

# Concurrent readers on one server (websocket protocol, no browser): without pauses, then
# with 0-4 s between changes. `python -m bench.load --all-views` measures the memory ceiling.
load: $(STAMP)
	$(PY) -m bench.load --sessions 20 --duration 60
	$(PY) -m bench.load --sessions 20 --duration 60 --pause 0-4

# Regenerate every derived file in data/ from its sources.
data: $(STAMP)
	$(PY) -m scripts.build_boundaries
	$(PY) -m scripts.build_towns

$(STAMP): pyproject.toml setup.py constraints.txt requirements-assets.txt
	@# PyICU (names in each language's alphabetical order) builds against Debian's ICU.
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null 2>&1 || { \
	  echo "installing Debian libicu-dev, pkg-config and g++ to build PyICU"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends libicu-dev pkg-config g++ >/dev/null; }
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

# The public pages' throughput is measured with Debian's wrk.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian wrk for the benchmark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends wrk >/dev/null; }

# The dataset store's tests run against a real PostgreSQL: a throwaway cluster on loopback
# (tests/pg.py), or the one .ci/run starts. Only the server binaries are needed here.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian postgresql for the dataset store's tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends postgresql >/dev/null; }

# npm tools of the lint and the browser tests (ESLint; axe-core, which tests/browser/axe.py
# injects into pages), exactly as package-lock.json pins them. Debian's nodejs and npm are
# installed when missing.
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian nodejs and npm for the lint and the accessibility tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
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
	rm -rf $(VENV) .pytest_cache node_modules
