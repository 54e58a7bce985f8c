package silver_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/cache"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/refdata"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

type fixture struct {
	t       *testing.T
	db      *pgxpool.Pool
	proc    *silver.Processor
	reg     *serde.Registry
	offset  int64
	offsets map[*record.BronzePlaylist]int64 // a playlist sent again is a replay of its record
}

func newFixture(t *testing.T, redisURL string) *fixture {
	t.Helper()
	db := testenv.Pool(t, testenv.Postgres(t))
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	topics := kafka.Topics{Prefix: "t" + strings.ReplaceAll(t.Name(), "/", "-")}
	c, err := cache.New(redisURL, time.Hour, "silver", prometheus.NewRegistry(), testenv.Logger(t))
	testenv.Must(t, err, "cache")
	t.Cleanup(c.Close)
	proc := silver.NewProcessor(silver.NewEnricher(db, c, topics.Prefix), prometheus.NewRegistry())
	return &fixture{t: t, db: db, proc: proc, reg: reg, offsets: map[*record.BronzePlaylist]int64{}}
}

// batch processes playlists as one batch in one transaction.
func (f *fixture) batch(pls ...*record.BronzePlaylist) stage.Result[record.SilverPlaylist] {
	f.t.Helper()
	var ins []stage.In[record.BronzePlaylist]
	for _, p := range pls {
		off, ok := f.offsets[p]
		if !ok {
			f.offset++
			off = f.offset
			f.offsets[p] = off
		}
		ins = append(ins, stage.In[record.BronzePlaylist]{
			Record:   &kgo.Record{Topic: "t.bronze.playlists", Partition: 0, Offset: off},
			SchemaID: 1, Source: p.Playlist.Source, Value: *p,
		})
	}
	var res stage.Result[record.SilverPlaylist]
	ctx := f.t.Context()
	err := postgres.Tx(ctx, f.db, time.Minute, func(tx pgx.Tx) error {
		var err error
		res, err = f.proc.Process(ctx, tx, ins)
		return err
	})
	testenv.Must(f.t, err, "process")
	return res
}

func (f *fixture) decode(o stage.Out[record.SilverPlaylist]) record.SilverPlaylist {
	f.t.Helper()
	if o.Key != o.Value.PlaylistKey || o.Source != o.Value.Source {
		f.t.Fatalf("output keyed %q from %q for playlist %q of %q", o.Key, o.Source, o.Value.PlaylistKey, o.Value.Source)
	}
	return *o.Value
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	testenv.Must(f.t, f.db.QueryRow(f.t.Context(), q, args...).Scan(&n), "%s", q)
	return n
}

func (f *fixture) checksum() string {
	f.t.Helper()
	var sum string
	q := `SELECT md5(
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY playlist_key), '') FROM silver_playlists t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY playlist_key, position), '') FROM silver_playlist_tracks t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY track_id), '') FROM silver_tracks t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY artist_key), '') FROM silver_artists t))`
	testenv.Must(f.t, f.db.QueryRow(f.t.Context(), q).Scan(&sum), "checksum")
	return sum
}

func strp(s string) *string { return &s }

