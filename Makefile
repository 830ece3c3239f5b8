# Quick start: `make demo` runs aidextract on samples/, `make test` runs the test suite.
# Both create .venv with Python 3.11 and install the project from its own files.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test browser models bench eval clean

$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (Python 3.11, the project and its test dependencies)" >&2
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip >&2
	@$(BIN)/pip install --quiet -e ".[dev]" >&2
	@$(BIN)/python -m compileall -q src >&2  # byte-compiled as a wheel install would be, even under PYTHONDONTWRITEBYTECODE
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/aidextract parse samples/

test: $(STAMP) browser
	$(BIN)/python -m pytest

# tests/test_browser.py opens the HTML report in Debian's headless Chromium. Installed here when
# missing, if apt-get is there and we are root; otherwise (or if the install fails) that test skips.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium and chromium-driver (apt-get) for the browser test" >&2; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "could not install chromium: the browser test will be skipped" >&2; \
	  else \
	    echo "no chromium, and no apt-get as root to install it: the browser test will be skipped" >&2; \
	  fi; \
	fi

models: $(STAMP)
	$(BIN)/aidextract build-models

eval: $(STAMP)
	$(BIN)/aidextract eval tests/gold/dev.gold.jsonl --texts tests/gold/texts
	$(BIN)/aidextract eval ../shared/eval/seeds.gold.jsonl --texts ../shared/seeds

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
