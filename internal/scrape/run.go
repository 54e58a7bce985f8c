package scrape

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics are a scraper's counts, by source (docs/scrapers.md); the HTTP
// client counts requests by host (fetch.Metrics).
type Metrics struct {
	discovered *prometheus.CounterVec
	pages      *prometheus.CounterVec
	playlists  *prometheus.CounterVec
	tracks     *prometheus.CounterVec
	unreadable *prometheus.CounterVec
	lastPass   *prometheus.GaugeVec
	lastOutput *prometheus.GaugeVec
}

// NewMetrics registers the scraper metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		discovered: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_discovered_pages_total",
			Help: "Pages discovery listed, by source.",
		}, []string{"source"}),
		pages: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_pages_total",
			Help: "Pages handled, by source and outcome (produced, unchanged, empty, unreadable, failed).",
		}, []string{"source", "outcome"}),
		playlists: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_playlists_total",
			Help: "Playlists produced, by source.",
		}, []string{"source"}),
		tracks: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_tracks_total",
			Help: "Track lines in the playlists produced, by source.",
		}, []string{"source"}),
		unreadable: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_scrape_unreadable_pages_total",
			Help: "Pages the extractor could not read, by source and reason; they go to <prefix>.dlq.scrape.",
		}, []string{"source", "reason"}),
		lastPass: f.NewGaugeVec(prometheus.GaugeOpts{
			Name: "songnodes_scrape_last_pass_timestamp_seconds",
			Help: "When the last discovery pass of a source ended.",
		}, []string{"source"}),
		lastOutput: f.NewGaugeVec(prometheus.GaugeOpts{
			Name: "songnodes_scrape_last_produced_timestamp_seconds",
			Help: "When a source last produced a playlist.",
		}, []string{"source"}),
	}
}

// init creates a source's series at zero, so that rates and the alerts
// on them exist before the first page.
func (m *Metrics) init(source string) {
	m.discovered.WithLabelValues(source)
	m.playlists.WithLabelValues(source)
	m.tracks.WithLabelValues(source)
	for _, o := range Outcomes {
		m.pages.WithLabelValues(source, o)
	}
}

// Runner scrapes one site.
type Runner struct {
	Site   Site
	Getter Getter
	// State is the crawl state; nil keeps none (a dry run without a
	// database fetches and prints everything it finds).
	State   *State
	Sink    Sink
	Metrics *Metrics
	Log     *slog.Logger
}

// Options say what one run scrapes.
type Options struct {
	Query
	// URL, when set, scrapes that one page and stops.
	URL string
	// Once stops after one discovery pass; otherwise a pass starts every
	// Interval.
	Once     bool
	Interval time.Duration
	// DryRun leaves the crawl state as it is, so that a real run after it
	// still produces what the dry run printed.
	DryRun bool
}

// Totals count the outcomes of a run.
type Totals map[string]int

// Run scrapes until ctx ends, or after one pass (Once) or one page (URL).
func (r *Runner) Run(ctx context.Context, o Options) (Totals, error) {
	src := r.Site.Source()
	r.Metrics.init(src)
	totals := Totals{}
	if o.URL != "" {
		out, err := r.page(ctx, Ref{URL: o.URL}, o.DryRun)
		totals[out]++
		return totals, err
	}
	for {
		start := time.Now()
		if err := r.pass(ctx, o, totals); err != nil {
			if ctx.Err() != nil {
				return totals, nil
			}
			if o.Once {
				return totals, err
			}
			r.Log.Error("discovery pass failed; trying again next pass", "source", src, "err", err)
		} else {
			r.Metrics.lastPass.WithLabelValues(src).Set(float64(time.Now().Unix()))
			r.Log.Info("pass done", "source", src, "took", time.Since(start).Round(time.Millisecond).String(), "totals", totals)
		}
		if o.Once {
			return totals, nil
		}
		select {
		case <-ctx.Done():
			return totals, nil
		case <-time.After(o.Interval):
		}
	}
}

// pass discovers once and handles every page found.
func (r *Runner) pass(ctx context.Context, o Options, totals Totals) error {
	src := r.Site.Source()
	seen := map[string]bool{}
	return r.Site.Discover(ctx, r.Getter, o.Query, func(ref Ref) error {
		if seen[ref.URL] {
			return nil
		}
		seen[ref.URL] = true
		r.Metrics.discovered.WithLabelValues(src).Inc()
		out, err := r.page(ctx, ref, o.DryRun)
		totals[out]++
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		// A page that failed is in the crawl state and the metrics; the
		// pass goes on with the next one.
		return nil
	})
}