// playlist builds a bronze playlist from its lines.
func playlist(source, url string, scraped time.Time, day string, djs []string, lines ...string) *record.BronzePlaylist {
	p := record.ScrapedPlaylist{
		Source: source, SourceURL: url, Name: day + " - " + strings.Join(djs, " & ") + " - Test Event",
		DjNames: djs, ScrapedAt: scraped, ParserVersion: "test/1",
	}
	for i, l := range lines {
		p.Tracks = append(p.Tracks, record.ScrapedTrack{Position: i + 1, RawLine: l})
	}
	return &record.BronzePlaylist{PlaylistKey: source + ":" + url, Playlist: p,
		Lineage: record.Lineage{Topic: "t.raw." + source, IngestedAt: scraped}}
}

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestStatusesAndTables(t *testing.T) {
	f := newFixture(t, "")
	p := playlist("mixesdb", "https://www.mixesdb.com/w/a", t0, "2021-04-03", []string{"Benny Benassi"},
		"[00] Deadmau5 - Strobe",
		"Eric Prydz - Opus (Four Tet Remix)",
		"ID - ID",
		"!!!!",
		"Swedish House Mafia ft. John Martin - Don't You Worry Child",
	)
	bpm := 999.0
	p.Playlist.Tracks[1].Bpm = &bpm
	p.Playlist.Tracks[4].Key = strp("8A")
	res := f.batch(p)
	if len(res.Outputs) != 1 || len(res.Rejects) != 0 {
		t.Fatalf("%d outputs, %d rejects", len(res.Outputs), len(res.Rejects))
	}
	s := f.decode(res.Outputs[0])
	want := []struct {
		status, id string
		issues     []string
	}{
		{"valid", "94148be74cbc9fa5", nil},
		{"warning", "9b1c3c80776910a5", []string{"bpm_out_of_range"}},
		{"unidentified", "", []string{"artist_unidentified", "title_unidentified"}},
		{"not_track", "", []string{"not_track"}}, // punctuation: not a track
		{"valid", "6dd3aa66e0b072bb", nil},
	}
	for i, w := range want {
		tr := s.Tracks[i]
		id := ""
		if tr.TrackID != nil {
			id = *tr.TrackID
		}
		if tr.Status != w.status || id != w.id || !slices.Equal(tr.Issues, nonNil(w.issues)) {
			t.Errorf("track %d: %s %q %v, want %s %q %v", i+1, tr.Status, id, tr.Issues, w.status, w.id, w.issues)
		}
	}
	if *s.Tracks[4].Key != "Am" || *s.Tracks[4].Camelot != "8A" || s.Tracks[1].Bpm != nil {
		t.Errorf("key %v camelot %v bpm %v", s.Tracks[4].Key, s.Tracks[4].Camelot, s.Tracks[1].Bpm)
	}
	if s.PlayedOn == nil || s.PlayedOn.Format(time.DateOnly) != "2021-04-03" || *s.Event != "Test Event" || s.SetID != p.PlaylistKey {
		t.Errorf("played_on %v event %v set %s", s.PlayedOn, s.Event, s.SetID)
	}
	if s.Lineage.Topic != "t.bronze.playlists" || s.RawLineage.Topic != "t.raw.mixesdb" {
		t.Errorf("lineage %+v raw %+v", s.Lineage, s.RawLineage)
	}
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks WHERE playlist_key = $1", p.PlaylistKey); n != 5 {
		t.Fatalf("%d track lines stored", n)
	}
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks WHERE status = 'warning' AND 'bpm_out_of_range' = ANY(issues)"); n != 1 {
		t.Fatalf("warning row: %d", n)
	}
	if n := f.count("SELECT count(*) FROM silver_tracks"); n != 3 {
		t.Fatalf("%d tracks stored, want 3", n)
	}
	if n := f.count("SELECT count(*) FROM silver_artists WHERE name IN ('Deadmau5', 'Benny Benassi', 'Four Tet', 'John Martin')"); n != 4 {
		t.Fatalf("artists: %d", n)
	}
	if n := f.count("SELECT identified_count FROM silver_playlists"); n != 3 {
		t.Fatalf("identified_count %d", n)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// A playlist with no usable track is dead-lettered; a bad track never costs
// the playlist its other tracks.
func TestNoUsableTrack(t *testing.T) {
	f := newFixture(t, "")
	bad := playlist("mixesdb", "https://x.y/bad", t0, "2021-04-03", []string{"DJ"}, "ID - ID", "???", "!!!!")
	empty := playlist("mixesdb", "https://x.y/empty", t0, "2021-04-03", []string{"DJ"})
	good := playlist("mixesdb", "https://x.y/good", t0, "2021-04-03", []string{"DJ"}, "ID - ID", "Deadmau5 - Strobe")
	res := f.batch(bad, empty, good)
	if len(res.Outputs) != 1 || len(res.Rejects) != 2 {
		t.Fatalf("%d outputs, %d rejects", len(res.Outputs), len(res.Rejects))
	}
	for _, r := range res.Rejects {
		if r.Reason != dlq.Invalid {
			t.Fatalf("reason %s", r.Reason)
		}
	}
	if !strings.Contains(res.Rejects[0].Err.Error(), "none of 3 lines identifies a track (2 unidentified, 0 failed, 1 not a track)") {
		t.Fatalf("message %q", res.Rejects[0].Err)
	}
	if n := f.count("SELECT count(*) FROM silver_playlists"); n != 1 {
		t.Fatalf("%d playlists stored", n)
	}
}

// A newer scrape replaces the earlier one: lines that changed are updated,
// lines that vanished are removed, nothing is duplicated; an older scrape
// arriving late is skipped.
func TestRescrape(t *testing.T) {
	f := newFixture(t, "")
	url := "https://www.mixesdb.com/w/set"
	v1 := playlist("mixesdb", url, t0, "2021-04-03", []string{"Benny Benassi"},
		"Deadmau5 - Strobe", "Eric Prydz - Opus", "FISHER - Losing It", "Tiësto - Adagio for Strings")
	v2 := playlist("mixesdb", url, t0.Add(time.Hour), "2021-04-03", []string{"Benny Benassi"},
		"Deadmau5 - Strobe", "Calvin Harris - Summer", "FISHER - Losing It")
	f.batch(v1)
	res := f.batch(v2)
	if len(res.Outputs) != 1 {
		t.Fatalf("v2: %d outputs", len(res.Outputs))
	}
	rows, err := f.db.Query(t.Context(), "SELECT position, raw_line FROM silver_playlist_tracks ORDER BY position")
	testenv.Must(t, err, "query")
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var p int
		var l string
		err := r.Scan(&p, &l)
		return fmt.Sprintf("%d %s", p, l), err
	})
	testenv.Must(t, err, "rows")
	want := []string{"1 Deadmau5 - Strobe", "2 Calvin Harris - Summer", "3 FISHER - Losing It"}
	if !slices.Equal(got, want) {
		t.Fatalf("lines after re-scrape: %v", got)
	}
	if n := f.count("SELECT count(*) FROM silver_playlists"); n != 1 {
		t.Fatalf("%d playlists", n)
	}
	// The first scrape again, late: skipped, nothing emitted.
	sum := f.checksum()
	res = f.batch(v1)
	if len(res.Outputs) != 0 || len(res.Rejects) != 0 || f.checksum() != sum {
		t.Fatalf("a stale version changed something: %d outputs", len(res.Outputs))
	}
	// The current one again (a replay): emitted again, tables unchanged.
	res = f.batch(v2)
	if len(res.Outputs) != 1 || f.checksum() != sum {
		t.Fatalf("replaying the current version: %d outputs, tables changed: %v", len(res.Outputs), f.checksum() != sum)
	}
	// Two versions in one batch: the later one wins.
	v3 := playlist("mixesdb", url, t0.Add(2*time.Hour), "2021-04-03", []string{"Benny Benassi"}, "Deadmau5 - Strobe")
	v4 := playlist("mixesdb", url, t0.Add(3*time.Hour), "2021-04-03", []string{"Benny Benassi"}, "Eric Prydz - Opus", "FISHER - Losing It")
	f.batch(v3, v4)
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks"); n != 2 {
		t.Fatalf("%d lines after two versions in a batch, want 2", n)
	}
}

