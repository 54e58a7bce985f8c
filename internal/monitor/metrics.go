package monitor

import (
	"math"

	"github.com/prometheus/client_golang/prometheus"
)

// The monitor's metrics. Every value is computed at scrape time from the
// state, which is restored from Redis at start: counters carry on across
// restarts instead of starting again at zero, and the window gauges and
// ages are computed against the monitor's clock at the moment of the
// scrape. Labels are source, stage and reason only; a track status is in
// the metric's name (songnodes_monitor_tracks_<status>_total), never a
// label, so that "reason" always means a dead-letter reason.
//
// stage is the topic layer for what was read from a stage's topic (raw:
// the raw topics ingest writes; bronze; silver), and the stage that
// rejected a record for dead letters (bronze, silver, gold).
const ns = "songnodes_monitor_"

type collector struct {
	m *Monitor

	playlists, tracks, artists *prometheus.Desc
	status                     [numStatus]*prometheus.Desc
	rejects, unreadable        *prometheus.Desc
	lastTS, age                *prometheus.Desc
	latency, pipeline          *prometheus.Desc
	playlistRate, trackRate    [len(Windows)]*prometheus.Desc
	coverage, rejectRate       [len(Windows)]*prometheus.Desc
	doubtfulRatio              [len(Windows)]*prometheus.Desc
	issues, doubtful           *prometheus.Desc
	lagRecords, lagSeconds     *prometheus.Desc
	srcLagRecs, srcLagSecs     *prometheus.Desc
	redisUp, persisted         *prometheus.Desc
	flushErrors, assigned      *prometheus.Desc
	sources                    *prometheus.Desc
}

var _ prometheus.Collector = (*collector)(nil)

func newCollector(m *Monitor) *collector {
	ss := []string{"source", "stage"}
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(ns+name, help, labels, nil)
	}
	c := &collector{
		m:         m,
		playlists: d("playlists_total", "Playlists the monitor read in a stage's topic (raw, bronze, silver), by source; records that do not decode are in songnodes_monitor_unreadable_records_total.", ss...),
		tracks:    d("tracks_total", "Track lines in the playlists the monitor read in a stage's topic, by source.", ss...),
		artists: d("artist_tracks_total", "Track lines with an identified artist: at silver, tracks whose parsed artists are not empty; "+
			"at raw and bronze, tracks whose scraper gave an artist hint. Divide by songnodes_monitor_tracks_total for artist coverage.", ss...),
		rejects: d("rejects_total", "Dead letters the monitor read in the dead-letter topics, by source, the stage that rejected them and reason (from the dead letters' headers).", "source", "stage", "reason"),
		unreadable: d("unreadable_records_total", "Records of a stage's topic the monitor could not decode, by source, stage and reason "+
			"(at raw, bronze dead-letters them too; at bronze and silver a stage wrote a record it should not have).", "source", "stage", "reason"),
		lastTS: d("last_record_timestamp_seconds", "Unix time of the newest record of the source in the stage's topic (its Kafka timestamp). time() minus this is the source's silence.", ss...),
		age:    d("last_record_age_seconds", "Seconds from the newest record of the source in the stage's topic to now, by the monitor's clock (freshness).", ss...),
		latency: d("stage_latency_seconds", "Time from a playlist's scraped_at to its record in the stage's topic (the record's Kafka timestamp): "+
			"the scraper's delay in posting plus the pipeline's.", ss...),
		pipeline:   d("pipeline_latency_seconds", "Time from ingest appending a playlist's raw record to its record in the stage's topic (bronze, silver): the pipeline's own delay.", ss...),
		lagRecords: d("consumer_lag_records", "Records a stage's consumer group (bronze, silver, gold; and the monitor's own) has yet to consume from its input, up to the last stable offsets.", "stage"),
		lagSeconds: d("consumer_lag_seconds", "Age of the oldest record a stage's consumer group has yet to consume, by the monitor's clock; 0 when it has consumed everything.", "stage"),
		srcLagRecs: d("source_lag_records", "Records of a source's raw topic the bronze group has yet to consume.", ss...),
		srcLagSecs: d("source_lag_seconds", "Age of the oldest record of a source's raw topic the bronze group has yet to consume; 0 when none.", ss...),
		redisUp:    d("redis_up", "1 while the monitor persists its state in Redis; 0 while Redis is not configured or does not answer (the monitor counts on in memory)."),
		persisted:  d("state_persisted_timestamp_seconds", "Unix time the monitor last stored its state and offsets in Redis."),
		flushErrors: prometheus.NewDesc(ns+"state_flush_errors_total",
			"Attempts to store the monitor's state in Redis that failed (it counts on in memory and tries again).", nil, nil),
		assigned: d("assigned_partitions", "Partitions of the monitored topics assigned to the monitor."),
		sources:  d("sources", "Sources the monitor knows (it tracks at most MONITOR_MAX_SOURCES; further ones count as source unknown)."),
	}
	statusHelp := [numStatus]string{
		"Track lines silver marked valid (identified, consistent), by source.",
		"Track lines silver marked warning (identified, with an issue such as a BPM out of range), by source.",
		"Track lines silver marked unidentified (no artist or title, e.g. ID - ID), by source.",
		"Track lines silver marked failed (unparseable), by source.",
		"Track lines with a status silver should not write (none of valid, warning, unidentified, failed, not_track), by source.",
		"Lines silver found to name no track (headings, links, punctuation: status not_track), by source; not counted in songnodes_monitor_tracks_total.",
	}
	for i, name := range statusNames {
		c.status[i] = d("tracks_"+name+"_total", statusHelp[i], ss...)
	}
	c.issues = d("track_issues_total", "Track lines silver wrote with an issue code, by source and code (reason: "+
		"tracklist.IssueCodes, e.g. split_unsure; \"other\" for an unknown code). A line with two codes counts under each.", "source", "stage", "reason")
	c.doubtful = d("tracks_doubtful_total", "Track lines whose parse guessed (at least one doubt code: number_prefix, dash_unspaced, separator_guessed, "+
		"order_guessed, credit_unsure, split_unsure, extra_parts, label_guessed, layout_unknown), by source. Divide by songnodes_monitor_tracks_total for the doubtful share.", ss...)
	for i, w := range Windows {
		c.playlistRate[i] = d("playlists_per_second_"+w.Name, "Playlists per second reaching the stage's topic over the last "+w.Name+", by the records' Kafka timestamps.", ss...)
		c.trackRate[i] = d("tracks_per_second_"+w.Name, "Track lines per second reaching the stage's topic over the last "+w.Name+", by the records' Kafka timestamps.", ss...)
		c.coverage[i] = d("artist_coverage_ratio_"+w.Name, "Share of the track lines of the last "+w.Name+" with an identified artist "+
			"(see songnodes_monitor_artist_tracks_total); no series while the window has no tracks.", ss...)
		c.rejectRate[i] = d("rejects_per_second_"+w.Name, "Dead letters per second over the last "+w.Name+", by source and the stage that rejected them.", ss...)
		c.doubtfulRatio[i] = d("doubtful_ratio_"+w.Name, "Share of the track lines of the last "+w.Name+" that silver parsed with a guess "+
			"(see songnodes_monitor_tracks_doubtful_total); no series while the window has no tracks. A site that changes its layout shows here first.", ss...)
	}
	return c
}

