// Package bench measures the pipeline on this machine, each figure beside
// the limit of the same machine in the same run: the pass-through limit of
// the shared stage loop (consume, produce the same bytes, commit, in
// transactions) on the same embedded broker, and PostgreSQL's COPY and
// COPY-based upsert rates.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/sync/errgroup"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/bronze"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/gold"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/registry"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/silver"
	"github.com/songnodes/pipeline/internal/stage"
)

// Options of a benchmark run.
type Options struct {
	Playlists    int    // backlog size; ~20 tracks each
	DatabaseURL  string // server to create scratch databases on
	RedisURL     string // silver's cache; "" for none
	Pipeline     int    // playlists sent through the whole pipeline; 0: none (40,000 with OnlyPipeline)
	OnlyPipeline bool   // measure the whole pipeline alone
	BronzeBin    string // bronze binary for the memory measurement; "" skips it
	ProfileDir   string // where each measured loop run writes its CPU profile; "" for none
	Out          io.Writer
	Log          *slog.Logger
}

// env is what every measurement runs against.
type env struct {
	o       Options
	cluster *kfake.Cluster
	kcfg    kafka.Config
	regURL  string
	reg     *serde.Registry
	backlog backlog
}

// backlog describes the preloaded raw topic.
type backlog struct {
	playlists, tracks int
	bytes             int64
}

// Result is one measured run.
type Result struct {
	Name      string
	Elapsed   time.Duration
	Playlists int
	Tracks    int
	Bytes     int64
	// Phases are the seconds the loop spent in each phase but polling
	// (stage.PhaseNames); polling is what is left of Elapsed.
	Phases [len(stage.PhaseNames)]float64
	// CPU is the run's CPU by part, from its profile (nil when not
	// profiled).
	CPU *cpuSplit
}

func (r Result) perSec(n float64) float64 { return n / r.Elapsed.Seconds() }

