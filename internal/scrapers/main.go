package scrapers

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"strings"
	"time"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
	"github.com/songnodes/pipeline/internal/serde"
)

// Flags are the command's settings.
type Flags struct {
	Source    string
	BaseURL   string
	URL       string
	Once      bool
	DryRun    bool
	Delay     time.Duration
	Interval  time.Duration
	Since     string
	Limit     int
	Search    []string
	Targets   string
	IngestURL string
	UserAgent string
	HTTPAddr  string
	// Sample scrapes the site's offline sample (its saved pages, served
	// on a loopback port) instead of the site.
	Sample bool
}

// Main is `songnodes scrape SOURCE [flags]` (and `ingest scrape`).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f Flags
	fs := flag.NewFlagSet("scrape", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: scrape SOURCE [flags]   (SOURCE: %s; docs/scrapers.md)\n", strings.Join(Names(), ", "))
		fs.PrintDefaults()
	}
	fs.StringVar(&f.BaseURL, "base-url", "", "the site's root (default: the real site); point it at a mirror or a test server")
	fs.StringVar(&f.URL, "url", "", "scrape this one page and stop")
	fs.BoolVar(&f.Sample, "offline-sample", false, "scrape the saved pages the project ships (served on a loopback port), not the site")
	fs.BoolVar(&f.Once, "once", false, "one discovery pass, then stop")
	fs.BoolVar(&f.DryRun, "dry-run", false, "one pass printing each playlist as the JSON the ingest API takes; produce nothing, change no crawl state")
	delay := app.DurationFlag(fs, "delay", 0, 0, 24*time.Hour, "the least time between two requests to the site, at least 100ms (default: the site's own, 2s for mixesdb, 20s for 1001tracklists)")
	interval := app.DurationFlag(fs, "interval", time.Hour, time.Minute, 30*24*time.Hour, "time between discovery passes when running continuously")
	fs.StringVar(&f.Since, "since", "", "only pages changed since this date (2006-01-02) or this long ago (48h)")
	limit := app.IntFlag(fs, "limit", 0, 0, math.MaxInt, "at most this many pages per pass (0: no limit)")
	search := fs.String("search", "", "search the site for these terms (separated by '|') instead of listing its newest pages")
	fs.StringVar(&f.Targets, "targets", "", "search the site for each wanted track in this file (one 'Artist - Title' per line)")
	fs.StringVar(&f.IngestURL, "ingest-url", "", "send through the ingest API at this URL (token: INGEST_TOKEN) instead of producing to Kafka")
	fs.StringVar(&f.UserAgent, "user-agent", cmp.Or(os.Getenv("SCRAPE_USER_AGENT"), fetch.DefaultUserAgent), "User-Agent of every request: the project and a contact URL")
	fs.StringVar(&f.HTTPAddr, "http-addr", os.Getenv("HTTP_ADDR"), "address of /metrics, /healthz and /readyz when running continuously (default: 127.0.0.1:8095 for mixesdb, 127.0.0.1:8096 for 1001tracklists)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.Usage()
			return 0
		}
		fmt.Fprintf(stderr, "scrape: name the source: scrape SOURCE [flags] (SOURCE: %s)\n", strings.Join(Names(), ", "))
		return 2
	}
	f.Source = args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return app.FlagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scrape: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if f.HTTPAddr != "" {
		if err := config.CheckListenAddr(f.HTTPAddr); err != nil {
			fmt.Fprintf(stderr, "scrape: --http-addr: %v\n", err)
			return 2
		}
	}
	f.Delay, f.Interval, f.Limit = *delay, *interval, *limit
	if *search != "" {
		for t := range strings.SplitSeq(*search, "|") {
			if t = strings.TrimSpace(t); t != "" {
				f.Search = append(f.Search, t)
			}
		}
	}
	log := app.NewLogger(stderr, cmp.Or(os.Getenv("LOG_LEVEL"), "info"))
	if err := Run(ctx, f, log, stdout); err != nil {
		fmt.Fprintf(stderr, "scrape: %v\n", err)
		var ce configError
		if errors.As(err, &ce) {
			return 2
		}
		return 1
	}
	return 0
}

// configError is a bad flag or setting: exit code 2.
type configError struct{ error }

