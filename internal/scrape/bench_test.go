package scrape_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
	"github.com/songnodes/pipeline/internal/testenv"
)

// listing is a site of n pages that discovery lists with the revision the
// crawl state already holds: a pass over it is the runner and the crawl
// state alone, which is what a large crawl state costs.
type listing struct{ n int }

func (l listing) Source() string  { return "bench" }
func (l listing) Version() string { return "bench/1" }
func (l listing) Discover(_ context.Context, _ scrape.Getter, _ scrape.Query, yield func(scrape.Ref) error) error {
	for i := range l.n {
		if err := yield(scrape.Ref{URL: fmt.Sprintf("https://example.org/mix/%d", i), Revision: "r1"}); err != nil {
			return err
		}
	}
	return nil
}
func (l listing) Fetch(context.Context, scrape.Getter, scrape.Ref, scrape.Validators) (scrape.Page, error) {
	return scrape.Page{}, fmt.Errorf("a page with a known revision is not fetched")
}
func (l listing) Extract(scrape.Page) (record.ScrapedPlaylist, error) {
	return record.ScrapedPlaylist{}, fmt.Errorf("not reached")
}

// BenchmarkCrawlState100k: a discovery pass over 100,000 pages the crawl
// state (PostgreSQL) already holds: pages per second, and the heap the
// scraper holds at the end of the pass (the pass's set of URLs seen).
func BenchmarkCrawlState100k(b *testing.B) {
	const n = 100_000
	pool := testenv.Pool(b, testenv.Postgres(b))
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO scrape_pages (source, url, revision, first_seen_at, fetched_at, outcome, extractor)
		SELECT 'bench', 'https://example.org/mix/' || i, 'r1', now(), now(), 'produced', 'bench/1'
		FROM generate_series(0, $1 - 1) AS i`, n); err != nil {
		b.Fatal(err)
	}
	r := &scrape.Runner{
		Site: listing{n: n}, Getter: fetch.New(fetch.Options{}), State: scrape.NewState(pool),
		Metrics: scrape.NewMetrics(prometheus.NewRegistry()), Log: testenv.Logger(b),
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		totals, err := r.Run(ctx, scrape.Options{Once: true})
		if err != nil || totals[scrape.OutcomeUnchanged] != n {
			b.Fatalf("%v %v", totals, err)
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "pages/s")
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "MB-heap-in-use")
	b.ReportMetric(float64(after.HeapInuse-min(after.HeapInuse, before.HeapInuse))/(1<<20), "MB-heap-growth")
}
