package scrape_test

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// A playlist a scraper sends through the ingest API lands in the raw
// topic as it would produced straight to Kafka: every field the scraper
// set, and nothing it did not.
func TestIngestSinkKeepsEveryField(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1)
	_, regURL := testenv.Registry(t)
	s := ingest.DefaultSettings(kcfg)
	s.RegistryURL = regURL
	a := app.New("ingest", testenv.Logger(t))
	srv, err := ingest.NewServer(a, s)
	testenv.Must(t, err, "ingest server")
	t.Cleanup(srv.Close)
	srv.Register(a)
	hs := httptest.NewServer(a.Mux)
	t.Cleanup(hs.Close)
	cl, err := ingestclient.New(hs.URL)
	testenv.Must(t, err, "client")
	sink := &scrape.IngestSink{Client: cl, Log: testenv.Logger(t)}

	str := func(s string) *string { return &s }
	bpm, with := 126.5, true
	day := time.Date(2021, 4, 3, 0, 0, 0, 0, time.UTC)
	want := record.ScrapedPlaylist{
		Source: "1001tracklists", SourceURL: "https://www.1001tracklists.com/tracklist/2x1/set.html",
		SourcePlaylistID: str("2x1"), Name: "Adam Beyer @ Drumcode", DjNames: []string{"Adam Beyer"},
		Event: str("Drumcode"), Venue: str("Tobacco Dock"), PlayedOn: &day, PlayedOnText: str("2021-04-03"),
		ScrapedAt: time.Date(2026, 11, 29, 4, 0, 0, 123e6, time.UTC), ParserVersion: "tracklists1001/2",
		SourceRevision: str("sha256:00ff"), HintsFromMarkup: true,
		Tracks: []record.ScrapedTrack{
			{Position: 1, RawLine: "Adam Beyer - Your Mind", Artist: str("Adam Beyer"), Title: str("Your Mind"), Label: str("DRUMCODE"),
				Catalog: str("DC1"), Bpm: &bpm, Key: str("8A"), Genre: str("Techno"), Cue: str("01:02"), Remix: str("Original Mix")},
			{Position: 2, RawLine: "w/ ID - ID", WithPrevious: &with},
		},
	}
	partial := want
	partial.SourceURL, partial.SourcePlaylistID, partial.PlayedOn, partial.PlayedOnText = "https://www.1001tracklists.com/tracklist/3x1/set.html", nil, nil, str("2009-11")
	for _, p := range []record.ScrapedPlaylist{want, partial} {
		testenv.Must(t, sink.Playlist(t.Context(), &p), "post %s", p.SourceURL)
	}

	recs := testenv.ReadAll(t, kcfg, kcfg.Topics.Raw("1001tracklists"))
	if len(recs) != 2 {
		t.Fatalf("%d records in the raw topic, want 2", len(recs))
	}
	reg, err := serde.NewRegistry(regURL)
	testenv.Must(t, err, "registry")
	dec := serde.NewDecoder(reg, record.ScrapedPlaylistSchema)
	got := map[string]record.ScrapedPlaylist{}
	for _, r := range recs {
		var p record.ScrapedPlaylist
		_, err := dec.Decode(t.Context(), r.Value, &p)
		testenv.Must(t, err, "decode")
		got[p.SourceURL] = p
	}
	for _, w := range []record.ScrapedPlaylist{want, partial} {
		g := got[w.SourceURL]
		if g.PlayedOn != nil {
			d := g.PlayedOn.UTC()
			g.PlayedOn = &d
		}
		g.ScrapedAt = g.ScrapedAt.UTC()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("stored\n  %+v\nwant\n  %+v", g, w)
		}
	}

	// A playlist ingest rejects is an error naming the field.
	bad := want
	bad.Tracks = []record.ScrapedTrack{{Position: 0, RawLine: "x"}}
	if err := sink.Playlist(t.Context(), &bad); err == nil || !strings.Contains(err.Error(), "rejected the playlist: tracks[0].position 0") {
		t.Fatalf("rejected playlist: %v", err)
	}
}
