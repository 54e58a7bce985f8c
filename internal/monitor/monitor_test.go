package monitor_test

import (
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/testenv"
)

var stages = []string{"raw", "bronze", "silver"}

// Three sources write through every stage; then one stops. The monitor
// counts every playlist, track, artist and status exactly, its coverage
// is what was injected, the stopped source's rate falls to zero while its
// age grows with the clock, and every stage group's lag is measured.
func TestMonitorSourcesAndWindows(t *testing.T) {
	sources := []string{"mixesdb", "1001tracklists", "beatport"}
	f := newFixture(t, sources...)
	t0 := f.clock.Now()
	for _, s := range sources {
		f.feed(s, 40, t0)
	}
	f.reject("beatport", dlq.DecodeError, 3, t0)
	f.reject("mixesdb", dlq.UnknownSchema, 2, t0)
	f.badRaw("mixesdb", gen.FrameBadMagic, 2, t0)
	f.badRaw("mixesdb", gen.FrameTruncated, 1, t0)
	f.clock.Set(t0.Add(30 * time.Second))
	r := f.start(f.settings())
	f.waitCounted(r)
	f.checkCounts(r)
	g := r.a.Metrics
	for reason, n := range map[string]float64{"bad_framing": 2, "decode_error": 1} {
		if got := metric(t, g, "songnodes_monitor_unreadable_records_total", "source", "mixesdb", "stage", "raw", "reason", reason); got != n {
			t.Errorf("unreadable raw records (%s) = %v, want %v", reason, got, n)
		}
	}

	for _, s := range sources {
		w := f.w(s, "silver")
		if w.artists == 0 || w.artists == w.tracks {
			t.Fatalf("%s: %d of %d silver tracks have an artist: the coverage check would prove nothing", s, w.artists, w.tracks)
		}
		for _, win := range []string{"5m", "1h", "24h"} {
			got := metric(t, g, "songnodes_monitor_artist_coverage_ratio_"+win, "source", s, "stage", "silver")
			if want := float64(w.artists) / float64(w.tracks); got != want {
				t.Errorf("%s artist coverage over %s = %v, want %v (%d of %d)", s, win, got, want, w.artists, w.tracks)
			}
		}
		for _, st := range stages {
			if got := metric(t, g, "songnodes_monitor_tracks_per_second_5m", "source", s, "stage", st); got <= 0 {
				t.Errorf("%s at %s: tracks per second over 5m = %v while it writes", s, st, got)
			}
		}
	}

	// Every stage group's lag: none has consumed anything. The oldest
	// record waiting is the first one written, at t0.
	wantLag := map[string]int{"bronze": f.unreadable, "silver": 0, "gold": 0}
	for _, s := range sources {
		wantLag["bronze"] += f.w(s, "raw").playlists
		wantLag["silver"] += f.w(s, "bronze").playlists
		wantLag["gold"] += f.w(s, "silver").playlists
	}
	testenv.Eventually(t, 30*time.Second, "the lag to be measured", func() bool {
		for stage, n := range wantLag {
			if int(metric(t, g, "songnodes_monitor_consumer_lag_records", "stage", stage)) != n {
				return false
			}
		}
		return testenv.HasSeries(t, g, "songnodes_monitor_consumer_lag_records", "stage", "monitor") &&
			metric(t, g, "songnodes_monitor_consumer_lag_records", "stage", "monitor") == 0
	})
	if got, want := metric(t, g, "songnodes_monitor_consumer_lag_seconds", "stage", "bronze"), 30.0; got != want {
		t.Errorf("bronze lag %vs, want %vs (the first raw record is that old)", got, want)
	}
	// beatport has no bad raw record: its raw topic holds its playlists.
	if got := metric(t, g, "songnodes_monitor_source_lag_records", "source", "beatport", "stage", "bronze"); int(got) != f.w("beatport", "raw").playlists {
		t.Errorf("bronze lag on beatport's raw topic = %v records, want %d", got, f.w("beatport", "raw").playlists)
	}

	// Ten minutes on, beatport has stopped; the others write on.
	t1 := t0.Add(10 * time.Minute)
	f.clock.Set(t1)
	for _, s := range sources[:2] {
		f.feed(s, 20, t1.Add(-time.Minute))
	}
	f.waitCounted(r)
	f.checkCounts(r)
	for _, st := range stages {
		l := []string{"source", "beatport", "stage", st}
		if got := metric(t, g, "songnodes_monitor_tracks_per_second_5m", l...); got != 0 {
			t.Errorf("beatport stopped, but its rate at %s over 5m is %v", st, got)
		}
		if !testenv.HasSeries(t, g, "songnodes_monitor_tracks_per_second_5m", l...) {
			t.Errorf("beatport's 5m rate at %s is missing instead of 0", st)
		}
		// The hour still holds its tracks: exactly, over the window's
		// span (59 full minutes; now is on a minute boundary).
		if got, want := metric(t, g, "songnodes_monitor_tracks_per_second_1h", l...), float64(f.w("beatport", st).tracks)/3540; got != want {
			t.Errorf("beatport's rate at %s over 1h = %v, want %v", st, got, want)
		}
		if got := metric(t, g, "songnodes_monitor_tracks_per_second_5m", "source", "mixesdb", "stage", st); got <= 0 {
			t.Errorf("mixesdb writes, but its rate at %s over 5m is %v", st, got)
		}
	}
	age := func() float64 {
		return metric(t, g, "songnodes_monitor_last_record_age_seconds", "source", "beatport", "stage", "raw")
	}
	a1 := age()
	if want := t1.Sub(f.w("beatport", "raw").last).Seconds(); a1 != want {
		t.Errorf("beatport's age %vs, want %vs", a1, want)
	}
	f.clock.Set(t1.Add(5 * time.Minute))
	if a2 := age(); a2-a1 != 300 {
		t.Errorf("five minutes later beatport's age went from %v to %v", a1, a2)
	}

	// The status page says the same.
	st := r.status(t)
	var found bool
	for _, src := range st.Sources {
		if src.Source != "beatport" {
			continue
		}
		for _, s := range src.Stages {
			switch s.Stage {
			case "raw":
				found = true
				if s.AgeSeconds == nil || *s.AgeSeconds != a1+300 || s.TracksPerSecond["5m"] != 0 || s.Playlists != 40 {
					t.Errorf("status of beatport at raw: %+v", s)
				}
			case "bronze":
				if s.Rejects["decode_error"] != 3 {
					t.Errorf("status of beatport's bronze rejects: %v", s.Rejects)
				}
			case "silver":
				w := f.w("beatport", "silver")
				if s.ArtistCoverage["24h"] != float64(w.artists)/float64(w.tracks) || s.TrackStatuses["valid"] != uint64(w.status["valid"]) {
					t.Errorf("status of beatport at silver: %+v", s)
				}
			}
		}
	}
	// The lag the page shows is measured on its own schedule: the
	// measurement after the metric's says the same.
	testenv.Eventually(t, 30*time.Second, "the status page to show beatport's lag", func() bool {
		for _, src := range r.status(t).Sources {
			if src.Source == "beatport" {
				return src.Lag != nil && src.Lag.Records == 40
			}
		}
		return false
	})
	if !found || st.Persistence.Redis != "ok" {
		t.Errorf("status: %+v", st)
	}
	testenv.Eventually(t, 30*time.Second, "the status page to show the new lag", func() bool {
		return r.status(t).Lag["gold"].Records == int64(wantLag["gold"]+40)
	})
	if code, body := get(t, r.url+"/"); code != 200 || !strings.Contains(body, "/api/status") {
		t.Errorf("GET / = %d %.80q", code, body)
	}
	rep := r.a.Health.Check(t.Context())
	for _, c := range []string{"monitor.kafka", "monitor.redis", "monitor.assignment"} {
		if rep.Checks[c].Status != app.OK {
			t.Errorf("check %s: %+v", c, rep.Checks[c])
		}
	}
}

