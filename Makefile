# msportal: `make run` to try it, `make test` to check it. See README.md.
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEV_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format check migrate sample clean serve check-deploy backup restore-drill schema bench bench-closed bench-profile bench-growth

help:
	@echo "make run    set everything up and serve http://$(HOST):$(PORT) with sample content and a task worker"
	@echo "make test   run the whole test suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff, the one-way import contract (import-linter) and Django's system checks"
	@echo "make serve  production-like: DEBUG off, gunicorn and a task worker, compressed static files (docs/deploy.md)"
	@echo "make check-deploy   Django's deployment checks with production-like settings"
	@echo "make backup / make restore-drill   pg_dump of DATABASE_URL / restore it into a scratch database and compare"
	@echo "make schema the API's OpenAPI schema on stdout (SCHEMA=file.yaml to write a file)"
	@echo "make bench  production-like server under load (Locust); writes docs/benchmarks.md"
	@echo "make bench-closed / bench-profile   pages alone as ratios to /healthz / where a request's time goes"
	@echo "make bench-growth   page cost at 1x, 10x and 100x the sample content (docs/benchmarks.md)"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check ".[dev]"
	@rm -rf build msportal.egg-info
	@touch $@

# The translation catalogs are compiled here, in pure Python (no gettext package needed).
install: $(VENV)/.installed
	@$(DEV_ENV) $(MANAGE) compile_catalogs

migrate: install
	$(DEV_ENV) $(MANAGE) migrate --noinput

sample: migrate
	$(DEV_ENV) $(MANAGE) load_sample_content
	$(DEV_ENV) $(MANAGE) create_demo_accounts

# The site and a task worker together (scripts/dev.sh); emails are printed, not sent.
run: sample
	HOST=$(HOST) PORT=$(PORT) VENV=$(VENV) scripts/dev.sh

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	$(DEV_ENV) $(MANAGE) check

# The OpenAPI schema of /api/ (also served at /api/schema/); validated, never committed.
schema: install
	@$(DEV_ENV) $(MANAGE) spectacular --validate --fail-on-warn $(if $(SCHEMA),--file $(SCHEMA))

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Production-like on this machine, over plain HTTP on $(HOST):$(PORT): see scripts/serve.sh.
serve: install
	HOST=$(HOST) PORT=$(PORT) VENV=$(VENV) scripts/serve.sh

# The settings a production server would have: DEBUG off, a long random key, a host name,
# an SMTP server, and the secure defaults (https redirect, secure cookies, HSTS) left on.
check-deploy: install
	env -u DJANGO_DEBUG -u DJANGO_SECURE_SSL_REDIRECT -u DJANGO_SECURE_COOKIES \
	  -u DJANGO_HSTS_SECONDS -u DJANGO_HSTS_INCLUDE_SUBDOMAINS -u DJANGO_HSTS_PRELOAD \
	  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=msportal.example.org EMAIL_HOST=smtp.example.org \
	  $(MANAGE) check --deploy --fail-level WARNING

backup: install
	VENV=$(VENV) scripts/backup.sh

restore-drill: install
	VENV=$(VENV) scripts/restore_drill.sh

# Load test (docs/benchmarks.md): PostgreSQL database msportal_bench and Redis db 5 unless
# DATABASE_URL / REDIS_URL say otherwise. Locust is installed here only, not for tests or CI.
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check ".[bench]"
	@rm -rf build msportal.egg-info
	@touch $@

bench: $(VENV)/.bench-installed
	$(PY) scripts/bench/run.py
	$(PY) scripts/bench/closed_loop.py

# Only the closed-loop part of `make bench`: each page alone at 1, 10 and 50 clients, as a
# ratio to /healthz from the same run, beside a plain Django peer's /healthz
# (scripts/bench/closed_loop.py, scripts/bench/peer/).
bench-closed: $(VENV)/.bench-installed
	$(PY) scripts/bench/closed_loop.py

# Where the time of one request goes, in-process (cProfile), on the benchmark's database.
bench-profile: $(VENV)/.bench-installed
	$(PY) scripts/bench/profile_pages.py $(PAGES)

# Page cost at 1x, 10x and 100x the sample content and learners (scratch database
# msportal_growth, made again each run); writes its table into docs/benchmarks.md.
bench-growth: install
	$(PY) scripts/bench/growth.py
