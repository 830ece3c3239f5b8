# Quick start: `make demo` runs aidextract on samples/, `make test` runs the test suite.
# Both create .venv with Python 3.11 and install the project from its own files, at the versions
# pinned in requirements.lock (`make lock` updates the pins on purpose).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test browser java models lock bench eval eval-real clean

UV_VERSION := 0.13.9

$(STAMP): pyproject.toml requirements.lock
	@echo "setting up $(VENV) (Python 3.11, the project and its test dependencies, as pinned in requirements.lock)" >&2
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip >&2
	@$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]" >&2
	@$(BIN)/python -m compileall -q src >&2  # byte-compiled as a wheel install would be, even under PYTHONDONTWRITEBYTECODE
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/aidextract parse samples/

test: $(STAMP) browser java
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# tests/test_browser.py opens the HTML report in Debian's headless Chromium. Installed here when
# missing, if apt-get is there and we are root; otherwise (or if the install fails, or with
# `make test BROWSER=0`) that test skips.
BROWSER ?= 1

browser:
	@if [ "$(BROWSER)" = 0 ]; then \
	  echo "BROWSER=0: not installing chromium; the browser test will be skipped" >&2; \
	elif [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium and chromium-driver (apt-get) for the browser test" >&2; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "could not install chromium: the browser test will be skipped" >&2; \
	  else \
	    echo "no chromium, and no apt-get as root to install it: the browser test will be skipped" >&2; \
	  fi; \
	fi

# tests/test_spark.py runs a standalone Spark cluster, which needs Java 17+. Installed here when
# missing or older (Debian's openjdk-17-jre-headless), as Chromium above; otherwise that test skips.
java:
	@if [ "$$(java -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')" -lt 17 ] 2>/dev/null \
	    || ! command -v java >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing openjdk-17-jre-headless (apt-get) for the Spark cluster test" >&2; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
	      || echo "could not install Java: the Spark test will be skipped" >&2; \
	  else \
	    echo "no Java, and no apt-get as root to install it: the Spark test will be skipped" >&2; \
	  fi; \
	fi

models: $(STAMP)
	$(BIN)/aidextract build-models

# Re-resolve every pin to the newest versions that pyproject.toml allows, install them, and
# regenerate the files generated from those libraries (CLDR country names): commit all together.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile --quiet --upgrade --universal --python-version 3.11 --extra dev pyproject.toml -o requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)
	$(BIN)/aidextract build-models

eval: $(STAMP)
	$(BIN)/aidextract eval tests/gold/dev.gold.jsonl --texts tests/gold/texts
	$(BIN)/aidextract eval ../shared/eval/seeds.gold.jsonl --texts ../shared/seeds

# The real-article set: its texts are fetched into tests/real/texts/ first (tests/real/README.md).
eval-real: $(STAMP)
	$(BIN)/aidextract eval tests/real/real.gold.jsonl --texts tests/real/texts
	$(BIN)/aidextract eval tests/real/real.gold.jsonl --texts tests/real/texts --no-reference-date

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --repeat 5

clean:
	rm -rf $(VENV) build dist .pytest_cache
