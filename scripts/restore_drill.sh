#!/usr/bin/env bash
# `make restore-drill`: prove the newest backup can be restored. Restores it into a NEW
# scratch database on the same server as DATABASE_URL, runs Django's checks and reads every
# table through the app's models, compares the row counts with DATABASE_URL, prints PASS or
# FAIL, and always drops the scratch database. The role needs the CREATEDB privilege.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database the backups come from}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"

backup="$(find "$BACKUP_DIR" -maxdepth 1 -name 'msportal-*.dump' -type f 2>/dev/null | sort | tail -n 1)"
if [ -z "$backup" ]; then
  echo "restore-drill: FAIL: no backup (msportal-*.dump) in $BACKUP_DIR" >&2
  exit 1
fi

# The scratch database's URL: DATABASE_URL with another database name, same query string.
base="${DATABASE_URL%%\?*}"
query=""
if [[ "$DATABASE_URL" == *\?* ]]; then query="?${DATABASE_URL#*\?}"; fi
scratch="msportal_restore_drill_$(date -u +%Y%m%d%H%M%S)_$$"
scratch_url="${base%/*}/$scratch$query"

source_file="$(mktemp)"
clean_up() {
  psql --dbname="$DATABASE_URL" --quiet --no-psqlrc \
    --command="DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -f "$source_file"
}
trap clean_up EXIT

# manage.py needs a key when DEBUG is off; this one only lives for the drill.
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
unset DJANGO_DEBUG

# Reads every table the app knows through its models (so a restore the code cannot read
# shows up here) and prints "label count" lines. With DRILL_CHECKS=1 it first runs Django's
# checks against that database and insists every migration this code knows is applied.
count_rows() {
  DATABASE_URL="$1" DRILL_CHECKS="$2" "$PY" manage.py shell --no-imports -v 0 -c '
import os, sys
from django.apps import apps
from django.core.management import call_command
if os.environ["DRILL_CHECKS"] == "1":
    call_command("check", databases=["default"], stdout=sys.stderr)
    call_command("migrate", check_unapplied=True, verbosity=0)  # exits 1 when any is missing
for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
    print(model._meta.label, model._base_manager.count())
'
}

# Count the source while the backup is being restored: one Django start-up less to wait for.
count_rows "$DATABASE_URL" 0 >"$source_file" &
source_pid=$!

echo "restore-drill: restoring $backup into $scratch"
if ! psql --dbname="$DATABASE_URL" --quiet --no-psqlrc --set=ON_ERROR_STOP=1 \
  --command="CREATE DATABASE \"$scratch\"" >/dev/null; then
  echo "restore-drill: FAIL: could not create a scratch database (does the role have CREATEDB?)"
  exit 1
fi
result=PASS
if ! pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch_url" "$backup"; then
  echo "restore-drill: pg_restore could not restore $backup" >&2
  result=FAIL
fi

if [ "$result" = PASS ]; then
  if ! restored="$(count_rows "$scratch_url" 1)"; then
    echo "restore-drill: Django's checks or reading the restored database did not succeed" >&2
    result=FAIL
  fi
fi
if ! wait "$source_pid"; then
  echo "restore-drill: could not count the rows in the source database" >&2
  result=FAIL
fi
source_counts="$(cat "$source_file")"

if [ "$result" = PASS ]; then
  # The source may have changed since the backup was taken, so a different count is shown
  # but allowed; content that exists in the source must not be missing from the backup.
  while read -r label count; do
    source_count="$(awk -v l="$label" '$1 == l { print $2 }' <<<"$source_counts")"
    note="same"
    if [ "$count" != "$source_count" ]; then note="differs (changed since the backup?)"; fi
    case "$label" in
      auth.User | learn.Module | learn.Article | quizzes.Quiz | quizzes.Question)
        if [ "${source_count:-0}" -gt 0 ] && [ "$count" -eq 0 ]; then
          note="MISSING: the source has rows, the backup none"
          result=FAIL
        fi
        ;;
    esac
    printf '  %-32s backup %8s   source %8s   %s\n' "$label" "$count" "${source_count:--}" "$note"
  done <<<"$restored"
fi

echo "restore-drill: $result ($backup)"
[ "$result" = PASS ]
