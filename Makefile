# Xiaoneng: `make run` serves the product with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements-dev.lock | cut -d' ' -f1)
DEMO_STAMP := var/.demo-loaded
# The suite runs on every core (at most four); `make test PYTEST_ARGS=path` runs a part of it.
PYTEST_ARGS ?= --numprocesses auto --maxprocesses 4
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint fmt messages vendor clean

$(STAMP): requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

$(DEMO_STAMP): | $(STAMP)
	$(BIN)/python manage.py seed_demo
	@touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	@$(MAKE) --no-print-directory $(DEMO_STAMP)
	@$(BIN)/python manage.py demo_logins
	@# No Celery broker in development: the supervision sweep and the periodic
	@# follow-ups run every 10 minutes beside the server (log in var/periodic.log).
	@$(BIN)/python manage.py periodic --every 600 >>var/periodic.log 2>&1 & sweep=$$!; \
	trap 'kill $$sweep 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install
	@scripts/system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Extract new strings into the catalogues and compile them (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --no-location --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l zh_Hans -l en --ignore=.venv

# Refresh the vendored front-end files from their npm packages (see static/vendor/README.md).
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV) var
