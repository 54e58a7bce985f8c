#!/usr/bin/env bash
# One-shot (compose service kafka-setup): creates the SCRAM user the
# pipeline logs in as, with the password of the kafka-pipeline-password
# secret, and the ACLs of the pipeline and of the schema registry. Safe to
# run again: it sets the same password and adds the same ACLs.
set -euo pipefail
bin=/opt/kafka/bin
admin=/etc/kafka/compose/admin.properties
bootstrap=kafka1:9092,kafka2:9092,kafka3:9092
prefix=${TOPIC_PREFIX:-songnodes}

for i in $(seq 1 60); do
  if "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" --command-config "$admin" >/dev/null 2>&1; then
    break
  fi
  [ "$i" = 60 ] && { echo "kafka-setup: the brokers do not answer on $bootstrap" >&2; exit 1; }
  sleep 2
done

password=$(cat /run/secrets/kafka-pipeline-password)
[ -n "$password" ] || { echo "kafka-setup: the kafka-pipeline-password secret is empty" >&2; exit 1; }
"$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" \
  --alter --entity-type users --entity-name pipeline \
  --add-config "SCRAM-SHA-512=[iterations=8192,password=${password}]"

acl() { "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add --force "$@"; }

# The pipeline: its topics, consumer groups and transactional ids all
# start with the topic prefix; it creates its topics and lists groups
# (songnodes topic ls).
acl --allow-principal User:pipeline --operation All --resource-pattern-type prefixed --topic "$prefix"
acl --allow-principal User:pipeline --operation All --resource-pattern-type prefixed --group "$prefix"
acl --allow-principal User:pipeline --operation All --resource-pattern-type prefixed --transactional-id "$prefix"
acl --allow-principal User:pipeline --operation IdempotentWrite --operation Describe --operation DescribeConfigs --cluster

# The schema registry (CN=schema-registry): its _schemas topic and group.
acl --allow-principal User:schema-registry --operation All --topic _schemas
acl --allow-principal User:schema-registry --operation All --resource-pattern-type prefixed --group schema-registry
acl --allow-principal User:schema-registry --operation Describe --operation DescribeConfigs --cluster

echo "kafka-setup: SCRAM user pipeline and ACLs for prefix ${prefix} are in place"
