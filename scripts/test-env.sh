#!/usr/bin/env bash
# Prints the environment the tests run with (TEST_DATABASE_URL,
# TEST_REDIS_URL), starting what is needed: the machine's PostgreSQL and
# Redis when they accept connections, else private ones under .tmp/.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_ok() { PGCONNECT_TIMEOUT=3 psql "$1" -Atqc 'select 1' >/dev/null 2>&1; }
redis_ok() { timeout 3 redis-cli -u "$1" ping 2>/dev/null | grep -q PONG; }

db=${TEST_DATABASE_URL:-}
if [ -z "$db" ]; then
  for u in "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" "postgres://$(id -un)@127.0.0.1:5432/postgres?sslmode=disable"; do
    if pg_ok "$u"; then db=$u; break; fi
  done
fi
if [ -z "$db" ] && command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/*/main >/dev/null 2>&1; then
  # Installed but stopped (no systemd): start the machine's cluster.
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >/dev/null 2>&1 || true
  for i in $(seq 1 20); do
    if pg_ok "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"; then
      db="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"; break
    fi
    sleep 0.5
  done
fi
rd=${TEST_REDIS_URL:-}
if [ -z "$rd" ]; then
  if redis_ok "redis://127.0.0.1:6379/0"; then
    rd="redis://127.0.0.1:6379/0"
  elif command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1 || true
    for i in $(seq 1 20); do redis_ok "redis://127.0.0.1:6379/0" && { rd="redis://127.0.0.1:6379/0"; break; }; sleep 0.25; done
  fi
fi
if [ -z "$db" ] || [ -z "$rd" ]; then
  # The machine's servers do not let us in (a fresh Debian install asks for
  # passwords): run private ones.
  eval "$(go run ./cmd/songnodes services --data-dir .tmp/services | sed 's/^/private_/')"
  db=${db:-$private_TEST_DATABASE_URL}
  rd=${rd:-$private_TEST_REDIS_URL}
fi
echo "TEST_DATABASE_URL=$db"
echo "TEST_REDIS_URL=$rd"
