package e2e

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// 10,000 generated playlists over HTTP, 5% malformed: every accepted one
// is in the bronze topic and in PostgreSQL exactly once, every malformed
// one is refused by ingest with its reason, and the counts reconcile.
func TestBronzeEndToEnd(t *testing.T) {
	s := newStack(t, stackOptions{})
	bronzeApp, _ := s.runBronze(1 << 20)

	g := gen.New(gen.Config{Source: "mixesdb", Seed: 42, BadRatio: 0.05, Now: time.Now().Add(-3 * time.Hour)})
	items := make([]gen.Item, 10000)
	var injected gen.Counts
	for i := range items {
		items[i] = g.Next()
		injected.Add(items[i])
	}
	results := s.sendHTTP(items, "mixesdb", 250, 4)

	accepted := map[string]int{} // playlist_key -> times accepted
	acceptedTracks := 0
	for i, r := range results {
		it := items[i]
		switch {
		case it.Good() && r.Status != "accepted":
			t.Fatalf("good item %d: %+v", i, r)
		case !it.Good() && r.Status != "rejected":
			t.Fatalf("malformed item %d (%s) was %s", i, it.Bad, r.Status)
		case !it.Good() && (r.Error == "" || !strings.Contains(r.Error, it.BadField)):
			t.Fatalf("malformed item %d (%s): error %q does not name %q", i, it.Bad, r.Error, it.BadField)
		case it.Good():
			accepted[r.PlaylistKey]++
			acceptedTracks += len(it.Playlist.Tracks)
		}
	}
	nAccepted := injected.Good
	t.Logf("sent %d: %d accepted, %d refused by ingest (%v)", len(items), nAccepted, injected.Bad, injected.BadByKind)
	if injected.Bad < 400 || nAccepted+injected.Bad != len(items) {
		t.Fatalf("generator injected %d malformed of %d", injected.Bad, len(items))
	}
	if got := testenv.Metric(t, s.ingestApp.Metrics, "songnodes_rejects_total", "stage", "ingest"); int(got) != injected.Bad {
		t.Fatalf("ingest counted %v rejects, want %d", got, injected.Bad)
	}

	testenv.Eventually(t, 2*time.Minute, "bronze to store every accepted playlist", func() bool {
		return s.count("SELECT count(*) FROM bronze_playlists") >= nAccepted
	})
	testenv.Eventually(t, time.Minute, "bronze to commit every record", func() bool {
		return int(testenv.Metric(t, bronzeApp.Metrics, "songnodes_stage_records_total")) >= nAccepted
	})

	// PostgreSQL: each exactly once, with all its track lines.
	if n := s.count("SELECT count(*) FROM bronze_playlists"); n != nAccepted {
		t.Fatalf("bronze_playlists has %d rows, want %d", n, nAccepted)
	}
	if n := s.count("SELECT count(*) FROM bronze_tracks"); n != acceptedTracks {
		t.Fatalf("bronze_tracks has %d rows, want %d", n, acceptedTracks)
	}
	if n := s.count("SELECT count(*) FROM (SELECT playlist_key, scraped_at FROM bronze_playlists GROUP BY 1, 2 HAVING count(*) > 1) d"); n != 0 {
		t.Fatalf("%d playlists stored twice", n)
	}
	// What is stored is what was sent, field by field.
	for i, it := range items[:200] {
		if !it.Good() {
			continue
		}
		p := it.Playlist
		var name, playedText, firstLine string
		var djs []string
		var scraped time.Time
		var played *time.Time
		var bpm *float64
		testenv.Must(t, s.db.QueryRow(t.Context(), `SELECT p.name, p.dj_names, p.scraped_at, p.played_on, coalesce(p.played_on_text, ''), t.raw_line, t.bpm
			FROM bronze_playlists p JOIN bronze_tracks t USING (source_topic, source_partition, source_offset)
			WHERE p.playlist_key = $1 AND p.scraped_at = $2 AND t.position = $3`,
			results[i].PlaylistKey, p.ScrapedAt, p.Tracks[0].Position).Scan(&name, &djs, &scraped, &played, &playedText, &firstLine, &bpm), "read item %d", i)
		if name != p.Name || strings.Join(djs, "|") != strings.Join(p.DjNames, "|") || !scraped.Equal(p.ScrapedAt) ||
			firstLine != p.Tracks[0].RawLine || (bpm == nil) != (p.Tracks[0].Bpm == nil) || (bpm != nil && *bpm != *p.Tracks[0].Bpm) {
			t.Fatalf("item %d stored as %q %v %v %q %v", i, name, djs, scraped, firstLine, bpm)
		}
		if (played == nil) != (p.PlayedOn == nil) || (played != nil && played.Format(time.DateOnly) != p.PlayedOn.Format(time.DateOnly)) ||
			(p.PlayedOnText != nil && playedText != *p.PlayedOnText) {
			t.Fatalf("item %d played_on stored as %v %q, sent %v %v", i, played, playedText, p.PlayedOn, p.PlayedOnText)
		}
	}

	// The topic (read_committed): each exactly once.
	recs := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	if len(recs) != nAccepted {
		t.Fatalf("bronze topic holds %d records, want %d", len(recs), nAccepted)
	}
	seen := map[string]int{}
	lineage := map[string]bool{}
	for _, r := range recs {
		b := s.decodeBronze(r)
		if string(r.Key) != b.PlaylistKey {
			t.Fatalf("record key %q, value's playlist_key %q", r.Key, b.PlaylistKey)
		}
		seen[b.PlaylistKey]++
		l := fmt.Sprintf("%s/%d/%d", b.Lineage.Topic, b.Lineage.Partition, b.Lineage.Offset)
		if lineage[l] {
			t.Fatalf("raw record %s produced twice", l)
		}
		lineage[l] = true
	}
	for k, n := range accepted {
		if seen[k] != n {
			t.Fatalf("playlist %s: %d in the topic, accepted %d times", k, seen[k], n)
		}
	}

	// Nothing malformed got past ingest, so bronze dead-lettered nothing.
	if got := testenv.Metric(t, bronzeApp.Metrics, "songnodes_rejects_total", "stage", "bronze"); got != 0 {
		t.Fatalf("bronze rejected %v records", got)
	}
	if got := testenv.Metric(t, bronzeApp.Metrics, "songnodes_stage_records_total", "source", "mixesdb"); int(got) != nAccepted {
		t.Fatalf("bronze counted %v records, want %d", got, nAccepted)
	}
}

