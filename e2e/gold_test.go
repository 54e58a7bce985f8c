package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// feed sends generated playlists from two sources over HTTP, with
// re-scrapes, plus copies of some sets posted by a third site.
func (s *stack) feed(perSource int, seed uint64) {
	s.t.Helper()
	for i, src := range []string{"mixesdb", "1001tracklists"} {
		// Item i is scraped at Now + i seconds: Now goes back far enough
		// that the last item (re-scrapes take indexes too) is in the past,
		// as ingest refuses a scraped_at more than an hour ahead.
		back := 2*time.Hour + time.Duration(2*perSource)*time.Second
		g := gen.New(gen.Config{Source: src, Seed: seed + uint64(i), RescrapeRatio: 0.1, Now: time.Now().Add(-back)})
		items := make([]gen.Item, perSource)
		for j := range items {
			items[j] = s.cut(g.Next())
		}
		for j, r := range s.sendHTTP(items, src, 200, 4) {
			if r.Status != "accepted" {
				s.t.Fatalf("%s item %d: %+v", src, j, r)
			}
		}
		if src != "mixesdb" {
			continue
		}
		var twins []gen.Item
		for _, it := range items {
			if it.Playlist.PlayedOn != nil && it.RescrapeOf < 0 && len(twins) < 25 {
				p := *it.Playlist
				p.Source = "othersite"
				p.SourceURL = strings.Replace(p.SourceURL, "mixesdb.com/w/", "othersite.example/sets/", 1)
				twins = append(twins, gen.Item{Playlist: &p, JSON: mustJSON(s.t, &p)})
			}
		}
		s.sendHTTP(twins, "othersite", 25, 1)
	}
}

// cut keeps the first s.maxTracks lines of a playlist (all when 0), one
// of them one the parser identifies, so that it still reaches gold.
func (s *stack) cut(it gen.Item) gen.Item {
	n := s.maxTracks
	if n == 0 || len(it.Playlist.Tracks) <= n {
		return it
	}
	p := *it.Playlist
	p.Tracks = slices.Clone(p.Tracks[:n])
	truth := slices.Clone(it.Tracks[:n])
	if !slices.ContainsFunc(truth, identified) {
		if i := slices.IndexFunc(it.Tracks, identified); i >= 0 {
			p.Tracks[n-1], truth[n-1] = it.Playlist.Tracks[i], it.Tracks[i]
			p.Tracks[n-1].Position = n
		}
	}
	it.Playlist, it.Tracks, it.JSON = &p, truth, mustJSON(s.t, &p)
	return it
}

func identified(tt gen.TrackTruth) bool {
	return tt.Expect == gen.ExpectValid || tt.Expect == gen.ExpectWarning
}

type agg struct {
	occurrences, playlists, djs int64
	first, last                 string
}

// goldTable reads gold_transitions.
func (s *stack) goldTable() map[string]agg {
	s.t.Helper()
	rows, err := s.db.Query(s.t.Context(), `SELECT from_track_id || '>' || to_track_id, occurrences, playlists, djs,
		coalesce(first_seen::text, ''), coalesce(last_seen::text, '') FROM gold_transitions`)
	testenv.Must(s.t, err, "read gold")
	defer rows.Close()
	out := map[string]agg{}
	for rows.Next() {
		var k string
		var a agg
		testenv.Must(s.t, rows.Scan(&k, &a.occurrences, &a.playlists, &a.djs, &a.first, &a.last), "scan")
		out[k] = a
	}
	return out
}

// recount computes the transitions from the silver tables, independently
// of gold: each set's fullest page counts (the smallest key on a tie), a
// transition is two adjacent identified, different tracks.
func (s *stack) recount() map[string]agg {
	s.t.Helper()
	rows, err := s.db.Query(s.t.Context(), `
		WITH counted AS (
			SELECT DISTINCT ON (set_id) playlist_key, set_id, played_on, dj_keys
			FROM silver_playlists ORDER BY set_id, identified_count DESC, playlist_key
		), lines AS (
			SELECT c.set_id, c.played_on, c.dj_keys, t.track_id,
			       lead(t.track_id) OVER (PARTITION BY t.playlist_key ORDER BY t.position) AS next_id,
			       row_number() OVER (PARTITION BY t.playlist_key ORDER BY t.position) AS n,
			       c.playlist_key
			FROM counted c JOIN silver_playlist_tracks t USING (playlist_key)
		), pairs AS (
			SELECT * FROM lines WHERE track_id IS NOT NULL AND next_id IS NOT NULL AND track_id <> next_id
		), djs AS (
			SELECT track_id, next_id, count(DISTINCT dj) AS djs FROM pairs, unnest(dj_keys) AS dj GROUP BY 1, 2
		)
		SELECT p.track_id || '>' || p.next_id, count(*), count(DISTINCT p.set_id), coalesce(max(d.djs), 0),
		       coalesce(min(p.played_on)::text, ''), coalesce(max(p.played_on)::text, '')
		FROM pairs p LEFT JOIN djs d USING (track_id, next_id)
		GROUP BY p.track_id, p.next_id`)
	testenv.Must(s.t, err, "recount")
	defer rows.Close()
	out := map[string]agg{}
	for rows.Next() {
		var k string
		var a agg
		testenv.Must(s.t, rows.Scan(&k, &a.occurrences, &a.playlists, &a.djs, &a.first, &a.last), "scan")
		out[k] = a
	}
	return out
}

