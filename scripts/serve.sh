#!/usr/bin/env bash
# `make serve`: run msportal the way production does (DEBUG off, collected and compressed
# static files, gunicorn with gunicorn.conf.py), on this machine, over plain HTTP.
# Uses DATABASE_URL and REDIS_URL when they are set, like production.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"

unset DJANGO_DEBUG
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  # For trying things out on this machine only: a new key each run, so sessions and password
  # reset links from an earlier run stop working. Real servers set DJANGO_SECRET_KEY.
  DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  echo "serve: no DJANGO_SECRET_KEY set; using a throwaway key for this local run only." >&2
fi
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"
# This serves plain HTTP: no redirect to https, and cookies that browsers send without TLS.
# Production behind TLS leaves both on (docs/deploy.md).
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
# Ctrl+C here should not wait the production 30 s: now and then a gthread worker misses the
# interrupt while it waits for a connection, and gunicorn kills it only at this timeout.
export GUNICORN_GRACEFUL_TIMEOUT="${GUNICORN_GRACEFUL_TIMEOUT:-5}"

"$PY" manage.py compile_catalogs >/dev/null
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py migrate --noinput
echo "serve: http://$HOST:$PORT and a task worker (Ctrl+C stops both)" >&2
# The worker runs queued tasks (emails, digests, link checks); production runs it as its own
# service (docs/deploy.md). However gunicorn stops, the worker stops with it.
"$PY" manage.py worker &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
"$VENV/bin/gunicorn" --config gunicorn.conf.py msportal.wsgi
