#!/usr/bin/env bash
# Installs what the pipeline and its tests use, on Debian, when it is
# missing: PostgreSQL and Redis servers, and the third-party tools the tests
# check the pipeline with (kcat, pgbouncer, promtool, amtool, Python's
# confluent-kafka). Idempotent; does nothing when all is there.
set -euo pipefail

want=(
  "pg_ctlcluster:postgresql"
  "redis-server:redis-server"
  "kcat:kcat"
  "pgbouncer:pgbouncer"
  "promtool:prometheus"
  "amtool:prometheus-alertmanager"
)
missing=()
for w in "${want[@]}"; do
  cmd=${w%%:*} pkg=${w#*:}
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
done
# Debian's Python (not whatever python3 is first on PATH) with the Confluent client.
if ! /usr/bin/python3 -c 'import confluent_kafka, avro, requests' >/dev/null 2>&1; then
  missing+=(python3 python3-confluent-kafka python3-avro python3-requests)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the services it installs only where systemd runs; the
# scripts below start what they need themselves.