// The same DJ set scraped from two sources is one set, whether the two
// arrive in one batch or apart; another set of the same DJ that day is not.
func TestSetAcrossSources(t *testing.T) {
	lines := []string{"Deadmau5 - Strobe", "Eric Prydz - Opus", "FISHER - Losing It", "Tiësto - Adagio for Strings", "Calvin Harris - Summer", "ID - ID"}
	for _, together := range []bool{false, true} {
		t.Run(fmt.Sprintf("one batch %v", together), func(t *testing.T) {
			f := newFixture(t, "")
			a := playlist("mixesdb", "https://www.mixesdb.com/w/x", t0, "2021-04-03", []string{"Benny Benassi"}, lines...)
			// The other site misses a track, writes a line its own way,
			// and spells the DJ in capitals.
			b := playlist("1001tracklists", "https://www.1001tracklists.com/tracklist/1/x.html", t0, "2021-04-03", []string{"BENNY BENASSI"},
				"Deadmau5 - Strobe (Original Mix)", "Eric Prydz – Opus", "Tiësto - Adagio for Strings", "Calvin Harris - Summer")
			other := playlist("other", "https://example.com/y", t0, "2021-04-03", []string{"Benny Benassi"},
				"Calvin Harris - Summer", "Deadmau5 - Strobe", "FISHER - Losing It")
			var outs []stage.Out[record.SilverPlaylist]
			if together {
				outs = f.batch(a, b, other).Outputs
			} else {
				outs = append(append(f.batch(a).Outputs, f.batch(b).Outputs...), f.batch(other).Outputs...)
			}
			sa, sb, so := f.decode(outs[0]), f.decode(outs[1]), f.decode(outs[2])
			if sa.SetID != a.PlaylistKey || sb.SetID != a.PlaylistKey {
				t.Fatalf("set ids %q %q, want both %q", sa.SetID, sb.SetID, a.PlaylistKey)
			}
			if so.SetID != other.PlaylistKey {
				t.Fatalf("a different set of the same DJ joined: %q", so.SetID)
			}
			if n := f.count("SELECT count(DISTINCT set_id) FROM silver_playlists"); n != 2 {
				t.Fatalf("%d sets stored", n)
			}
		})
	}
}

