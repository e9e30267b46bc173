# The survey's commands: `make site` builds the HTML site, `make test` runs every test,
# `make pdf` builds the PDF edition into _build/latex/survey.pdf. Everything runs from .venv, where
# `make` installs the pinned requirements and the survey package itself (editable, with its `survey` command).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site generate test test-fast lint pdf clean enrich bench edition

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $@

generate: $(VENV)/.installed
	$(VENV)/bin/survey build

# `survey site`: `survey build`, then `jupyter-book build . --warningiserror --keep-going --quiet` unless the
# built site is provably current (README: "Nothing changed, nothing done").
site: $(VENV)/.installed
	$(VENV)/bin/survey site

# `survey pdf` generates too (as `survey build`, also drawing the charts' PNGs, which only the PDF shows).
pdf: $(VENV)/.installed
	$(VENV)/bin/survey pdf

# axe-core, which the site tests inject into pages in headless Chromium (npm registry, pinned by the lock file).
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.installed tests/node_modules/.installed
	$(PY) -m pytest

# Every layer's tests, without whole builds: no browser, TeX or npm needed (about a minute).
test-fast: $(VENV)/.installed
	$(PY) -m pytest --ignore=tests/book

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check scripts tests bench
	$(VENV)/bin/lint-imports

# Online and optional: fill data/arxiv_metadata.csv from the arXiv API; review its diff, then `make site`.
enrich: $(VENV)/.installed
	$(VENV)/bin/survey enrich

# Record data/raw as a new edition in data/editions.yml ("What's new", feed.xml); DATE=YYYY-MM-DD to date it.
# Review the diff and commit it, then `make site`.
edition: $(VENV)/.installed
	$(VENV)/bin/survey edition $(if $(DATE),--date $(DATE))

# Figures, not pass/fail: generation time and memory at 1k/10k/50k/100k papers, the related papers' recall, HTML
# build times and the no-change `make site` (see bench/README.md); every figure also as JSON in the work folder.
bench: $(VENV)/.installed
	$(PY) -m bench --warm-memory

clean:
	rm -rf _build