// topicMatchesTable checks that the compacted topic's latest value per key
// is the table's row, a tombstone where the table has none.
func (s *stack) topicMatchesTable(table map[string]agg) {
	s.t.Helper()
	if err := s.topicDiff(table); err != nil {
		s.t.Fatal(err)
	}
}

func (s *stack) topicDiff(table map[string]agg) error {
	s.t.Helper()
	latest := map[string][]byte{}
	for _, r := range testenv.ReadAll(s.t, s.kcfg, s.kcfg.Topics.Gold()) {
		latest[string(r.Key)] = r.Value
	}
	dec := serde.NewDecoder(s.reg, record.GoldTransitionSchema)
	live := 0
	for k, v := range latest {
		want, inTable := table[k]
		if v == nil {
			if inTable {
				return fmt.Errorf("%s: tombstone in the topic, %+v in the table", k, want)
			}
			continue
		}
		var g record.GoldTransition
		_, err := dec.Decode(s.t.Context(), v, &g)
		testenv.Must(s.t, err, "decode gold")
		got := agg{g.Occurrences, g.Playlists, g.Djs, date(g.FirstSeen), date(g.LastSeen)}
		if got != want {
			return fmt.Errorf("%s: topic says %+v, table %+v", k, got, want)
		}
		live++
	}
	if live != len(table) {
		return fmt.Errorf("%d live keys in the topic, %d rows in the table", live, len(table))
	}
	return nil
}

func date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *stack) goldChecksum() string {
	return s.checksum("gold_transitions", "from_track_id, to_track_id") + s.checksum("gold_tracks", "track_id") +
		s.checksum("gold_artists", "artist_key") + s.checksum("gold_playlists", "playlist_key") +
		s.checksum("gold_lines", "playlist_key, position") + s.checksum("gold_dj_refcounts", "h")
}

func (s *stack) replay(stage string) {
	s.t.Helper()
	adm, err := s.kcfg.NewAdmin("test", testenv.Logger(s.t))
	testenv.Must(s.t, err, "admin")
	defer adm.Close()
	testenv.Must(s.t, ops.Replay(s.t.Context(), adm, s.kcfg.Topics, stage, ops.ReplayTarget{Start: true}, false, io.Discard), "replay %s", stage)
}

// The song graph from end to end: gold's aggregates equal a recount from
// the silver tables, the compacted topic agrees with the tables, and
// replaying gold, then silver and gold, leaves the gold tables identical.
func TestGoldEndToEnd(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.runBronze(1 << 20)
	_, stopSilver := s.runSilver("")
	_, stopGold := s.runGold()
	s.feed(800, 50)
	s.settled(3 * time.Minute)

	table := s.goldTable()
	if want := s.recount(); !maps.Equal(table, want) {
		t.Fatalf("gold differs from a recount: %d rows, recount %d; e.g. %v", len(table), len(want), firstDiff(table, want))
	}
	if len(table) < 1000 {
		t.Fatalf("only %d transitions", len(table))
	}
	s.topicMatchesTable(table)
	var linked int
	testenv.Must(t, s.db.QueryRow(t.Context(), "SELECT count(*) FROM gold_playlists WHERE NOT counted").Scan(&linked), "members")
	if linked == 0 {
		t.Fatal("no set was seen twice: the cross-source case went untested")
	}
	s.graphNext()

	sum := s.goldChecksum()
	stopGold()
	s.replay("gold")
	_, stopGold = s.runGold()
	s.settled(3 * time.Minute)
	if s.goldChecksum() != sum {
		t.Fatal("replaying gold changed its tables")
	}
	s.topicMatchesTable(table)

	stopGold()
	stopSilver()
	s.replay("silver")
	s.runSilver("")
	s.runGold()
	s.settled(3 * time.Minute)
	if s.goldChecksum() != sum {
		t.Fatal("replaying silver changed the gold tables")
	}
	s.topicMatchesTable(table)
}

