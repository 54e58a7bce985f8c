"""Reads a topic with Confluent's own Python client and its Avro
deserializer, knowing nothing but the brokers and the registry URL; prints
one JSON line per record: key, schema id, and the decoded value's
playlist_key and lineage."""
import json
import sys
import uuid

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

brokers, registry, topic, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
consumer = Consumer({
    "bootstrap.servers": brokers,
    "group.id": "python-check-" + str(uuid.uuid4()),
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
    "enable.auto.commit": False,
})
consumer.subscribe([topic])
seen, idle = 0, 0
while seen < expected and idle < 30:
    msg = consumer.poll(1.0)
    if msg is None:
        idle += 1
        continue
    if msg.error():
        print(json.dumps({"error": str(msg.error())}))
        continue
    value = serializer.decode_message(msg.value())
    seen += 1
    print(json.dumps({
        "key": msg.key().decode(),
        "schema_id": int.from_bytes(msg.value()[1:5], "big"),
        "playlist_key": value["playlist_key"],
        "lineage_offset": value["lineage"]["offset"],
        "tracks": len(value["playlist"]["tracks"]),
    }))
consumer.close()
