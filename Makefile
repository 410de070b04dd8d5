# Every target creates (and then reuses) the local virtual environment from the pinned files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)
KB := $(BIN)/knowledge
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve preview test test-slow build validate export scenario new lint format schemas published-ids clean

serve: $(STAMP) ## Build the site and serve it on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

preview: $(STAMP) ## Like serve, but rebuild only changed pages (search covers only rebuilt pages until a full build)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite (browser tests skip locally without Chromium)
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/pytest -n 2 --dist worksteal

test-slow: $(STAMP) $(NODE_STAMP) ## The slow checks: the benchmark at a small size, Lighthouse on every page type, axe in dark mode, screenshots
	$(BIN)/pytest -m slow

build: $(STAMP) ## Write the static site to site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

validate: $(STAMP) ## Check content/ without building the site
	$(KB) validate

export: $(STAMP) ## Write the generated Markdown to export/ (buildable without the hooks)
	$(KB) export export

scenario: $(STAMP) ## Scaffold a scenario: make scenario TITLE="..."
	$(KB) new scenario "$(TITLE)"

new: $(STAMP) ## Scaffold any record: make new KIND=tool TITLE="..."
	$(KB) new "$(KIND)" "$(TITLE)"

published-ids: $(STAMP) ## Record every current id in content/_published-ids.txt (renames then need 'formerly:')
	$(KB) published-ids

schemas: $(STAMP) ## Regenerate the JSON Schemas in content/_schemas from the models
	$(KB) schemas

lint: $(STAMP)
	$(BIN)/ruff check hooks tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format hooks tests benchmarks

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser tests need axe-core and Lighthouse from npm (they skip locally without them)"; \
	fi

clean:
	rm -rf site export .pytest_cache .ruff_cache .cache/knowledge
