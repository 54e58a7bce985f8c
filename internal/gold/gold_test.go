package gold_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

type fixture struct {
	t         testing.TB
	db        *pgxpool.Pool
	proc      *gold.Processor
	pairs     *gold.Pairs
	changelog *gold.MemoryChangelog
	enc       *serde.Encoder
	reg       *serde.Registry
	metrics   *prometheus.Registry
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := testenv.Pool(t, testenv.Postgres(t))
	_, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	enc, err := serde.NewEncoder(t.Context(), reg, "changelog-value", record.GoldPairContributionSchema)
	testenv.Must(t, err, "encoder")
	metrics := prometheus.NewRegistry()
	f := &fixture{t: t, db: db, proc: gold.NewProcessor(metrics), reg: reg, metrics: metrics, enc: enc,
		changelog: &gold.MemoryChangelog{Dec: serde.NewDecoder(reg, record.GoldPairContributionSchema), Recs: map[int32][][]byte{}}}
	f.restartPairs()
	return f
}

// restartPairs starts the pairs loop's processor anew: its state comes
// from the changelog.
func (f *fixture) restartPairs() {
	f.pairs = gold.NewTestPairs(f.changelog, f.enc, f.db, prometheus.NewRegistry())
}

// batch processes playlists as one batch of gold's playlists loop, passes
// what it tells to the pairs loop, and returns the states that tells.
func (f *fixture) batch(pls ...*record.SilverPlaylist) map[string]*record.GoldTransition {
	f.t.Helper()
	return f.pair(f.playlists(pls...))
}

// batchLost processes playlists as a batch of the playlists loop whose
// Kafka transaction is lost: its PostgreSQL transaction committed, the
// pairs loop never hears of it.
func (f *fixture) batchLost(pls ...*record.SilverPlaylist) {
	f.t.Helper()
	f.playlists(pls...)
}

func (f *fixture) playlists(pls ...*record.SilverPlaylist) []stage.Out[record.GoldPairContribution] {
	f.t.Helper()
	var ins []stage.In[record.SilverPlaylist]
	for _, p := range pls {
		ins = append(ins, stage.In[record.SilverPlaylist]{Record: &kgo.Record{}, Value: *p})
	}
	var res stage.Result[record.GoldPairContribution]
	ctx := f.t.Context()
	err := postgres.Tx(ctx, f.db, time.Minute, func(tx pgx.Tx) error {
		var err error
		res, err = f.proc.Process(ctx, tx, ins)
		return err
	})
	testenv.Must(f.t, err, "process")
	if res.OnCommit != nil {
		res.OnCommit()
	}
	return res.Outputs
}

// pair runs the pairs loop on contributions, spread over three partitions
// by key as Kafka would, in one transaction.
func (f *fixture) pair(outs []stage.Out[record.GoldPairContribution]) map[string]*record.GoldTransition {
	f.t.Helper()
	ctx := f.t.Context()
	var ins []stage.In[record.GoldPairContribution]
	var recs []*kgo.Record
	for _, o := range outs {
		if o.Key != o.Value.FromTrackID+">"+o.Value.ToTrackID {
			f.t.Fatalf("key %s for %s>%s", o.Key, o.Value.FromTrackID, o.Value.ToTrackID)
		}
		r := &kgo.Record{Key: []byte(o.Key), Partition: int32(len(o.Key) % 3)}
		recs = append(recs, r)
		ins = append(ins, stage.In[record.GoldPairContribution]{Record: r, Value: *o.Value})
	}
	testenv.Must(f.t, f.pairs.Prepare(ctx, recs), "prepare")
	var res stage.Result[record.GoldTransition]
	err := postgres.Tx(ctx, f.db, time.Minute, func(tx pgx.Tx) error {
		var err error
		res, err = f.pairs.Process(ctx, tx, ins)
		return err
	})
	testenv.Must(f.t, err, "process pairs")
	res.OnStored()
	res.OnCommit()
	out := map[string]*record.GoldTransition{}
	for _, r := range res.Outputs {
		if r.Topic != "" {
			f.changelog.Recs[r.Partition] = append(f.changelog.Recs[r.Partition], r.Encoded)
			continue
		}
		if g := r.Value; g != nil && r.Key != g.FromTrackID+">"+g.ToTrackID {
			f.t.Fatalf("key %s for %s>%s", r.Key, g.FromTrackID, g.ToTrackID)
		}
		out[r.Key] = r.Value // nil: a tombstone
	}
	return out
}

