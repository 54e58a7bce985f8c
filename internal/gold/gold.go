// Package gold is the third stage: the song graph. From every current
// playlist version it keeps one row per identified line (playlist_key,
// position): its track and, when the next line is another identified
// track, the transition to it (an occurrence); and it maintains the
// transitions, tracks and artists by the difference between what a
// playlist counted before and what it counts now. A replay moves nothing;
// a re-scrape that changes a track moves counts from the old pair to the
// new one; a set seen on several sources counts once.
package gold

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/stage"
)

// Name of the stage.
const Name = "gold"

// Processor maintains the song graph.
type Processor struct {
	stale *prometheus.CounterVec
}

// NewProcessor returns the gold processor, its metrics registered in reg.
func NewProcessor(reg prometheus.Registerer) *Processor {
	return &Processor{stale: promauto.With(reg).NewCounterVec(prometheus.CounterOpts{
		Name: "songnodes_gold_stale_versions_total",
		Help: "Playlist versions gold skipped because a later version of the playlist was already counted (silver's topic read again), by source.",
	}, []string{"source"})}
}

var _ stage.Processor[record.SilverPlaylist, record.GoldTransition] = (*Processor)(nil)

// Process implements stage.Processor. Gold needs PostgreSQL: the graph is
// the difference between what is stored and what arrives.
func (p *Processor) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[record.SilverPlaylist]) (stage.Result[record.GoldTransition], error) {
	if !stage.Stored(tx) {
		return stage.Result[record.GoldTransition]{}, fmt.Errorf("gold needs PostgreSQL: %w", stage.ErrNoDatabase)
	}
	latest, source := map[string]rows{}, map[string]string{}
	for i := range batch {
		sp := &batch[i].Value
		latest[sp.PlaylistKey] = extract(sp) // later versions in the batch win
		source[sp.PlaylistKey] = sp.Source
	}
	touched, stale, err := apply(ctx, tx, latest)
	if err != nil {
		return stage.Result[record.GoldTransition]{}, err
	}
	outs, err := states(ctx, tx, touched)
	if err != nil {
		return stage.Result[record.GoldTransition]{}, err
	}
	return stage.Result[record.GoldTransition]{Outputs: outs, OnCommit: func() {
		for _, k := range stale {
			p.stale.WithLabelValues(source[k]).Inc()
		}
	}}, nil
}

// states reads the current state of every touched pair; a pair no set
// plays any more gets a tombstone, which compaction keeps as its last
// word.
func states(ctx context.Context, tx pgx.Tx, touched []pair) ([]stage.Out[record.GoldTransition], error) {
	if len(touched) == 0 {
		return nil, nil
	}
	from, to := make([]string, len(touched)), make([]string, len(touched))
	for i, pr := range touched {
		from[i], to[i] = pr.from, pr.to
	}
	rows, err := tx.Query(ctx, `SELECT t.from_track_id, t.to_track_id, f.artist || ' - ' || f.title, n.artist || ' - ' || n.title,
			t.occurrences, t.playlists, t.djs, t.first_seen, t.last_seen,
			t.bpm_delta_milli_sum, t.bpm_delta_n, t.camelot_tenths_sum, t.camelot_n
		FROM unnest($1::text[], $2::text[]) AS q(f, t)
		JOIN gold_transitions t ON t.from_track_id = q.f AND t.to_track_id = q.t
		JOIN gold_tracks f ON f.track_id = t.from_track_id
		JOIN gold_tracks n ON n.track_id = t.to_track_id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("read transitions: %w", err)
	}
	defer rows.Close()
	state := map[pair]*record.GoldTransition{}
	for rows.Next() {
		var g record.GoldTransition
		var first, last *time.Time
		var bpm, bpmN, cam, camN int64
		if err := rows.Scan(&g.FromTrackID, &g.ToTrackID, &g.FromTrack, &g.ToTrack, &g.Occurrences, &g.Playlists, &g.Djs,
			&first, &last, &bpm, &bpmN, &cam, &camN); err != nil {
			return nil, err
		}
		g.FirstSeen, g.LastSeen = first, last
		if bpmN > 0 {
			m := float64(bpm) / 1000 / float64(bpmN)
			g.MeanBpmDelta = &m
		}
		if camN > 0 {
			s := float64(cam) / 10 / float64(camN)
			g.CamelotScore = &s
		}
		state[pair{g.FromTrackID, g.ToTrackID}] = &g
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]stage.Out[record.GoldTransition], len(touched))
	for i, pr := range touched {
		out[i] = stage.Out[record.GoldTransition]{Key: pr.Key(), Value: state[pr]}
	}
	return out, nil
}
