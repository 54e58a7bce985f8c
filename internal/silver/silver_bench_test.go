package silver_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// BenchmarkProcess is silver's CPU work per playlist without Kafka or
// PostgreSQL: parsing every line and the title, validation, and encoding
// the output (which the loop does for it). Decoding the input is not included. The same 500 playlists
// come again and again, so after the first round the processor's memory
// of parses (tracklist.Memo) knows every line, as a running stage knows
// nearly every line (96% of generated ones); BenchmarkAnalyze in
// internal/tracklist is the parse without it.
func BenchmarkProcess(b *testing.B) {
	_, url := testenv.Registry(b)
	reg, _ := serde.NewRegistry(url)
	topics := kafka.Topics{Prefix: "b"}
	enc, _ := serde.NewEncoder(b.Context(), reg, topics.Silver()+"-value", record.SilverPlaylistSchema)
	proc := silver.NewProcessor(nil, prometheus.NewRegistry())
	g := gen.New(gen.Config{Seed: 1})
	batch := make([]stage.In[record.BronzePlaylist], 500)
	tracks := 0
	for i := range batch {
		p := g.Next().Playlist
		tracks += len(p.Tracks)
		batch[i] = stage.In[record.BronzePlaylist]{Record: &kgo.Record{Offset: int64(i), Timestamp: time.Now()},
			Value: record.BronzePlaylist{PlaylistKey: p.SourceURL, Playlist: *p}}
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		res, err := proc.Process(b.Context(), stage.NoDB, batch)
		if err != nil {
			b.Fatal(err)
		}
		stage.Parallel(len(res.Outputs), func(i int) { _, _ = enc.Encode(res.Outputs[i].Value) })
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "playlists/s")
	b.ReportMetric(float64(b.N*tracks)/b.Elapsed().Seconds(), "tracks/s")
}

// BenchmarkDecodeProcess is silver's whole CPU work per playlist in the
// stage loop without Kafka or PostgreSQL, as the loop does it: decoding
// the bronze records, Process, and encoding the outputs, each on every
// core. The memo is warm after the first round, as in BenchmarkProcess.
func BenchmarkDecodeProcess(b *testing.B) {
	_, url := testenv.Registry(b)
	reg, _ := serde.NewRegistry(url)
	ctx := b.Context()
	topics := kafka.Topics{Prefix: "b"}
	in, _ := serde.NewEncoder(ctx, reg, topics.Bronze()+"-value", record.BronzePlaylistSchema)
	out, _ := serde.NewEncoder(ctx, reg, topics.Silver()+"-value", record.SilverPlaylistSchema)
	dec := stage.Decode[record.BronzePlaylist](serde.NewDecoder(reg, record.BronzePlaylistSchema))
	proc := silver.NewProcessor(nil, prometheus.NewRegistry())
	g := gen.New(gen.Config{Seed: 1})
	recs := make([]*kgo.Record, 500)
	tracks := 0
	for i := range recs {
		p := g.Next().Playlist
		tracks += len(p.Tracks)
		v, err := in.Encode(&record.BronzePlaylist{PlaylistKey: p.SourceURL, Playlist: *p})
		if err != nil {
			b.Fatal(err)
		}
		recs[i] = &kgo.Record{Topic: topics.Bronze(), Value: v, Offset: int64(i), Timestamp: time.Now()}
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		batch := make([]stage.In[record.BronzePlaylist], len(recs))
		stage.Parallel(len(recs), func(i int) {
			v, id, err := dec(ctx, recs[i])
			if err != nil {
				panic(err)
			}
			batch[i] = stage.In[record.BronzePlaylist]{Record: recs[i], SchemaID: id, Value: v}
		})
		res, err := proc.Process(ctx, stage.NoDB, batch)
		if err != nil {
			b.Fatal(err)
		}
		stage.Parallel(len(res.Outputs), func(i int) { _, _ = out.Encode(res.Outputs[i].Value) })
	}
	b.ReportMetric(float64(b.N*len(recs))/b.Elapsed().Seconds(), "playlists/s")
	b.ReportMetric(float64(b.N*tracks)/b.Elapsed().Seconds(), "tracks/s")
}