// The monitor is stopped mid-run and started again: its counters carry on
// from where they were (not from zero, and nothing counted twice), the
// last-seen time of a source that went silent survives, and the offsets
// stored with the state win over the group's committed offsets.
func TestMonitorRestart(t *testing.T) {
	f := newFixture(t, "mixesdb", "beatport")
	t0 := f.clock.Now()
	f.feed("mixesdb", 30, t0)
	f.feed("beatport", 30, t0)
	f.reject("beatport", dlq.BadFraming, 4, t0)
	f.clock.Set(t0.Add(time.Minute))
	r1 := f.start(f.settings())
	f.waitCounted(r1)
	f.checkCounts(r1)
	lastBeat := metric(t, r1.a.Metrics, "songnodes_monitor_last_record_timestamp_seconds", "source", "beatport", "stage", "raw")
	r1.stop()

	// While it is down mixesdb writes more, and the group's committed
	// offsets are moved to the end, as if they had run ahead of the state:
	// the state's own offsets must win, or the new records are lost.
	t1 := t0.Add(10 * time.Minute)
	f.clock.Set(t1)
	f.feed("mixesdb", 25, t1.Add(-time.Minute))
	skipGroupToEnd(t, f, f.kcfg.Topics.Group("monitor"))

	r2 := f.start(f.settings())
	f.waitCounted(r2)
	f.checkCounts(r2)
	g := r2.a.Metrics
	if got := metric(t, g, "songnodes_monitor_last_record_timestamp_seconds", "source", "beatport", "stage", "raw"); got != lastBeat {
		t.Errorf("beatport's last-seen time after the restart: %v, want %v", got, lastBeat)
	}
	if got, want := metric(t, g, "songnodes_monitor_last_record_age_seconds", "source", "beatport", "stage", "raw"), float64(t1.UnixMilli())/1000-lastBeat; math.Abs(got-want) > 1e-6 {
		t.Errorf("beatport's age after the restart %v, want %v", got, want)
	}
	if got := metric(t, g, "songnodes_monitor_tracks_per_second_1h", "source", "beatport", "stage", "silver"); got <= 0 {
		t.Errorf("beatport's 1h window did not survive the restart: %v", got)
	}
	// Counted once: a while later nothing more has been counted.
	time.Sleep(500 * time.Millisecond)
	f.checkCounts(r2)
	r2.stop()

	// Redis loses everything (flushed, replaced): the monitor counts
	// again all the topics hold, rather than start from the group's
	// offsets with nothing.
	if n := testenv.DeleteRedisKeys(t, f.redis, f.prefix); n == 0 {
		t.Fatal("the monitor stored nothing in Redis")
	}
	r3 := f.start(f.settings())
	f.waitCounted(r3)
	f.checkCounts(r3)
}

