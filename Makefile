# Quick start: `make demo` runs aidextract on samples/, `make test` runs the test suite.
# Both create .venv with Python 3.11 and install the project from its own files.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test models bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/aidextract parse samples/

test: $(STAMP)
	$(BIN)/python -m pytest

models: $(STAMP)
	$(BIN)/aidextract build-models

eval: $(STAMP)
	$(BIN)/aidextract eval tests/gold/dev.gold.jsonl --texts tests/gold/texts
	$(BIN)/aidextract eval ../shared/eval/seeds.gold.jsonl --texts ../shared/seeds

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
