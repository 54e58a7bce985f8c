// Package dev runs the whole pipeline in one process on embedded defaults:
// an in-process Kafka (franz-go's kfake, persisted under the data
// directory), a durable schema registry, PostgreSQL and Redis (the ones
// DATABASE_URL and REDIS_URL name when they answer, else private ones),
// ingest, every stage and the monitor, all behind one HTTP address.
package dev

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/config"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/monitor"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/scrape"
	"github.com/songnodes/pipeline/internal/scrape/fetch"
	"github.com/songnodes/pipeline/internal/scrapers"
	"github.com/songnodes/pipeline/internal/stage"
)

// Options of the dev command.
type Options struct {
	KafkaAddr    string
	RegistryAddr string
	HTTPAddr     string
	DataDir      string
	Partitions   int
	PostgresPort int // of the private PostgreSQL, when one is started
	RedisPort    int // of the private Redis, when one is started
	DatabaseURL  string
	RedisURL     string
	// Scrape names the sites to scrape (never any by default: scraping a
	// real site is a choice); ScrapeSample points them at their offline
	// samples (the saved pages the project ships) instead of the sites.
	Scrape       []scrapers.Site
	ScrapeSample bool
}

// Run runs the pipeline until ctx ends. ready, if not nil, is called once
// everything serves.
func Run(ctx context.Context, o Options, log *slog.Logger, out io.Writer) error {
	for _, a := range []struct{ flag, addr string }{{"kafka-addr", o.KafkaAddr}, {"registry-addr", o.RegistryAddr}, {"http-addr", o.HTTPAddr}} {
		if err := config.CheckListenAddr(a.addr); err != nil {
			return fmt.Errorf("--%s: %w", a.flag, err)
		}
	}
	// Others may enter: the private PostgreSQL can run as another user
	// (see runAs); what is secret in it has its own modes.
	if err := os.MkdirAll(o.DataDir, 0o755); err != nil { //nolint:gosec // see above
		return fmt.Errorf("--data-dir: %w", err)
	}

	// Kafka.
	host, port, err := splitAddr(o.KafkaAddr)
	if err != nil {
		return fmt.Errorf("--kafka-addr: %w", err)
	}
	cluster, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.Ports(port),
		kfake.ListenFn(func(network, _ string) (net.Listener, error) {
			return net.Listen(network, net.JoinHostPort(host, strconv.Itoa(port)))
		}),
		kfake.DataDir(filepath.Join(o.DataDir, "kafka")),
		kfake.DefaultNumPartitions(o.Partitions),
	)
	if err != nil {
		return fmt.Errorf("start embedded Kafka on %s: %w", o.KafkaAddr, err)
	}
	defer cluster.Close()
	log.Info("embedded Kafka serving", "addr", o.KafkaAddr, "data", filepath.Join(o.DataDir, "kafka"))

	// Schema registry.
	reg, err := registry.New(filepath.Join(o.DataDir, "registry.json"))
	if err != nil {
		return err
	}
	regLn, err := net.Listen("tcp", o.RegistryAddr)
	if err != nil {
		return fmt.Errorf("--registry-addr: %w", err)
	}
	regSrv := &http.Server{Handler: reg, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = regSrv.Serve(regLn) }()
	defer regSrv.Close()
	log.Info("schema registry serving", "addr", o.RegistryAddr)

	// PostgreSQL.
	dbURL := o.DatabaseURL
	if dbURL != "" {
		if err := reachable(ctx, dbURL); err != nil {
			log.Warn("DATABASE_URL does not answer; starting a private PostgreSQL instead", "err", err)
			dbURL = ""
		}
	}
	if dbURL == "" {
		pg, url, err := startPostgres(ctx, o.DataDir, o.PostgresPort, log)
		if err != nil {
			return fmt.Errorf("PostgreSQL: %w", err)
		}
		defer pg.stop(ctx)
		dbURL = url
	}

	// Redis: only a cache, so the pipeline runs without it if need be.
	redisURL := o.RedisURL
	if redisURL != "" {
		if err := pingRedis(ctx, redisURL); err != nil {
			log.Warn("REDIS_URL does not answer; starting a private Redis instead", "err", err)
			redisURL = ""
		}
	}
	if redisURL == "" {
		rd, url, err := startRedis(ctx, o.DataDir, o.RedisPort, log)
		if err != nil {
			log.Warn("running without Redis (it is only a cache): " + err.Error())
		} else {
			defer rd.stop()
			redisURL = url
		}
	}

	a := app.New("songnodes-dev", log)
	comp := newStack(o, dbURL, redisURL)
	if err := writeEnvFile(o, dbURL, redisURL); err != nil {
		return err
	}
	if comp.admin, err = newAdmin(o.DataDir, o.HTTPAddr); err != nil {
		return fmt.Errorf("admin file: %w", err)
	}
	// A stopped process leaves no file pointing at it.
	defer os.Remove(filepath.Join(o.DataDir, AdminFile))
	printWelcome(out, o, dbURL, redisURL)
	return app.Serve(ctx, a, o.HTTPAddr, comp)
}