// skipGroupToEnd commits, for every partition the group has a commit on,
// the partition's end offset.
func skipGroupToEnd(t *testing.T, f *fixture, group string) {
	t.Helper()
	ctx := t.Context()
	adm := kadm.NewClient(testenv.Client(t, f.kcfg))
	committed, err := adm.FetchOffsets(ctx, group)
	testenv.Must(t, err, "fetch offsets")
	var topics []string
	committed.Each(func(o kadm.OffsetResponse) { topics = append(topics, o.Topic) })
	ends, err := adm.ListEndOffsets(ctx, topics...)
	testenv.Must(t, err, "end offsets")
	to := kadm.Offsets{}
	n := 0
	committed.Each(func(o kadm.OffsetResponse) {
		e, _ := ends.Lookup(o.Topic, o.Partition)
		if e.Offset > o.At {
			n++
		}
		to.AddOffset(o.Topic, o.Partition, e.Offset, -1)
	})
	if n == 0 {
		t.Fatal("no committed partition has records after its commit: the test would prove nothing")
	}
	testenv.Must(t, adm.CommitAllOffsets(ctx, group, to), "commit offsets")
}

// Redis goes away: the monitor starts without its state, counts on in
// memory, serves what it has and says it is degraded; when Redis comes
// back it merges the stored state in, and the counts are exact again.
func TestMonitorRedisDown(t *testing.T) {
	f := newFixture(t, "mixesdb", "beatport")
	u, err := url.Parse(f.redis)
	testenv.Must(t, err, "TEST_REDIS_URL")
	px := newProxy(t, u.Host)
	px.up()
	u.Host = px.addr
	s := f.settings()
	s.RedisURL = u.String()

	t0 := f.clock.Now()
	f.feed("mixesdb", 30, t0)
	f.feed("beatport", 30, t0)
	f.clock.Set(t0.Add(time.Minute))
	r1 := f.start(s)
	f.waitCounted(r1)
	f.checkCounts(r1)
	lastBeat := metric(t, r1.a.Metrics, "songnodes_monitor_last_record_timestamp_seconds", "source", "beatport", "stage", "raw")
	r1.stop()

	px.down()
	t1 := t0.Add(10 * time.Minute)
	f.clock.Set(t1)
	f.feed("mixesdb", 25, t1.Add(-time.Minute))
	s.RedisWait = 300 * time.Millisecond
	r2 := f.start(s)
	g := r2.a.Metrics
	testenv.Eventually(t, time.Minute, "the monitor to count the new records without Redis", func() bool {
		return metric(t, g, "songnodes_monitor_playlists_total", "source", "mixesdb", "stage", "raw") == 25
	})
	if got := metric(t, g, "songnodes_monitor_redis_up"); got != 0 {
		t.Errorf("songnodes_monitor_redis_up = %v while Redis is down", got)
	}
	code, body := get(t, r2.url+"/readyz")
	var rep struct {
		Status string
		Checks map[string]struct{ Status string }
	}
	testenv.Must(t, json.Unmarshal([]byte(body), &rep), "readyz: %s", body)
	if code != 200 || rep.Status != "degraded" || rep.Checks["monitor.redis"].Status != "degraded" {
		t.Errorf("readyz while Redis is down: %d %s", code, body)
	}
	if st := r2.status(t); st.Persistence.Redis != "down" {
		t.Errorf("status while Redis is down: %+v", st.Persistence)
	}
	if testenv.HasSeries(t, g, "songnodes_monitor_playlists_total", "source", "beatport") {
		t.Error("beatport is counted although the state was not loaded")
	}

	px.up()
	f.waitCounted(r2)
	f.checkCounts(r2)
	testenv.Eventually(t, 30*time.Second, "Redis to be reported up", func() bool {
		return metric(t, g, "songnodes_monitor_redis_up") == 1
	})
	if got := metric(t, g, "songnodes_monitor_last_record_timestamp_seconds", "source", "beatport", "stage", "raw"); got != lastBeat {
		t.Errorf("beatport's last-seen time after Redis came back: %v, want %v", got, lastBeat)
	}
	// go-redis keeps answering with its last dial error for a second or
	// so after a server comes back.
	testenv.Eventually(t, 30*time.Second, "readyz to say Redis is back", func() bool {
		return r2.a.Health.Check(t.Context()).Checks["monitor.redis"].Status == app.OK
	})
}

