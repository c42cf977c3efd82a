# Every target creates .venv and installs what it needs on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev
DEMO_DIR ?= data/demo

.PHONY: demo test lint fuzz bench bench-scale eval clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_DIR)
	$(VENV)/bin/vigie --data-dir $(DEMO_DIR) run --demo

eval: $(STAMP)
	$(PY) -m claims.eval --floor
	$(PY) -m claims.corpus --floor

test: $(STAMP)
	$(VENV)/bin/ruff check core scraper claims sitegen bench tests
	$(VENV)/bin/ruff format --check core scraper claims sitegen bench tests
	$(VENV)/bin/mypy core scraper claims sitegen
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check core scraper claims sitegen bench tests
	$(VENV)/bin/ruff format --check core scraper claims sitegen bench tests
	$(VENV)/bin/mypy core scraper claims sitegen

# The hardening tests with far more cases than CI runs: random (not derandomized) hypothesis
# examples, more SIGKILLs per command. Figures land in test-artifacts/harden/.
FUZZ_EXAMPLES ?= 1000
FUZZ_KILLS ?= 60

fuzz: $(STAMP)
	VIGIE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) VIGIE_KILLS=$(FUZZ_KILLS) $(VENV)/bin/pytest -q tests/harden

SCALE ?= 1000

bench: $(STAMP)
	$(PY) -m bench.extract
	$(PY) -m bench.check
	$(PY) -m bench.site --repeat 1
	$(PY) -m bench.run
	$(PY) -m bench.scale --sizes $(SCALE)
	$(PY) -m bench.snapshot --sizes $(SCALE)

bench-scale: $(STAMP)
	$(PY) -m bench.scale --sizes 1000 10000

clean:
	rm -rf $(VENV) data site .pytest_cache .mypy_cache .ruff_cache