// Describe implements prometheus.Collector.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.playlists, c.tracks, c.artists, c.issues, c.doubtful, c.rejects, c.unreadable, c.lastTS, c.age,
		c.latency, c.pipeline, c.lagRecords, c.lagSeconds, c.srcLagRecs, c.srcLagSecs, c.redisUp, c.persisted,
		c.flushErrors, c.assigned, c.sources} {
		ch <- d
	}
	for i := range Windows {
		ch <- c.playlistRate[i]
		ch <- c.trackRate[i]
		ch <- c.coverage[i]
		ch <- c.rejectRate[i]
		ch <- c.doubtfulRatio[i]
	}
	for _, d := range c.status {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	m := c.m
	now := m.s.Now()
	nowSec := now.Unix()
	counter := func(d *prometheus.Desc, v uint64, lv ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), lv...)
	}
	gauge := func(d *prometheus.Desc, v float64, lv ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, lv...)
	}

	st := m.state
	st.mu.Lock()
	gauge(c.sources, float64(len(st.sources)))
	for name, src := range st.sources {
		for i, s := range src {
			if s == nil {
				continue
			}
			stage := stageNames[i]
			layer := i <= stSilver // a topic the monitor reads
			if layer {
				counter(c.playlists, s.Playlists, name, stage)
				counter(c.tracks, s.Tracks, name, stage)
				counter(c.artists, s.Artists, name, stage)
				bk, n := s.Latency.cumulative(stageLatencyBuckets)
				ch <- prometheus.MustNewConstHistogram(c.latency, n, s.Latency.Sum, bk, name, stage)
				if i != stRaw {
					bk, n := s.Pipeline.cumulative(pipelineLatencyBuckets)
					ch <- prometheus.MustNewConstHistogram(c.pipeline, n, s.Pipeline.Sum, bk, name, stage)
				}
			}
			if i == stSilver {
				for k, d := range c.status {
					counter(d, s.Status[k], name, stage)
				}
				for code, n := range s.Issues {
					counter(c.issues, n, name, stage, code)
				}
				counter(c.doubtful, s.Doubtful, name, stage)
			}
			for reason, n := range s.Rejects {
				counter(c.rejects, n, name, stage, reason)
			}
			for reason, n := range s.Unreadable {
				counter(c.unreadable, n, name, stage, reason)
			}
			if s.Last > 0 {
				gauge(c.lastTS, float64(s.Last)/1000, name, stage)
				gauge(c.age, math.Max(0, float64(now.UnixMilli()-s.Last)/1000), name, stage)
			}
			for w := range Windows {
				sum, span := s.win[w].sum(nowSec)
				if layer {
					gauge(c.playlistRate[w], float64(sum[qPlaylists])/span, name, stage)
					gauge(c.trackRate[w], float64(sum[qTracks])/span, name, stage)
					if sum[qTracks] > 0 {
						gauge(c.coverage[w], float64(sum[qArtists])/float64(sum[qTracks]), name, stage)
						if i == stSilver {
							gauge(c.doubtfulRatio[w], float64(sum[qDoubtful])/float64(sum[qTracks]), name, stage)
						}
					}
				}
				if len(s.Rejects) > 0 {
					gauge(c.rejectRate[w], float64(sum[qRejects])/span, name, stage)
				}
			}
		}
	}
	st.mu.Unlock()

	lag := m.lagNow()
	for stage, l := range lag.stages {
		gauge(c.lagRecords, float64(l.Records), stage)
		gauge(c.lagSeconds, l.Seconds, stage)
	}
	for source, l := range lag.sources {
		gauge(c.srcLagRecs, float64(l.Records), source, "bronze")
		gauge(c.srcLagSecs, l.Seconds, source, "bronze")
	}

	up := 0.0
	if m.store != nil && m.redisUp.Load() {
		up = 1
	}
	gauge(c.redisUp, up)
	if p := m.persisted.Load(); p > 0 {
		gauge(c.persisted, float64(p)/1000)
	}
	counter(c.flushErrors, m.flushErrors.Load())
	gauge(c.assigned, float64(m.ready.Parts.Count()))
}