// Services starts, or finds already running, the private PostgreSQL and
// Redis under dataDir, and returns their URLs. They keep running after it
// returns; StopServices stops them. make test uses this on machines whose
// PostgreSQL does not accept the test suite's connections.
func Services(ctx context.Context, dataDir string, pgPort, redisPort int, log *slog.Logger) (dbURL, redisURL string, err error) {
	_, dbURL, err = startPostgres(ctx, dataDir, pgPort, log)
	if err != nil {
		return "", "", fmt.Errorf("PostgreSQL: %w", err)
	}
	redisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", redisPort)
	if pingRedis(ctx, redisURL) != nil {
		if redisURL, err = startRedisDaemon(ctx, dataDir, redisPort); err != nil {
			return "", "", fmt.Errorf("redis: %w", err)
		}
	}
	return dbURL, redisURL, nil
}

// stack runs ingest and every stage in one process, sharing one App.
type stack struct {
	ingest ingest.Settings
	stages []stage.Settings // of pipeline.Stages, in order
	mon    monitor.Settings
	scrape []scrapers.Site
	sample bool
	admin  Admin // of the replay endpoint (admin.go)
}

// newStack is every component's defaults, on the embedded broker and
// registry and the given PostgreSQL and Redis.
func newStack(o Options, dbURL, redisURL string) *stack {
	k := kafka.DefaultConfig()
	k.Brokers, k.Partitions, k.Replication = []string{o.KafkaAddr}, o.Partitions, 1
	registryURL := "http://" + o.RegistryAddr
	p := &stack{ingest: ingest.DefaultSettings(k), mon: monitor.DefaultSettings(k), scrape: o.Scrape, sample: o.ScrapeSample}
	p.ingest.RegistryURL = registryURL
	p.mon.RegistryURL, p.mon.RedisURL, p.mon.DatabaseURL = registryURL, redisURL, dbURL
	for _, sp := range pipeline.Stages {
		s := stage.DefaultSettings(k, sp.Name, sp.DefaultBatch)
		s.RegistryURL, s.DatabaseURL, s.RedisURL = registryURL, dbURL, redisURL
		p.stages = append(p.stages, s)
	}
	return p
}

func (p *stack) Run(ctx context.Context, a *app.App) error {
	srv, err := ingest.NewServer(a, p.ingest)
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.Register(a)

	// The stages share one set of connections: they differ only in
	// what the stages read and write.
	conn, err := stage.Connect(ctx, a, p.stages[0])
	if err != nil {
		return err
	}
	defer conn.Close()

	errc := make(chan error, 1)
	run := func(name string, fn func() error) {
		go func() {
			if err := fn(); err != nil {
				errc <- fmt.Errorf("%s: %w", name, err)
				return
			}
			errc <- nil
		}()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := 0
	// Every stage can be paused, for `songnodes replay --dev`.
	rp := &replayer{token: p.admin.Token, url: p.admin.URL, kafka: p.stages[0].Kafka, stages: map[string]*pausable{}, log: a.Log}
	for i, sp := range pipeline.Stages {
		loop, release, err := sp.Build(ctx, a, p.stages[i], conn)
		if err != nil {
			return err
		}
		if release != nil {
			defer release()
		}
		ctl := newPausable(loop)
		rp.stages[sp.Name] = ctl
		run(sp.Name, func() error { return ctl.Run(ctx) })
		n++
	}
	a.Mux.Handle("POST "+replayPath, rp)
	// The monitor serves its status page at / and /api/status on a.Mux.
	run("monitor", func() error { return monitor.Run(ctx, a, p.mon) })
	n++
	if len(p.scrape) > 0 {
		runners, err := p.scrapers(ctx, a, conn)
		if err != nil {
			return err
		}
		for _, r := range runners {
			run("scrape "+r.Site.Source(), func() error {
				_, err := r.Run(ctx, scrape.Options{Interval: time.Hour})
				return err
			})
			n++
		}
	}

	var first error
	for range n {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel() // one stage failing stops the others
		}
	}
	return first
}