// pl builds a silver playlist. Each line is "X" (track X), "X@Am" (with a
// key), "X:128" (with a BPM) or "ID".
func pl(key, set, day string, djs []string, lines ...string) *record.SilverPlaylist {
	p := &record.SilverPlaylist{PlaylistKey: key, SetID: set, Source: strings.Split(key, ":")[0], Djs: djs, ScrapedAt: time.Now()}
	if day != "" {
		d, _ := time.Parse(time.DateOnly, day)
		p.PlayedOn = &d
	}
	for i, l := range lines {
		t := record.SilverTrack{Position: i + 1, RawLine: l, Status: "unidentified", Artists: []string{}}
		if l != "ID" {
			name, rest, _ := strings.Cut(l, "@")
			name, bpm, hasBPM := strings.Cut(name, ":")
			tid := trackID(name)
			t.TrackID, t.Status, t.Artists, t.Title = &tid, "valid", []string{artistOf(name)}, ptr("Title "+name)
			if rest != "" {
				t.Key = &rest
			}
			if hasBPM {
				var b float64
				if _, err := fmt.Sscan(bpm, &b); err != nil {
					panic("pl: bad bpm " + bpm) // a typo in a test's table
				}
				t.Bpm = &b
			}
		}
		p.Tracks = append(p.Tracks, t)
	}
	return p
}

func trackID(name string) string {
	return tracklist.TrackID(tracklist.IDInput{Artist: artistOf(name), Title: "Title " + name})
}

// artistOf names the artist of a track letter: A to D are one artist's,
// E to H another's, the rest have one each.
func artistOf(name string) string {
	switch {
	case name >= "A" && name <= "D":
		return "Artist One"
	case name >= "E" && name <= "H":
		return "Artist Two"
	}
	return "Artist " + name
}

func edge(a, b string) string { return trackID(a) + ">" + trackID(b) }

func ptr[T any](v T) *T { return &v }

type transition struct {
	occurrences, playlists, djs int64
	first, last                 string
}

// transitions reads gold_transitions keyed by "A>B" with letters.
func (f *fixture) transitions(letters string) map[string]transition {
	f.t.Helper()
	name := map[string]string{}
	for _, l := range strings.Split(letters, "") {
		name[trackID(l)] = l
	}
	rows, err := f.db.Query(f.t.Context(), `SELECT from_track_id, to_track_id, occurrences, playlists, djs,
		coalesce(first_seen::text, ''), coalesce(last_seen::text, '') FROM gold_transitions`)
	testenv.Must(f.t, err, "query")
	defer rows.Close()
	out := map[string]transition{}
	for rows.Next() {
		var a, b string
		var tr transition
		testenv.Must(f.t, rows.Scan(&a, &b, &tr.occurrences, &tr.playlists, &tr.djs, &tr.first, &tr.last), "scan")
		out[name[a]+">"+name[b]] = tr
	}
	return out
}

func TestTransitions(t *testing.T) {
	f := newFixture(t)
	// A, ID, B: no A->B. C, C: no C->C. B->C and C->D are.
	got := f.batch(pl("mixesdb:1", "mixesdb:1", "2024-05-01", []string{"DJ One"}, "A", "ID", "B", "C", "C", "D"))
	want := map[string]transition{
		"B>C": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"C>D": {1, 1, 1, "2024-05-01", "2024-05-01"},
	}
	if tr := f.transitions("ABCD"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v", tr, want)
	}
	if len(got) != 2 || got[edge("B", "C")].Occurrences != 1 {
		t.Fatalf("emitted %v", got)
	}
	// Another set, another DJ, a later day: B->C twice in it.
	f.batch(pl("mixesdb:2", "mixesdb:2", "2024-06-01", []string{"DJ Two"}, "B", "C", "A", "B", "C"))
	want["B>C"] = transition{3, 2, 2, "2024-05-01", "2024-06-01"}
	want["C>A"] = transition{1, 1, 1, "2024-06-01", "2024-06-01"}
	want["A>B"] = transition{1, 1, 1, "2024-06-01", "2024-06-01"}
	if tr := f.transitions("ABCD"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v", tr, want)
	}
	var plays, sets, djs int64
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT plays, playlists, djs FROM gold_tracks WHERE track_id = $1", trackID("C")).Scan(&plays, &sets, &djs), "track C")
	if plays != 4 || sets != 2 || djs != 2 {
		t.Fatalf("track C: %d plays, %d playlists, %d djs", plays, sets, djs)
	}
}

