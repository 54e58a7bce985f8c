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
	"strings"

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

var _ stage.Processor[record.SilverPlaylist, record.GoldPairContribution] = (*Processor)(nil)

// Process implements stage.Processor: it writes the playlists, their
// lines, the tracks and the artists, and returns what each playlist whose
// part may have changed contributes now to each pair, keyed by the pair,
// for the pairs loop. Gold needs PostgreSQL: the graph is the difference
// between what is stored and what arrives.
func (p *Processor) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[record.SilverPlaylist]) (stage.Result[record.GoldPairContribution], error) {
	if !stage.Stored(tx) {
		return stage.Result[record.GoldPairContribution]{}, fmt.Errorf("gold needs PostgreSQL: %w", stage.ErrNoDatabase)
	}
	latest, source := map[string]rows{}, map[string]string{}
	for i := range batch {
		sp := &batch[i].Value
		latest[sp.PlaylistKey] = extract(sp) // later versions in the batch win
		source[sp.PlaylistKey] = sp.Source
	}
	told, stale, err := apply(ctx, tx, latest)
	if err != nil {
		return stage.Result[record.GoldPairContribution]{}, err
	}
	outs := make([]stage.Out[record.GoldPairContribution], len(told))
	for i := range told {
		c := &told[i]
		src := source[c.PlaylistKey]
		if src == "" { // another page of a set in the batch
			src, _, _ = strings.Cut(c.PlaylistKey, ":")
		}
		outs[i] = stage.Out[record.GoldPairContribution]{Key: pair{c.FromTrackID, c.ToTrackID}.Key(), Value: c, Source: src}
	}
	return stage.Result[record.GoldPairContribution]{Outputs: outs, OnCommit: func() {
		for _, k := range stale {
			p.stale.WithLabelValues(source[k]).Inc()
		}
	}}, nil
}
