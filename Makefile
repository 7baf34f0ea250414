# One command set for people, hooks and CI. `make run` and `make test` work on a clean clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL half of the suite runs when a server answers on 127.0.0.1:5432 (CI sets it).
AI_OPTOUT_TEST_DATABASE_URL ?= $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgresql://postgres@127.0.0.1:5432/test)
export AI_OPTOUT_TEST_DATABASE_URL

.PHONY: run test lint lint-extension typecheck pytest migrate bench fuzz load clean

# Serving needs only the package's own dependencies; the developer tools (the dev extras:
# Playwright, schemathesis, mypy, …) are added by the targets that use them. pip's progress is
# shown, so a first install is not a silent wait.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -e '.[dev]'
	touch $@

# The extension's Node tools (jsdom, web-ext); skipped where npm is missing (the tests say so).
extension/node_modules/.installed: extension/package.json extension/package-lock.json
	@if command -v npm >/dev/null; then cd extension && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; fi

# The web page's Node tools (zip.js, vendored into api/site/static/vendor/ and checked there).
api/site/node_modules/.installed: api/site/package.json api/site/package-lock.json
	@if command -v npm >/dev/null; then cd api/site && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; fi

run: $(VENV)/.installed
	$(BIN)/ai-optout serve --host $(HOST) --port $(PORT)

migrate: $(VENV)/.installed
	$(BIN)/ai-optout migrate

lint: $(VENV)/.installed-dev lint-extension
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# The extension's ESLint (eslint-plugin-no-unsanitized included) and TypeScript's checkJs over its JSDoc types.
lint-extension: extension/node_modules/.installed
	cd extension && ./node_modules/.bin/eslint . && ./node_modules/.bin/tsc -p tsconfig.json

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev extension/node_modules/.installed api/site/node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.preferences
	$(BIN)/python -m bench.explain
	$(BIN)/python -m bench.checks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache extension/node_modules api/site/node_modules

# Longer runs than `make test` affords: the contract fuzzer with a bigger budget, and the load mix.
fuzz: $(VENV)/.installed-dev
	AI_OPTOUT_FUZZ_EXAMPLES=500 $(BIN)/pytest tests/robustness/test_fuzz.py -q -p no:randomly

load: $(VENV)/.installed-dev
	$(BIN)/python -m bench.load --rate 100,150,200,300 --seconds 10 --workers 1,2
