#!/usr/bin/env bash
# `make backup`: pg_dump (custom format) of the PostgreSQL database in DATABASE_URL into
# BACKUP_DIR (default: backups/), as msportal-<UTC time>.dump. Prints the file's path.
# Restore one with scripts/restore_drill.sh (a drill) or pg_restore (docs/deploy.md).
set -euo pipefail

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    echo "backup: DATABASE_URL is not a PostgreSQL URL. This script backs up PostgreSQL only." >&2
    exit 2
    ;;
esac

BACKUP_DIR="${BACKUP_DIR:-backups}"
# Backups hold personal data (accounts, quiz answers): readable by this user only.
umask 077
mkdir -p "$BACKUP_DIR"

file="$BACKUP_DIR/msportal-$(date -u +%Y%m%dT%H%M%SZ).dump"
if [ -e "$file" ]; then
  echo "backup: $file already exists; try again in a second." >&2
  exit 1
fi
# Written under a temporary name first, so a half-written file is never taken as the newest.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file.partial"
mv "$file.partial" "$file"
echo "$file"