// Resetting bronze's group to the beginning reprocesses everything:
// PostgreSQL is unchanged and the topic receives the same keys again.
func TestBronzeReplay(t *testing.T) {
	s := newStack(t, stackOptions{})
	enc := s.encoder("mixesdb")
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 7, RescrapeRatio: 0.1, Now: time.Now().Add(-time.Hour)})
	cl := testenv.Client(t, s.kcfg)
	const n = 2000
	for range n {
		it := g.Next()
		if err := cl.ProduceSync(t.Context(), rawRecord(t, s.kcfg, enc, it.Playlist)).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	_, stop := s.runBronze(1 << 20)
	testenv.Eventually(t, time.Minute, "bronze to store the playlists", func() bool {
		return s.count("SELECT count(*) FROM bronze_playlists") == n
	})
	stop()
	sumPlaylists := s.checksum("bronze_playlists", "source_topic, source_partition, source_offset")
	sumTracks := s.checksum("bronze_tracks", "source_topic, source_partition, source_offset, position")
	tracks := s.count("SELECT count(*) FROM bronze_tracks")
	first := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	if len(first) != n {
		t.Fatalf("bronze topic holds %d records before the replay, want %d", len(first), n)
	}

	adm, err := s.kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, ops.Replay(t.Context(), adm, s.kcfg.Topics, "bronze", ops.ReplayTarget{Start: true}, false, io.Discard), "replay")

	a, _ := s.runBronze(1 << 20)
	testenv.Eventually(t, time.Minute, "the replay to finish", func() bool {
		return int(testenv.Metric(t, a.Metrics, "songnodes_stage_records_total")) >= n
	})
	if got := s.count("SELECT count(*) FROM bronze_playlists"); got != n {
		t.Fatalf("bronze_playlists has %d rows after the replay, want %d", got, n)
	}
	if got := s.count("SELECT count(*) FROM bronze_tracks"); got != tracks {
		t.Fatalf("bronze_tracks has %d rows after the replay, want %d", got, tracks)
	}
	if s.checksum("bronze_playlists", "source_topic, source_partition, source_offset") != sumPlaylists ||
		s.checksum("bronze_tracks", "source_topic, source_partition, source_offset, position") != sumTracks {
		t.Fatal("the replay changed the bronze tables")
	}
	all := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())
	if len(all) != 2*n {
		t.Fatalf("bronze topic holds %d records after the replay, want %d", len(all), 2*n)
	}
	// Same keys, each as often again.
	firstKeys, allKeys := map[string]int{}, map[string]int{}
	for _, r := range first {
		firstKeys[string(r.Key)]++
	}
	for _, r := range all {
		allKeys[string(r.Key)]++
	}
	for k, c := range firstKeys {
		if allKeys[k] != 2*c {
			t.Fatalf("key %s: %d records after the replay, want %d", k, allKeys[k], 2*c)
		}
	}
	if len(allKeys) != len(firstKeys) {
		t.Fatalf("the replay emitted %d keys, the first run %d", len(allKeys), len(firstKeys))
	}
}
