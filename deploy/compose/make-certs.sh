#!/usr/bin/env bash
# Makes what the compose stack mounts and must never be committed:
#
#   ca/       the private CA (ca.key never leaves this directory)
#   certs/    ca.crt; one PEM per broker (kafka1.pem .. kafka3.pem: key and
#             certificate, CN=broker, named for its host and localhost);
#             client certificates admin.pem (CN=admin, kafka/setup.sh),
#             schema-registry.pem (CN=schema-registry), and pipeline.crt +
#             pipeline.key (CN=pipeline, for KAFKA_TLS_CERT_FILE and
#             KAFKA_TLS_KEY_FILE on a listener that asks for one)
#   secrets/  random passwords, the pipeline's DATABASE_URL (through
#             PgBouncer), PgBouncer's userlist, the ingest tokens
#
# Usage: ./make-certs.sh [DIR]     (DIR: where to write; this directory)
#
# Keys are ECDSA P-256 (Kafka, the JVM and Go all take them; fast to make).
# It keeps what exists (run it again to make only what is missing; delete
# a file to remake it, e.g. certificates after 825 days). Needs openssl.
# Directories are 0700: the containers read the files through bind
# mounts, so the files themselves are world-readable (0644) for the
# containers' users (Kafka uid 1000, the pipeline 65532), and only the
# directories keep other users of this host out.
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")" && pwd)}
command -v openssl >/dev/null || { echo "make-certs.sh: openssl is not installed" >&2; exit 1; }
umask 022
mkdir -p "$dir/ca" "$dir/certs" "$dir/secrets"
chmod 0700 "$dir/ca" "$dir/certs" "$dir/secrets"
ca=$dir/ca certs=$dir/certs secrets=$dir/secrets
days=825

if [ ! -f "$ca/ca.key" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ca/ca.key" 2>/dev/null
  chmod 0600 "$ca/ca.key"
  openssl req -x509 -new -key "$ca/ca.key" -sha256 -days 3650 -subj "/CN=SongNodes compose CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$ca/ca.crt"
fi
cp "$ca/ca.crt" "$certs/ca.crt"

# leaf NAME CN SANS USAGE: a key and a certificate signed by the CA.
leaf() {
  local name=$1 cn=$2 sans=$3 usage=$4 tmp
  [ -f "$certs/$name.crt" ] && return 0
  tmp=$(mktemp -d)
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/key" 2>/dev/null
  openssl req -new -key "$tmp/key" -subj "/CN=$cn" -out "$tmp/csr"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$usage"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } >"$tmp/ext"
  openssl x509 -req -in "$tmp/csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$tmp/ext" -out "$certs/$name.crt" 2>/dev/null
  cp "$tmp/key" "$certs/$name.key"
  # Kafka and the registry read one PEM: the key (PKCS#8), then the chain.
  cat "$tmp/key" "$certs/$name.crt" "$ca/ca.crt" >"$certs/$name.pem"
  chmod 0644 "$certs/$name.key" "$certs/$name.pem"
  rm -rf "$tmp"
}

for n in 1 2 3; do
  leaf "kafka$n" broker "DNS:kafka$n,DNS:localhost,IP:127.0.0.1" serverAuth,clientAuth
done
leaf admin admin "" clientAuth
leaf schema-registry schema-registry "" clientAuth
leaf pipeline pipeline "" clientAuth

# secret NAME CONTENT: written once.
secret() {
  [ -f "$secrets/$1" ] && return 0
  printf '%s' "$2" >"$secrets/$1"
  chmod 0644 "$secrets/$1"
}
random() { openssl rand -hex 24; }
secret kafka-pipeline-password "$(random)"
secret postgres-password "$(random)"
secret grafana-admin-password "$(random)"
secret ingest-tokens "*=$(random)"
pg=$(cat "$secrets/postgres-password")
secret database-url "postgres://songnodes:${pg}@pgbouncer:6432/songnodes?sslmode=disable"
secret pgbouncer-userlist.txt "\"songnodes\" \"${pg}\""

echo "make-certs.sh: CA, certificates and secrets are in $dir (ca/, certs/, secrets/)"
