#!/bin/sh
# Scheduled pg_dump of the app's database (the `backup` service of docker-compose.yml).
#   backup.sh          a dump now, then one every BACKUP_INTERVAL_SECONDS (default a day), forever
#   backup.sh now      one dump, then exit (docker compose exec backup digitnet-backup now)
#   backup.sh check    exit 1 unless the newest dump is younger than two intervals (healthcheck)
# Dumps are pg_dump's custom format (compressed; restore with pg_restore, see docs/DEPLOY.md), named
# DB-YYYYMMDDTHHMMSSZ.dump in BACKUP_DIR (default /backups). After each successful dump, dumps
# older than BACKUP_KEEP_DAYS (default 14) are deleted, so a failing backup never deletes the last
# good one. The connection comes from libpq's variables: PGHOST, PGUSER, PGPASSWORD, PGDATABASE.
set -eu

dir=${BACKUP_DIR:-/backups}
interval=${BACKUP_INTERVAL_SECONDS:-86400}
keep_days=${BACKUP_KEEP_DAYS:-14}
db=${PGDATABASE:?PGDATABASE is not set}

log() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup: $*"
}

dump() {
  name="$db-$(date -u +%Y%m%dT%H%M%SZ).dump"
  partial="$dir/.$name.partial"
  # Written under a hidden name and renamed when complete: a *.dump file is always a whole dump.
  if pg_dump --format=custom --file="$partial"; then
    mv "$partial" "$dir/$name"
    log "wrote $dir/$name ($(wc -c <"$dir/$name") bytes)"
    find "$dir" -maxdepth 1 -name "$db-*.dump" -mtime +"$keep_days" -print -delete |
      while read -r old; do log "deleted $old (older than $keep_days days)"; done
  else
    rm -f "$partial"
    log "pg_dump failed; keeping the earlier dumps" >&2
    return 1
  fi
}

check() {
  minutes=$((2 * interval / 60 + 1))
  if [ -n "$(find "$dir" -maxdepth 1 -name "$db-*.dump" -mmin -"$minutes" | head -n 1)" ]; then
    return 0
  fi
  echo "no dump of $db in $dir from the last $minutes minutes" >&2
  return 1
}

mkdir -p "$dir"
case "${1:-loop}" in
now) dump ;;
check) check ;;
loop)
  # PID 1 in the container: without this trap, `docker compose stop` waits out its grace period.
  sleeper=
  trap 'log "stopping"; kill ${sleeper:+"$sleeper"} 2>/dev/null || :; exit 0' TERM INT
  log "every $interval s into $dir, keeping $keep_days days"
  while :; do
    dump || true
    sleep "$interval" &
    sleeper=$!
    wait "$sleeper"
  done
  ;;
*)
  echo "usage: backup.sh [now|check]" >&2
  exit 2
  ;;
esac
