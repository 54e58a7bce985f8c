package monitor

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// records returns a raw, a bronze and a silver record of one generated
// playlist, framed by the real encoders, and a reader for them.
func records(b testing.TB) ([]*kgo.Record, *reader) {
	_, url := testenv.Registry(b)
	reg, err := serde.NewRegistry(url)
	if err != nil {
		b.Fatal(err)
	}
	topics := kafka.Topics{Prefix: "b"}
	ctx := context.Background()
	enc := func(subject string, v any) []byte {
		var sch = record.ScrapedPlaylistSchema
		switch v.(type) {
		case *record.BronzePlaylist:
			sch = record.BronzePlaylistSchema
		case *record.SilverPlaylist:
			sch = record.SilverPlaylistSchema
		}
		e, err := serde.NewEncoder(ctx, reg, subject, sch)
		if err != nil {
			b.Fatal(err)
		}
		out, err := e.Encode(v)
		if err != nil {
			b.Fatal(err)
		}
		return out
	}
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 1})
	it := g.Next()
	p := it.Playlist
	lin := record.Lineage{Topic: topics.Raw("mixesdb"), IngestedAt: time.Now()}
	s := record.SilverPlaylist{PlaylistKey: "k", SetID: "k", Source: p.Source, SourceURL: p.SourceURL, Name: p.Name,
		ScrapedAt: p.ScrapedAt, ParserVersion: p.ParserVersion, Lineage: lin, RawLineage: lin}
	for i, tr := range it.Tracks {
		st := record.SilverTrack{Position: i + 1, RawLine: tr.Line, Status: tr.Expect}
		if tr.Artist != "" {
			st.Artists = []string{tr.Artist}
		}
		s.Tracks = append(s.Tracks, st)
	}
	recs := []*kgo.Record{
		{Topic: topics.Raw("mixesdb"), Value: enc(topics.Raw("mixesdb")+"-value", p)},
		{Topic: topics.Bronze(), Value: enc(topics.Bronze()+"-value", &record.BronzePlaylist{PlaylistKey: "k", Playlist: *p, Lineage: lin})},
		{Topic: topics.Silver(), Value: enc(topics.Silver()+"-value", &s)},
	}
	return recs, newReader(topics, reg)
}

// BenchmarkRead is the monitor's CPU per record: decoding a raw, a bronze
// and a silver playlist through the projections (of about 20 tracks each).
func BenchmarkRead(b *testing.B) {
	recs, rd := records(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o, err := rd.read(ctx, recs[i%3])
		if err != nil || o.kind != obsPlaylist {
			b.Fatal(o, err)
		}
	}
}

// A large batch is decoded on several goroutines; the observations come
// out in the records' order, each exactly once.
func TestReadAllKeepsOrder(t *testing.T) {
	recs, rd := records(t)
	var batch []*kgo.Record
	for i := range 3000 {
		r := *recs[i%3]
		r.Offset = int64(i)
		batch = append(batch, &r)
	}
	m := &Monitor{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	out, ok := m.readAll(context.Background(), rd, batch, nil)
	if !ok || len(out) != len(batch) {
		t.Fatalf("%d observations of %d records", len(out), len(batch))
	}
	for i, o := range out {
		if o.offset != int64(i) || o.kind != obsPlaylist || o.stage != i%3 || o.tracks == 0 {
			t.Fatalf("observation %d: %+v", i, o)
		}
	}
}
