# The survey's commands: `make site` builds the HTML site, `make test` runs every test,
# `make pdf` builds the PDF edition into _build/latex/survey.pdf.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := scripts

.PHONY: site generate test pdf clean enrich bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

generate: $(VENV)/.installed
	$(PY) -m survey build

site: generate
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going --quiet

pdf: generate
	$(PY) -m survey pdf

# axe-core, which the site tests inject into pages in headless Chromium (npm registry, pinned by the lock file).
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.installed tests/node_modules/.installed
	$(PY) -m pytest

# Online and optional: fill data/arxiv_metadata.csv from the arXiv API; review its diff, then `make site`.
enrich: $(VENV)/.installed
	$(PY) -m survey enrich

# Figures, not pass/fail: generation time and memory at 1k/10k/50k papers, HTML build times (see bench/README.md).
bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf _build
