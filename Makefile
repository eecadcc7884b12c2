# Probation Ratings Explorer — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# one stamp per lock: `make run` installs the runtime lock only, `make test` adds the test tools
STAMP  := $(VENV)/.installed-run-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEVSTAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DB     ?= data/probation.duckdb
PORT   ?= 8501

AXE    := node_modules/axe-core/axe.min.js

.PHONY: run test db check venv devenv sysdeps lock bench boundaries clean e2e unit scale

venv: $(STAMP)
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	rm -f $(VENV)/.installed-run-*
	touch $@

devenv: $(DEVSTAMP)
$(DEVSTAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

sysdeps:  ## Debian packages the browser tests need (Chromium, its driver, Node.js and npm)
	@scripts/sysdeps.sh

lock: $(STAMP)  ## regenerate requirements.txt and requirements-dev.txt (pinned, hashed) from the .in files
	$(PY) scripts/lock.py

db: $(DB)
$(DB): $(STAMP) $(wildcard data/*.csv) $(wildcard queries/build/*.sql) explorer/build.py explorer/validate.py
	$(PY) -m explorer.build --db $(DB)

# axe-core for the accessibility tests, from the npm registry at the version package-lock.json pins.
$(AXE): package.json package-lock.json | sysdeps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

check: $(STAMP)  ## validate the CSVs without building
	$(PY) -m explorer.build --check

run: db  ## build the database and start the app on http://localhost:$(PORT)
	$(PY) serve.py --server.port $(PORT)

test: sysdeps $(DEVSTAMP) db $(AXE)  ## the whole suite: unit, queries, AppTest pages, browser end-to-end
	$(PY) -m pytest

unit: $(DEVSTAMP) db $(AXE)
	$(PY) -m pytest -m "not e2e"

e2e: sysdeps $(DEVSTAMP) db $(AXE)
	$(PY) -m pytest -m e2e

bench: sysdeps $(DEVSTAMP) db  ## performance benchmarks (server side, then in Chromium); writes bench/RESULTS.md
	$(PY) bench/run.py
	$(PY) bench/browser.py
	$(PY) bench/anatomy.py
	$(PY) bench/concurrency.py

PROCESSES ?= 2
scale: db  ## N app processes behind nginx on http://localhost:$(PORT) (PROCESSES=3 PORT=8080); needs nginx
	$(PY) deploy/cluster.py --processes $(PROCESSES) --port $(PORT)

boundaries: $(STAMP)  ## download ONS boundaries for the geographic map into boundaries/ (needs internet)
	$(PY) scripts/download_boundaries.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache node_modules
