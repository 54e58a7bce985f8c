package scrapers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
	"github.com/songnodes/pipeline/internal/scrapers"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// mirror serves a site's offline sample, with pages a test can replace
// (a page edited on the site, a layout changed) and a count of requests.
type mirror struct {
	*httptest.Server
	mu       sync.Mutex
	replace  map[string]func([]byte) []byte // by path + "?" + query, on the sample's answer
	requests map[string]int                 // by path
}

func newMirror(t *testing.T, site scrapers.Site) *mirror {
	m := &mirror{replace: map[string]func([]byte) []byte{}, requests: map[string]int{}}
	sample := site.Sample()
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.requests[r.URL.Path]++
		var fn func([]byte) []byte
		for k, f := range m.replace {
			if strings.Contains(r.URL.Path+"?"+r.URL.RawQuery, k) {
				fn = f
			}
		}
		m.mu.Unlock()
		if fn == nil {
			sample.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		sample.ServeHTTP(rec, r)
		_, _ = w.Write(fn(rec.Body.Bytes()))
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *mirror) set(match string, fn func([]byte) []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.replace[match] = fn
}

func (m *mirror) count(path string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests[path]
}

// rig is what a scraper runs on: a cluster, a registry, a database.
type rig struct {
	t     *testing.T
	kcfg  kafka.Config
	reg   string
	state *scrape.State
	sink  *scrape.KafkaSink
	db    string
}

func newRig(t *testing.T) *rig {
	_, kcfg := testenv.Kafka(t, 1)
	_, reg := testenv.Registry(t)
	db := testenv.Postgres(t)
	sink, err := scrape.NewKafkaSink(kcfg, reg, kafka.DefaultMaxRecordBytes, testenv.Logger(t))
	testenv.Must(t, err, "sink")
	t.Cleanup(sink.Close)
	return &rig{t: t, kcfg: kcfg, reg: reg, state: scrape.NewState(testenv.Pool(t, db)), sink: sink, db: db}
}

// run is one process's run: a new client, new metrics, the same state.
func (g *rig) run(site scrapers.Site, base string, o scrape.Options) (scrape.Totals, *prometheus.Registry) {
	g.t.Helper()
	reg := prometheus.NewRegistry()
	r := &scrape.Runner{
		Site:    site.New(base),
		Getter:  fetch.New(fetch.Options{HostDelay: map[string]time.Duration{"127.0.0.1": 0}, Metrics: fetch.NewMetrics(reg)}),
		State:   g.state,
		Sink:    g.sink,
		Metrics: scrape.NewMetrics(reg),
		Log:     testenv.Logger(g.t),
	}
	totals, err := r.Run(g.t.Context(), o)
	testenv.Must(g.t, err, "run %s", site.Source)
	return totals, reg
}

func (g *rig) raw(source string) []record.ScrapedPlaylist {
	g.t.Helper()
	return g.rawAtLeast(source, 0)
}

// rawAtLeast is raw, read until n acknowledged playlists are there (a new
// client's first look at a fresh topic has been seen empty).
func (g *rig) rawAtLeast(source string, n int) []record.ScrapedPlaylist {
	g.t.Helper()
	reg, err := serde.NewRegistry(g.reg)
	testenv.Must(g.t, err, "registry")
	dec := serde.NewDecoder(reg, record.ScrapedPlaylistSchema)
	var out []record.ScrapedPlaylist
	for _, r := range testenv.ReadAtLeast(g.t, g.kcfg, g.kcfg.Topics.Raw(source), n) {
		var p record.ScrapedPlaylist
		_, err := dec.Decode(g.t.Context(), r.Value, &p)
		testenv.Must(g.t, err, "decode raw")
		if want := source + ":" + *p.SourcePlaylistID; string(r.Key) != want {
			g.t.Errorf("raw record keyed %q, want %q", r.Key, want)
		}
		out = append(out, p)
	}
	return out
}

func (g *rig) outcomes(source string) map[string]int {
	g.t.Helper()
	pool := testenv.Pool(g.t, g.db)
	rows, err := pool.Query(g.t.Context(), `SELECT outcome, count(*) FROM scrape_pages WHERE source = $1 GROUP BY outcome`, source)
	testenv.Must(g.t, err, "outcomes")
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		testenv.Must(g.t, rows.Scan(&o, &n), "scan")
		out[o] = n
	}
	return out
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// MixesDB end to end on its saved pages: a first pass produces every page
// with a tracklist and dead-letters the one without; a restart produces
// nothing again (the crawl state holds every revision); an edited page is
// produced again; a page whose layout broke is dead-lettered once, not
// once per pass, and counted.
func TestMixesDBScrape(t *testing.T) {
	site, err := scrapers.Lookup("mixesdb")
	testenv.Must(t, err, "lookup")
	g := newRig(t)
	m := newMirror(t, site)

	totals, reg := g.run(site, m.URL, scrape.Options{Once: true})
	if want := (scrape.Totals{"produced": 8, "empty": 1, "unreadable": 1}); !equal(totals, want) {
		t.Fatalf("first pass %v, want %v", totals, want)
	}
	raw := g.raw("mixesdb")
	if len(raw) != 8 {
		t.Fatalf("%d raw records, want 8", len(raw))
	}
	for _, p := range raw {
		if p.ParserVersion != "mixesdb/1" || len(p.Tracks) == 0 || p.ScrapedAt.IsZero() || !strings.HasPrefix(p.SourceURL, m.URL+"/w/") ||
			p.SourceRevision == nil || *p.SourceRevision != "15"+(*p.SourcePlaylistID)[1:] {
			t.Errorf("raw playlist %q: parser %q, %d tracks, scraped %v, url %s, revision %v", p.Name, p.ParserVersion, len(p.Tracks), p.ScrapedAt, p.SourceURL, p.SourceRevision)
		}
	}
	letters := testenv.ReadAtLeast(t, g.kcfg, g.kcfg.Topics.DLQ("scrape"), 1)
	if len(letters) != 1 {
		t.Fatalf("%d dead letters, want 1", len(letters))
	}
	l := letters[0]
	if dlq.Header(l, dlq.HeaderReason) != "unreadable" || dlq.Header(l, scrape.HeaderUnreadable) != "no_tracklist" ||
		!strings.HasSuffix(dlq.Header(l, scrape.HeaderURL), "David_Holmes_-_Essential_Mix") || dlq.Header(l, dlq.HeaderSource) != "mixesdb" ||
		!bytes.Contains(l.Value, []byte("David Holmes")) {
		t.Errorf("dead letter: headers %v, %d bytes", l.Headers, len(l.Value))
	}
	for name, want := range map[string]float64{"produced": 8, "empty": 1, "unreadable": 1, "failed": 0} {
		if got := testenv.Metric(t, reg, "songnodes_scrape_pages_total", "source", "mixesdb", "outcome", name); got != want {
			t.Errorf("pages %s = %v, want %v", name, got, want)
		}
	}
	if got := testenv.Metric(t, reg, "songnodes_scrape_tracks_total", "source", "mixesdb"); got < 60 {
		t.Errorf("tracks produced %v", got)
	}
	if got := testenv.Metric(t, reg, "songnodes_scrape_unreadable_pages_total", "source", "mixesdb", "reason", "no_tracklist"); got != 1 {
		t.Errorf("unreadable no_tracklist = %v", got)
	}
	if got := g.outcomes("mixesdb"); !equal(got, map[string]int{"produced": 8, "empty": 1, "unreadable": 1}) {
		t.Errorf("crawl state %v", got)
	}

	// A restart: every revision is known; nothing is fetched or produced.
	pages := m.count("/w/api.php")
	totals, _ = g.run(site, m.URL, scrape.Options{Once: true})
	if want := (scrape.Totals{"unchanged": 10}); !equal(totals, want) {
		t.Errorf("second pass %v, want %v", totals, want)
	}
	if n := m.count("/w/api.php") - pages; n != 3 {
		t.Errorf("second pass made %d API requests, want 3 (the listings only)", n)
	}
	if n := len(testenv.ReadAll(t, g.kcfg, g.kcfg.Topics.Raw("mixesdb"))); n != 8 {
		t.Errorf("%d raw records after the restart, want 8", n)
	}
	if got := g.outcomes("mixesdb"); !equal(got, map[string]int{"produced": 8, "empty": 1, "unreadable": 1}) {
		t.Errorf("crawl state after the restart %v: it holds each page's last fetch", got)
	}

	// Gorgon City's page is edited (a new revision, a track named), and
	// tINI's page loses its tracklist section (a broken layout).
	edit := func(b []byte, oldNew ...string) []byte {
		return []byte(strings.NewReplacer(oldNew...).Replace(string(b)))
	}
	m.set("list=recentchanges", func(b []byte) []byte {
		return edit(b, `"revid":1500108`, `"revid":1600108`, `"revid":1500109`, `"revid":1600109`)
	})
	m.set("pageids=100109", func(b []byte) []byte {
		return edit(b, `"revid":1500109`, `"revid":1600109`, "Gorgon City - Intro [White]", "Gorgon City - Imagination [Black Butter]")
	})
	m.set("pageids=100108", func(b []byte) []byte {
		return edit(b, `"revid":1500108`, `"revid":1600108`, "== Tracklist ==", "== Setlist ==")
	})
	totals, _ = g.run(site, m.URL, scrape.Options{Once: true})
	if want := (scrape.Totals{"produced": 1, "unreadable": 1, "unchanged": 8}); !equal(totals, want) {
		t.Errorf("pass after the edits %v, want %v", totals, want)
	}
	// Again: the broken page is not dead-lettered once per pass.
	totals, _ = g.run(site, m.URL, scrape.Options{Once: true})
	if want := (scrape.Totals{"unchanged": 10}); !equal(totals, want) {
		t.Errorf("next pass %v, want %v", totals, want)
	}
	raw = g.raw("mixesdb")
	edited := 0
	for _, p := range raw {
		if *p.SourcePlaylistID == "100109" && strings.Contains(p.Tracks[1].RawLine, "Imagination") {
			edited++
		}
	}
	if len(raw) != 9 || edited != 1 {
		t.Errorf("%d raw records after the edit (want 9), %d of the edited page (want 1)", len(raw), edited)
	}
	if n := len(testenv.ReadAtLeast(t, g.kcfg, g.kcfg.Topics.DLQ("scrape"), 2)); n != 2 {
		t.Errorf("%d dead letters after the broken layout, want 2", n)
	}
}

// A page robots.txt forbids is not fetched; the failure is in the crawl
// state and the metrics, and the pass goes on.
func TestRobotsDisallowed(t *testing.T) {
	site, _ := scrapers.Lookup("1001tracklists")
	g := newRig(t)
	m := newMirror(t, site)
	m.set("/robots.txt", func([]byte) []byte {
		return []byte("User-agent: *\nDisallow: /tracklist/25fhn7c9/\n")
	})
	totals, reg := g.run(site, m.URL, scrape.Options{Once: true})
	if want := (scrape.Totals{"produced": 5, "failed": 1}); !equal(totals, want) {
		t.Fatalf("totals %v, want %v", totals, want)
	}
	if n := m.count("/tracklist/25fhn7c9/sven-vath-time-warp-maimarkthalle-mannheim-germany-2024-10-25.html"); n != 0 {
		t.Errorf("the disallowed page was fetched %d times", n)
	}
	if got := testenv.Metric(t, reg, "songnodes_scrape_pages_total", "source", "1001tracklists", "outcome", "failed"); got != 1 {
		t.Errorf("failed pages %v", got)
	}
	var detail string
	pool := testenv.Pool(t, g.db)
	testenv.Must(t, pool.QueryRow(t.Context(), `SELECT detail FROM scrape_pages WHERE outcome = 'failed'`).Scan(&detail), "detail")
	if !strings.Contains(detail, "robots.txt") {
		t.Errorf("failed page's detail %q", detail)
	}

	// Unchanged pages answer 304 to the validators kept: nothing produced.
	totals, _ = g.run(site, m.URL, scrape.Options{Once: true})
	if totals["unchanged"] != 5 || totals["produced"] != 0 {
		t.Errorf("second pass %v", totals)
	}
	raw := g.raw("1001tracklists")
	if len(raw) != 5 || !raw[0].HintsFromMarkup || !strings.HasPrefix(*raw[0].SourceRevision, "sha256:") {
		t.Errorf("%d raw playlists, marked %v", len(raw), len(raw) > 0 && raw[0].HintsFromMarkup)
	}
}

// --dry-run prints the JSON the ingest API takes, changes no crawl state,
// and --url scrapes one page.
func TestDryRunAndURL(t *testing.T) {
	site, _ := scrapers.Lookup("mixesdb")
	m := newMirror(t, site)
	var out bytes.Buffer
	r := &scrape.Runner{
		Site:    site.New(m.URL),
		Getter:  fetch.New(fetch.Options{HostDelay: map[string]time.Duration{"127.0.0.1": 0}}),
		Sink:    &scrape.DryRun{Out: &out, Log: testenv.Logger(t)},
		Metrics: scrape.NewMetrics(prometheus.NewRegistry()),
		Log:     testenv.Logger(t),
	}
	url := m.URL + "/w/2014-08-23_-_Gorgon_City_-_Essential_Mix"
	totals, err := r.Run(context.Background(), scrape.Options{URL: url, DryRun: true})
	testenv.Must(t, err, "dry run")
	if totals["produced"] != 1 {
		t.Fatalf("totals %v", totals)
	}
	var p map[string]any
	testenv.Must(t, json.Unmarshal(out.Bytes(), &p), "the printed playlist")
	if p["played_on"] != "2014-08-23" || p["source_url"] != url || p["name"] != "2014-08-23 - Gorgon City - Essential Mix" {
		t.Errorf("printed %v %v %v", p["played_on"], p["source_url"], p["name"])
	}
	tracks, _ := p["tracks"].([]any)
	if len(tracks) != 10 {
		t.Errorf("%d tracks printed", len(tracks))
	}
}

// The target-track search: each site's search finds the saved pages of
// the artist asked for, and only those.
func TestSearch(t *testing.T) {
	g := newRig(t)
	for source, term := range map[string]string{"mixesdb": "Gorgon City", "1001tracklists": "Sven Väth - Ritual Of Life"} {
		site, _ := scrapers.Lookup(source)
		m := newMirror(t, site)
		totals, _ := g.run(site, m.URL, scrape.Options{Once: true, Query: scrape.Query{Search: []string{term, "Nobody At All - Nothing"}}})
		if !equal(totals, scrape.Totals{"produced": 1}) {
			t.Errorf("%s: search %q: %v", source, term, totals)
		}
		raw := g.rawAtLeast(source, 1)
		if len(raw) != 1 || !strings.Contains(raw[0].Name, strings.Split(term, " - ")[0]) {
			t.Errorf("%s: found %d playlists", source, len(raw))
		}
	}
}