// Run runs one scraper until ctx ends (or once, or one page).
func Run(ctx context.Context, f Flags, log *slog.Logger, stdout io.Writer) error {
	site, err := Lookup(f.Source)
	if err != nil {
		return configError{err}
	}
	base := cmp.Or(f.BaseURL, site.BaseURL)
	if f.Sample {
		if f.BaseURL != "" {
			return configError{fmt.Errorf("--offline-sample and --base-url: choose one")}
		}
		if base, err = ServeSample(ctx, site); err != nil {
			return err
		}
		f.Delay = cmp.Or(f.Delay, 100*time.Millisecond)
	}
	if h := host(base); h == "" || !strings.HasPrefix(base, "http") {
		return configError{fmt.Errorf("--base-url %q: want http(s)://host[:port]", base)}
	}
	// A dry run is one pass: it prints what a run would produce.
	o := scrape.Options{URL: f.URL, Once: f.Once || f.DryRun, Interval: f.Interval, DryRun: f.DryRun}
	o.Limit, o.Search = f.Limit, f.Search
	if o.Since, err = parseSince(f.Since, time.Now()); err != nil {
		return configError{err}
	}
	if f.Targets != "" {
		terms, err := readTargets(f.Targets)
		if err != nil {
			return configError{err}
		}
		o.Search = append(o.Search, terms...)
	}
	if f.Interval < time.Minute && !o.Once && f.URL == "" {
		return configError{fmt.Errorf("--interval %s: at least 1m between passes", f.Interval)}
	}
	delay := cmp.Or(f.Delay, site.Delay)
	if delay < 100*time.Millisecond {
		return configError{fmt.Errorf("--delay %s: at least 100ms between requests to one host", delay)}
	}

	env := config.FromEnv()
	kcfg := kafka.ConfigFromEnv(env)
	registryURL := env.URL("SCHEMA_REGISTRY_URL", serde.DefaultRegistryURL, "http", "https")
	maxBytes := env.Int("MAX_RECORD_BYTES", kafka.DefaultMaxRecordBytes, 1024, kafka.MaxRecordBytes)
	dbURL := env.URL("DATABASE_URL", "", "postgres", "postgresql")
	ingestToken := env.String("INGEST_TOKEN", "")
	registryAuth := serde.RegistryAuthFromEnv(env)
	if dbURL == "" && !f.DryRun {
		env.Fail("DATABASE_URL", "is required: the crawl state lives in PostgreSQL (postgres://user:pass@host:5432/db); --dry-run runs without it")
	}
	if err := env.Err(); err != nil {
		return configError{fmt.Errorf("bad configuration:\n%w", err)}
	}
	if !f.DryRun && f.IngestURL == "" {
		// The brokers must take the credentials before anything else
		// starts: a wrong password is then said naming the KAFKA_SASL_
		// settings, not as the "EOF" of the first topic creation.
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := kcfg.Check(cctx, log)
		cancel()
		if err != nil {
			return err
		}
	}

	a := app.New("scrape-"+site.Source, log)
	client := fetch.New(fetch.Options{
		UserAgent: f.UserAgent,
		HostDelay: map[string]time.Duration{host(base): delay},
		Metrics:   fetch.NewMetrics(a.Metrics),
		Logger:    log,
	})
	r := &scrape.Runner{Site: site.New(base), Getter: client, Metrics: scrape.NewMetrics(a.Metrics), Log: log}

	if dbURL != "" {
		pool, err := postgres.Open(ctx, dbURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		if _, err := postgres.Migrate(ctx, pool); err != nil {
			return err
		}
		r.State = scrape.NewState(pool)
		a.Health.Add("postgres", app.Ping(pool.Ping))
	}
	switch {
	case f.DryRun:
		r.Sink = &scrape.DryRun{Out: stdout, Log: log}
	case f.IngestURL != "":
		cl, err := ingestclient.New(f.IngestURL, ingestclient.WithToken(ingestToken),
			ingestclient.WithUserAgent(f.UserAgent), ingestclient.WithRetries(5, time.Second, 30*time.Second))
		if err != nil {
			return configError{fmt.Errorf("--ingest-url: %w", err)}
		}
		r.Sink = &scrape.IngestSink{Client: cl, Log: log}
	default:
		ks, err := scrape.NewKafkaSink(kcfg, registryURL, maxBytes, log, registryAuth)
		if err != nil {
			return err
		}
		defer ks.Close()
		r.Sink = ks
		a.Health.Add("kafka", app.Ping(ks.Ping))
	}
	a.Health.Add("breaker", BreakerCheck(client))

	if o.Once || f.URL != "" {
		totals, err := r.Run(ctx, o)
		log.Info("scrape done", "source", site.Source, "totals", totals)
		return err
	}
	return app.Serve(ctx, a, cmp.Or(f.HTTPAddr, site.HTTPAddr), component{r: r, o: o})
}

// component runs a Runner under app.Serve.
type component struct {
	r *scrape.Runner
	o scrape.Options
}

func (c component) Run(ctx context.Context, _ *app.App) error {
	_, err := c.r.Run(ctx, c.o)
	return err
}

// BreakerCheck is the /readyz check of a client's breakers: degraded
// while one is open, with the host and why.
func BreakerCheck(c *fetch.Client) app.CheckFunc {
	return func(context.Context) (app.Status, string) {
		var open []string
		for _, b := range c.Breakers() {
			if b.Open {
				open = append(open, fmt.Sprintf("%s: %s since %s", b.Host, b.Reason, b.Since.UTC().Format(time.RFC3339)))
			}
		}
		if len(open) > 0 {
			return app.Degraded, "breaker open: " + strings.Join(open, "; ")
		}
		return app.OK, ""
	}
}

// parseSince reads --since: a date or a duration back from now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want a date (2006-01-02), a time (RFC 3339) or a duration back from now (48h)", s)
}

// readTargets reads the wanted tracks: one "Artist - Title" per line;
// blank lines and lines starting with '#' are skipped.
func readTargets(path string) ([]string, error) {
	fh, err := os.Open(path) //nolint:gosec // the operator names the file
	if err != nil {
		return nil, fmt.Errorf("--targets: %w", err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, " - ") {
			return nil, fmt.Errorf("--targets %s line %d: want 'Artist - Title', got %q", path, n, line)
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--targets: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--targets %s: no 'Artist - Title' line", path)
	}
	return out, nil
}