// Run runs every measurement and prints the table.
func Run(ctx context.Context, o Options) error {
	if o.OnlyPipeline {
		o.Playlists = 0
		if o.Pipeline <= 0 {
			o.Pipeline = 40000
		}
	}
	e, err := setup(ctx, o)
	if err != nil {
		return err
	}
	defer e.cluster.Close()
	if o.OnlyPipeline {
		pipe, busy, err := e.pipeline(ctx, o.Pipeline)
		if err != nil {
			return err
		}
		fmt.Fprintf(o.Out, "whole pipeline, ingest over HTTP to the gold tables: %d playlists / %d tracks in %.1fs: %.0f tracks/s (target >= 20000)\n%s\n",
			pipe.Playlists, pipe.Tracks, pipe.Elapsed.Seconds(), pipe.perSec(float64(pipe.Tracks)), busy)
		return nil
	}
	fmt.Fprintf(o.Out, "SongNodes benchmark: %d CPUs, %s, embedded Kafka (kfake, 1 broker), backlog %d playlists / %d tracks / %.0f MB\n\n",
		runtime.NumCPU(), runtime.Version(), e.backlog.playlists, e.backlog.tracks, float64(e.backlog.bytes)/1e6)

	warm, err := e.warmUp(ctx)
	if err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	fmt.Fprintf(o.Out, "warm-up (unmeasured): the pass-through, bronze and silver without PostgreSQL once each on the backlog, %.1fs\n\n", warm.Seconds())

	// Each run without PostgreSQL is paired with a pass-through run just
	// before it; see paired.
	var passes []Result
	pass := func(i int) (Result, error) {
		r, err := e.passThrough(ctx, fmt.Sprint(i), fmt.Sprintf("passthrough-%d", i))
		passes = append(passes, r)
		return r, err
	}
	bronzeRun := func(i int) (Result, error) { return e.runSpec(ctx, bronze.Spec, "bronze, no PostgreSQL", false, i) }
	silverRun := func(i int) (Result, error) { return e.runSpec(ctx, silver.Spec, "silver, no PostgreSQL", false, i) }
	// Silver reads what the first bronze run wrote, one record per
	// playlist, and gold what the silver run with PostgreSQL writes; the
	// other runs come after the stages that read their outputs.
	var noPG, silverNoPG paired
	if err := noPG.add(len(passes), pass, bronzeRun); err != nil {
		return fmt.Errorf("bronze without PostgreSQL: %w", err)
	}
	silverPG, err := e.runSpec(ctx, silver.Spec, "silver, PostgreSQL", true, 0)
	if err != nil {
		return fmt.Errorf("silver with PostgreSQL: %w", err)
	}
	goldPG, err := e.gold(ctx, 1)
	if err != nil {
		return fmt.Errorf("gold: %w", err)
	}
	gold2, err := e.gold(ctx, 2)
	if err != nil {
		return fmt.Errorf("gold, two replicas: %w", err)
	}
	// The monitor reads the topics now, when they hold what production
	// would: each playlist once raw, once in bronze, once in silver. It is
	// printed after the stages.
	var monitorOut bytes.Buffer
	if err := e.monitorBench(ctx, &monitorOut); err != nil {
		return fmt.Errorf("monitor: %w", err)
	}
	for range 3 {
		if err := silverNoPG.add(len(passes), pass, silverRun); err != nil {
			return fmt.Errorf("silver without PostgreSQL: %w", err)
		}
	}
	withPG, err := e.runSpec(ctx, bronze.Spec, "bronze, PostgreSQL", true, 0)
	if err != nil {
		return fmt.Errorf("bronze with PostgreSQL: %w", err)
	}
	for range 2 {
		if err := noPG.add(len(passes), pass, bronzeRun); err != nil {
			return fmt.Errorf("bronze without PostgreSQL: %w", err)
		}
	}
	limit := passes[0]
	for _, r := range passes {
		if r.Elapsed < limit.Elapsed {
			limit = r
		}
	}
	pg, err := e.pgLimits(ctx)
	if err != nil {
		return fmt.Errorf("PostgreSQL limits: %w", err)
	}

	w := o.Out
	fmt.Fprintf(w, "%-34s %12s %12s %9s %9s\n", "run", "playlists/s", "tracks/s", "MB/s", "x limit")
	row := func(r Result, ratio float64) {
		fmt.Fprintf(w, "%-34s %12.0f %12.0f %9.1f %9.2f\n", r.Name, r.perSec(float64(r.Playlists)), r.perSec(float64(r.Tracks)),
			r.perSec(float64(r.Bytes))/1e6, ratio)
	}
	vsLimit := func(r Result) float64 { return limit.Elapsed.Seconds() / r.Elapsed.Seconds() }
	row(limit, 1)
	row(noPG.fastest(), noPG.ratio())
	row(withPG, vsLimit(withPG))
	row(silverNoPG.fastest(), silverNoPG.ratio())
	row(silverPG, vsLimit(silverPG))
	row(goldPG, vsLimit(goldPG))
	row(gold2, vsLimit(gold2))
	fmt.Fprintf(w, "%-34s %12s %12.0f   rows/s\n", "PostgreSQL COPY alone (limit)", "", pg.copy)
	fmt.Fprintf(w, "%-34s %12s %12.0f   rows/s: COPY to a staging table, merged into an empty table\n", "PostgreSQL upsert, new (limit)", "", pg.upsert)
	fmt.Fprintf(w, "%-34s %12s %12.0f   rows/s: the same again, every row a conflict\n", "PostgreSQL upsert, updates (limit)", "", pg.conflicts)
	fmt.Fprintf(w, "\nbronze without PostgreSQL: %.2f of the pass-through limit (target >= 0.50; %s)\n", noPG.ratio(), &noPG)
	fmt.Fprintf(w, "bronze with PostgreSQL: %.0f tracks/s (target >= 100000), %.2f of COPY alone\n",
		withPG.perSec(float64(withPG.Tracks)), withPG.perSec(float64(withPG.Tracks))/pg.copy)
	fmt.Fprintf(w, "PostgreSQL stages, their track lines/s over the upsert limit's rows/s (new rows; target >= 0.60):")
	for _, r := range []Result{withPG, silverPG, goldPG} {
		fmt.Fprintf(w, " %s %.2f", strings.TrimSuffix(r.Name, ", PostgreSQL"), r.perSec(float64(r.Tracks))/pg.upsert)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "gold, two replicas: %.2f times one replica's throughput, on %d CPUs\n", goldPG.Elapsed.Seconds()/gold2.Elapsed.Seconds(), runtime.NumCPU())
	fmt.Fprintf(w, "silver without PostgreSQL: %.2f of the pass-through limit (target >= 0.30; %s)\n", silverNoPG.ratio(), &silverNoPG)
	fmt.Fprintf(w, "\nwhere each loop's time went (wall time, from its partitions' assignment):\n")
	shown := []Result{limit, noPG.fastest(), withPG, silverNoPG.fastest(), silverPG, goldPG, gold2}
	for _, r := range shown {
		fmt.Fprintf(w, "  %s\n", r.phaseShares())
	}
	if o.ProfileDir != "" {
		printCPU(w, shown)
	}

	if o.BronzeBin != "" {
		mem, err := e.bronzeProcess(ctx)
		if err != nil {
			return fmt.Errorf("bronze process: %w", err)
		}
		fmt.Fprintf(w, "bronze process: peak RSS %.0f MiB under a %d-track backlog (target < 256 MiB), %.0f tracks/s\n",
			float64(mem.peakRSS)/(1<<20), e.backlog.tracks, mem.tracksPerSec)
		mem, err = e.goldProcess(ctx, filepath.Join(filepath.Dir(o.BronzeBin), "gold"))
		if err != nil {
			return fmt.Errorf("gold process: %w", err)
		}
		fmt.Fprintf(w, "gold process: peak RSS %.0f MiB under a %d-track backlog, its pairs state included (target < 256 MiB), %.0f tracks/s\n",
			float64(mem.peakRSS)/(1<<20), e.backlog.tracks, mem.tracksPerSec)
	}
	if _, err := monitorOut.WriteTo(w); err != nil {
		return err
	}
	if o.Pipeline == 0 {
		return nil // the stages alone (--pipeline 0)
	}
	pipe, busy, err := e.pipeline(ctx, o.Pipeline)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	fmt.Fprintf(w, "\nwhole pipeline, ingest over HTTP to the gold tables: %d playlists / %d tracks in %.1fs: %.0f tracks/s (target >= 20000), %.2f of the pass-through limit\n%s\n",
		pipe.Playlists, pipe.Tracks, pipe.Elapsed.Seconds(), pipe.perSec(float64(pipe.Tracks)),
		pipe.perSec(float64(pipe.Tracks))/limit.perSec(float64(limit.Tracks)), busy)
	return nil
}

