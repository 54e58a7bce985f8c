// Package silver is the second stage: it parses and normalises every
// bronze playlist with internal/tracklist, validates each track (status and
// issue codes), enriches it from the reference data (canonical artists,
// known tracks' BPM, key, genre and label), links the same DJ set seen on
// several sources to one set identity, and keeps the current version of
// every playlist in the silver tables and the <prefix>.silver.playlists
// topic.
package silver

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Name of the stage.
const Name = "silver"

// Processor turns bronze playlists into silver ones.
type Processor struct {
	enr  *Enricher // nil: no reference data
	memo *tracklist.Memo
	m    *metrics
}

// memoSize is how many line bodies silver remembers per generation (see
// tracklist.Memo). On generated data, whose popularity follows real
// tracklists', 96% of the lines of 30,000 playlists are then a body seen
// before, and a larger memory does no better.
const memoSize = 1 << 14

type metrics struct {
	byStatus map[tracklist.Status]*prometheus.CounterVec
	issues   *prometheus.CounterVec
	stale    *prometheus.CounterVec
	sets     *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	f := promauto.With(reg)
	m := &metrics{byStatus: map[tracklist.Status]*prometheus.CounterVec{}}
	// Statuses are in metric names, not labels: labels are source, stage
	// and reason only.
	for _, st := range []tracklist.Status{tracklist.StatusValid, tracklist.StatusWarning, tracklist.StatusUnidentified, tracklist.StatusFailed, tracklist.StatusNotTrack} {
		m.byStatus[st] = f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_silver_tracks_" + string(st) + "_total",
			Help: "Track lines silver committed with status " + string(st) + ", by source.",
		}, []string{"source"})
	}
	m.issues = f.NewCounterVec(prometheus.CounterOpts{
		Name: "songnodes_silver_track_issues_total",
		Help: "Issues silver found on committed track lines, by source and issue code (reason).",
	}, []string{"source", "reason"})
	m.stale = f.NewCounterVec(prometheus.CounterOpts{
		Name: "songnodes_silver_stale_versions_total",
		Help: "Playlist versions silver skipped because a newer scrape of the playlist was already current, by source.",
	}, []string{"source"})
	m.sets = f.NewCounterVec(prometheus.CounterOpts{
		Name: "songnodes_silver_linked_playlists_total",
		Help: "New playlists silver linked to a DJ set already seen on another page, by source.",
	}, []string{"source"})
	return m
}

// NewProcessor returns the silver processor; enr reads reference data
// (nil: none).
func NewProcessor(enr *Enricher, reg prometheus.Registerer) *Processor {
	return &Processor{enr: enr, memo: tracklist.NewMemo(memoSize), m: newMetrics(reg)}
}

var _ stage.Processor[record.BronzePlaylist, record.SilverPlaylist] = (*Processor)(nil)

// Process implements stage.Processor.
func (p *Processor) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[record.BronzePlaylist]) (stage.Result[record.SilverPlaylist], error) {
	var res stage.Result[record.SilverPlaylist]
	drafts := make([]*draft, len(batch))
	// Parsing is the stage's CPU work: spread it over the cores.
	stage.Parallel(len(batch), func(i int) {
		drafts[i] = parse(&batch[i].Value, p.memo)
		drafts[i].in = &batch[i]
	})
	ref, err := p.lookup(ctx, drafts)
	if err != nil {
		return stage.Result[record.SilverPlaylist]{}, err
	}
	stage.Parallel(len(drafts), func(i int) {
		d := drafts[i]
		d.finish(ref)
		d.out.Lineage = record.Lineage{
			Topic: d.in.Record.Topic, Partition: int(d.in.Record.Partition), Offset: d.in.Record.Offset,
			WriterSchemaID: d.in.SchemaID, IngestedAt: d.bronze.Lineage.IngestedAt,
		}
	})
	var good []*draft
	for _, d := range drafts {
		if d.usable() == 0 {
			res.Rejects = append(res.Rejects, stage.Reject{Record: d.in.Record, SchemaID: d.in.SchemaID, Reason: dlq.Invalid, Err: d.unusable()})
			continue
		}
		good = append(good, d)
	}
	kept := good
	if stage.Stored(tx) && len(good) > 0 {
		if kept, err = resolve(ctx, tx, good); err != nil {
			return stage.Result[record.SilverPlaylist]{}, err
		}
		if err := write(ctx, tx, kept); err != nil {
			return stage.Result[record.SilverPlaylist]{}, err
		}
	}
	res.Outputs = make([]stage.Out[record.SilverPlaylist], len(kept))
	for i, d := range kept {
		res.Outputs[i] = stage.Out[record.SilverPlaylist]{Key: d.out.PlaylistKey, Value: &d.out, Source: d.out.Source}
	}
	res.OnCommit = func() { p.count(drafts) }
	return res, nil
}

// unusable says why a playlist has no usable track.
func (d *draft) unusable() error {
	if len(d.lines) == 0 {
		return fmt.Errorf("no track lines")
	}
	n := map[tracklist.Status]int{}
	for i := range d.lines {
		n[d.lines[i].Status]++
	}
	return fmt.Errorf("no usable track: none of %d lines identifies a track (%d unidentified, %d failed, %d not a track)",
		len(d.lines), n[tracklist.StatusUnidentified], n[tracklist.StatusFailed], n[tracklist.StatusNotTrack])
}

// count updates the metrics once the batch is committed. It runs on the
// stage loop's one goroutine, between batches: it counts the batch first
// and adds each sum to its counter once, rather than a counter lookup per
// line.
func (p *Processor) count(drafts []*draft) {
	type key struct{ source, what string }
	statuses, issues, stale, sets := map[key]int{}, map[key]int{}, map[key]int{}, map[key]int{}
	for _, d := range drafts {
		src := d.out.Source
		if d.stale {
			stale[key{source: src}]++
			continue
		}
		if d.usable() == 0 {
			continue
		}
		if d.out.SetID != d.out.PlaylistKey {
			sets[key{source: src}]++
		}
		for i := range d.lines {
			a := &d.lines[i]
			statuses[key{src, string(a.Status)}]++
			for _, is := range a.Issues {
				issues[key{src, is}]++
			}
		}
	}
	for k, n := range stale {
		p.m.stale.WithLabelValues(k.source).Add(float64(n))
	}
	for k, n := range sets {
		p.m.sets.WithLabelValues(k.source).Add(float64(n))
	}
	for k, n := range statuses {
		if c, ok := p.m.byStatus[tracklist.Status(k.what)]; ok {
			c.WithLabelValues(k.source).Add(float64(n))
		}
	}
	for k, n := range issues {
		p.m.issues.WithLabelValues(k.source, k.what).Add(float64(n))
	}
}

// String renders a draft for logs.
func (d *draft) String() string {
	return d.out.PlaylistKey + " (" + strings.Join(d.out.Djs, ", ") + ")"
}
