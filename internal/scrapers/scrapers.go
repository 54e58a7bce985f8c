// Package scrapers lists the sites the pipeline scrapes and runs them:
// `songnodes scrape SOURCE` and `ingest scrape SOURCE` are Main. A site is
// added here and in its own package under internal/scrape
// (docs/scrapers.md).
package scrapers

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/mixesdb"
	"github.com/songnodes/pipeline/internal/scrape/tracklists1001"
)

// Site is one scraper as the command knows it.
type Site struct {
	// Source is the site's source name.
	Source string
	// BaseURL is the site's root on the web.
	BaseURL string
	// Delay is the default interval between two requests to the site:
	// the site's owners' patience, not our speed, bounds a crawl.
	Delay time.Duration
	// HTTPAddr is where a continuous run serves /metrics and /readyz by
	// default: one port per site, so that both run side by side.
	HTTPAddr string
	// New returns the site reading from base (BaseURL, a mirror, a test
	// server).
	New func(base string) scrape.Site
	// Sample serves the site's saved pages as the site would: the
	// offline sample (make run, --offline-sample, the tests).
	Sample func() http.Handler
	// SampleAddr is where the offline sample is served when it can be:
	// the same address every run keeps the pages' URLs, so the crawl
	// state recognises them.
	SampleAddr string
}

// Sites are the scrapers, by source.
var Sites = []Site{
	{
		Source: "mixesdb", BaseURL: "https://www.mixesdb.com", Delay: 2 * time.Second, HTTPAddr: "127.0.0.1:8095",
		New:    func(base string) scrape.Site { return mixesdb.New(base) },
		Sample: mixesdb.Sample, SampleAddr: "127.0.0.1:18095",
	},
	{
		// 1001Tracklists blocks eager clients quickly and for long: one
		// page every 20 s is about what a person reading it does.
		Source: "1001tracklists", BaseURL: "https://www.1001tracklists.com", Delay: 20 * time.Second, HTTPAddr: "127.0.0.1:8096",
		New:    func(base string) scrape.Site { return tracklists1001.New(base) },
		Sample: tracklists1001.Sample, SampleAddr: "127.0.0.1:18096",
	},
}

// Lookup returns the site of a source name.
func Lookup(source string) (Site, error) {
	for _, s := range Sites {
		if s.Source == source {
			return s, nil
		}
	}
	return Site{}, fmt.Errorf("unknown source %q (want %s)", source, strings.Join(Names(), ", "))
}

// Names lists the sources.
func Names() []string {
	out := make([]string, len(Sites))
	for i, s := range Sites {
		out[i] = s.Source
	}
	return out
}

// ParseList reads a comma-separated list of sources (--scrape).
func ParseList(s string) ([]Site, error) {
	var out []Site
	for name := range strings.SplitSeq(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		site, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(x Site) bool { return x.Source == name }) {
			out = append(out, site)
		}
	}
	return out, nil
}

// host is the host of a base URL, for per-host settings.
func host(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// ServeSample serves a site's offline sample on its SampleAddr (another
// loopback port when that one is taken) until ctx ends, and returns its
// base URL.
func ServeSample(ctx context.Context, s Site) (string, error) {
	ln, err := net.Listen("tcp", s.SampleAddr)
	if err != nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return "", fmt.Errorf("offline sample of %s: %w", s.Source, err)
	}
	srv := &http.Server{Handler: s.Sample(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return "http://" + ln.Addr().String(), nil
}