// scrapers are the runners of the sites asked for: one polite client
// for all, producing to the raw topics like ingest, their crawl state in
// the pipeline's database.
func (p *stack) scrapers(ctx context.Context, a *app.App, conn *stage.Conn) ([]*scrape.Runner, error) {
	sink, err := scrape.NewKafkaSink(p.ingest.Kafka, p.ingest.RegistryURL, p.ingest.MaxRecordBytes, a.Log)
	if err != nil {
		return nil, err
	}
	context.AfterFunc(ctx, sink.Close)
	delays := map[string]time.Duration{}
	bases := make([]string, len(p.scrape))
	for i, site := range p.scrape {
		bases[i] = site.BaseURL
		if p.sample {
			if bases[i], err = scrapers.ServeSample(ctx, site); err != nil {
				return nil, err
			}
			a.Log.Info("scraping the offline sample (saved pages), not the site", "source", site.Source, "url", bases[i])
		}
		if u, err := url.Parse(bases[i]); err == nil {
			delays[u.Hostname()] = site.Delay
			if p.sample {
				delays[u.Host] = 100 * time.Millisecond
			}
		}
	}
	client := fetch.New(fetch.Options{HostDelay: delays, Metrics: fetch.NewMetrics(a.Metrics), Logger: a.Log})
	a.Health.Add("scrape_breakers", scrapers.BreakerCheck(client))
	metrics := scrape.NewMetrics(a.Metrics)
	state := scrape.NewState(conn.DB)
	runners := make([]*scrape.Runner, len(p.scrape))
	for i, site := range p.scrape {
		runners[i] = &scrape.Runner{Site: site.New(bases[i]), Getter: client, State: state, Sink: sink, Metrics: metrics, Log: a.Log}
	}
	return runners, nil
}

func splitAddr(addr string) (string, int, error) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port <= 0 {
		return "", 0, errors.New("want host:port with a port number")
	}
	return h, port, nil
}

// writeEnvFile writes <data-dir>/dev.env: the addresses of the running
// pipeline as environment variables, for `. data/dev.env` in a shell.
// The URLs keep their passwords (the file is for using them), so the file
// is its owner's alone: it is written anew with mode 0600 and renamed over
// the old one, whose modes, however wide, go with it.
func writeEnvFile(o Options, dbURL, redisURL string) error {
	env := fmt.Sprintf("export KAFKA_BROKERS=%s\nexport SCHEMA_REGISTRY_URL=http://%s\nexport DATABASE_URL=%s\nexport REDIS_URL=%s\nexport INGEST_URL=http://%s\n",
		o.KafkaAddr, o.RegistryAddr, shellQuote(dbURL), shellQuote(redisURL), dialAddr(o.HTTPAddr))
	path := filepath.Join(o.DataDir, "dev.env")
	f, err := os.CreateTemp(o.DataDir, ".dev.env-*") // mode 0600
	if err != nil {
		return fmt.Errorf("dev.env: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, there is none
	if _, err := f.WriteString(env); err != nil {
		f.Close()
		return fmt.Errorf("dev.env: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("dev.env: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("dev.env: %w", err)
	}
	return nil
}

// shellQuote quotes s for a POSIX shell: a URL may hold & or ?, a
// password $ or a quote.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shownURL is url as the dev command shows it, in its welcome and its
// log: without its password (postgres.Redact: also pgx's password=
// parameters), which stays in dev.env.
func shownURL(url string) string {
	if url == "" {
		return ""
	}
	return postgres.Redact(url)
}

func printWelcome(out io.Writer, o Options, dbURL, redisURL string) {
	redisURL = cmp.Or(shownURL(redisURL), "(none: running without the cache)")
	fmt.Fprintf(out, `
SongNodes dev pipeline
  ingest API     POST http://%[1]s/v1/sources/{source}/playlists
                 described by http://%[1]s/openapi.json (Go client: package ingestclient)
  metrics        http://%[1]s/metrics   health: /healthz /readyz
  monitor        http://%[1]s/   (status page; /api/status)
  Kafka          %[2]s   (kcat -b %[2]s -L)
  registry       http://%[3]s/subjects
  PostgreSQL     %[4]s
  Redis          %[5]s
  data           %[6]s   (. %[6]s/dev.env sets these in a shell, passwords included)
  replay         songnodes replay --dev --data-dir %[6]s --stage bronze --to-start   (pauses the stage, moves its group, resumes it)
Stop with Ctrl-C.

`, o.HTTPAddr, o.KafkaAddr, o.RegistryAddr, shownURL(dbURL), redisURL, o.DataDir)
	if len(o.Scrape) > 0 {
		names := make([]string, len(o.Scrape))
		for i, s := range o.Scrape {
			names[i] = s.Source
		}
		what := "the real sites, politely (docs/scrapers.md)"
		if o.ScrapeSample {
			what = "their offline samples: real pages saved in the project, served locally"
		}
		fmt.Fprintf(out, "  scrapers       %s, on %s\n                 crawl state: table scrape_pages; unreadable pages: topic songnodes.dlq.scrape\n\n", strings.Join(names, ", "), what)
	}
}
