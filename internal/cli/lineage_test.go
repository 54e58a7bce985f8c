package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
	"github.com/songnodes/pipeline/internal/tracklist"
)

// raw is a raw record as it is in its topic, decoded.
type raw struct {
	ops.Coordinates
	schemaID  int32
	appended  time.Time
	playlist  record.ScrapedPlaylist
	lineAtPos map[int32]string
}

// Generated playlists (re-scrapes among them, and sets posted again on a
// second site) go through bronze, silver and gold; then every lineage
// view row and every answer of songnodes lineage must name the raw
// record the current version was read from, as the raw topics hold it.
func TestLineage(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1)
	_, regURL := testenv.Registry(t)
	reg, err := serde.NewRegistry(regURL)
	testenv.Must(t, err, "registry")
	dbURL := testenv.Postgres(t)
	db := testenv.Pool(t, dbURL)
	t.Setenv("DATABASE_URL", dbURL)

	// The playlists: mixesdb with re-scrapes, and a few of its sets again
	// on another site (one page of each set counts, the other not).
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 13, RescrapeRatio: 0.2, Now: time.Now().Add(-2 * time.Hour)})
	var pls []*record.ScrapedPlaylist
	var twins []*record.ScrapedPlaylist
	for range 120 {
		it := g.Next()
		p := it.Playlist
		rev := fmt.Sprintf("rev-%d", it.Index)
		p.SourceRevision = &rev
		pls = append(pls, p)
		named := len(p.DjNames) > 0 || len(tracklist.ParseTitle(p.Name).DJs) > 0
		if p.PlayedOn != nil && named && it.RescrapeOf < 0 && len(twins) < 8 {
			tw := *p
			tw.Source, tw.SourcePlaylistID = "othersite", nil
			tw.SourceURL = strings.Replace(p.SourceURL, "mixesdb.com/w/", "othersite.example/sets/", 1)
			twins = append(twins, &tw)
		}
	}
	produce(t, kcfg, reg, append(pls, twins...))

	for _, sp := range pipeline.Stages {
		runStage(t, sp, kcfg, regURL, dbURL, db, reg)
	}

	// What the raw topics hold: the newest scrape of each key is the
	// current version.
	want := map[string]raw{}
	for _, src := range []string{"mixesdb", "othersite"} {
		for _, r := range testenv.ReadAll(t, kcfg, kcfg.Topics.Raw(src)) {
			var p record.ScrapedPlaylist
			id, err := serde.NewDecoder(reg, record.ScrapedPlaylistSchema).Decode(t.Context(), r.Value, &p)
			testenv.Must(t, err, "decode raw record")
			x := raw{Coordinates: ops.Coordinates{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset},
				schemaID: int32(id), appended: r.Timestamp, playlist: p, lineAtPos: map[int32]string{}}
			for _, tr := range p.Tracks {
				x.lineAtPos[int32(tr.Position)] = tr.RawLine
			}
			if cur, ok := want[string(r.Key)]; !ok || p.ScrapedAt.After(cur.playlist.ScrapedAt) {
				want[string(r.Key)] = x
			}
		}
	}
	if len(want) >= len(pls)+len(twins) {
		t.Fatalf("%d keys for %d records: the data has no re-scrape", len(want), len(pls)+len(twins))
	}
	testenv.Eventually(t, 2*time.Minute, "gold to count the current version of every playlist", func() bool {
		var n, inStep int
		testenv.Must(t, db.QueryRow(t.Context(), "SELECT count(*), count(*) FILTER (WHERE gold_in_step) FROM lineage_playlists").Scan(&n, &inStep), "count")
		return n == len(want) && inStep == n
	})

	checkPlaylistView(t, db, want)
	checkTracksView(t, db, want)
	checkTransitionsView(t, db, want)

	// songnodes lineage --playlist: a re-scraped playlist names its newest
	// raw record.
	var key string
	testenv.Must(t, db.QueryRow(t.Context(), `SELECT playlist_key FROM bronze_playlists GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 1`).Scan(&key), "re-scraped key")
	var p ops.PlaylistLineage
	runJSON(t, &p, "lineage", "--playlist", key, "--json")
	w := want[key]
	if p.PlaylistKey != key || p.Raw.Coordinates != w.Coordinates || p.Raw.SchemaID != w.schemaID ||
		!p.Raw.ScrapedAt.Equal(w.playlist.ScrapedAt) || p.Raw.SourceURL != w.playlist.SourceURL ||
		record.Deref(p.Raw.SourceRevision) != *w.playlist.SourceRevision || !p.Raw.IngestedAt.Equal(w.appended) ||
		p.GoldCounted == nil || !*p.GoldInStep || p.Bronze.Topic != kcfg.Topics.Bronze() {
		t.Errorf("--playlist %s: %+v, want raw record %+v", key, p, w.Coordinates)
	}
	out := run(t, 0, "lineage", "--playlist", key)
	for _, s := range []string{w.Coordinates.String(), fmt.Sprintf("schema id %d", w.schemaID), w.playlist.SourceURL, *w.playlist.SourceRevision} {
		if !strings.Contains(out, s) {
			t.Errorf("--playlist %s prints no %q:\n%s", key, s, out)
		}
	}

	// --track: a track played in several playlists, two of its lines.
	var track string
	var lines int
	testenv.Must(t, db.QueryRow(t.Context(), `SELECT track_id, count(*) FROM silver_playlist_tracks WHERE track_id IS NOT NULL
		GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`).Scan(&track, &lines), "track")
	var tr struct {
		TrackID string          `json:"track_id"`
		Total   int             `json:"total_lines"`
		Lines   []ops.TrackLine `json:"lines"`
	}
	runJSON(t, &tr, "lineage", "--track", track, "--limit", "2", "--json")
	if tr.TrackID != track || tr.Total != lines || len(tr.Lines) != min(2, lines) {
		t.Errorf("--track %s: %d of %d lines, want 2 of %d", track, len(tr.Lines), tr.Total, lines)
	}
	for _, l := range tr.Lines {
		w := want[l.PlaylistKey]
		if l.Raw.Coordinates != w.Coordinates || l.Raw.SchemaID != w.schemaID || w.lineAtPos[l.Position] != l.RawLine || l.TrackID != track {
			t.Errorf("--track line %s #%d %q at %+v, want %+v with %q", l.PlaylistKey, l.Position, l.RawLine, l.Raw.Coordinates, w.Coordinates, w.lineAtPos[l.Position])
		}
	}
	if out := run(t, 0, "lineage", "--track", track, "--limit", "1"); !strings.Contains(out, "(showing 1; --limit for more)") && lines > 1 {
		t.Errorf("--track --limit 1 does not say it shows 1:\n%s", out)
	}

	// --from/--to: a transition a twin set plays, so that one page counts
	// and the other does not; the first track named as "Artist - Title".
	var from, to string
	testenv.Must(t, db.QueryRow(t.Context(), `SELECT from_track_id, to_track_id FROM lineage_transitions WHERE NOT counted
		ORDER BY 1, 2 LIMIT 1`).Scan(&from, &to), "uncounted transition")
	fromArg := from
	var name string
	testenv.Must(t, db.QueryRow(t.Context(), "SELECT artist || ' - ' || title FROM silver_tracks WHERE track_id = $1", from).Scan(&name), "name")
	if id, err := gold.Resolve(t.Context(), db, name); err == nil && id == from {
		fromArg = name
	}
	var tt ops.Transition
	runJSON(t, &tt, "lineage", "--from", fromArg, "--to", to, "--limit", "1000", "--json")
	var occ, total int
	testenv.Must(t, db.QueryRow(t.Context(), `SELECT coalesce((SELECT occurrences FROM gold_transitions WHERE from_track_id = $1 AND to_track_id = $2), 0),
		(SELECT count(*) FROM gold_lines WHERE track_id = $1 AND next_track_id = $2)`, from, to).Scan(&occ, &total), "transition")
	counted, uncounted := 0, 0
	for _, l := range tt.Lines {
		w := want[l.PlaylistKey]
		next := nextPosition(w.playlist, l.FromPosition)
		if l.Raw.Coordinates != w.Coordinates || l.Raw.SchemaID != w.schemaID || !l.Raw.ScrapedAt.Equal(w.playlist.ScrapedAt) ||
			l.FromLine == nil || *l.FromLine != w.lineAtPos[l.FromPosition] ||
			l.ToPosition == nil || *l.ToPosition != next || *l.ToLine != w.lineAtPos[next] {
			t.Errorf("transition line %+v, want raw record %+v, lines %d and %d", l, w.Coordinates, l.FromPosition, next)
		}
		if l.Counted {
			counted++
		} else {
			uncounted++
		}
	}
	if tt.FromTrackID != from || tt.ToTrackID != to || tt.Total != total || len(tt.Lines) != total ||
		counted != occ || int64(occ) != tt.Occurrences || uncounted == 0 {
		t.Errorf("--from %q --to %s: %d lines (%d counted, %d not) of %d, occurrences %d; want %d lines, %d counted",
			fromArg, to, len(tt.Lines), counted, uncounted, tt.Total, tt.Occurrences, total, occ)
	}
	out = run(t, 0, "lineage", "--from", from, "--to", to)
	if !strings.Contains(out, "does not count") || !strings.Contains(out, tt.Lines[0].Raw.Coordinates.String()) {
		t.Errorf("--from/--to prints:\n%s", out)
	}

	// What is not there exits 1 saying so; a bad flag exits 2 naming it.
	for _, c := range []struct {
		code int
		want string
		args []string
	}{
		{1, "no playlist with key", []string{"--playlist", "mixesdb:no-such-page"}},
		{1, "no silver line has track", []string{"--track", "0000000000000000"}},
		{1, "no playlist plays", []string{"--from", to, "--to", to}},
		{2, "--to", []string{"--from", from}},
		{2, "--limit", []string{"--track", track, "--limit", "0"}},
		{2, "--track", []string{"--track", "no dash here"}},
		{2, "exactly one", []string{"--playlist", key, "--track", track}},
		{2, "exactly one", []string{}},
		{2, "unexpected argument", []string{"--playlist", key, "extra"}},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(append([]string{"lineage"}, c.args...), &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("lineage %v: exit %d, %q; want exit %d naming %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

// checkPlaylistView: one lineage_playlists row per key, naming the raw
// record of its current version.
func checkPlaylistView(t *testing.T, db *pgxpool.Pool, want map[string]raw) {
	rows, err := db.Query(t.Context(), `SELECT playlist_key, raw_topic, raw_partition, raw_offset, raw_schema_id, scraped_at,
		source_url, source_revision, ingested_at FROM lineage_playlists`)
	testenv.Must(t, err, "lineage_playlists")
	n := 0
	for rows.Next() {
		var key string
		var r ops.RawRecord
		testenv.Must(t, rows.Scan(&key, &r.Topic, &r.Partition, &r.Offset, &r.SchemaID, &r.ScrapedAt, &r.SourceURL, &r.SourceRevision, &r.IngestedAt), "scan")
		w, ok := want[key]
		if !ok || r.Coordinates != w.Coordinates || r.SchemaID != w.schemaID || !r.ScrapedAt.Equal(w.playlist.ScrapedAt) ||
			r.SourceURL != w.playlist.SourceURL || r.SourceRevision == nil || *r.SourceRevision != *w.playlist.SourceRevision ||
			r.IngestedAt == nil || !r.IngestedAt.Equal(w.appended) {
			t.Errorf("lineage_playlists %s: %+v, want %+v schema %d", key, r, w.Coordinates, w.schemaID)
		}
		n++
	}
	testenv.Must(t, rows.Err(), "rows")
	if n != len(want) {
		t.Errorf("lineage_playlists: %d rows, want %d", n, len(want))
	}
}

// checkTracksView: one lineage_tracks row per silver line, whose raw
// record holds that line at that position.
func checkTracksView(t *testing.T, db *pgxpool.Pool, want map[string]raw) {
	rows, err := db.Query(t.Context(), `SELECT playlist_key, position, raw_line, raw_topic, raw_partition, raw_offset, raw_schema_id FROM lineage_tracks`)
	testenv.Must(t, err, "lineage_tracks")
	n := 0
	for rows.Next() {
		var key, line string
		var pos int32
		var c ops.Coordinates
		var schema int32
		testenv.Must(t, rows.Scan(&key, &pos, &line, &c.Topic, &c.Partition, &c.Offset, &schema), "scan")
		if w := want[key]; c != w.Coordinates || schema != w.schemaID || w.lineAtPos[pos] != line {
			t.Errorf("lineage_tracks %s #%d %q at %+v, want %+v with %q", key, pos, line, c, w.Coordinates, w.lineAtPos[pos])
		}
		n++
	}
	testenv.Must(t, rows.Err(), "rows")
	lines := 0
	for _, w := range want {
		lines += len(w.playlist.Tracks)
	}
	if n != lines {
		t.Errorf("lineage_tracks: %d rows, want the %d lines of the current versions", n, lines)
	}
}

// checkTransitionsView: one lineage_transitions row per gold line that
// starts a transition, with both lines as the raw record holds them.
func checkTransitionsView(t *testing.T, db *pgxpool.Pool, want map[string]raw) {
	rows, err := db.Query(t.Context(), `SELECT playlist_key, from_position, from_line, to_position, to_line, raw_topic, raw_partition, raw_offset
		FROM lineage_transitions`)
	testenv.Must(t, err, "lineage_transitions")
	n := 0
	for rows.Next() {
		var key, fromLine, toLine string
		var fromPos, toPos int32
		var c ops.Coordinates
		testenv.Must(t, rows.Scan(&key, &fromPos, &fromLine, &toPos, &toLine, &c.Topic, &c.Partition, &c.Offset), "scan")
		w := want[key]
		if c != w.Coordinates || w.lineAtPos[fromPos] != fromLine || toPos != nextPosition(w.playlist, fromPos) || w.lineAtPos[toPos] != toLine {
			t.Errorf("lineage_transitions %s #%d-#%d at %+v, want %+v", key, fromPos, toPos, c, w.Coordinates)
		}
		n++
	}
	testenv.Must(t, rows.Err(), "rows")
	var lines int
	testenv.Must(t, db.QueryRow(t.Context(), "SELECT count(*) FROM gold_lines WHERE next_track_id IS NOT NULL").Scan(&lines), "count")
	if n != lines || n == 0 {
		t.Errorf("lineage_transitions: %d rows, want %d (> 0)", n, lines)
	}
}

// nextPosition is the position of the line after pos in p.
func nextPosition(p record.ScrapedPlaylist, pos int32) int32 {
	next := int32(-1)
	for _, tr := range p.Tracks {
		if q := int32(tr.Position); q > pos && (next < 0 || q < next) {
			next = q
		}
	}
	return next
}

func produce(t *testing.T, kcfg kafka.Config, reg *serde.Registry, pls []*record.ScrapedPlaylist) {
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	encs := map[string]*serde.Encoder{}
	var recs []*kgo.Record
	for _, p := range pls {
		topic := kcfg.Topics.Raw(p.Source)
		if encs[p.Source] == nil {
			testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: topic}), "topic")
			encs[p.Source], err = serde.NewEncoder(t.Context(), reg, topic+"-value", record.ScrapedPlaylistSchema)
			testenv.Must(t, err, "encoder")
		}
		v, err := encs[p.Source].Encode(p)
		testenv.Must(t, err, "encode")
		key := tracklist.PlaylistKey(p.Source, record.Deref(p.SourcePlaylistID), p.SourceURL)
		recs = append(recs, stage.SetSource(&kgo.Record{Topic: topic, Key: []byte(key), Value: v}, p.Source))
	}
	testenv.Must(t, testenv.Client(t, kcfg).ProduceSync(t.Context(), recs...).FirstErr(), "produce")
}