func setup(ctx context.Context, o Options) (*env, error) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DefaultNumPartitions(6))
	if err != nil {
		return nil, err
	}
	kcfg := kafka.DefaultConfig()
	kcfg.Brokers, kcfg.Topics.Prefix = cluster.ListenAddrs()[:1], "bench"
	kcfg.Partitions, kcfg.Replication = 6, 1
	rs, err := registry.New("")
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(rs)
	reg, err := serde.NewRegistry(srv.URL)
	if err != nil {
		return nil, err
	}
	e := &env{o: o, cluster: cluster, kcfg: kcfg, regURL: srv.URL, reg: reg}
	if err := e.preload(ctx); err != nil {
		cluster.Close()
		return nil, err
	}
	return e, nil
}

// backlogGen generates the backlog.
var backlogGen = gen.Config{Source: "mixesdb", Seed: 1}

// preload fills the raw topic with generated playlists.
func (e *env) preload(ctx context.Context) error {
	topic := e.kcfg.Topics.Raw("mixesdb")
	adm, err := e.kcfg.NewAdmin("bench", e.o.Log)
	if err != nil {
		return err
	}
	defer adm.Close()
	if err := e.kcfg.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: topic}); err != nil {
		return err
	}
	enc, err := serde.NewEncoder(ctx, e.reg, topic+"-value", record.ScrapedPlaylistSchema)
	if err != nil {
		return err
	}
	cl, err := e.kcfg.NewClient("bench", e.o.Log)
	if err != nil {
		return err
	}
	defer cl.Close()
	g := gen.New(backlogGen)
	var perr error
	for i := 0; i < e.o.Playlists; i++ {
		it := g.Next()
		p := it.Playlist
		v, err := enc.Encode(p)
		if err != nil {
			return err
		}
		e.backlog.playlists++
		e.backlog.tracks += len(p.Tracks)
		e.backlog.bytes += int64(len(v))
		key := p.Source + ":" + p.SourceURL
		cl.Produce(ctx, stage.SetSource(&kgo.Record{Topic: topic, Key: []byte(key), Value: v}, p.Source), func(_ *kgo.Record, err error) {
			if err != nil {
				perr = err
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		return err
	}
	return perr
}

// paired measures a stage against its limit on a machine whose speed
// drifts: the machine is shared, and the same run takes 20-50% longer from
// one minute to the next. Each stage run comes right after a run of its
// limit, and the ratio reported is the median of the pairs' ratios, so
// that a slow spell slows both halves of a pair rather than one side of a
// comparison made minutes apart.
type paired struct {
	runs   []Result
	ratios []float64
}

// add runs limit(attempt) and then run(attempt).
func (p *paired) add(attempt int, limit, run func(attempt int) (Result, error)) error {
	l, err := limit(attempt)
	if err != nil {
		return fmt.Errorf("limit: %w", err)
	}
	r, err := run(attempt)
	if err != nil {
		return err
	}
	p.runs = append(p.runs, r)
	p.ratios = append(p.ratios, l.Elapsed.Seconds()/r.Elapsed.Seconds())
	return nil
}

// fastest is the fastest stage run: noise only ever adds time.
func (p *paired) fastest() Result {
	best := p.runs[0]
	for _, r := range p.runs {
		if r.Elapsed < best.Elapsed {
			best = r
		}
	}
	return best
}

// ratio is the median of the pairs' ratios.
func (p *paired) ratio() float64 {
	s := slices.Clone(p.ratios)
	slices.Sort(s)
	return s[len(s)/2]
}

// String lists the pairs' ratios.
func (p *paired) String() string {
	var each []string
	for _, r := range p.ratios {
		each = append(each, fmt.Sprintf("%.2f", r))
	}
	return fmt.Sprintf("median of %d paired runs: %s", len(p.ratios), strings.Join(each, " "))
}

// runLoop runs loop until it has committed want input records.
func runLoop(ctx context.Context, a *app.App, stageName string, run func(context.Context) error, want int) (time.Duration, error) {
	return runUntil(ctx, "loop", 10*time.Millisecond, run,
		func() bool { return metric(a, stageName, "songnodes_stage_assigned_partitions") > 0 },
		func() bool { return metric(a, stageName, "songnodes_stage_records_total") >= float64(want) })
}

// runUntil runs run, checking every poll, until done, and returns the time
// it took from the moment started (it has its partitions): joining the
// group is the same fixed cost for every run, not throughput.
func runUntil(ctx context.Context, what string, poll time.Duration, run func(context.Context) error, started, done func() bool) (time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	start := time.Now()
	go func() { errc <- run(ctx) }()
	began := time.Time{}
	for {
		select {
		case err := <-errc:
			return 0, fmt.Errorf("%s stopped: %v", what, err)
		case <-time.After(poll):
		}
		if began.IsZero() && started() {
			began = time.Now()
		}
		if done() {
			if began.IsZero() {
				began = start
			}
			d := time.Since(began)
			cancel()
			<-errc //nolint:errcheck // the run's end: the cancellation just made
			return d, nil
		}
		if time.Since(start) > 15*time.Minute {
			return 0, fmt.Errorf("%s not done after 15 minutes", what)
		}
	}
}

// metric sums the series of counters or gauges names for a stage ("":
// every series).
func metric(a *app.App, stageName string, names ...string) float64 {
	mfs, _ := a.Metrics.Gather()
	sum := 0.0
	for _, mf := range mfs {
		if !slices.Contains(names, mf.GetName()) {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := stageName == ""
			for _, l := range m.GetLabel() {
				if l.GetName() == "stage" && l.GetValue() == stageName {
					match = true
				}
			}
			if match {
				sum += m.GetCounter().GetValue() + m.GetGauge().GetValue() // the one it is not reads 0
			}
		}
	}
	return sum
}

// settings are a stage's settings as its binary runs it by default, in
// the group named.
func (e *env) settings(name, group string, batch int) stage.Settings {
	s := stage.DefaultSettings(e.kcfg, name, batch)
	s.Loop.Group, s.Loop.TxnID, s.RedisURL = group, group, e.o.RedisURL
	return s
}

// runStage builds replicas of a stage's loops on conn, in one group, and
// measures them until the backlog is through (the stage's inner loops
// too: gold's pairs loop), profiled as prof.
func (e *env) runStage(ctx context.Context, sp stage.Spec, group, name, prof string, conn *stage.Conn, replicas int) (Result, error) {
	apps := make([]*app.App, replicas)
	loops := make([]stage.Runner, replicas)
	for i := range replicas {
		apps[i] = app.New("bench", e.o.Log)
		s := e.settings(sp.Name, group, sp.DefaultBatch)
		s.Loop.TxnID = fmt.Sprintf("%s-%d", group, i)
		loop, release, err := sp.Build(ctx, apps[i], s, conn)
		if err != nil {
			return Result{}, err
		}
		if release != nil {
			defer release()
		}
		loops[i] = loop
	}
	sum := func(stageName string, names ...string) float64 {
		n := 0.0
		for _, a := range apps {
			n += metric(a, stageName, names...)
		}
		return n
	}
	run := func(ctx context.Context) error {
		g, ctx := errgroup.WithContext(ctx)
		for _, l := range loops {
			g.Go(func() error { return l.Run(ctx) })
		}
		return g.Wait()
	}
	done := func() bool {
		if sum(sp.Name, "songnodes_stage_records_total") < float64(e.backlog.playlists) {
			return false
		}
		upstream := sum(sp.Name, "songnodes_stage_output_records_total")
		for _, in := range sp.Inner {
			if sum(in.Name, "songnodes_stage_records_total") < upstream {
				return false
			}
			upstream = sum(in.Name, "songnodes_stage_output_records_total")
		}
		return true
	}
	d, cpu, err := e.measure(prof, func() (time.Duration, error) {
		return runUntil(ctx, "loop", 10*time.Millisecond, run,
			func() bool { return sum(sp.Name, "songnodes_stage_assigned_partitions") > 0 }, done)
	})
	return Result{Name: name, Elapsed: d, Playlists: e.backlog.playlists, Tracks: e.backlog.tracks, Bytes: e.backlog.bytes,
		Phases: phases(apps[0], sp.Name), CPU: cpu}, err
}

// measure times a loop's run. Every run starts after a garbage collection,
// so that none pays for the garbage of the run before; with a profile
// directory it runs under a CPU profile named prof ("": not profiled, the
// warm-up).
func (e *env) measure(prof string, run func() (time.Duration, error)) (time.Duration, *cpuSplit, error) {
	runtime.GC()
	dir := e.o.ProfileDir
	if prof == "" {
		dir = ""
	}
	return profiled(dir, prof, run)
}

// warmUp runs the pass-through and the bronze and silver loops once each,
// unmeasured, on the backlog: the first run of a loop in a process is
// about twice as slow as the next ones (issue 16), and the first pair
// would compare a stage with a cold limit. The stages write to topics no
// measured run reads, so that those see the topics as without it (their
// rejects, if any, go to the stages' dead-letter topics, like every
// run's).
func (e *env) warmUp(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	if _, err := e.passThrough(ctx, "warmup", ""); err != nil {
		return 0, fmt.Errorf("pass-through: %w", err)
	}
	bronzeOut := e.kcfg.Topics.Prefix + ".warmup.bronze"
	if err := e.warmStage(ctx, bronze.Spec, e.kcfg.Topics.RawPattern(), bronzeOut); err != nil {
		return 0, fmt.Errorf("bronze: %w", err)
	}
	if err := e.warmStage(ctx, silver.Spec, "^"+regexp.QuoteMeta(bronzeOut)+"$", e.kcfg.Topics.Prefix+".warmup.silver"); err != nil {
		return 0, fmt.Errorf("silver: %w", err)
	}
	return time.Since(start), nil
}

// warmStage runs sp's loop without PostgreSQL on the topics matching in,
// writing to out, until it has taken the backlog: Spec.Build with the
// topics changed.
func (e *env) warmStage(ctx context.Context, sp stage.Spec, in, out string) error {
	a := app.New("bench", e.o.Log)
	s := e.settings(sp.Name, "bench.warmup."+sp.Name, sp.DefaultBatch)
	conn := &stage.Conn{Registry: e.reg}
	enc, err := conn.Encoder(ctx, a.Log, out, sp.Schema)
	if err != nil {
		return err
	}
	cfg := s.Loop
	cfg.Topics, cfg.Regex, cfg.Outputs = []string{in}, true, []kafka.TopicSpec{{Name: out}}
	loop, release, err := sp.New(ctx, stage.Env{App: a, Settings: s, Conn: conn, Config: cfg, Encoder: enc})
	if err != nil {
		return err
	}
	if release != nil {
		defer release()
	}
	_, err = runLoop(ctx, a, sp.Name, loop.Run, e.backlog.playlists)
	return err
}

// phases reads the seconds a stage's loop spent in each phase.
func phases(a *app.App, stageName string) [len(stage.PhaseNames)]float64 {
	var p [len(stage.PhaseNames)]float64
	mfs, _ := a.Metrics.Gather()
	for _, mf := range mfs {
		if mf.GetName() != "songnodes_stage_phase_seconds_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			var st, ph string
			for _, l := range m.GetLabel() {
				switch l.GetName() {
				case "stage":
					st = l.GetValue()
				case "phase":
					ph = l.GetValue()
				}
			}
			if i := slices.Index(stage.PhaseNames[:], ph); st == stageName && i > stage.PhasePoll {
				p[i] = m.GetCounter().GetValue()
			}
		}
	}
	return p
}

// phaseShares says where a run's time went, as shares of its elapsed time.
func (r Result) phaseShares() string {
	parts := make([]string, 0, len(r.Phases))
	busy := 0.0
	for i, s := range r.Phases[stage.PhasePoll+1:] {
		busy += s
		parts = append(parts, fmt.Sprintf("%s %.0f%%", stage.PhaseNames[i+stage.PhasePoll+1], 100*s/r.Elapsed.Seconds()))
	}
	waiting := max(0, 1-busy/r.Elapsed.Seconds())
	return fmt.Sprintf("%s: waiting for records %.0f%%, %s", r.Name, 100*waiting, strings.Join(parts, ", "))
}

// passThrough is the limit: the same loop, but decoding nothing and
// producing the input bytes unchanged, in its own group (named after
// run), profiled as prof.
func (e *env) passThrough(ctx context.Context, run, prof string) (Result, error) {
	a := app.New("bench", e.o.Log)
	out := e.kcfg.Topics.Prefix + ".bench.passthrough"
	cfg := e.settings("passthrough", "bench.passthrough-"+run, stage.DefaultBatch).Loop
	cfg.Topics, cfg.Regex = []string{e.kcfg.Topics.RawPattern()}, true
	cfg.Outputs = []kafka.TopicSpec{{Name: out}}
	deps := stage.Deps{Kafka: e.kcfg, Log: e.o.Log, Metrics: a.Metrics, Health: a.Health}
	loop := stage.New(cfg, deps, rawBytes, nil, passProcessor{})
	d, cpu, err := e.measure(prof, func() (time.Duration, error) { return runLoop(ctx, a, cfg.Name, loop.Run, e.backlog.playlists) })
	return Result{Name: "pass-through (limit)", Elapsed: d, Playlists: e.backlog.playlists, Tracks: e.backlog.tracks, Bytes: e.backlog.bytes,
		Phases: phases(a, cfg.Name), CPU: cpu}, err
}

func rawBytes(_ context.Context, r *kgo.Record) ([]byte, int, error) { return r.Value, 0, nil }

type passProcessor struct{}

func (passProcessor) Process(_ context.Context, _ pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
	out := make([]stage.Out[[]byte], len(batch))
	for i, in := range batch {
		out[i] = stage.Out[[]byte]{Key: string(in.Record.Key), Encoded: in.Value}
	}
	return stage.Result[[]byte]{Outputs: out}, nil
}

// gold runs replicas of the gold stage on the silver topic, with
// PostgreSQL (gold needs it: the graph is the difference between what is
// stored and what arrives), each run in a group, and so with internal
// topics, of its own.
func (e *env) gold(ctx context.Context, replicas int) (Result, error) {
	pool, release, err := e.scratchPool(ctx)
	if err != nil {
		return Result{}, err
	}
	defer release()
	name, prof := "gold, PostgreSQL", "gold-pg"
	if replicas > 1 {
		name, prof = fmt.Sprintf("gold, PostgreSQL, %d replicas", replicas), fmt.Sprintf("gold-pg-%d", replicas)
	}
	return e.runStage(ctx, gold.Spec, "bench."+prof, name, prof, &stage.Conn{Registry: e.reg, DB: pool}, replicas)
}

// runSpec runs bronze (on the backlog) or silver (on the bronze topic),
// with or without its PostgreSQL writes (and, for silver, reference data).
func (e *env) runSpec(ctx context.Context, sp stage.Spec, name string, withPG bool, attempt int) (Result, error) {
	prof := fmt.Sprintf("%s-nopg-%d", sp.Name, attempt)
	group := "bench." + prof
	conn := stage.Conn{Registry: e.reg}
	if withPG {
		group, prof = "bench."+sp.Name, sp.Name+"-pg"
		pool, release, err := e.scratchPool(ctx)
		if err != nil {
			return Result{}, err
		}
		defer release()
		conn.DB = pool
	}
	return e.runStage(ctx, sp, group, name, prof, &conn, 1)
}
