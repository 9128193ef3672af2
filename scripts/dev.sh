#!/usr/bin/env bash
# `make run`: Django's development server and a task worker (emails, digests, link checks)
# together. Ctrl+C stops both. Messages are printed here instead of being sent
# (EMAIL_CONSOLE=1), so a newcomer sees each email the site would send.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${VENV:-.venv}/bin/python"
export DJANGO_DEBUG=1 EMAIL_CONSOLE="${EMAIL_CONSOLE:-1}"
HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
export MSPORTAL_SITE_URL="${MSPORTAL_SITE_URL:-http://$HOST:$PORT}"

"$PY" manage.py worker --tick "${WORKER_TICK:-30}" &
worker=$!
# However the server stops (Ctrl+C, an error), the worker stops with it: it finishes the task
# in hand if that takes under 10 seconds (a link check may take longer), else it is stopped.
stop_worker() {
  kill -TERM "$worker" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$worker" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT
"$PY" manage.py runserver --noreload "$HOST:$PORT"