// graphNext asks `songnodes graph next` what DJs play after a much played
// track, and gives it a line that names no track.
func (s *stack) graphNext() {
	s.t.Helper()
	ctx := s.t.Context()
	rows, err := s.db.Query(ctx, "SELECT from_track_id, from_track FROM gold_next_tracks WHERE rank = 1 ORDER BY occurrences DESC, from_track_id LIMIT 20")
	testenv.Must(s.t, err, "top tracks")
	var id, line string
	for rows.Next() {
		var i, l string
		testenv.Must(s.t, rows.Scan(&i, &l), "scan")
		if got, err := gold.Resolve(ctx, s.db, l); err == nil && got == i && id == "" {
			id, line = i, l // a name that parses back to its track
		}
	}
	rows.Close()
	if id == "" {
		s.t.Fatal("no much played track whose name parses back to it")
	}
	var want gold.Next
	testenv.Must(s.t, s.db.QueryRow(ctx, `SELECT to_track_id, occurrences, djs FROM gold_next_tracks WHERE from_track_id = $1
		ORDER BY rank, to_track_id LIMIT 1`, id).Scan(&want.TrackID, &want.Occurrences, &want.DJs), "next")

	run := func(env []string, args ...string) (string, string, int) {
		cmd := exec.Command(filepath.Join(bins, "songnodes"), append([]string{"graph", "next"}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			s.t.Fatalf("songnodes graph next: %v", err)
		}
		return out.String(), errOut.String(), code
	}
	db := "DATABASE_URL=" + s.dbURL
	out, errOut, code := run([]string{db}, "--json", line)
	var got gold.Next
	if code != 0 || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &got) != nil {
		s.t.Fatalf("graph next %q: exit %d, %s%s", line, code, out, errOut)
	}
	if got.Rank != 1 || got.TrackID != want.TrackID || got.Occurrences != want.Occurrences || got.DJs != want.DJs {
		s.t.Fatalf("graph next %q: first %+v, the view says %+v", line, got, want)
	}
	if out, _, code := run([]string{db}, line); code != 0 || !strings.Contains(out, "(track "+id+")") {
		s.t.Fatalf("graph next %q: exit %d, %s", line, code, out)
	}
	if _, errOut, code := run([]string{db}, "ID - ID"); code != 2 || !strings.Contains(errOut, "does not identify a track") {
		s.t.Fatalf("graph next of an unidentified line: exit %d, %s", code, errOut)
	}
	if _, errOut, code := run([]string{"DATABASE_URL="}, line); code != 2 || !strings.Contains(errOut, "DATABASE_URL") {
		s.t.Fatalf("graph next without DATABASE_URL: exit %d, %s", code, errOut)
	}
}

// The gold process is killed without warning again and again while the
// graph grows: the aggregates still equal a recount.
func TestGoldCrash(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.runBronze(1 << 20)
	s.runSilver("")
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.feed(2000, 70)
	}()
	rng := rand.New(rand.NewPCG(3, 4))
	proc := s.startProcess("gold")
	for k := 0; k < 10; k++ {
		time.Sleep(time.Duration(800+rng.IntN(1500)) * time.Millisecond)
		testenv.Must(t, proc.Process.Signal(syscall.SIGKILL), "kill")
		_ = proc.Wait()
		proc = s.startProcess("gold")
	}
	<-done
	defer func() { _ = proc.Process.Kill(); _ = proc.Wait() }()
	s.settled(5 * time.Minute) // bronze and silver, in-process
	// Gold runs as a process: wait until its tables equal the recount.
	var table, want map[string]agg
	testenv.Eventually(t, 3*time.Minute, "gold to equal a recount", func() bool {
		table, want = s.goldTable(), s.recount()
		return maps.Equal(table, want)
	})
	time.Sleep(2 * time.Second) // and stay so: nothing more to come
	if table = s.goldTable(); !maps.Equal(table, want) {
		t.Fatalf("after 10 crashes gold differs from a recount: %v", firstDiff(table, want))
	}
	testenv.Eventually(t, time.Minute, "the compacted topic to agree with the table", func() bool {
		return s.topicDiff(table) == nil
	})
}

func firstDiff(got, want map[string]agg) string {
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			return fmt.Sprintf("%s: gold %+v, recount %+v", k, got[k], want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			return fmt.Sprintf("%s: gold %+v, not in the recount", k, got[k])
		}
	}
	return "none"
}
