package dashboards

// Queries use the monitor's figures (songnodes_monitor_*, derived from the
// topics) for what the sources send, and the stages' own metrics
// (songnodes_stage_*) for how the stages run.

func overview() dashboard {
	return dashboard{
		uid: "songnodes-overview", title: "SongNodes: pipeline overview",
		description: "Every source and stage at a glance. Figures from the monitor, which reads the topics themselves.",
		rows: []row{
			{title: "Now", panels: []panel{
				stat("Sources sending", "Sources whose raw topic received tracks in the last hour.", "none",
					q(`count(songnodes_monitor_tracks_per_second_1h{stage="raw"} > 0) or vector(0)`, "")),
				withThresholds(stat("Sources silent > 6h", "Sources the monitor has seen whose raw topic received nothing for 6 hours (alert SongNodesSourceSilent).", "none",
					q(`count(time() - songnodes_monitor_last_record_timestamp_seconds{stage="raw"} > 6 * 3600) or vector(0)`, "")), warnAbove(0.5, 0.5)),
				stat("Tracks/s into raw (5m)", "Track lines per second reaching the raw topics, all sources.", "short",
					q(`sum(songnodes_monitor_tracks_per_second_5m{stage="raw"})`, "")),
				withThresholds(stat("Dead letters (1h)", "Records the stages dead-lettered in the last hour.", "none",
					q(`sum(increase(songnodes_monitor_rejects_total[1h])) or vector(0)`, "")), warnAbove(1, 100)),
				withThresholds(stat("Worst consumer lag", "Age of the oldest record a stage group has yet to consume.", "s",
					q(`max(songnodes_monitor_consumer_lag_seconds)`, "")), warnAbove(60, 300)),
				withThresholds(stat("SongNodes alerts firing", "Alerts of deploy/prometheus/rules firing now.", "none",
					q(`count(ALERTS{alertstate="firing", alertname=~"SongNodes.*"}) or vector(0)`, "")), warnAbove(0.5, 0.5)),
			}},
			{title: "Flow", panels: []panel{
				ts("Tracks per second by stage (5m)", "Track lines reaching each stage's topic, all sources.", "short",
					q(`sum by (stage) (songnodes_monitor_tracks_per_second_5m)`, "{{stage}}")),
				ts("Playlists per second into raw by source (5m)", "What each scraper sends.", "short",
					q(`songnodes_monitor_playlists_per_second_5m{stage="raw"}`, "{{source}}")),
				ts("Dead letters per second by stage and reason", "Rejected records, from the dead-letter topics.", "short",
					q(`sum by (stage, reason) (rate(songnodes_monitor_rejects_total[$__rate_interval]))`, "{{stage}} {{reason}}")),
				ts("Ingest refusals per second by source and reason", "Playlists ingest refused (they never reached Kafka).", "short",
					q(`sum by (source, reason) (rate(songnodes_rejects_total{stage="ingest"}[$__rate_interval]))`, "{{source}} {{reason}}")),
			}},
			{title: "Sources", panels: []panel{
				withThresholds(panel{kind: "bargauge", title: "Time since the last raw record, by source", unit: "s",
					description: "Freshness: red past 6 hours (alert SongNodesSourceSilent).",
					targets:     []target{q(`time() - songnodes_monitor_last_record_timestamp_seconds{stage="raw"}`, "{{source}}")}},
					warnAbove(3600, 6*3600)),
				withRange(ts("Artist coverage by source (silver, 1h)", "Share of track lines silver identified an artist in.", "percentunit",
					q(`songnodes_monitor_artist_coverage_ratio_1h{stage="silver"}`, "{{source}}")), 0, 1),
				ts("Track statuses at silver (rate)", "valid, warning, unidentified, failed: silver's verdict on each line, all sources.", "short",
					q(`sum(rate(songnodes_monitor_tracks_valid_total[$__rate_interval]))`, "valid"),
					q(`sum(rate(songnodes_monitor_tracks_warning_total[$__rate_interval]))`, "warning"),
					q(`sum(rate(songnodes_monitor_tracks_unidentified_total[$__rate_interval]))`, "unidentified"),
					q(`sum(rate(songnodes_monitor_tracks_failed_total[$__rate_interval]))`, "failed")),
				ts("Consumer lag by stage", "Age of the oldest record each group has yet to consume.", "s",
					q(`songnodes_monitor_consumer_lag_seconds`, "{{stage}}")),
			}},
		},
	}
}

