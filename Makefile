# The front door: every target sets up what it needs (uv, the locked environment) and runs.
SHELL := /bin/bash
# These machines never write .pyc: compiled bytecode halves GX and Prefect import time.
export UV_COMPILE_BYTECODE := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
# uv on the PATH, else the one pip installs for this Python (run as a module, wherever pip put it).
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
SHARED ?= ../shared
PACKAGES := ofsted_watch samples flows tasks warehouse expectations reports common benchmarks

.PHONY: setup chromium demo test lint bench digest-preview site-preview eval clean

# uv compiles the dependencies, not the project itself: compiled here, the project's modules are not compiled
# again by every process the commands and the tests start (~0.1 s each, as these machines never write .pyc).
setup:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --user --quiet "uv>=0.5"
	$(UV) sync --frozen
	$(UV) run python -m compileall -q -j 0 $(PACKAGES)

# Debian's Chromium (Playwright never downloads a browser here): the previews drive the browser, the browser tests
# its headless shell (the build Playwright itself uses for headless runs; half the CPU).
chromium:
	@(command -v chromium && command -v chromium-headless-shell) >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-headless-shell)

demo: setup
	$(UV) run ofsted-watch demo

# A worker more than the cores (tests/conftest.py); tests that share a fixture built once a run go to one worker.
test: setup chromium
	$(UV) run pytest -n auto --dist loadgroup

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy $(PACKAGES)
	$(UV) run lint-imports

eval: setup
	$(UV) run ofsted-watch eval --corpus $(SHARED)/corpus --answers $(SHARED)/corpus/answers.csv \
		--improvements $(SHARED)/corpus/improvements.csv --national-framework $(SHARED)/corpus/national_framework.csv \
		--errata ofsted_watch/data/key_errata.csv --min-accuracy 0.99 \
		--letters $(SHARED)/letters --letters-answers $(SHARED)/letters/letters.csv

bench: setup
	$(UV) run python -m benchmarks.run --shared $(SHARED) --out BENCHMARKS.md

# The README's pictures live in docs/: re-running these targets (after `make demo`) refreshes them.
digest-preview: setup chromium
	$(UV) run python -m samples.digest_preview --out docs/digest.png --max-height 1500

# PNGs of the demo's site (run `make demo` first): the home page, the table of every LA and one LA's page, and the
# visit tables at a phone's width.
site-preview: setup chromium
	$(UV) run python -m samples.site_preview --out-dir docs --max-height 1100 --page home --page table --page la
	$(UV) run python -m samples.site_preview --out-dir docs --width 390 --page visits --max-height 2400

clean:
	rm -rf .venv data .pytest_cache .mypy_cache .ruff_cache
