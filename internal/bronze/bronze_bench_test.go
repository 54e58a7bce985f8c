package bronze_test

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// BenchmarkDecodeProcess is bronze's CPU work per playlist without Kafka or
// PostgreSQL: strict decoding, checks, and encoding the output.
func BenchmarkDecodeProcess(b *testing.B) {
	_, url := testenv.Registry(b)
	reg, _ := serde.NewRegistry(url)
	ctx := b.Context()
	topics := kafka.Topics{Prefix: "b"}
	in, _ := serde.NewEncoder(ctx, reg, topics.Raw("mixesdb")+"-value", record.ScrapedPlaylistSchema)
	out, _ := serde.NewEncoder(ctx, reg, topics.Bronze()+"-value", record.BronzePlaylistSchema)
	g := gen.New(gen.Config{Seed: 1})
	recs := make([]*kgo.Record, 1000)
	tracks := 0
	for i := range recs {
		p := g.Next().Playlist
		v, _ := in.Encode(p)
		tracks += len(p.Tracks)
		recs[i] = &kgo.Record{Topic: topics.Raw("mixesdb"), Value: v, Offset: int64(i), Timestamp: time.Now()}
	}
	raw := serde.NewDecoder(reg, record.ScrapedPlaylistSchema)
	dec := stage.Decode[record.ScrapedPlaylist](raw)
	proc := bronze.NewProcessor(topics, out, raw)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		r := recs[n%len(recs)]
		v, id, err := dec(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := proc.Process(ctx, stage.NoDB, []stage.In[record.ScrapedPlaylist]{{Record: r, SchemaID: id, Value: v}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "playlists/s")
	b.ReportMetric(float64(b.N)*float64(tracks)/float64(len(recs))/b.Elapsed().Seconds(), "tracks/s")
}