func source() dashboard {
	sel := `source="$source"`
	return dashboard{
		uid: "songnodes-source", title: "SongNodes: source",
		description: "One source at every stage: rates, artist coverage, freshness, statuses, rejects by reason, latency, lag.",
		vars:        []variable{{name: "source", label: "Source", query: `label_values(songnodes_monitor_tracks_total, source)`}},
		rows: []row{
			{title: "$source now", panels: []panel{
				withThresholds(stat("Last raw record", "Time since the source's newest raw record.", "s",
					q(`time() - songnodes_monitor_last_record_timestamp_seconds{`+sel+`,stage="raw"}`, "")), warnAbove(3600, 6*3600)),
				stat("Tracks/s (5m)", "Track lines per second into its raw topic.", "short",
					q(`songnodes_monitor_tracks_per_second_5m{`+sel+`,stage="raw"}`, "")),
				stat("Tracks/s (24h)", "Its usual rate: the last 24 hours.", "short",
					q(`songnodes_monitor_tracks_per_second_24h{`+sel+`,stage="raw"}`, "")),
				withRange(stat("Artist coverage (1h, silver)", "Share of its track lines silver identified an artist in.", "percentunit",
					q(`songnodes_monitor_artist_coverage_ratio_1h{`+sel+`,stage="silver"}`, "")), 0, 1),
				withThresholds(stat("Dead letters (1h)", "Its records the stages dead-lettered in the last hour.", "none",
					q(`sum(increase(songnodes_monitor_rejects_total{`+sel+`}[1h])) or vector(0)`, "")), warnAbove(1, 100)),
				withThresholds(stat("Bronze lag", "Age of the oldest record of its raw topic bronze has yet to consume.", "s",
					q(`songnodes_monitor_source_lag_seconds{`+sel+`}`, "")), warnAbove(60, 300)),
			}},
			{title: "Rates", panels: []panel{
				ts("Tracks per second by stage", "Over the monitor's 5m, 1h and 24h windows.", "short",
					q(`songnodes_monitor_tracks_per_second_5m{`+sel+`}`, "{{stage}} 5m"),
					q(`songnodes_monitor_tracks_per_second_1h{`+sel+`}`, "{{stage}} 1h"),
					q(`songnodes_monitor_tracks_per_second_24h{`+sel+`}`, "{{stage}} 24h")),
				ts("Playlists per second by stage", "Over the monitor's 5m and 24h windows.", "short",
					q(`songnodes_monitor_playlists_per_second_5m{`+sel+`}`, "{{stage}} 5m"),
					q(`songnodes_monitor_playlists_per_second_24h{`+sel+`}`, "{{stage}} 24h")),
			}},
			{title: "Quality", panels: []panel{
				withRange(ts("Artist coverage", "Silver: lines with an identified artist. Raw: lines whose scraper gave an artist hint.", "percentunit",
					q(`songnodes_monitor_artist_coverage_ratio_5m{`+sel+`,stage="silver"}`, "silver 5m"),
					q(`songnodes_monitor_artist_coverage_ratio_1h{`+sel+`,stage="silver"}`, "silver 1h"),
					q(`songnodes_monitor_artist_coverage_ratio_24h{`+sel+`,stage="silver"}`, "silver 24h"),
					q(`songnodes_monitor_artist_coverage_ratio_1h{`+sel+`,stage="raw"}`, "raw hints 1h")), 0, 1),
				stacked(ts("Track statuses at silver", "Silver's verdict on each line, per second.", "short",
					q(`rate(songnodes_monitor_tracks_valid_total{`+sel+`}[$__rate_interval])`, "valid"),
					q(`rate(songnodes_monitor_tracks_warning_total{`+sel+`}[$__rate_interval])`, "warning"),
					q(`rate(songnodes_monitor_tracks_unidentified_total{`+sel+`}[$__rate_interval])`, "unidentified"),
					q(`rate(songnodes_monitor_tracks_failed_total{`+sel+`}[$__rate_interval])`, "failed"),
					q(`rate(songnodes_monitor_tracks_not_track_total{`+sel+`}[$__rate_interval])`, "not a track"),
					q(`rate(songnodes_monitor_tracks_unknown_status_total{`+sel+`}[$__rate_interval])`, "unknown status"))),
				withRange(ts("Lines read by guessing", "Share of its track lines silver could read only by guessing; the alert SongNodesDoubtfulLinesUp fires at twice the 7-day level.", "percentunit",
					q(`songnodes_monitor_doubtful_ratio_1h{`+sel+`,stage="silver"}`, "1h"),
					q(`songnodes_monitor_doubtful_ratio_24h{`+sel+`,stage="silver"}`, "24h"),
					q(`avg_over_time(songnodes_monitor_doubtful_ratio_24h{`+sel+`,stage="silver"}[7d])`, "7-day level")), 0, 1),
				stacked(ts("Issue codes at silver", "Track lines by issue code, per second: the doubt codes say which guess (split_unsure, dash_unspaced...).", "short",
					q(`sum by (reason) (rate(songnodes_monitor_track_issues_total{`+sel+`}[$__rate_interval]))`, "{{reason}}"))),
				ts("Dead letters by stage and reason", "Its records in the dead-letter topics, per second.", "short",
					q(`sum by (stage, reason) (rate(songnodes_monitor_rejects_total{`+sel+`}[$__rate_interval]))`, "{{stage}} {{reason}}")),
				ts("Refused by ingest, and unreadable in the topics", "Ingest refusals never reach Kafka; unreadable records are in a stage's topic but do not decode.", "short",
					q(`sum by (reason) (rate(songnodes_rejects_total{stage="ingest",`+sel+`}[$__rate_interval]))`, "ingest {{reason}}"),
					q(`sum by (reason) (rate(songnodes_ingest_refused_requests_total{`+sel+`}[$__rate_interval]))`, "requests {{reason}}"),
					q(`sum by (stage, reason) (rate(songnodes_monitor_unreadable_records_total{`+sel+`}[$__rate_interval]))`, "unreadable {{stage}} {{reason}}")),
			}},
			{title: "Scraper", panels: []panel{
				withThresholds(stat("Last playlist scraped", "Time since its scraper (songnodes scrape) last produced a playlist; empty when the source has no scraper of ours.", "s",
					q(`time() - songnodes_scrape_last_produced_timestamp_seconds{`+sel+`}`, "")), warnAbove(3600, 6*3600)),
				stacked(ts("Pages by outcome", "Pages its scraper handled per second: produced, unchanged since the last scrape, empty, unreadable (dead-lettered to <prefix>.dlq.scrape), failed to fetch (alert SongNodesScraperProducesNothing).", "short",
					q(`sum by (outcome) (rate(songnodes_scrape_pages_total{`+sel+`}[$__rate_interval]))`, "{{outcome}}"))),
				ts("Unreadable pages by reason", "Pages the extractor could not read, per second (alert SongNodesScraperUnreadablePages).", "short",
					q(`sum by (reason) (rate(songnodes_scrape_unreadable_pages_total{`+sel+`}[$__rate_interval]))`, "{{reason}}")),
				ts("Playlists and tracks produced", "What its scraper produced to the raw topic, per second.", "short",
					q(`rate(songnodes_scrape_playlists_total{`+sel+`}[$__rate_interval])`, "playlists"),
					q(`rate(songnodes_scrape_tracks_total{`+sel+`}[$__rate_interval])`, "tracks")),
				ts("Requests by host and status", "Every scraper's requests, per second (one client for all sites).", "short",
					q(`sum by (host, code) (rate(songnodes_scrape_http_requests_total[$__rate_interval]))`, "{{host}} {{code}}")),
				ts("Politeness and refusals by host", "Seconds per second spent waiting for a host's request budget; retries per second; the breaker (1: open, alert SongNodesScraperBreakerOpen).", "short",
					q(`sum by (host) (rate(songnodes_scrape_http_politeness_wait_seconds_total[$__rate_interval]))`, "{{host}} waiting"),
					q(`sum by (host) (rate(songnodes_scrape_http_retries_total[$__rate_interval]))`, "{{host}} retries"),
					q(`max by (host) (songnodes_scrape_http_breaker_open)`, "{{host}} breaker open")),
			}},
			{title: "Freshness and latency", panels: []panel{
				ts("Time since the last record, by stage", "Freshness of each stage's topic for this source.", "s",
					q(`time() - songnodes_monitor_last_record_timestamp_seconds{`+sel+`}`, "{{stage}}")),
				ts("Latency from scrape to stage (p50, p95)", "From scraped_at to the record in the stage's topic.", "s",
					q(`histogram_quantile(0.5, sum by (stage, le) (rate(songnodes_monitor_stage_latency_seconds_bucket{`+sel+`}[$__rate_interval])))`, "{{stage}} p50"),
					q(`histogram_quantile(0.95, sum by (stage, le) (rate(songnodes_monitor_stage_latency_seconds_bucket{`+sel+`}[$__rate_interval])))`, "{{stage}} p95")),
				ts("Pipeline latency from ingest (p95)", "From the raw record to the record in the stage's topic.", "s",
					q(`histogram_quantile(0.95, sum by (stage, le) (rate(songnodes_monitor_pipeline_latency_seconds_bucket{`+sel+`}[$__rate_interval])))`, "{{stage}} p95")),
				ts("Bronze lag on its raw topic", "Records bronze has yet to consume, and the oldest one's age.", "short",
					q(`songnodes_monitor_source_lag_records{`+sel+`}`, "records"),
					q(`songnodes_monitor_source_lag_seconds{`+sel+`}`, "seconds")),
			}},
		},
	}
}