// Reference data: aliases make one artist (and one track ID) of several
// spellings; known tracks give BPM, key, genre and label. Redis changes
// nothing but speed: with it, without it, down, or flushed half way, the
// tables end the same.
func TestEnrichmentAndCache(t *testing.T) {
	redisURL := testenv.RedisURL(t)
	data := refdata.Data{
		Aliases: []refdata.Alias{{Alias: "Joel Zimmerman", Canonical: "deadmau5"}, {Alias: "SHM", Canonical: "Swedish House Mafia"}},
		Tracks: []refdata.Track{
			{Artist: "deadmau5", Title: "Strobe", BPM: ptr(128.0), Key: "Bbm", Genre: "Progressive House", Label: "mau5trap"},
		},
	}
	lines := []string{"Joel Zimmerman - Strobe", "DEADMAU5 - Strobe (Extended Mix)", "SHM - One", "Eric Prydz - Opus"}
	run := func(t *testing.T, url string, flushAfter int) string {
		f := newFixture(t, url)
		prefix := "t" + strings.ReplaceAll(t.Name(), "/", "-") + ":"
		if url == redisURL {
			t.Cleanup(func() { testenv.DeleteRedisKeys(t, url, prefix) })
		}
		_, err := refdata.Load(t.Context(), f.db, data)
		testenv.Must(t, err, "load reference data")
		var outs []record.SilverPlaylist
		for i := range 6 {
			p := playlist("mixesdb", fmt.Sprintf("https://x.y/%d", i), t0, "2021-04-03", []string{"Joel Zimmerman"}, lines...)
			for _, r := range f.batch(p).Outputs {
				outs = append(outs, f.decode(r))
			}
			if i == flushAfter {
				if n := testenv.DeleteRedisKeys(t, url, prefix); n == 0 {
					t.Fatal("nothing was cached")
				}
			}
		}
		s := outs[0]
		if s.Tracks[0].TrackID == nil || *s.Tracks[0].TrackID != "94148be74cbc9fa5" || *s.Tracks[1].TrackID != "94148be74cbc9fa5" {
			t.Fatalf("aliases did not make one track: %v %v", s.Tracks[0].TrackID, s.Tracks[1].TrackID)
		}
		if s.Tracks[0].Artists[0] != "deadmau5" || s.Tracks[2].Artists[0] != "Swedish House Mafia" || s.Djs[0] != "deadmau5" {
			t.Fatalf("canonical names: %v %v %v", s.Tracks[0].Artists, s.Tracks[2].Artists, s.Djs)
		}
		tr := s.Tracks[0]
		if got := fmt.Sprintf("%v %v %v %v %v", deref(tr.Bpm), deref(tr.Key), deref(tr.Camelot), deref(tr.Genre), deref(tr.Label)); got != "128 A#m 3A Progressive House mau5trap" {
			t.Fatalf("enrichment: %s", got)
		}
		if s.Tracks[3].Bpm != nil || s.Tracks[3].Genre != nil {
			t.Fatal("an unknown track got reference data")
		}
		return f.checksum()
	}
	var sums []string
	for _, c := range []struct {
		name  string
		url   string
		flush int
	}{
		{"no Redis", "", -1},
		{"Redis", redisURL, -1},
		{"Redis flushed half way", redisURL, 2},
		{"Redis down", "redis://127.0.0.1:1/0", -1},
	} {
		t.Run(c.name, func(t *testing.T) { sums = append(sums, run(t, c.url, c.flush)) })
	}
	for i := 1; i < len(sums); i++ {
		if sums[i] != sums[0] {
			t.Fatalf("silver tables differ between runs: %v", sums)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// A playlist whose title names no DJ and whose scraper gave none is stored
// with an empty DJ list, not refused.
func TestNoDJs(t *testing.T) {
	f := newFixture(t, "")
	p := playlist("mixesdb", "https://x.y/nodj", t0, "2021-04-03", nil, "Deadmau5 - Strobe")
	p.Playlist.Name = "2021-04-03"
	res := f.batch(p)
	if len(res.Outputs) != 1 || len(res.Rejects) != 0 {
		t.Fatalf("%d outputs, %d rejects: %v", len(res.Outputs), len(res.Rejects), res.Rejects)
	}
	if n := f.count("SELECT count(*) FROM silver_playlists WHERE djs = '{}'"); n != 1 {
		t.Fatalf("stored with djs: %d", n)
	}
}

// A playlist's lines are read together and stored with what the parser
// made of them: its version on the playlist, "w/" lines marked, headings
// kept as not_track and not counted as tracks.
func TestParserVersionAndLayout(t *testing.T) {
	f := newFixture(t, "")
	p := playlist("1001tracklists", "https://www.1001tracklists.com/tracklist/x", t0, "2024-06-29", []string{"DJ"},
		"CD 1",
		"01 808 State - Pacific State",
		"02 Jay-Z - 99 Problems",
		"w/ Daft Punk - Da Funk",
		"03 2 Unlimited - No Limit",
	)
	res := f.batch(p)
	if len(res.Outputs) != 1 {
		t.Fatalf("%d outputs, %d rejects", len(res.Outputs), len(res.Rejects))
	}
	s := f.decode(res.Outputs[0])
	if s.TracklistVersion != tracklist.Version {
		t.Errorf("tracklist_version %q, want %q", s.TracklistVersion, tracklist.Version)
	}
	if got := s.Tracks[1].Artists; len(got) != 1 || got[0] != "808 State" || s.Tracks[1].Status != "valid" {
		t.Errorf("numbered line read as %v %s: the tracklist's numbering is a layout", got, s.Tracks[1].Status)
	}
	if s.Tracks[0].Status != "not_track" || !s.Tracks[3].WithPrevious {
		t.Errorf("heading %s, w/ line with_previous %v", s.Tracks[0].Status, s.Tracks[3].WithPrevious)
	}
	if n := f.count("SELECT count(*) FROM silver_playlists WHERE tracklist_version = $1 AND track_count = 4", tracklist.Version); n != 1 {
		t.Errorf("%d playlists stored with the parser's version and 4 tracks", n)
	}
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks WHERE with_previous AND position = 4"); n != 1 {
		t.Errorf("%d w/ lines stored", n)
	}
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks WHERE status = 'not_track'"); n != 1 {
		t.Errorf("%d headings stored", n)
	}
}

// A page that marks artist, title, remix and label apart
// (hints_from_markup) is read from its marks: the raw line, with the
// label run into the title as 1001Tracklists shows it, is kept as it was.
func TestHintsFromMarkup(t *testing.T) {
	f := newFixture(t, "")
	p := playlist("1001tracklists", "https://www.1001tracklists.com/tracklist/y", t0, "2024-06-29", []string{"DJ"},
		"Adam Beyer & Bart Skils - Your Mind (Ida Engberg Remix) DRUMCODE",
		"w/ Amelie Lens - Hypnotized LENSKE",
		"ID - ID",
	)
	p.Playlist.HintsFromMarkup = true
	tr := p.Playlist.Tracks
	tr[0].Artist, tr[0].Title, tr[0].Remix, tr[0].Label = strp("Adam Beyer & Bart Skils"), strp("Your Mind"), strp("Ida Engberg Remix"), strp("DRUMCODE")
	tr[1].Artist, tr[1].Title, tr[1].Label = strp("Amelie Lens"), strp("Hypnotized"), strp("LENSKE")
	yes := true
	tr[1].WithPrevious = &yes
	res := f.batch(p)
	if len(res.Outputs) != 1 {
		t.Fatalf("%d outputs, %d rejects", len(res.Outputs), len(res.Rejects))
	}
	s := f.decode(res.Outputs[0])
	a := s.Tracks[0]
	if !slices.Equal(a.Artists, []string{"Adam Beyer", "Bart Skils"}) || *a.Title != "Your Mind" ||
		!slices.Equal(a.Remixers, []string{"Ida Engberg"}) || *a.Label != "DRUMCODE" || a.RawLine != tr[0].RawLine {
		t.Errorf("marked track read as %v %q remixers %v label %v raw %q", a.Artists, *a.Title, a.Remixers, *a.Label, a.RawLine)
	}
	if b := s.Tracks[1]; !b.WithPrevious || *b.Title != "Hypnotized" || *b.Label != "LENSKE" {
		t.Errorf("w/ track: with_previous %v title %q label %v", b.WithPrevious, *b.Title, *b.Label)
	}
	if s.Tracks[2].Status != "unidentified" {
		t.Errorf("unmarked ID - ID line: %s", s.Tracks[2].Status)
	}
	if n := f.count("SELECT count(*) FROM silver_playlist_tracks WHERE label = 'DRUMCODE' AND title = 'Your Mind' AND raw_line LIKE '%DRUMCODE'"); n != 1 {
		t.Errorf("%d rows of the marked track with its label and raw line", n)
	}
}

// Replaying bronze writes every raw record again at new bronze offsets;
// silver keeps the lineage of the first bronze record of each, so that
// its tables end up the same (issue 15), and the later raw record still
// wins between two scrapes of the same time.
func TestBronzeReplayKeepsTables(t *testing.T) {
	f := newFixture(t, "")
	url := "https://www.mixesdb.com/w/replayed"
	r1 := playlist("mixesdb", url, t0, "2021-04-03", []string{"Benny Benassi"}, "Deadmau5 - Strobe", "Eric Prydz - Opus")
	r1.Lineage.Offset = 7
	r2 := playlist("mixesdb", url, t0, "2021-04-03", []string{"Benny Benassi"}, "Deadmau5 - Strobe", "FISHER - Losing It")
	r2.Lineage.Offset = 8 // the same scrape time, later in the raw topic
	f.batch(r1)
	f.batch(r2)
	var bronzeOffset int64
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT bronze_offset FROM silver_playlists").Scan(&bronzeOffset), "bronze offset")
	if bronzeOffset != f.offsets[r2] {
		t.Fatalf("bronze_offset %d, want the second record's %d", bronzeOffset, f.offsets[r2])
	}
	sum := f.checksum()

	// Bronze replayed: the same raw records again, at new bronze offsets,
	// one batch each and both in one batch.
	again1, again2 := *r1, *r2
	res := f.batch(&again1)
	if len(res.Outputs) != 0 || f.checksum() != sum {
		t.Fatalf("the earlier raw record, replayed: %d outputs, tables changed: %v", len(res.Outputs), f.checksum() != sum)
	}
	res = f.batch(&again2)
	if len(res.Outputs) != 1 || f.checksum() != sum {
		t.Fatalf("the current raw record, replayed: %d outputs, tables changed: %v", len(res.Outputs), f.checksum() != sum)
	}
	if l := f.decode(res.Outputs[0]).Lineage; l.Offset != f.offsets[r2] || l.Topic != "t.bronze.playlists" {
		t.Fatalf("the replayed record's lineage %+v, want the first bronze record's offset %d", l, f.offsets[r2])
	}
	both1, both2 := *r1, *r2
	res = f.batch(&both1, &both2)
	if len(res.Outputs) != 1 || f.checksum() != sum {
		t.Fatalf("both replayed in one batch: %d outputs, tables changed: %v", len(res.Outputs), f.checksum() != sum)
	}

	// A new scrape is a new raw record: its own lineage.
	r3 := playlist("mixesdb", url, t0.Add(time.Hour), "2021-04-03", []string{"Benny Benassi"}, "Deadmau5 - Strobe")
	r3.Lineage.Offset = 9
	f.batch(r3)
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT bronze_offset FROM silver_playlists").Scan(&bronzeOffset), "bronze offset")
	if bronzeOffset != f.offsets[r3] {
		t.Fatalf("a new scrape's bronze_offset %d, want %d", bronzeOffset, f.offsets[r3])
	}
}
