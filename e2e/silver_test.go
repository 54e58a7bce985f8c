package e2e

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// Generated playlists from two sources over HTTP through ingest, bronze and
// silver: every bronze playlist is in silver exactly once, the track
// statuses are what the generator injected, sets posted on both sources
// are linked, and replaying silver from the beginning changes no table.
func TestSilverEndToEnd(t *testing.T) {
	s := newStack(t, stackOptions{})
	redisURL := testenv.RedisURL(t)
	t.Cleanup(func() { testenv.DeleteRedisKeys(t, redisURL, s.kcfg.Topics.Prefix+":") })
	s.runBronze(1 << 20)
	silverApp, stopSilver := s.runSilver(redisURL)

	const perSource = 1500
	var injected gen.Counts
	var mixes []gen.Item
	for i, src := range []string{"mixesdb", "1001tracklists"} {
		g := gen.New(gen.Config{Source: src, Seed: uint64(20 + i), Now: time.Now().Add(-2 * time.Hour)})
		items := make([]gen.Item, perSource)
		for j := range items {
			items[j] = g.Next()
			injected.Add(items[j])
		}
		if src == "mixesdb" {
			mixes = items
		}
		for j, r := range s.sendHTTP(items, src, 250, 4) {
			if r.Status != "accepted" {
				t.Fatalf("%s item %d: %+v", src, j, r)
			}
		}
	}
	// Twenty mixesdb sets posted again by a third site: same DJs, date and
	// lines, another URL. Silver must link each to its mixesdb twin.
	var twins []gen.Item
	for _, it := range mixes {
		// A set is linked by its day, a DJ in common and its tracks: a
		// "VA" page names no DJ, so it has no twin to find.
		named := len(it.Playlist.DjNames) > 0 || len(tracklist.ParseTitle(it.Playlist.Name).DJs) > 0
		if it.Playlist.PlayedOn != nil && named && len(twins) < 20 {
			p := *it.Playlist
			p.Source = "othersite"
			p.SourceURL = strings.Replace(p.SourceURL, "mixesdb.com/w/", "othersite.example/sets/", 1)
			p.SourcePlaylistID = nil
			twins = append(twins, gen.Item{Playlist: &p, JSON: mustJSON(t, &p), Tracks: it.Tracks, RescrapeOf: -1})
			injected.Add(twins[len(twins)-1])
		}
	}
	for _, r := range s.sendHTTP(twins, "othersite", 20, 1) {
		if r.Status != "accepted" {
			t.Fatalf("twin: %+v", r)
		}
	}
	total := 2*perSource + len(twins)

	testenv.Eventually(t, 3*time.Minute, "silver to take every playlist", func() bool {
		return int(testenv.Metric(t, silverApp.Metrics, "songnodes_stage_records_total")) >= total
	})
	// Exactly once: one silver playlist per bronze one (no re-scrapes here),
	// and one silver record per bronze record.
	if n := s.count("SELECT count(*) FROM silver_playlists"); n != total {
		t.Fatalf("silver_playlists: %d, want %d", n, total)
	}
	out := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Silver())
	seen := map[string]bool{}
	dec := serde.NewDecoder(s.reg, record.SilverPlaylistSchema)
	for _, r := range out {
		var sp record.SilverPlaylist
		_, err := dec.Decode(t.Context(), r.Value, &sp)
		testenv.Must(t, err, "decode silver")
		l := fmt.Sprintf("%d/%d", sp.Lineage.Partition, sp.Lineage.Offset)
		if seen[l] {
			t.Fatalf("bronze record %s made two silver records", l)
		}
		seen[l] = true
	}
	if len(out) != total {
		t.Fatalf("silver topic: %d records, want %d", len(out), total)
	}
	// The statuses are exactly what the generator injected.
	for _, st := range []string{"valid", "warning", "unidentified", "failed", "not_track"} {
		got := s.count("SELECT count(*) FROM silver_playlist_tracks WHERE status = $1", st)
		if got != injected.TracksByExpect[st] {
			t.Errorf("%s tracks: %d stored, %d injected", st, got, injected.TracksByExpect[st])
		}
		if m := int(testenv.Metric(t, silverApp.Metrics, "songnodes_silver_tracks_"+st+"_total")); m != got {
			t.Errorf("songnodes_silver_tracks_%s_total = %d, stored %d", st, m, got)
		}
	}
	for issue, n := range injected.TracksByIssue {
		if got := s.count("SELECT count(*) FROM silver_playlist_tracks WHERE $1 = ANY(issues)", issue); got < n {
			t.Errorf("issue %s: %d tracks carry it, %d injected", issue, got, n)
		}
	}
	t.Logf("tracks by status: %v", injected.TracksByExpect)
	// Each twin shares its mixesdb original's set.
	if n := s.count(`SELECT count(*) FROM silver_playlists o JOIN silver_playlists m ON m.set_id = o.set_id AND m.source = 'mixesdb'
		WHERE o.source = 'othersite'`); n != len(twins) {
		rows, err := s.db.Query(t.Context(), `SELECT o.playlist_key, o.djs, o.played_on::text, o.track_ids, m.playlist_key, m.djs, m.played_on::text, m.track_ids, m.set_id
			FROM silver_playlists o LEFT JOIN silver_playlists m ON m.source = 'mixesdb' AND m.source_url = replace(o.source_url, 'othersite.example/sets/', 'mixesdb.com/w/')
			WHERE o.source = 'othersite' AND (m.set_id IS NULL OR m.set_id <> o.set_id)`)
		testenv.Must(t, err, "unlinked twins")
		for rows.Next() {
			v, _ := rows.Values()
			t.Logf("unlinked: %v", v)
		}
		rows.Close()
		t.Fatalf("%d of %d twins linked to their set", n, len(twins))
	}

	// Replay silver from the beginning: the tables do not change.
	stopSilver()
	sum := s.silverChecksum()
	adm, err := s.kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, ops.Replay(t.Context(), adm, s.kcfg.Topics, "silver", ops.ReplayTarget{Start: true}, false, io.Discard), "replay")
	again, _ := s.runSilver(redisURL)
	testenv.Eventually(t, 3*time.Minute, "the replay", func() bool {
		return int(testenv.Metric(t, again.Metrics, "songnodes_stage_records_total")) >= total
	})
	if s.silverChecksum() != sum {
		t.Fatal("replaying silver changed its tables")
	}
}

func (s *stack) silverChecksum() string {
	return s.checksum("silver_playlists", "playlist_key") + s.checksum("silver_playlist_tracks", "playlist_key, position") +
		s.checksum("silver_tracks", "track_id") + s.checksum("silver_artists", "artist_key")
}