func stages() dashboard {
	return dashboard{
		uid: "songnodes-stages", title: "SongNodes: stage health",
		description: "Each stage's loop: readiness, lag, latency, throughput, transactions and aborts, batch time; and the monitor itself.",
		rows: []row{
			{title: "Readiness and lag", panels: []panel{
				withRange(ts("Ready", "1 while a stage's loop makes progress, 0 while it retries a transient failure (alert SongNodesStageNotReady).", "none",
					q(`songnodes_stage_ready`, "{{stage}} {{instance}}")), 0, 1),
				ts("Targets up", "Prometheus' scrape of each binary (alerts SongNodesTargetDown, SongNodesMonitorDown).", "none",
					q(`up{job=~"songnodes.*"}`, "{{job}} {{instance}}")),
				ts("Consumer lag (seconds)", "Age of the oldest record each group has yet to consume.", "s",
					q(`songnodes_monitor_consumer_lag_seconds`, "{{stage}}")),
				ts("Consumer lag (records)", "Offsets each group has yet to consume, up to the last stable offsets.", "short",
					q(`songnodes_monitor_consumer_lag_records`, "{{stage}}")),
			}},
			{title: "Throughput and latency", panels: []panel{
				ts("Records committed per second", "Input records each stage consumed and committed, and outputs it produced.", "short",
					q(`sum by (stage) (rate(songnodes_stage_records_total[$__rate_interval]))`, "{{stage}} in"),
					q(`sum by (stage) (rate(songnodes_stage_output_records_total[$__rate_interval]))`, "{{stage}} out")),
				ts("Pipeline latency (p95)", "From ingest's raw record to each stage's topic, all sources.", "s",
					q(`histogram_quantile(0.95, sum by (stage, le) (rate(songnodes_monitor_pipeline_latency_seconds_bucket[$__rate_interval])))`, "{{stage}}")),
				ts("Batch duration (p50, p95)", "From polling a batch to committing its transaction.", "s",
					q(`histogram_quantile(0.5, sum by (stage, le) (rate(songnodes_stage_batch_duration_seconds_bucket[$__rate_interval])))`, "{{stage}} p50"),
					q(`histogram_quantile(0.95, sum by (stage, le) (rate(songnodes_stage_batch_duration_seconds_bucket[$__rate_interval])))`, "{{stage}} p95")),
				ts("Rejected per second by stage and reason", "Records each stage dead-lettered (and ingest refused), as the stages count them.", "short",
					q(`sum by (stage, reason) (rate(songnodes_rejects_total[$__rate_interval]))`, "{{stage}} {{reason}}")),
			}},
			{title: "Transactions", panels: []panel{
				ts("Transactions and aborts per second", "An abort redoes the batch: rebalances, transient failures, shutdowns.", "short",
					q(`sum by (stage) (rate(songnodes_stage_transactions_total[$__rate_interval]))`, "{{stage}} committed"),
					q(`sum by (stage) (rate(songnodes_stage_transaction_aborts_total[$__rate_interval]))`, "{{stage}} aborted")),
				ts("Retries per second", "Transient failures (PostgreSQL, Redis, registry, brokers) a stage backed off from.", "short",
					q(`sum by (stage) (rate(songnodes_stage_retries_total[$__rate_interval]))`, "{{stage}}")),
				ts("Time since the last commit", "A stage with input and no commit for long is stuck.", "s",
					q(`time() - songnodes_stage_last_commit_timestamp_seconds`, "{{stage}} {{instance}}")),
				stacked(ts("Where the loop's time goes", "Share of each replica's wall time by phase of its batches: waiting for records (poll), decode, process (PostgreSQL included), encode, produce, commit. A stage busy processing needs cores or replicas; one held in produce or commit waits on the brokers.", "percentunit",
					q(`sum by (stage, phase) (rate(songnodes_stage_phase_seconds_total[$__rate_interval])) / on (stage) group_left count by (stage) (songnodes_stage_ready)`, "{{stage}} {{phase}}"))),
				ts("Assigned partitions", "Input partitions each replica holds.", "short",
					q(`songnodes_stage_assigned_partitions`, "{{stage}} {{instance}}"),
					q(`songnodes_monitor_assigned_partitions`, "monitor {{instance}}")),
			}},
			{title: "Ingest and the monitor", panels: []panel{
				ts("Ingest requests (p95 duration)", "Time to answer a scraper's request, broker acknowledgement included.", "s",
					q(`histogram_quantile(0.95, sum by (le) (rate(songnodes_ingest_request_duration_seconds_bucket[$__rate_interval])))`, "p95")),
				ts("Ingest accepted per second by source", "Playlists ingest accepted.", "short",
					q(`sum by (source) (rate(songnodes_ingest_playlists_total[$__rate_interval]))`, "{{source}}")),
				withRange(ts("Monitor state in Redis", "1 while the monitor persists its state (alert SongNodesMonitorStateNotPersisted).", "none",
					q(`songnodes_monitor_redis_up`, "{{instance}}")), 0, 1),
				ts("Time since the monitor stored its state", "The monitor writes its counts and offsets to Redis every few seconds.", "s",
					q(`time() - songnodes_monitor_state_persisted_timestamp_seconds`, "{{instance}}")),
				ts("Memory (resident)", "Resident memory of each binary.", "bytes",
					q(`process_resident_memory_bytes{job=~"songnodes.*"}`, "{{job}} {{instance}}")),
			}},
		},
	}
}

func withThresholds(p panel, t []threshold) panel { p.thresholds = t; return p }

func withRange(p panel, lo, hi float64) panel { p.min, p.max = f(lo), f(hi); return p }

func stacked(p panel) panel { p.stack = true; return p }
