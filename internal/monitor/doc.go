// Package monitor watches every source through the pipeline. It reads
// every topic the stages write (raw, bronze, silver, gold, dead letters)
// in a consumer group of its own, read_committed, and counts per source
// and stage: records and tracks, rejects by reason, artist coverage, the
// share of doubtful lines by issue code, freshness and end-to-end latency,
// over sliding windows (5 minutes, 1 hour, 24 hours). It measures each
// stage group's lag from the committed offsets. Its counts are a state
// persisted in Redis before the group's offsets are committed, so that a
// restart neither loses nor doubles what it counted.
//
// It is built from the same parts as the stages (stage.ConsumerOpts,
// stage.Readiness, stage.Backoff): it consumes, backs off and reports its
// readiness as they do. It serves the counts as Prometheus metrics, a
// status page (/) and JSON (/api/status); docs/monitoring.md lists them,
// with the alert rules built on them.
package monitor