// page fetches, extracts and produces one page, records its outcome in
// the crawl state, and returns the outcome.
func (r *Runner) page(ctx context.Context, ref Ref, dryRun bool) (string, error) {
	src := r.Site.Source()
	now := time.Now().UTC()
	prev := Entry{Source: src, URL: ref.URL, FirstSeenAt: now}
	if r.State != nil {
		e, ok, err := r.State.Get(ctx, src, ref.URL)
		if err != nil {
			return OutcomeFailed, fmt.Errorf("crawl state: %w", err)
		}
		if ok {
			prev = e
		}
	}
	if !dryRun && r.unchangedSince(&prev, ref.Revision) {
		// The listing says the page is at the revision already handled:
		// no request, and nothing to write.
		r.Metrics.pages.WithLabelValues(src, OutcomeUnchanged).Inc()
		return OutcomeUnchanged, nil
	}
	next := prev
	next.FetchedAt = now
	if ref.ID != "" {
		next.PageID = ref.ID
	}

	outcome, err := r.handle(ctx, ref, &prev, &next, dryRun)
	next.Outcome = outcome
	switch {
	case outcome == OutcomeUnchanged && prev.Outcome == OutcomeUnreadable:
		next.Outcome = prev.Outcome // still unreadable: the state says so
	case outcome != OutcomeUnchanged && outcome != OutcomeFailed:
		next.Extractor = r.Site.Version()
	}
	if err != nil {
		next.Detail = err.Error()
		level := slog.LevelWarn
		if outcome == OutcomeFailed {
			level = slog.LevelError
		}
		r.Log.Log(ctx, level, "page not produced", "source", src, "url", ref.URL, "outcome", outcome, "err", err)
	} else if next.Outcome != OutcomeUnreadable {
		next.Detail = ""
	}
	r.Metrics.pages.WithLabelValues(src, outcome).Inc()
	if r.State != nil && !dryRun && ctx.Err() == nil {
		if perr := r.State.Put(ctx, next); perr != nil {
			return OutcomeFailed, errors.Join(err, fmt.Errorf("crawl state: %w", perr))
		}
	}
	return outcome, err
}

// unchangedSince reports whether the crawl state already holds this
// revision as handled: produced, or read and found empty, or found
// unreadable by this very extractor (reading it again would only
// dead-letter it again). A page that failed is fetched again.
func (r *Runner) unchangedSince(prev *Entry, revision string) bool {
	if revision == "" || prev.Revision != revision {
		return false
	}
	switch prev.Outcome {
	case OutcomeProduced, OutcomeEmpty, OutcomeUnchanged:
		return true
	case OutcomeUnreadable:
		return prev.Extractor == r.Site.Version()
	}
	return false
}

func (r *Runner) handle(ctx context.Context, ref Ref, prev, next *Entry, dryRun bool) (string, error) {
	src := r.Site.Source()
	val := prev.validators()
	if dryRun {
		val = Validators{}
	}
	page, err := r.Site.Fetch(ctx, r.Getter, ref, val)
	if err != nil {
		return OutcomeFailed, err
	}
	if page.NotModified {
		if r.unchangedSince(prev, prev.Revision) {
			return OutcomeUnchanged, nil
		}
		// A 304 for a page the state holds no good outcome of (the last
		// try was unreadable): fetch it again, unconditionally.
		if page, err = r.Site.Fetch(ctx, r.Getter, ref, Validators{}); err != nil {
			return OutcomeFailed, err
		}
	}
	if page.Revision == "" {
		sum := sha256.Sum256(page.Body)
		page.Revision = "sha256:" + hex.EncodeToString(sum[:])
	}
	next.Revision, next.ETag, next.LastModified = page.Revision, page.ETag, page.LastModified
	if page.ID != "" {
		next.PageID = page.ID
	}
	if !dryRun && r.unchangedSince(prev, page.Revision) {
		return OutcomeUnchanged, nil
	}
	if page.Revision != prev.Revision {
		next.ChangedAt = next.FetchedAt
	}

	p, err := r.Site.Extract(page)
	var ue *UnreadableError
	if errors.As(err, &ue) {
		r.Metrics.unreadable.WithLabelValues(src, ue.Reason).Inc()
		if serr := r.Sink.Unreadable(ctx, src, page, ue); serr != nil {
			return OutcomeFailed, errors.Join(err, fmt.Errorf("dead letter: %w", serr))
		}
		return OutcomeUnreadable, err
	}
	if err != nil {
		return OutcomeFailed, err
	}
	next.Tracks = len(p.Tracks)
	if len(p.Tracks) == 0 {
		return OutcomeEmpty, nil
	}
	p.Source = src
	p.SourceRevision = &page.Revision
	p.ScrapedAt = time.Now().UTC().Truncate(time.Millisecond)
	if p.DjNames == nil {
		p.DjNames = []string{}
	}
	if err := p.Validate(); err != nil {
		// The extractor made a playlist the pipeline would refuse: a bug
		// of the extractor, kept like an unreadable page.
		ue := &UnreadableError{Reason: "invalid_playlist", Detail: err.Error()}
		r.Metrics.unreadable.WithLabelValues(src, ue.Reason).Inc()
		if serr := r.Sink.Unreadable(ctx, src, page, ue); serr != nil {
			return OutcomeFailed, errors.Join(ue, fmt.Errorf("dead letter: %w", serr))
		}
		return OutcomeUnreadable, ue
	}
	if err := r.Sink.Playlist(ctx, &p); err != nil {
		return OutcomeFailed, fmt.Errorf("produce: %w", err)
	}
	next.ProducedAt = next.FetchedAt
	r.Metrics.playlists.WithLabelValues(src).Inc()
	r.Metrics.tracks.WithLabelValues(src).Add(float64(len(p.Tracks)))
	r.Metrics.lastOutput.WithLabelValues(src).Set(float64(time.Now().Unix()))
	return OutcomeProduced, nil
}