// runStage runs a stage in-process until the test ends.
func runStage(t *testing.T, sp stage.Spec, kcfg kafka.Config, regURL, dbURL string, db *pgxpool.Pool, reg *serde.Registry) {
	st := stage.DefaultSettings(kcfg, sp.Name, 1000)
	st.RegistryURL, st.DatabaseURL = regURL, dbURL
	st.Loop.TxnID = sp.Name + "-test"
	st.Loop.TxnTimeout, st.Loop.DBTimeout = 30*time.Second, 30*time.Second
	ctx, cancel := context.WithCancel(t.Context())
	loop, release, err := sp.Build(ctx, app.New(sp.Name, testenv.Logger(t)), st, &stage.Conn{DB: db, Registry: reg})
	testenv.Must(t, err, "%s loop", sp.Name)
	done := make(chan error, 1)
	go func() { done <- loop.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s stopped with %v", sp.Name, err)
		}
		if release != nil {
			release()
		}
	})
}

// run runs the command line and returns its output, failing unless it
// exits with code.
func run(t *testing.T, code int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := Main(args, &stdout, &stderr); got != code {
		t.Fatalf("%v: exit %d, want %d: %s", args, got, code, stderr.String())
	}
	return stdout.String()
}

func runJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	testenv.Must(t, json.Unmarshal([]byte(run(t, 0, args...)), v), "%v: JSON", args)
}
