#!/usr/bin/env bash
# Backup and restore of Krisstöd's state: the PostgreSQL database (every service's schema) and the
# JetStream event stream. docs/operations.md explains when to use which mode and the production way.
#
#   scripts/backup-restore.sh backup  <dir>   write a backup into <dir> (created)
#   scripts/backup-restore.sh wipe            delete the embedded default's data (asks unless --yes)
#   scripts/backup-restore.sh restore <dir>   put a backup back
#
# Two modes, chosen by the environment:
#
# * Embedded default (DATABASE_URL unset): `npm start` keeps PostgreSQL in $KS_DATA_DIR/postgres and
#   the nats-server store in $KS_DATA_DIR/nats (default <repo>/.data). This is a *cold* backup: stop
#   `npm start` first (the script refuses while either server runs). Both folders are archived as
#   they are — a consistent PostgreSQL data directory and JetStream store of stopped servers.
#   No pg_dump needed, so it works whatever PostgreSQL client the machine has.
#
# * External PostgreSQL (DATABASE_URL set): a *logical*, online backup with pg_dump -Fc and
#   pg_restore --clean, as the administrator DATABASE_URL names (as for `npm start`). The restored
#   schemas belong to that administrator until the next start hands them back to the services'
#   migrators (README, "Database roles"). pg_dump must be at least the server's major version
#   (PostgreSQL 17 for the compose file and the embedded default); the script checks. The JetStream part then needs
#   NATS_STORE_DIR (the store of a stopped single node); for a cluster use `nats stream backup` and
#   `nats stream restore` (docs/operations.md) — the script says so instead of copying a live store.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${KS_DATA_DIR:-$repo/.data}"
pg_dir="$data_dir/postgres"
nats_dir="${NATS_STORE_DIR:-$data_dir/nats}"

die() { echo "backup-restore: $*" >&2; exit 1; }
say() { echo "backup-restore: $*"; }

# A PostgreSQL data directory is in use while postmaster.pid names a live process.
pg_running() {
  [ -f "$pg_dir/postmaster.pid" ] && kill -0 "$(head -n1 "$pg_dir/postmaster.pid")" 2>/dev/null
}
# A nats-server started with this folder as its store (`-sd <dir>`, as npm start does). A server
# that names its store only in a config file is not recognised: stop it before a cold backup.
nats_running() {
  local pid
  for pid in $(pgrep -x nats-server 2>/dev/null); do
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$nats_dir" && return 0
  done
  return 1
}
require_stopped() {
  if pg_running; then die "PostgreSQL is running on $pg_dir: stop npm start first (cold backup)"; fi
  if nats_running; then die "nats-server is running on $nats_dir: stop npm start first (cold backup)"; fi
}

pg_major_of_client() { pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/'; }
pg_major_of_server() { psql "$DATABASE_URL" -Atc 'show server_version_num' | cut -c1-2; }
check_pg_dump() {
  command -v pg_dump >/dev/null || die "pg_dump not found (Debian: apt-get install postgresql-client)"
  local client server
  client="$(pg_major_of_client)"
  server="$(pg_major_of_server)"
  [ "$client" -ge "$server" ] ||
    die "pg_dump $client cannot dump a PostgreSQL $server server; use pg_dump $server or later (e.g. docker compose exec postgres pg_dump …)"
}

backup() {
  local out="$1"
  mkdir -p "$out"
  [ -z "$(ls -A "$out")" ] || die "$out is not empty"
  if [ -n "${DATABASE_URL:-}" ]; then
    check_pg_dump
    say "pg_dump of $(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//…@#') → $out/krisstod.dump"
    pg_dump --format=custom --no-owner --no-privileges --file="$out/krisstod.dump" "$DATABASE_URL"
  else
    [ -f "$pg_dir/PG_VERSION" ] || die "no embedded PostgreSQL in $pg_dir (set KS_DATA_DIR?)"
    require_stopped
    say "PostgreSQL data directory $pg_dir → $out/postgres.tar.gz"
    tar -C "$data_dir" -czpf "$out/postgres.tar.gz" postgres
  fi
  if [ -d "$nats_dir/jetstream" ]; then
    if nats_running; then
      die "nats-server is running on $nats_dir; stop it, or use 'nats stream backup' for a live server"
    fi
    say "JetStream store $nats_dir → $out/nats.tar.gz"
    tar -C "$(dirname "$nats_dir")" -czpf "$out/nats.tar.gz" "$(basename "$nats_dir")"
  else
    say "no JetStream store at $nats_dir: for a NATS cluster run 'nats stream backup KS_EVENTS $out/jetstream'"
  fi
  (cd "$out" && sha256sum -- * >SHA256SUMS)
  say "backup complete: $(cd "$out" && ls | tr '\n' ' ')"
}

wipe() {
  [ -z "${DATABASE_URL:-}" ] || die "wipe only deletes the embedded default's data; drop an external database yourself"
  require_stopped
  if [ "${1:-}" != "--yes" ]; then
    read -r -p "Delete $pg_dir and $nats_dir? [y/N] " answer
    [ "$answer" = "y" ] || die "not wiped"
  fi
  rm -rf "$pg_dir" "$nats_dir"
  say "wiped $pg_dir and $nats_dir"
}

restore() {
  local from="$1"
  [ -f "$from/SHA256SUMS" ] || die "$from has no SHA256SUMS: not a backup made by this script"
  (cd "$from" && sha256sum --quiet -c SHA256SUMS) || die "$from does not match its SHA256SUMS"
  if [ -f "$from/krisstod.dump" ]; then
    [ -n "${DATABASE_URL:-}" ] || die "$from is a pg_dump backup: set DATABASE_URL to the database to restore into"
    check_pg_dump
    say "pg_restore --clean into $(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//…@#')"
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --dbname="$DATABASE_URL" "$from/krisstod.dump"
  else
    require_stopped
    [ ! -e "$pg_dir" ] || die "$pg_dir exists: wipe (or move) it first"
    mkdir -p "$data_dir"
    tar -C "$data_dir" -xzpf "$from/postgres.tar.gz"
    say "restored PostgreSQL data directory into $pg_dir"
  fi
  if [ -f "$from/nats.tar.gz" ]; then
    if nats_running; then die "nats-server is running on $nats_dir; stop it first"; fi
    [ ! -e "$nats_dir" ] || die "$nats_dir exists: wipe (or move) it first"
    mkdir -p "$(dirname "$nats_dir")"
    tar -C "$(dirname "$nats_dir")" -xzpf "$from/nats.tar.gz"
    say "restored JetStream store into $nats_dir"
  fi
  say "restore complete; start Krisstöd again (npm start)"
}

case "${1:-}" in
  backup) [ -n "${2:-}" ] || die "usage: $0 backup <dir>"; backup "$2" ;;
  restore) [ -n "${2:-}" ] || die "usage: $0 restore <dir>"; restore "$2" ;;
  wipe) wipe "${2:-}" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 64 ;;
esac