// A stage that writes in transactions leaves a marker after each one; a
// group that consumed every record stands before the last marker, and
// must not be reported as lagging. A group part way through is.
func TestMonitorLag(t *testing.T) {
	f := newFixture(t, "mixesdb")
	t0 := f.clock.Now()
	f.feed("mixesdb", 20, t0)
	ctx := t.Context()

	// Silver's input (the bronze topic) gets more records, in transactions.
	txn := testenv.Client(t, f.kcfg, kgo.TransactionalID("test-bronze"))
	for i := range 3 {
		testenv.Must(t, txn.BeginTransaction(), "begin")
		recs := bronzeCopies(t, f, t0.Add(time.Duration(i)*time.Second))
		testenv.Must(t, txn.ProduceSync(ctx, recs...).FirstErr(), "produce in a transaction")
		testenv.Must(t, txn.EndTransaction(ctx, kgo.TryCommit), "commit")
	}
	adm := kadm.NewClient(testenv.Client(t, f.kcfg))
	commitAfterLast := func(group, topic string, keep int64, want int) int64 {
		t.Helper()
		// The offset after the last data record of each partition, less
		// keep records: what a consumer that read them would commit. A
		// transaction's markers are written after EndTransaction returns,
		// so its records may take a moment to be readable.
		var recs []*kgo.Record
		//nolint:contextcheck // ReadAll uses t.Context
		testenv.Eventually(t, 30*time.Second, "every record of "+topic+" to be readable", func() bool {
			recs = testenv.ReadAll(t, f.kcfg, topic)
			return len(recs) == want
		})
		next := map[int32]int64{}
		count := map[int32]int64{}
		for _, r := range recs {
			count[r.Partition]++
		}
		seen := map[int32]int64{}
		var left int64
		for _, r := range recs {
			seen[r.Partition]++
			if seen[r.Partition] <= count[r.Partition]-keep {
				next[r.Partition] = r.Offset + 1
			} else {
				left++
			}
		}
		to := kadm.Offsets{}
		for p, o := range next {
			to.AddOffset(topic, p, o, -1)
		}
		testenv.Must(t, adm.CommitAllOffsets(ctx, group, to), "commit %s", group)
		return left
	}
	silverLeft := commitAfterLast(f.kcfg.Topics.Group("silver"), f.kcfg.Topics.Bronze(), 0, f.w("mixesdb", "bronze").playlists)
	bronzeLeft := commitAfterLast(f.kcfg.Topics.Group("bronze"), f.kcfg.Topics.Raw("mixesdb"), 2, f.w("mixesdb", "raw").playlists)
	if silverLeft != 0 || bronzeLeft == 0 {
		t.Fatalf("left %d and %d", silverLeft, bronzeLeft)
	}

	f.clock.Set(t0.Add(time.Hour))
	r := f.start(f.settings())
	g := r.a.Metrics
	testenv.Eventually(t, 30*time.Second, "the lag to be measured", func() bool {
		return testenv.HasSeries(t, g, "songnodes_monitor_consumer_lag_records", "stage", "silver") &&
			int64(metric(t, g, "songnodes_monitor_consumer_lag_records", "stage", "bronze")) == bronzeLeft
	})
	if got := metric(t, g, "songnodes_monitor_consumer_lag_records", "stage", "silver"); got != 0 {
		t.Errorf("silver consumed every record but lags %v (transaction markers counted)", got)
	}
	if got := metric(t, g, "songnodes_monitor_consumer_lag_seconds", "stage", "silver"); got != 0 {
		t.Errorf("silver lag seconds %v, want 0", got)
	}
	// The raw records left are the last two of each partition, written
	// between t0 and t0+2s, an hour ago.
	if got := metric(t, g, "songnodes_monitor_consumer_lag_seconds", "stage", "bronze"); got < 3598 || got > 3600 {
		t.Errorf("bronze lag %vs, want about an hour", got)
	}
}

