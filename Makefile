# Everything a newcomer needs: `make sandbox` to run it, `make test` to check it.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REDOCLY_DIR := tools/redocly
REDOCLY     := $(REDOCLY_DIR)/node_modules/.bin/redocly
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help sandbox test test-fast lint format system-deps clean feature tag docs openapi bench test-reliability baselines

help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $@

sandbox: $(STAMP) ## Install, then start the four fakes on loopback with demo data (var/ upgraded to the newest schema)
	$(BIN)/pvo-sandbox up

system-deps: ## Install Debian's chromium, Pango, node, curl and docker-compose when missing (apt-get)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v curl >/dev/null 2>&1 || missing="$$missing curl"; \
	command -v docker-compose >/dev/null 2>&1 || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The npm readers of the test reports (tests/reports/package.json), as the lock file says.
READERS := tests/reports/node_modules/.installed
$(READERS): tests/reports/package.json tests/reports/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm ci --prefix tests/reports --no-audit --no-fund
	touch $@

.PHONY: report-readers
report-readers: $(READERS) ## Install the npm readers of the test reports (multiple-cucumber-html-reporter)

lint: $(STAMP) $(REDOCLY) ## ruff, import-linter (layers), deptry (declared = imported), OpenAPI documents (Redocly too)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry .
	$(BIN)/python -m harness.openapi_check docs/openapi/*.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(REDOCLY) lint --config $(REDOCLY_DIR)/redocly.yaml --max-problems 1000 docs/openapi/*.json

# Redocly's CLI for `make lint`, as tools/redocly/package-lock.json pins it.
$(REDOCLY): $(REDOCLY_DIR)/package.json $(REDOCLY_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm ci --prefix $(REDOCLY_DIR) --no-audit --no-fund --loglevel=error
	touch $@

format: $(STAMP) ## ruff: fix what can be fixed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) system-deps report-readers lint ## Install what tests need (chromium too) and run the tests
	$(BIN)/pytest

test-reliability: $(STAMP) ## Load, fault and crash tests (bounded, loopback only)
	$(BIN)/pytest -m slow -n 0 tests/reliability

test-fast: $(STAMP) ## Run the tests without the browser
	$(BIN)/pytest -m "not browser and not navigateur and not slow"

clean: ## Remove the virtualenv, databases and reports
	rm -rf $(VENV) var reports test-results .pytest_cache

feature: $(STAMP) ## Run one feature: make feature F=champs_obligatoires
	$(BIN)/pytest step_defs --feature $(F)

tag: $(STAMP) ## Run the scenarios of one tag: make tag T=navigateur
	$(BIN)/pytest step_defs -m $(T)

baselines: $(STAMP) ## Rewrite the visual baselines (tests/visual/baselines/) after a page changed on purpose
	UPDATE_BASELINES=1 $(BIN)/pytest tests/visual -m browser

docs: $(STAMP) ## Regenerate docs/STEPS.md (step catalogue) and docs/MAPPING.md (BDC -> form)
	$(BIN)/pvo-sandbox steps --markdown > docs/STEPS.md
	$(BIN)/pvo-sandbox mapping > docs/MAPPING.md

openapi: $(STAMP) ## Rewrite docs/openapi/*.json with flask-smorest's `openapi write`
	for fake in centralisateur icare guidewire pvo2; do \
	  $(BIN)/flask --app "fake_$$fake:create_app({'DATABASE_URL': 'sqlite://'})" \
	    openapi write docs/openapi/$$fake.json || exit 1; \
	done

bench: $(STAMP) ## Benchmarks under wrk (apt-get install wrk); writes bench/RESULTS.md and bench/CPU.md
	@command -v wrk >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq wrk
	@test -x $(BIN)/py-spy || $(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/cpu.py --output bench/CPU.md

.PHONY: mutation
mutation: $(STAMP) ## Mutation testing of the rules and the declaration path; writes bench/MUTATION.md (ARGS=--jobs 2, or module paths)
	$(BIN)/python bench/mutation.py $(ARGS)
