#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database at DATABASE_URL and MEDIA_ROOT.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/data/media scripts/restore.sh /backups 20260301T020000Z
#
# The checksums are verified first. Existing tables are dropped and recreated from the dump
# (--clean --if-exists), so the target may be empty or a damaged copy; stop web, worker and beat
# before restoring. Media files from the tar are written over MEDIA_ROOT (files not in the backup
# are left alone). Afterwards run `python manage.py migrate` only if the code is newer than the dump.
set -euo pipefail

src=${1:?usage: scripts/restore.sh BACKUP_DIR STAMP}
stamp=${2:?usage: scripts/restore.sh BACKUP_DIR STAMP}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database (postgres://...)}"
media=${MEDIA_ROOT:-var/media}

(cd "$src" && sha256sum --check --quiet "SHA256SUMS-$stamp")
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname="$DATABASE_URL" "$src/db-$stamp.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$src/media-$stamp.tar.gz"
echo "restored $stamp"
