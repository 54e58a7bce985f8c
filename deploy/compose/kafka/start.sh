#!/usr/bin/env bash
# Starts one broker of the compose stack: completes server.properties for
# this node, formats its storage on the first start, runs the broker.
# Environment (from compose.yaml): KAFKA_NODE_ID, KAFKA_HOST,
# KAFKA_EXTERNAL_PORT, KAFKA_CLUSTER_ID.
set -euo pipefail
: "${KAFKA_NODE_ID:?}" "${KAFKA_HOST:?}" "${KAFKA_EXTERNAL_PORT:?}" "${KAFKA_CLUSTER_ID:?}"

conf=/tmp/server.properties
cp /etc/kafka/compose/server.properties "$conf"
cat >>"$conf" <<PROPS
node.id=${KAFKA_NODE_ID}
advertised.listeners=INTERNAL://${KAFKA_HOST}:9092,CLIENT://${KAFKA_HOST}:9094,EXTERNAL://localhost:${KAFKA_EXTERNAL_PORT}
ssl.keystore.location=/etc/kafka/certs/${KAFKA_HOST}.pem
PROPS

# --ignore-formatted: a restart keeps the data already there.
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "$KAFKA_CLUSTER_ID" -c "$conf"
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
