#!/usr/bin/env bash
# Back up the PPID database and its private files (identity scans, letters, exports).
#
#   DATABASE_URL=postgres://user:pass@host:5432/ppid MEDIA_ROOT=/data/media scripts/backup.sh /backups
#
# Writes three files into the destination, named by the UTC time of the backup:
#   db-<stamp>.dump       pg_dump custom format (compressed; restore with scripts/restore.sh)
#   media-<stamp>.tar.gz  MEDIA_ROOT as it was
#   SHA256SUMS-<stamp>    checksums of both, checked again before any restore
# The dump is consistent on its own (one snapshot). Files written while the tar runs may be in the
# tar without a row or the other way round; run it at a quiet hour, or stop the worker meanwhile.
# Both files hold personal data (NIK ciphertext, KTP scans and powers of attorney, themselves
# encrypted with the same key): keep backups encrypted and off-site, and the FIELD_ENCRYPTION_KEY
# separately, or the NIKs and identity scans in them cannot be read back.
set -euo pipefail

dest=${1:?usage: scripts/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database (postgres://...)}"
media=${MEDIA_ROOT:-var/media}
stamp=$(date -u +%Y%m%dT%H%M%SZ)

mkdir -p "$dest"
umask 077  # backups are as private as the data
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
  --file="$dest/db-$stamp.dump"
mkdir -p "$media"
tar -C "$media" -czf "$dest/media-$stamp.tar.gz" .
(cd "$dest" && sha256sum "db-$stamp.dump" "media-$stamp.tar.gz" >"SHA256SUMS-$stamp")
echo "$stamp"
