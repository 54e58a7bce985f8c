package gold_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
)

// BenchmarkProcess is gold with PostgreSQL: batches of 1,000 new generated
// playlists, as silver emits them.
func BenchmarkProcess(b *testing.B) {
	f := newFixture(b)
	// Silver without PostgreSQL turns generated playlists into silver ones.
	sp := silver.NewProcessor(nil, prometheus.NewRegistry())
	g := gen.New(gen.Config{Seed: 5})
	const batch = 1000
	next := func() ([]stage.In[record.SilverPlaylist], int) {
		var in []stage.In[record.BronzePlaylist]
		for range batch {
			p := g.Next().Playlist
			in = append(in, stage.In[record.BronzePlaylist]{Record: &kgo.Record{}, Value: record.BronzePlaylist{PlaylistKey: p.SourceURL, Playlist: *p}})
		}
		res, err := sp.Process(b.Context(), stage.NoDB, in)
		if err != nil {
			b.Fatal(err)
		}
		out := make([]stage.In[record.SilverPlaylist], 0, batch)
		tracks := 0
		for _, o := range res.Outputs {
			tracks += len(o.Value.Tracks)
			out = append(out, stage.In[record.SilverPlaylist]{Record: &kgo.Record{Key: []byte(o.Key)}, Value: *o.Value})
		}
		return out, tracks
	}
	tracks := 0
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		in, n := next()
		tracks += n
		b.StartTimer()
		start := time.Now()
		err := postgres.Tx(b.Context(), f.db, time.Minute, func(tx pgx.Tx) error {
			_, err := f.proc.Process(b.Context(), tx, in)
			return err
		})
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tracks)/elapsed.Seconds(), "tracks/s")
}