// bronzeCopies returns the bronze records written so far, stamped at ts.
func bronzeCopies(t *testing.T, f *fixture, ts time.Time) []*kgo.Record {
	var out []*kgo.Record
	for _, r := range testenv.ReadAll(t, f.kcfg, f.kcfg.Topics.Bronze())[:5] {
		out = append(out, &kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value, Headers: r.Headers, Timestamp: ts})
		f.w("mixesdb", "bronze").playlists++
	}
	return out
}

// With the database, the status shows each scraper's crawl state, also of
// a source nothing of which reached the topics yet.
func TestMonitorScrapers(t *testing.T) {
	f := newFixture(t)
	db := testenv.Postgres(t)
	pool := testenv.Pool(t, db)
	_, err := pool.Exec(t.Context(), `INSERT INTO scrape_pages (source, url, first_seen_at, fetched_at, produced_at, outcome) VALUES
		('mixesdb', 'https://m/1', now(), '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z', 'produced'),
		('mixesdb', 'https://m/2', now(), '2026-12-01T11:00:00Z', NULL, 'unreadable'),
		('1001tracklists', 'https://t/1', now(), '2026-12-01T09:00:00Z', NULL, 'failed')`)
	testenv.Must(t, err, "crawl state")
	s := f.settings()
	s.DatabaseURL = db
	r := f.start(s)
	st := r.status(t)
	got := map[string]*monitor.ScraperStatus{}
	for _, src := range st.Sources {
		got[src.Source] = src.Scraper
	}
	m, tl := got["mixesdb"], got["1001tracklists"]
	if m == nil || tl == nil || st.ScrapersError != "" {
		t.Fatalf("scrapers %v, error %q", got, st.ScrapersError)
	}
	if m.Pages["produced"] != 1 || m.Pages["unreadable"] != 1 || !m.LastFetched.Equal(time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)) ||
		!m.LastProduced.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("mixesdb's scraper %+v", *m)
	}
	if tl.Pages["failed"] != 1 || tl.LastProduced != nil {
		t.Errorf("1001tracklists' scraper %+v", *tl)
	}
}
