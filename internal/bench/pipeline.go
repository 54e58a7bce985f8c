package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/stage"
)

// pipeline measures the whole pipeline as a scraper meets it: n playlists
// posted over HTTP to ingest, through bronze, silver and gold, until gold
// has taken everything silver wrote. Everything runs in this process on
// the same two cores, on topics of its own.
//
// It also returns how busy each stage was: the share of the run it spent
// in batches (from poll to commit), which says which stage bounds the rest.
func (e *env) pipeline(ctx context.Context, n int) (Result, string, error) {
	kcfg := e.kcfg
	kcfg.Topics = kafka.Topics{Prefix: "pipe"}
	pool, release, err := e.scratchPool(ctx)
	if err != nil {
		return Result{}, "", err
	}
	defer release()
	a := app.New("bench", e.o.Log)
	srv, err := ingest.NewServer(a, ingest.Settings{Kafka: kcfg, RegistryURL: e.regURL, Tokens: map[string]string{},
		MaxBodyBytes: 64 << 20, MaxRecordBytes: kafka.DefaultMaxRecordBytes, RateLimit: 1e9, RateBurst: 1e9, ProduceTimeout: time.Minute})
	if err != nil {
		return Result{}, "", err
	}
	defer srv.Close()
	srv.Register(a)
	hs := httptest.NewServer(a.Mux)
	defer hs.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn := &stage.Conn{DB: pool, Registry: e.reg}
	apps := map[string]*app.App{}
	var loops []stage.Runner
	for _, sp := range pipeline.Stages {
		sa := app.New("bench", e.o.Log)
		apps[sp.Name] = sa
		for _, in := range sp.Inner {
			apps[in.Name] = sa
		}
		s := e.settings(sp.Name, kcfg.Topics.Group(sp.Name), sp.DefaultBatch)
		s.Kafka = kcfg
		l, release, err := sp.Build(ctx, sa, s, conn)
		if err != nil {
			return Result{}, "", err
		}
		if release != nil {
			defer release()
		}
		loops = append(loops, l)
	}
	var wg sync.WaitGroup
	for _, l := range loops {
		wg.Add(1)
		go func() { defer wg.Done(); _ = l.Run(ctx) }()
	}
	defer wg.Wait()
	defer cancel()

	const warmup = 200
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 9, Now: time.Now().Add(-time.Duration(n+warmup) * time.Second)})
	items := make([][]byte, warmup+n)
	tracks := 0
	for i := range items {
		it := g.Next()
		items[i] = it.JSON
		if i >= warmup {
			tracks += len(it.Playlist.Tracks)
		}
	}
	cl, err := ingestclient.New(hs.URL, ingestclient.WithRetries(8, ingestclient.DefaultMinBackoff, ingestclient.DefaultMaxBackoff))
	if err != nil {
		return Result{}, "", err
	}
	// The clock starts once a first few playlists went all the way: the
	// source's raw topic exists and bronze found it (a new topic takes up
	// to 15s to be seen: the clients refresh metadata that often), every
	// group holds its partitions.
	if _, _, err := e.feed(ctx, cl, a, apps, items[:warmup], warmup, time.Now()); err != nil {
		return Result{}, "", fmt.Errorf("warm-up: %w", err)
	}
	start := time.Now()
	base := map[string][2]float64{}
	for _, l := range pipeline.Loops() {
		sum, count := histogram(apps[l.Name], "songnodes_stage_batch_duration_seconds", l.Name)
		base[l.Name] = [2]float64{sum, count}
	}
	sending, firstCommit, err := e.feed(ctx, cl, a, apps, items[warmup:], warmup+n, start)
	if err != nil {
		return Result{}, "", err
	}
	elapsed := time.Since(start)
	busy := fmt.Sprintf("ingest took everything in %.1fs; stages busy (time in batches / elapsed, mean batch):", sending.Seconds())
	for _, l := range pipeline.Loops() {
		name := l.Name
		sum, count := histogram(apps[name], "songnodes_stage_batch_duration_seconds", name)
		sum, count = sum-base[name][0], count-base[name][1]
		busy += fmt.Sprintf(" %s %.0f%% (first commit %.1fs, %.0f ms, %.0f records)", name, 100*sum/elapsed.Seconds(), firstCommit[name].Seconds(),
			1000*sum/max(count, 1), float64(n)/max(count, 1))
	}
	return Result{Name: "pipeline", Elapsed: elapsed, Playlists: n, Tracks: tracks}, busy, nil
}

// feed posts items to ingest and waits until every stage has taken all its
// upstream committed, total playlists in all. It returns how long sending
// took and when each stage first committed, from start.
func (e *env) feed(ctx context.Context, cl *ingestclient.Client, a *app.App, apps map[string]*app.App, items [][]byte, total int, start time.Time) (time.Duration, map[string]time.Duration, error) {
	sem := make(chan struct{}, 4)
	var sendErr error
	var mu sync.Mutex
	var sent sync.WaitGroup
	for i := 0; i < len(items); i += 200 {
		j := min(i+200, len(items))
		sem <- struct{}{}
		sent.Add(1)
		go func() {
			defer func() { <-sem; sent.Done() }()
			if _, err := cl.PostRaw(ctx, "mixesdb", items[i:j]); err != nil {
				mu.Lock()
				sendErr = err
				mu.Unlock()
			}
		}()
	}
	sent.Wait()
	if sendErr != nil {
		return 0, nil, sendErr
	}
	sending := time.Since(start)
	before := map[string]float64{}
	for _, l := range pipeline.Loops() {
		before[l.Name] = metric(apps[l.Name], l.Name, "songnodes_stage_records_total")
	}
	firstCommit := map[string]time.Duration{}
	for {
		up := metric(a, "", "songnodes_ingest_playlists_total")
		done := up >= float64(total)
		for _, l := range pipeline.Loops() {
			name := l.Name
			in := metric(apps[name], name, "songnodes_stage_records_total")
			if _, ok := firstCommit[name]; !ok && in > before[name] {
				firstCommit[name] = time.Since(start)
			}
			done = done && in >= up
			up = metric(apps[name], name, "songnodes_stage_output_records_total")
		}
		if done {
			return sending, firstCommit, nil
		}
		if time.Since(start) > 15*time.Minute {
			return 0, nil, fmt.Errorf("not done after 15 minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// histogram returns the sum and count of a's histogram name for a loop.
func histogram(a *app.App, name, loop string) (sum, count float64) {
	mfs, _ := a.Metrics.Gather()
	for _, mf := range mfs {
		if mf.GetName() == name {
			for _, m := range mf.GetMetric() {
				if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool { return l.GetName() == "stage" && l.GetValue() == loop }) {
					continue
				}
				sum += m.GetHistogram().GetSampleSum()
				count += float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return sum, count
}
