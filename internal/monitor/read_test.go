package monitor

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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
	ctx := b.Context()
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
	ctx := b.Context()
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
	out, ok := m.readAll(t.Context(), rd, batch, nil)
	if !ok || len(out) != len(batch) {
		t.Fatalf("%d observations of %d records", len(out), len(batch))
	}
	for i, o := range out {
		if o.offset != int64(i) || o.kind != obsPlaylist || o.stage != i%3 || o.tracks == 0 {
			t.Fatalf("observation %d: %+v", i, o)
		}
	}
}

// Silver's verdicts as the monitor counts them: lines that name no track
// are not tracks, every issue code is counted by code, and a line with a
// doubt code makes the source's doubtful share.
func TestSilverIssues(t *testing.T) {
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	if err != nil {
		t.Fatal(err)
	}
	rd := newReader(kafka.Topics{Prefix: "b"}, reg)
	ctx := t.Context()
	now := time.Unix(1_800_000_000, 0)
	lin := record.Lineage{Topic: "b.raw.mixesdb", IngestedAt: now}
	track := func(status string, issues ...string) record.SilverTrack {
		return record.SilverTrack{Status: status, Issues: append([]string{}, issues...), Artists: []string{"A"}}
	}
	s := record.SilverPlaylist{PlaylistKey: "k", SetID: "k", Source: "mixesdb", SourceURL: "u", Name: "n",
		ScrapedAt: now, Lineage: lin, RawLineage: lin, Tracks: []record.SilverTrack{
			track("valid"),
			track("warning", "split_unsure"),
			track("warning", "label_guessed", "number_prefix"),
			track("warning", "bpm_out_of_range"),
			track("not_track", "not_track"),
			{Status: "unidentified", Issues: []string{"artist_unidentified", "title_unidentified"}},
		}}
	e, err := serde.NewEncoder(ctx, reg, "b.silver.playlists-value", record.SilverPlaylistSchema)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Encode(&s)
	if err != nil {
		t.Fatal(err)
	}
	o, err := rd.read(ctx, &kgo.Record{Topic: "b.silver.playlists", Value: v, Timestamp: now})
	if err != nil {
		t.Fatal(err)
	}
	m := &Monitor{s: Settings{Now: func() time.Time { return now }}, state: NewState(10)}
	m.state.apply(now, []obs{o})
	g := prometheus.NewPedanticRegistry()
	g.MustRegister(newCollector(m))
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"songnodes_monitor_tracks_total", []string{"source", "mixesdb", "stage", "silver"}, 5},
		{"songnodes_monitor_tracks_not_track_total", []string{"source", "mixesdb", "stage", "silver"}, 1},
		{"songnodes_monitor_tracks_doubtful_total", []string{"source", "mixesdb", "stage", "silver"}, 2},
		{"songnodes_monitor_track_issues_total", []string{"source", "mixesdb", "stage", "silver", "reason", "split_unsure"}, 1},
		{"songnodes_monitor_track_issues_total", []string{"source", "mixesdb", "stage", "silver", "reason", "bpm_out_of_range"}, 1},
		{"songnodes_monitor_track_issues_total", []string{"source", "mixesdb", "stage", "silver", "reason", "artist_unidentified"}, 1},
		{"songnodes_monitor_doubtful_ratio_1h", []string{"source", "mixesdb", "stage", "silver"}, 2.0 / 5},
	} {
		if got := testenv.Metric(t, g, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}
