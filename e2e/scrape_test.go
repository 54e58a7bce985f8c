package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
	"github.com/songnodes/pipeline/internal/scrapers"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Both scrapers on their saved pages, through the whole pipeline: every
// page with a tracklist reaches silver and its transitions gold, the
// 1001Tracklists tracks read from the page's own markup; a MixesDB page
// edited on the site is scraped again and replaces its playlist in silver
// and its transitions in gold.
func TestScrapeEndToEnd(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1})
	s.runBronze(1 << 20)
	s.runSilver("")
	s.runGold()

	sink, err := scrape.NewKafkaSink(s.kcfg, s.regURL, 1<<20, testenv.Logger(t))
	testenv.Must(t, err, "sink")
	t.Cleanup(sink.Close)
	state := scrape.NewState(s.db)
	run := func(source, base string) scrape.Totals {
		t.Helper()
		site, err := scrapers.Lookup(source)
		testenv.Must(t, err, "lookup")
		r := &scrape.Runner{
			Site:    site.New(base),
			Getter:  fetch.New(fetch.Options{HostDelay: map[string]time.Duration{"127.0.0.1": 0}}),
			State:   state,
			Sink:    sink,
			Metrics: scrape.NewMetrics(prometheus.NewRegistry()),
			Log:     testenv.Logger(t),
		}
		totals, err := r.Run(t.Context(), scrape.Options{Once: true})
		testenv.Must(t, err, "scrape %s", source)
		return totals
	}

	// MixesDB's sample, where Gorgon City's page can be edited: a new
	// revision whose second track is another.
	var edited atomic.Bool
	mixes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.RawQuery
		if !edited.Load() || !(strings.Contains(q, "list=recentchanges") || strings.Contains(q, "pageids=100109")) {
			scrapers.Sites[0].Sample().ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		scrapers.Sites[0].Sample().ServeHTTP(rec, r)
		_, _ = w.Write([]byte(strings.NewReplacer(`"revid":1500109`, `"revid":1600109`,
			"Gorgon City - Intro [White]", "Gorgon City - Imagination [Black Butter]").Replace(rec.Body.String())))
	}))
	t.Cleanup(mixes.Close)
	tl := httptest.NewServer(scrapers.Sites[1].Sample())
	t.Cleanup(tl.Close)

	if got := run("mixesdb", mixes.URL); got["produced"] != 8 {
		t.Fatalf("mixesdb: %v", got)
	}
	if got := run("1001tracklists", tl.URL); got["produced"] != 6 {
		t.Fatalf("1001tracklists: %v", got)
	}
	transition := func(from, to string) int {
		return s.count(`SELECT coalesce(sum(occurrences), 0) FROM gold_next_tracks WHERE from_track = $1 AND to_track = $2`, from, to)
	}
	testenv.Eventually(t, 2*time.Minute, "14 scraped playlists in silver and their transitions in gold", func() bool {
		return s.count(`SELECT count(*) FROM silver_playlists WHERE parser_version IN ('mixesdb/1', '1001tracklists/1')`) == 14 &&
			transition("Gorgon City - Intro", "Curses! - Slow Lights") == 1
	})
	if got := transition("Robert Hood - Minus", "Gorgon City - Intro"); got != 1 {
		t.Errorf("Robert Hood - Minus -> Gorgon City - Intro: %d occurrences, want 1", got)
	}
	// 1001Tracklists: the label is the page's, apart from the title.
	if n := s.count(`SELECT count(*) FROM silver_playlist_tracks t JOIN silver_playlists p USING (playlist_key)
		WHERE p.source = '1001tracklists' AND t.title = 'Ritual Of Life' AND t.label = 'COCOON' AND t.artists = '{Sven Väth}'`); n != 1 {
		t.Errorf("%d 1001Tracklists tracks read from the page's markup, want 1", n)
	}
	if n := s.count(`SELECT count(*) FROM gold_transitions`); n < 100 {
		t.Errorf("only %d transitions in gold from 14 real tracklists", n)
	}

	// The edit: scraped again, it replaces the playlist downstream.
	edited.Store(true)
	if got := run("mixesdb", mixes.URL); got["produced"] != 1 || got["unchanged"] != 9 {
		t.Fatalf("mixesdb after the edit: %v", got)
	}
	testenv.Eventually(t, 2*time.Minute, "the edited playlist in silver and gold", func() bool {
		return s.count(`SELECT count(*) FROM silver_playlist_tracks WHERE playlist_key = 'mixesdb:100109' AND title = 'Imagination'`) == 1 &&
			transition("Robert Hood - Minus", "Gorgon City - Imagination") == 1
	})
	if got := transition("Robert Hood - Minus", "Gorgon City - Intro"); got != 0 {
		t.Errorf("the old transition is still counted %d times", got)
	}
	if n := s.count(`SELECT count(*) FROM silver_playlists WHERE parser_version IN ('mixesdb/1', '1001tracklists/1')`); n != 14 {
		t.Errorf("%d scraped playlists in silver after the edit, want 14", n)
	}
}

// runScraper scrapes a site's offline sample once, into the stack's raw
// topic, and returns the App holding the scraper's metrics (TestObservability).
func (s *stack) runScraper(source string) *app.App {
	s.t.Helper()
	site, err := scrapers.Lookup(source)
	testenv.Must(s.t, err, "lookup")
	srv := httptest.NewServer(site.Sample())
	s.t.Cleanup(srv.Close)
	a := app.New("scrape-"+source, testenv.Logger(s.t))
	sink, err := scrape.NewKafkaSink(s.kcfg, s.regURL, 1<<20, testenv.Logger(s.t))
	testenv.Must(s.t, err, "sink")
	s.t.Cleanup(sink.Close)
	r := &scrape.Runner{
		Site:    site.New(srv.URL),
		Getter:  fetch.New(fetch.Options{HostDelay: map[string]time.Duration{"127.0.0.1": 0}, Metrics: fetch.NewMetrics(a.Metrics)}),
		State:   scrape.NewState(s.db),
		Sink:    sink,
		Metrics: scrape.NewMetrics(a.Metrics),
		Log:     testenv.Logger(s.t),
	}
	totals, err := r.Run(s.t.Context(), scrape.Options{Once: true})
	testenv.Must(s.t, err, "scrape %s", source)
	if totals["produced"] == 0 {
		s.t.Fatalf("scraper %s produced nothing: %v", source, totals)
	}
	return a
}