// A re-scrape that replaces a track moves the counts from the old pairs to
// the new ones; a pair no longer played is gone, and said so.
func TestRescrapeMovesCounts(t *testing.T) {
	f := newFixture(t)
	f.batch(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B", "C"))
	f.batch(pl("s:2", "s:2", "2024-05-02", []string{"DJ"}, "A", "B"))
	got := f.batch(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "D", "C"))
	want := map[string]transition{
		"A>B": {1, 1, 1, "2024-05-02", "2024-05-02"},
		"A>D": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"D>C": {1, 1, 1, "2024-05-01", "2024-05-01"},
	}
	if tr := f.transitions("ABCD"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v", tr, want)
	}
	if g, ok := got[edge("B", "C")]; !ok || g != nil {
		t.Fatalf("B>C: emitted %v, want a tombstone", g)
	}
	if g := got[edge("A", "B")]; g == nil || g.Occurrences != 1 || g.FirstSeen.Format(time.DateOnly) != "2024-05-02" {
		t.Fatalf("A>B emitted as %+v", g)
	}
	var n int
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT count(*) FROM gold_tracks WHERE track_id = $1", trackID("B")).Scan(&n), "B")
	if n != 1 {
		t.Fatal("track B, still played in s:2, is gone")
	}
}

// A set seen on two sites counts once: its fuller page counts, and when a
// fuller one arrives the counts move to it.
func TestSetCountsOnce(t *testing.T) {
	f := newFixture(t)
	f.batch(pl("mixesdb:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "ID", "C"))
	f.batch(pl("tl:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "D", "C"))
	want := map[string]transition{
		"A>B": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"B>D": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"D>C": {1, 1, 1, "2024-05-01", "2024-05-01"},
	}
	if tr := f.transitions("ABCD"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v (the fuller page counts, once)", tr, want)
	}
	// The first page is re-scraped with every track: it is the fuller one
	// now (a tie goes to the smaller key).
	f.batch(pl("mixesdb:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "E", "C"))
	want = map[string]transition{
		"A>B": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"B>E": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"E>C": {1, 1, 1, "2024-05-01", "2024-05-01"},
	}
	if tr := f.transitions("ABCDE"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v", tr, want)
	}
}

func TestMeansAndReplay(t *testing.T) {
	f := newFixture(t)
	a := pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A:124@Am", "B:126@Em")
	b := pl("s:2", "s:2", "2024-05-02", []string{"DJ 2"}, "A:120@Am", "B:127@C")
	f.batch(a, b)
	var bpm, score float64
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT mean_bpm_delta, camelot_score FROM gold_next_tracks WHERE from_track_id = $1", trackID("A")).Scan(&bpm, &score), "view")
	// (2 + 7) / 2 = 4.5; Am->Em is 8A->9A (0.8), Am->C is 8A->8B (0.8).
	if bpm != 4.5 || score != 0.8 {
		t.Fatalf("mean bpm delta %v, camelot score %v", bpm, score)
	}
	sum := f.checksum()
	got := f.batch(a, b) // a replay
	if f.checksum() != sum {
		t.Fatal("a replay changed the gold tables")
	}
	if len(got) != 0 {
		t.Fatalf("the replay told %v, want nothing (the pairs loop holds every contribution already)", got)
	}
}

// A batch read again after gold died between its PostgreSQL commit and
// its Kafka commit finds its lines stored, so nothing moves in its tables;
// it must still tell the pairs loop what every playlist the first attempt
// changed contributes now, or the pairs loop keeps the counts from before
// the lost transaction: the pairs the change withdrew (B>C), and those of
// a member of the set whose counted flag it flipped (the other site's
// page, E>F).
func TestReplayTellsWhatTheChangeMoved(t *testing.T) {
	f := newFixture(t)
	f.batch(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B", "C"))
	f.batch(pl("tl:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "E", "F", "ID", "ID"))
	rescrape := []*record.SilverPlaylist{
		pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "D", "C"),
		// A fuller page of tl:x's set: the counts move from tl:x's E>F to it.
		pl("mixesdb:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "E", "G", "H"),
	}
	f.batchLost(rescrape...)
	sum := f.playlistsChecksum()
	again := f.batch(rescrape...)
	if f.playlistsChecksum() != sum {
		t.Fatal("reading the batch again changed the gold tables")
	}
	for _, k := range []string{edge("A", "D"), edge("D", "C"), edge("E", "G"), edge("G", "H")} {
		if g := again[k]; g == nil || g.Occurrences != 1 {
			t.Errorf("%s: told %+v, want its state", k, g)
		}
	}
	for _, k := range []string{edge("B", "C"), edge("E", "F")} {
		if g, ok := again[k]; !ok || g != nil {
			t.Errorf("%s: told %v, %v, want a tombstone", k, g, ok)
		}
	}
	want := map[string]transition{
		"A>D": {1, 1, 1, "2024-05-01", "2024-05-01"}, "D>C": {1, 1, 1, "2024-05-01", "2024-05-01"},
		"E>G": {1, 1, 1, "2024-05-01", "2024-05-01"}, "G>H": {1, 1, 1, "2024-05-01", "2024-05-01"},
	}
	if tr := f.transitions("ABCDEFGH"); !maps.Equal(tr, want) {
		t.Fatalf("transitions %v, want %v", tr, want)
	}
}

// Reading the silver topic again from the start (a replay of gold) meets
// each playlist's earlier versions before its current one, in other
// batches than the first time. Gold skips a version older than the one it
// counts (silver's order: scrape time, then raw offset), so the tables do
// not move, not even for a moment, and nothing is told for it; the
// withdrawn pairs stay those the first delivery wrote.
func TestReplayFromTheStartMovesNothing(t *testing.T) {
	f := newFixture(t)
	at := func(p *record.SilverPlaylist, scraped string, off int64) *record.SilverPlaylist {
		p.ScrapedAt, _ = time.Parse(time.RFC3339, scraped)
		p.RawLineage = record.Lineage{Topic: "raw." + p.Source, Partition: 1, Offset: off}
		return p
	}
	v1 := at(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B", "C"), "2024-05-02T10:00:00Z", 3)
	v2 := at(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "D", "C"), "2024-05-03T10:00:00Z", 8)
	// The same scrape time twice: the later raw record is the current one.
	w1 := at(pl("s:2", "s:2", "2024-05-01", []string{"DJ 2"}, "E", "F"), "2024-05-02T10:00:00Z", 4)
	w2 := at(pl("s:2", "s:2", "2024-05-01", []string{"DJ 2"}, "E", "G"), "2024-05-02T10:00:00Z", 9)
	f.batch(v1, w1)
	f.batch(v2, w2)
	sum := f.checksum()
	if got := f.batch(v1, w1); len(got) != 0 {
		t.Errorf("earlier versions read again told %d states, want none", len(got))
	}
	if f.checksum() != sum {
		t.Fatal("earlier versions read again changed the gold tables")
	}
	if n := f.stale("s"); n != 2 {
		t.Errorf("songnodes_gold_stale_versions_total{source=\"s\"} = %v, want 2", n)
	}
	f.batch(v2, w2)
	if f.checksum() != sum {
		t.Fatal("the current versions read again changed the gold tables")
	}
	if g := f.transitions("ABCDEFG"); g["B>C"].occurrences != 0 || g["D>C"].occurrences != 1 || g["E>G"].occurrences != 1 || g["E>F"].occurrences != 0 {
		t.Errorf("transitions after the replay: %v", g)
	}
}

// stale reads songnodes_gold_stale_versions_total for a source.
func (f *fixture) stale(source string) float64 {
	f.t.Helper()
	mfs, err := f.metrics.Gather()
	testenv.Must(f.t, err, "gather")
	for _, mf := range mfs {
		if mf.GetName() != "songnodes_gold_stale_versions_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "source" && l.GetValue() == source {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

func (f *fixture) checksum() string {
	f.t.Helper()
	var sum string
	testenv.Must(f.t, f.db.QueryRow(f.t.Context(), `SELECT md5(
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY from_track_id, to_track_id), '') FROM gold_transitions t))`).Scan(&sum), "checksum")
	return sum + f.playlistsChecksum()
}

// playlistsChecksum covers the tables of gold's playlists loop.
func (f *fixture) playlistsChecksum() string {
	f.t.Helper()
	var sum string
	testenv.Must(f.t, f.db.QueryRow(f.t.Context(), `SELECT md5(
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY track_id), '') FROM gold_tracks t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY artist_key), '') FROM gold_artists t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY playlist_key), '') FROM gold_playlists t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY playlist_key, position), '') FROM gold_lines t) ||
		(SELECT coalesce(string_agg(t::text, '|' ORDER BY h), '') FROM gold_dj_refcounts t))`).Scan(&sum), "checksum")
	return sum
}

// For random sequences of playlist versions, in random batches, the
// aggregates equal a recount from scratch of the latest versions.
func TestAggregatesEqualRecount(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			f := newFixture(t)
			rng := rand.New(rand.NewPCG(seed, 77))
			letters := strings.Split("ABCDEFGH", "")
			latest := map[string]*record.SilverPlaylist{}
			var pending []*record.SilverPlaylist
			for range 120 {
				k := rng.IntN(14)
				key := fmt.Sprintf("src%d:%d", k%3, k)
				set := fmt.Sprintf("set:%d", k%9) // some sets have several pages
				var lines []string
				for range 2 + rng.IntN(8) {
					if rng.IntN(6) == 0 {
						lines = append(lines, "ID")
					} else {
						lines = append(lines, letters[rng.IntN(len(letters))])
					}
				}
				day := ""
				if rng.IntN(4) > 0 {
					day = fmt.Sprintf("2024-0%d-1%d", 1+rng.IntN(9), rng.IntN(10))
				}
				djs := []string{fmt.Sprintf("DJ %d", rng.IntN(4))}
				if existing, ok := latest[key]; ok {
					set = existing.SetID // a playlist's set never moves
				}
				p := pl(key, set, day, djs, lines...)
				latest[key] = p
				pending = append(pending, p)
				if rng.IntN(5) == 0 {
					if rng.IntN(4) == 0 {
						f.batchLost(pending...) // then read again
					}
					f.batch(pending...)
					pending = nil
				}
				if rng.IntN(15) == 0 {
					f.restartPairs() // its state from the changelog
				}
			}
			if len(pending) > 0 {
				f.batch(pending...)
			}
			want, wantTracks := recount(latest)
			if got := f.transitions("ABCDEFGH"); !maps.Equal(got, want) {
				t.Fatalf("transitions differ from a recount:\n got %v\nwant %v", got, want)
			}
			if got := f.tracks("ABCDEFGH"); !maps.Equal(got, wantTracks) {
				t.Fatalf("tracks differ from a recount:\n got %v\nwant %v", got, wantTracks)
			}
			if got, want := f.artists(), recountArtists(latest); !maps.Equal(got, want) {
				t.Fatalf("artists differ from a recount:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// tracks reads gold_tracks keyed by letter, as transitions (occurrences
// holding plays).
func (f *fixture) tracks(letters string) map[string]transition {
	f.t.Helper()
	name := map[string]string{}
	for _, l := range strings.Split(letters, "") {
		name[trackID(l)] = l
	}
	rows, err := f.db.Query(f.t.Context(), `SELECT track_id, plays, playlists, djs,
		coalesce(first_played::text, ''), coalesce(last_played::text, '') FROM gold_tracks`)
	testenv.Must(f.t, err, "query")
	defer rows.Close()
	out := map[string]transition{}
	for rows.Next() {
		var id string
		var tr transition
		testenv.Must(f.t, rows.Scan(&id, &tr.occurrences, &tr.playlists, &tr.djs, &tr.first, &tr.last), "scan")
		out[name[id]] = tr
	}
	return out
}

type artistAgg struct{ tracks, plays, djs int64 }

func (f *fixture) artists() map[string]artistAgg {
	f.t.Helper()
	rows, err := f.db.Query(f.t.Context(), "SELECT name, tracks, plays, djs FROM gold_artists")
	testenv.Must(f.t, err, "query")
	defer rows.Close()
	out := map[string]artistAgg{}
	for rows.Next() {
		var n string
		var a artistAgg
		testenv.Must(f.t, rows.Scan(&n, &a.tracks, &a.plays, &a.djs), "scan")
		out[n] = a
	}
	return out
}

// recountArtists counts, from scratch, each primary artist's distinct
// tracks, plays and distinct DJs over the counted pages.
func recountArtists(latest map[string]*record.SilverPlaylist) map[string]artistAgg {
	counted := map[string]string{} // set -> key
	ident := func(p *record.SilverPlaylist) (n int) {
		for _, t := range p.Tracks {
			if t.TrackID != nil {
				n++
			}
		}
		return n
	}
	for _, k := range slices.Sorted(maps.Keys(latest)) {
		p := latest[k]
		if b, ok := counted[p.SetID]; !ok || ident(p) > ident(latest[b]) {
			counted[p.SetID] = k
		}
	}
	tracks, djs := map[string]map[string]bool{}, map[string]map[string]bool{}
	plays := map[string]int64{}
	for _, k := range counted {
		p := latest[k]
		for _, t := range p.Tracks {
			if t.TrackID == nil {
				continue
			}
			a := t.Artists[0]
			if tracks[a] == nil {
				tracks[a], djs[a] = map[string]bool{}, map[string]bool{}
			}
			tracks[a][*t.TrackID] = true
			plays[a]++
			for _, d := range p.Djs {
				djs[a][tracklist.ArtistKey(d)] = true
			}
		}
	}
	out := map[string]artistAgg{}
	for a := range tracks {
		out[a] = artistAgg{int64(len(tracks[a])), plays[a], int64(len(djs[a]))}
	}
	return out
}

// recount computes transitions and tracks from scratch: each set's
// fullest page (the smallest key on a tie) counts.
func recount(latest map[string]*record.SilverPlaylist) (map[string]transition, map[string]transition) {
	best := map[string]string{}
	identified := func(p *record.SilverPlaylist) int {
		n := 0
		for _, t := range p.Tracks {
			if t.TrackID != nil {
				n++
			}
		}
		return n
	}
	for _, k := range slices.Sorted(maps.Keys(latest)) {
		p := latest[k]
		b, ok := best[p.SetID]
		if !ok || identified(p) > identified(latest[b]) {
			best[p.SetID] = k
		}
	}
	type acc struct {
		n           int64
		sets, djs   map[string]bool
		first, last string
	}
	accs := map[string]*acc{}
	tracks := map[string]*acc{}
	note := func(m map[string]*acc, e string, p *record.SilverPlaylist) {
		x := m[e]
		if x == nil {
			x = &acc{sets: map[string]bool{}, djs: map[string]bool{}}
			m[e] = x
		}
		x.n++
		x.sets[p.SetID] = true
		for _, d := range p.Djs {
			x.djs[tracklist.ArtistKey(d)] = true
		}
		if p.PlayedOn != nil {
			d := p.PlayedOn.Format(time.DateOnly)
			if x.first == "" || d < x.first {
				x.first = d
			}
			if d > x.last {
				x.last = d
			}
		}
	}
	for _, k := range best {
		p := latest[k]
		for _, t := range p.Tracks {
			if t.TrackID != nil {
				note(tracks, strings.TrimPrefix(*t.Title, "Title "), p)
			}
		}
		for i := 0; i+1 < len(p.Tracks); i++ {
			a, b := p.Tracks[i], p.Tracks[i+1]
			if a.TrackID == nil || b.TrackID == nil || *a.TrackID == *b.TrackID {
				continue
			}
			note(accs, strings.TrimPrefix(*a.Title, "Title ")+">"+strings.TrimPrefix(*b.Title, "Title "), p)
		}
	}
	flat := func(m map[string]*acc) map[string]transition {
		out := map[string]transition{}
		for e, x := range m {
			out[e] = transition{x.n, int64(len(x.sets)), int64(len(x.djs)), x.first, x.last}
		}
		return out
	}
	return flat(accs), flat(tracks)
}

// The queries of docs/queries.md give what the playlists say.
func TestQueries(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	p1 := pl("s:1", "s:1", "2024-05-01", []string{"DJ One", "DJ Two"}, "A:124@Am", "B:126@Am", "C")
	p1.Tracks[0].Genre = ptr("Techno")
	f.batch(p1,
		pl("s:2", "s:2", "2024-05-03", []string{"DJ One"}, "A", "B", "D"),
		pl("s:3", "s:3", "2024-07-01", []string{"DJ Three"}, "A", "D"))

	id, err := gold.Resolve(ctx, f.db, "Artist One - Title A")
	testenv.Must(t, err, "resolve")
	if id != trackID("A") {
		t.Fatalf("resolved to %s, want %s", id, trackID("A"))
	}
	next, err := gold.NextTracks(ctx, f.db, id, 10)
	testenv.Must(t, err, "next tracks")
	if len(next) != 2 || next[0].TrackID != trackID("B") || next[0].Rank != 1 || next[0].Occurrences != 2 || next[0].DJs != 2 ||
		next[0].Track != "Artist One - Title B" || next[0].CamelotScore == nil || *next[0].CamelotScore != 1 ||
		next[0].MeanBPMDelta == nil || *next[0].MeanBPMDelta != 2 ||
		next[1].TrackID != trackID("D") || next[1].Rank != 2 || next[1].Occurrences != 1 {
		t.Fatalf("next tracks after A: %+v", next)
	}

	var aNext, bPrev string
	var aPrev *string
	testenv.Must(t, f.db.QueryRow(ctx, `SELECT a.most_common_next, a.most_common_previous, b.most_common_previous
		FROM gold_track_summary a, gold_track_summary b WHERE a.track_id = $1 AND b.track_id = $2`, id, trackID("B")).Scan(&aNext, &aPrev, &bPrev), "summary")
	if aNext != trackID("B") || aPrev != nil || bPrev != id {
		t.Fatalf("track summary: A's next %s, A's previous %v, B's previous %s", aNext, aPrev, bPrev)
	}

	top := func(genre any) []string {
		rows, err := f.db.Query(ctx, "SELECT from_track, to_track, occurrences, djs FROM gold_top_transitions('2024-05-01', '2024-05-31', $1)", genre)
		testenv.Must(t, err, "top transitions")
		defer rows.Close()
		var out []string
		for rows.Next() {
			var from, to string
			var n, djs int64
			testenv.Must(t, rows.Scan(&from, &to, &n, &djs), "scan")
			out = append(out, fmt.Sprintf("%s > %s: %d by %d", from[len(from)-1:], to[len(to)-1:], n, djs))
		}
		return out
	}
	// May only (s:3 is in July); a set with two DJs counts once, by two.
	if got, want := top(nil), []string{"A > B: 2 by 2", "B > C: 1 by 2", "B > D: 1 by 1"}; !slices.Equal(got, want) {
		t.Fatalf("top transitions in May: %v, want %v", got, want)
	}
	if got, want := top("techno"), []string{"A > B: 2 by 2"}; !slices.Equal(got, want) {
		t.Fatalf("top techno transitions in May: %v, want %v", got, want)
	}

	rows, err := f.db.Query(ctx, "SELECT hop, from_track_id, to_track_id, occurrences FROM gold_neighbourhood($1)", id)
	testenv.Must(t, err, "neighbourhood")
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var hop int
		var from, to string
		var n int64
		testenv.Must(t, rows.Scan(&hop, &from, &to, &n), "scan")
		got[fmt.Sprintf("%d %s %d", hop, edgeName(from, to), n)] = true
	}
	want := map[string]bool{"1 A>B 2": true, "1 A>D 1": true, "2 B>C 1": true, "2 B>D 1": true}
	if !maps.Equal(got, want) {
		t.Fatalf("neighbourhood of A: %v, want %v", got, want)
	}
}

// edgeName names a pair of the letter tracks A to H.
func edgeName(from, to string) string {
	for _, a := range strings.Split("ABCDEFGH", "") {
		for _, b := range strings.Split("ABCDEFGH", "") {
			if edge(a, b) == from+">"+to {
				return a + ">" + b
			}
		}
	}
	return from + ">" + to
}

// gold_playlists names the raw record of the version gold counted: it
// follows a re-scrape, and a playlist whose counted flag flips because of
// another page of its set keeps its own.
func TestRawLineage(t *testing.T) {
	f := newFixture(t)
	at := func(p *record.SilverPlaylist, off int64) *record.SilverPlaylist {
		p.RawLineage = record.Lineage{Topic: "raw." + p.Source, Partition: 2, Offset: off}
		return p
	}
	raw := func(key string) string {
		var s string
		testenv.Must(t, f.db.QueryRow(t.Context(), `SELECT raw_topic || ' ' || raw_partition || ' ' || raw_offset || ' ' || counted
			FROM gold_playlists WHERE playlist_key = $1`, key).Scan(&s), "gold_playlists %s", key)
		return s
	}
	f.batch(at(pl("mixesdb:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "ID", "C"), 5))
	if got := raw("mixesdb:x"); got != "raw.mixesdb 2 5 true" {
		t.Fatalf("first version: %s", got)
	}
	// A fuller page of the set takes over: mixesdb:x no longer counts and
	// keeps its raw record although it is not in the batch.
	f.batch(at(pl("tl:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "D", "C"), 7))
	if got, got2 := raw("mixesdb:x"), raw("tl:x"); got != "raw.mixesdb 2 5 false" || got2 != "raw.tl 2 7 true" {
		t.Fatalf("after the fuller page: %s and %s", got, got2)
	}
	// A re-scrape identical in its lines still names its own raw record.
	f.batch(at(pl("mixesdb:x", "mixesdb:x", "2024-05-01", []string{"DJ"}, "A", "B", "ID", "C"), 9))
	if got := raw("mixesdb:x"); got != "raw.mixesdb 2 9 false" {
		t.Fatalf("re-scrape: %s", got)
	}
}

// Two gold replicas may tell a playlist's contributions in the other
// order than they committed them (two pages of a set on two partitions):
// the pairs loop keeps the later rev, whatever comes last.
func TestPairsKeepTheLaterRev(t *testing.T) {
	f := newFixture(t)
	c := func(rev, occ int64) stage.Out[record.GoldPairContribution] {
		v := &record.GoldPairContribution{FromTrackID: trackID("A"), ToTrackID: trackID("B"), PlaylistKey: "s:1", Rev: rev,
			Occurrences: occ, Djs: []string{"dj"}}
		return stage.Out[record.GoldPairContribution]{Key: edge("A", "B"), Value: v}
	}
	f.pair([]stage.Out[record.GoldPairContribution]{c(2, 0)})
	if got := f.pair([]stage.Out[record.GoldPairContribution]{c(1, 3)}); len(got) != 0 {
		t.Fatalf("an earlier rev told %v", got)
	}
	if tr := f.transitions("AB"); len(tr) != 0 {
		t.Fatalf("an earlier rev counted: %v", tr)
	}
	f.restartPairs()
	if got := f.pair([]stage.Out[record.GoldPairContribution]{c(1, 3)}); len(got) != 0 {
		t.Fatalf("after a restart, an earlier rev told %v", got)
	}
	if got := f.pair([]stage.Out[record.GoldPairContribution]{c(3, 2)}); got[edge("A", "B")] == nil || got[edge("A", "B")].Occurrences != 2 {
		t.Fatalf("a later rev told %v", got)
	}
}

// Playlists stored before migration 0011 (rev 0) were never told to the
// pairs loop: read again (a replay of gold after the upgrade), they are,
// once, and the transitions come out whole.
func TestUpgradeTellsStoredPlaylists(t *testing.T) {
	f := newFixture(t)
	a := pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B", "C")
	b := pl("s:2", "s:2", "2024-05-02", []string{"DJ 2"}, "A", "B")
	f.batch(a, b)
	want := f.transitions("ABC")
	// As after the upgrade: revs 0, an empty pairs state and changelog.
	_, err := f.db.Exec(t.Context(), "UPDATE gold_playlists SET rev = 0")
	testenv.Must(t, err, "reset revs")
	f.changelog.Recs = map[int32][][]byte{}
	f.restartPairs()
	f.batch(b) // before the replay reaches a: A>B is counted without it
	f.batch(a, b)
	if got := f.transitions("ABC"); !maps.Equal(got, want) {
		t.Fatalf("transitions after the replay %v, want %v", got, want)
	}
	var untold int
	testenv.Must(t, f.db.QueryRow(t.Context(), "SELECT count(*) FROM gold_playlists WHERE rev = 0").Scan(&untold), "count")
	if untold != 0 {
		t.Fatalf("%d playlists still at rev 0", untold)
	}
	if got := f.batch(a, b); len(got) != 0 {
		t.Fatalf("read a third time, told %v", got)
	}
}

// A Process call whose PostgreSQL transaction fails leaves nothing in the
// pairs loop: the loop calls it again (on halves of the batch when
// PostgreSQL refused the data), and those calls must still write.
func TestPairsForgetAFailedCall(t *testing.T) {
	f := newFixture(t)
	outs := f.playlists(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B", "C"))
	var ins []stage.In[record.GoldPairContribution]
	var recs []*kgo.Record
	for _, o := range outs {
		r := &kgo.Record{Key: []byte(o.Key)}
		recs, ins = append(recs, r), append(ins, stage.In[record.GoldPairContribution]{Record: r, Value: *o.Value})
	}
	testenv.Must(t, f.pairs.Prepare(t.Context(), recs), "prepare")
	refused := errors.New("refused")
	err := postgres.Tx(t.Context(), f.db, time.Minute, func(tx pgx.Tx) error {
		if _, err := f.pairs.Process(t.Context(), tx, ins); err != nil {
			return err
		}
		return refused // as if PostgreSQL refused the commit
	})
	if !errors.Is(err, refused) {
		t.Fatalf("got %v", err)
	}
	for i := range ins { // the halves
		if got := f.pairOne(ins[i]); len(got) != 1 {
			t.Fatalf("half %d told %v, want its pair", i, got)
		}
	}
	if tr := f.transitions("ABC"); len(tr) != 2 {
		t.Fatalf("transitions %v, want A>B and B>C", tr)
	}
}

// pairOne runs one contribution through the pairs loop in its own
// PostgreSQL transaction, within the batch the loop is in.
func (f *fixture) pairOne(in stage.In[record.GoldPairContribution]) map[string]*record.GoldTransition {
	f.t.Helper()
	var res stage.Result[record.GoldTransition]
	err := postgres.Tx(f.t.Context(), f.db, time.Minute, func(tx pgx.Tx) error {
		var err error
		res, err = f.pairs.Process(f.t.Context(), tx, []stage.In[record.GoldPairContribution]{in})
		return err
	})
	testenv.Must(f.t, err, "process")
	res.OnStored()
	out := map[string]*record.GoldTransition{}
	for _, o := range res.Outputs {
		if o.Topic == "" {
			out[o.Key] = o.Value
		}
	}
	return out
}

// A replica that loads a pairs partition takes its next owner epoch: the
// replica that held it before cannot write for it any more, and loads it
// again before it can.
func TestPairsFenceTheOldOwner(t *testing.T) {
	f := newFixture(t)
	outs := f.playlists(pl("s:1", "s:1", "2024-05-01", []string{"DJ"}, "A", "B"))
	in := stage.In[record.GoldPairContribution]{Record: &kgo.Record{Partition: 2}, Value: *outs[0].Value}
	old := f.pairs
	testenv.Must(t, old.Prepare(t.Context(), []*kgo.Record{in.Record}), "prepare the old owner")
	f.restartPairs() // the new owner
	testenv.Must(t, f.pairs.Prepare(t.Context(), []*kgo.Record{in.Record}), "prepare the new owner")
	err := postgres.Tx(t.Context(), f.db, time.Minute, func(tx pgx.Tx) error {
		_, err := old.Process(t.Context(), tx, []stage.In[record.GoldPairContribution]{in})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "another replica took the partition") {
		t.Fatalf("the old owner wrote: %v", err)
	}
	if tr := f.transitions("AB"); len(tr) != 0 {
		t.Fatalf("transitions %v after the old owner's attempt", tr)
	}
	f.pairs = old // it loads the partition again, and may write
	testenv.Must(t, old.Prepare(t.Context(), []*kgo.Record{in.Record}), "prepare again")
	if got := f.pairOne(in); len(got) != 1 {
		t.Fatalf("after loading again, told %v", got)
	}
}
