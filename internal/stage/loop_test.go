package stage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// The loop's behaviour on kfake, without PostgreSQL: each test runs in
// seconds and is part of the fast tier (make test-fast).

// rig is a loop on an in-process Kafka: records in, outputs and dead
// letters out.
type rig struct {
	t    *testing.T
	kcfg kafka.Config
	in   string
	out  string
	cl   *kgo.Client
}

func newRig(t *testing.T, partitions int32) *rig {
	t.Helper()
	_, kcfg := testenv.Kafka(t, 1)
	kcfg.Partitions = int(partitions)
	r := &rig{t: t, kcfg: kcfg, in: kcfg.Topics.Raw("test"), out: kcfg.Topics.Prefix + ".out"}
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: r.in}), "create %s", r.in)
	r.cl = testenv.Client(t, kcfg)
	return r
}

// produce writes values to the input, keyed by their index.
func (r *rig) produce(values ...string) {
	r.t.Helper()
	var recs []*kgo.Record
	for i, v := range values {
		recs = append(recs, &kgo.Record{Topic: r.in, Key: fmt.Appendf(nil, "k%d-%s", i, v), Value: []byte(v)})
	}
	testenv.Must(r.t, r.cl.ProduceSync(r.t.Context(), recs...).FirstErr(), "produce")
}

// start runs a loop of proc until the test ends or stop is called; stop
// returns what Run returned.
func (r *rig) start(name string, cfg stage.Config, decode stage.DecodeFunc[[]byte], proc stage.Processor[[]byte, []byte]) (*app.App, func() error) {
	r.t.Helper()
	a := app.New(name, testenv.Logger(r.t))
	cfg.Name, cfg.Topics, cfg.Group = "loop", []string{r.in}, r.kcfg.Topics.Group("loop")
	if cfg.TxnID == "" {
		cfg.TxnID = name
	}
	if cfg.MaxBatch == 0 {
		cfg.MaxBatch = 100
	}
	cfg.Outputs = append([]kafka.TopicSpec{{Name: r.out}}, cfg.Outputs...)
	loop := stage.New(cfg, stage.Deps{Kafka: r.kcfg, Log: testenv.Logger(r.t), Metrics: a.Metrics, Health: a.Health}, decode, nil, proc)
	ctx, cancel := context.WithCancel(r.t.Context())
	done := make(chan error, 1)
	go func() { done <- loop.Run(ctx) }()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	r.t.Cleanup(func() { _ = stop() })
	return a, stop
}

// committed waits until the loops' apps counted n input records.
func (r *rig) committed(n int, apps ...*app.App) {
	r.t.Helper()
	testenv.Eventually(r.t, time.Minute, fmt.Sprintf("%d records committed", n), func() bool {
		sum := 0.0
		for _, a := range apps {
			sum += testenv.Metric(r.t, a.Metrics, "songnodes_stage_records_total", "stage", "loop")
		}
		return sum >= float64(n)
	})
}

// outputs counts each output value; letters maps each dead letter's value
// to its reason.
func (r *rig) outputs() map[string]int {
	seen := map[string]int{}
	for _, rec := range testenv.ReadAll(r.t, r.kcfg, r.out) {
		seen[string(rec.Value)]++
	}
	return seen
}

func (r *rig) letters() map[string]string {
	got := map[string]string{}
	for _, rec := range testenv.ReadAll(r.t, r.kcfg, r.kcfg.Topics.DLQ("loop")) {
		got[string(rec.Value)] = dlq.Header(rec, dlq.HeaderReason)
	}
	return got
}

func (r *rig) exactlyOnce(want []string) {
	r.t.Helper()
	seen := r.outputs()
	for _, v := range want {
		if seen[v] != 1 {
			r.t.Errorf("%q is in the output %d times, want once", v, seen[v])
		}
		delete(seen, v)
	}
	for v, n := range seen {
		r.t.Errorf("%q is in the output %d times, want never", v, n)
	}
}

// copier copies its input to the output; values in poison make
// PostgreSQL refuse the batch they are in (a data error), values
// starting with "slow" hold their batch until release is closed.
type copier struct {
	poison  map[string]bool
	release chan struct{}
	entered chan struct{}
	mu      sync.Mutex
	calls   int
	sawTx   []bool
}

func (c *copier) Process(ctx context.Context, tx pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
	c.mu.Lock()
	c.calls++
	c.sawTx = append(c.sawTx, tx != nil && !stage.Stored(tx))
	c.mu.Unlock()
	var res stage.Result[[]byte]
	for _, in := range batch {
		v := string(in.Value)
		if c.poison[v] {
			return stage.Result[[]byte]{}, &pgconn.PgError{Code: "22003", Message: "numeric value out of range: " + v}
		}
		if strings.HasPrefix(v, "slow") && c.release != nil {
			close(c.entered)
			<-c.release
		}
		res.Outputs = append(res.Outputs, stage.Out[[]byte]{Key: string(in.Record.Key), Encoded: in.Value})
	}
	return res, nil
}

func values(n int, prefix string) []string {
	v := make([]string, n)
	for i := range v {
		v[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return v
}

// A record larger than the limit and one that does not decode are dead
// letters with their reasons; the rest of their batch goes on.
func TestLoopRejectsOversizeAndUndecodable(t *testing.T) {
	r := newRig(t, 1)
	good := values(50, "v")
	big := strings.Repeat("x", 300)
	r.produce(append(slices.Clone(good), big, "undecodable")...)
	decode := func(_ context.Context, rec *kgo.Record) ([]byte, int, error) {
		if string(rec.Value) == "undecodable" {
			return nil, 0, &dlq.Error{Reason: dlq.DecodeError, Err: errors.New("truncated")}
		}
		return rec.Value, 0, nil
	}
	a, stop := r.start("reject", stage.Config{MaxRecordBytes: 200}, decode, &copier{})
	r.committed(len(good)+2, a)
	testenv.Must(t, stop(), "loop")
	r.exactlyOnce(good)
	got := r.letters()
	if got[big] != string(dlq.Oversize) || got["undecodable"] != string(dlq.DecodeError) || len(got) != 2 {
		t.Errorf("dead letters %v, want the big one as oversize and one decode_error", got)
	}
	if n := testenv.Metric(t, a.Metrics, stage.RejectsTotal, "stage", "loop", "reason", "oversize"); n != 1 {
		t.Errorf("oversize rejects = %v, want 1", n)
	}
}

// When PostgreSQL refuses a batch's data, the loop halves the batch until
// the records at fault are alone, dead-letters them as invalid, and keeps
// the rest; without PostgreSQL the processor gets the stand-in, never nil.
func TestLoopSplitsABatchOnDataErrors(t *testing.T) {
	r := newRig(t, 1)
	good := values(200, "v")
	all := slices.Clone(good)
	all = slices.Insert(all, 37, "poison-a")
	all = slices.Insert(all, 150, "poison-b")
	r.produce(all...)
	c := &copier{poison: map[string]bool{"poison-a": true, "poison-b": true}}
	a, stop := r.start("split", stage.Config{MaxBatch: 500}, func(_ context.Context, rec *kgo.Record) ([]byte, int, error) {
		return rec.Value, 0, nil
	}, c)
	r.committed(len(all), a)
	testenv.Must(t, stop(), "loop")
	r.exactlyOnce(good)
	got := r.letters()
	if got["poison-a"] != string(dlq.Invalid) || got["poison-b"] != string(dlq.Invalid) || len(got) != 2 {
		t.Errorf("dead letters %v, want the two poisoned records as invalid", got)
	}
	if n := testenv.Metric(t, a.Metrics, "songnodes_stage_retries_total", "stage", "loop"); n != 0 {
		t.Errorf("retries = %v: a data error is not retried", n)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.Contains(c.sawTx, false) {
		t.Errorf("the processor got a nil or a storing transaction without PostgreSQL")
	}
}

// SIGTERM in the middle of a batch: the batch finishes and commits, the
// loop stops, and a loop started again redoes nothing.
func TestLoopShutdownMidBatch(t *testing.T) {
	r := newRig(t, 1)
	first := append(values(20, "a"), "slow")
	r.produce(first...)
	c := &copier{release: make(chan struct{}), entered: make(chan struct{})}
	a, stop := r.start("shutdown", stage.Config{}, func(_ context.Context, rec *kgo.Record) ([]byte, int, error) {
		return rec.Value, 0, nil
	}, c)
	select {
	case <-c.entered:
	case <-time.After(time.Minute):
		t.Fatal("the batch never started")
	}
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(200 * time.Millisecond) // the signal arrives mid-batch
	close(c.release)
	testenv.Must(t, <-stopped, "loop")
	if n := testenv.Metric(t, a.Metrics, "songnodes_stage_transactions_total", "stage", "loop"); n != 1 {
		t.Errorf("committed transactions = %v, want 1: the batch in flight finishes", n)
	}

	second := values(10, "b")
	r.produce(second...)
	again, stopAgain := r.start("shutdown", stage.Config{}, func(_ context.Context, rec *kgo.Record) ([]byte, int, error) {
		return rec.Value, 0, nil
	}, &copier{})
	r.committed(len(second), again)
	testenv.Must(t, stopAgain(), "loop")
	r.exactlyOnce(append(first, second...))
}

// A second replica joining takes partitions from the first in the middle
// of the work: every record is still in the output exactly once.
func TestLoopRebalance(t *testing.T) {
	r := newRig(t, 4)
	decode := func(_ context.Context, rec *kgo.Record) ([]byte, int, error) { return rec.Value, 0, nil }
	first := values(2000, "a")
	r.produce(first...)
	a1, stop1 := r.start("replica-1", stage.Config{MaxBatch: 50}, decode, &copier{})
	testenv.Eventually(t, time.Minute, "the first replica under way", func() bool {
		return testenv.Metric(t, a1.Metrics, "songnodes_stage_records_total", "stage", "loop") > 0
	})
	a2, stop2 := r.start("replica-2", stage.Config{MaxBatch: 50}, decode, &copier{})
	second := values(2000, "b")
	r.produce(second...)
	testenv.Eventually(t, time.Minute, "both replicas hold partitions", func() bool {
		return testenv.Metric(t, a1.Metrics, "songnodes_stage_assigned_partitions", "stage", "loop") > 0 &&
			testenv.Metric(t, a2.Metrics, "songnodes_stage_assigned_partitions", "stage", "loop") > 0
	})
	r.committed(len(first)+len(second), a1, a2)
	testenv.Must(t, stop1(), "replica 1")
	testenv.Must(t, stop2(), "replica 2")
	r.exactlyOnce(append(first, second...))
}

// Readiness: unready while starting and while a dependency fails, ready
// once batches commit again. The processor fails twice; the second
// failure waits until the test has seen the first one on /readyz.
func TestLoopReadiness(t *testing.T) {
	r := newRig(t, 1)
	var calls atomic.Int32
	seen, inSecond := make(chan struct{}), make(chan struct{})
	proc := processFunc(func(_ context.Context, _ pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
		switch calls.Add(1) {
		case 1:
			return stage.Result[[]byte]{}, errors.New("a dependency is down")
		case 2:
			close(inSecond)
			<-seen
			return stage.Result[[]byte]{}, errors.New("a dependency is down")
		}
		return stage.Result[[]byte]{}, nil
	})
	a := app.New("ready", testenv.Logger(t))
	if st := a.Health.Check(t.Context()).Status; st != app.OK {
		t.Fatalf("status %v before the loop exists", st)
	}
	cfg := stage.Config{Name: "loop", Topics: []string{r.in}, Group: r.kcfg.Topics.Group("loop"), TxnID: "ready", MaxBatch: 10,
		Outputs: []kafka.TopicSpec{{Name: r.out}}}
	loop := stage.New(cfg, stage.Deps{Kafka: r.kcfg, Log: testenv.Logger(t), Metrics: a.Metrics, Health: a.Health},
		func(_ context.Context, rec *kgo.Record) ([]byte, int, error) { return rec.Value, 0, nil }, nil, proc)
	if st := a.Health.Check(t.Context()); st.Status != app.Unhealthy || st.Checks["loop"].Detail != "starting" {
		t.Errorf("before Run: %+v, want unhealthy, starting", st)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- loop.Run(ctx) }()
	r.produce("x")
	select {
	case <-inSecond:
	case <-time.After(time.Minute):
		t.Fatal("the batch was not retried")
	}
	if c := a.Health.Check(t.Context()).Checks["loop"]; c.Status != app.Unhealthy || !strings.Contains(c.Detail, "dependency is down") {
		t.Errorf("while the dependency is down: %+v, want unhealthy with its error", c)
	}
	close(seen)
	testenv.Eventually(t, time.Minute, "ready once a batch commits", func() bool {
		return a.Health.Check(t.Context()).Checks["loop"].Status == app.OK
	})
	cancel()
	testenv.Must(t, <-done, "loop")
}

type processFunc func(context.Context, pgx.Tx, []stage.In[[]byte]) (stage.Result[[]byte], error)

func (f processFunc) Process(ctx context.Context, tx pgx.Tx, b []stage.In[[]byte]) (stage.Result[[]byte], error) {
	return f(ctx, tx, b)
}

// The loop says where its time goes: a processor that holds its batch for
// 300 ms shows as at least that much in the process phase, and the
// transaction's commit as time of its own.
func TestLoopPhaseSeconds(t *testing.T) {
	r := newRig(t, 1)
	r.produce("slow", "v1", "v2")
	c := &copier{release: make(chan struct{}), entered: make(chan struct{})}
	a, stop := r.start("phases", stage.Config{}, func(_ context.Context, rec *kgo.Record) ([]byte, int, error) {
		return rec.Value, 0, nil
	}, c)
	<-c.entered
	time.Sleep(300 * time.Millisecond)
	close(c.release)
	r.committed(3, a)
	testenv.Must(t, stop(), "loop")
	phase := func(name string) float64 {
		return testenv.Metric(t, a.Metrics, "songnodes_stage_phase_seconds_total", "stage", "loop", "phase", name)
	}
	if p := phase("process"); p < 0.3 {
		t.Errorf("process phase = %.3fs, want >= 0.3s (the processor held its batch that long)", p)
	}
	if p := phase("commit"); p <= 0 {
		t.Errorf("commit phase = %vs, want > 0", p)
	}
	for _, name := range stage.PhaseNames {
		if p := phase(name); p >= 60 {
			t.Errorf("%s phase = %.1fs: more than the test ran", name, p)
		}
	}
}

// stateful copies its input to a second output topic, at the input's
// partition, and notes what the loop tells it.
type stateful struct {
	mu       sync.Mutex
	topic    string
	prepared map[int32]bool
	lostAll  int
	stored   int
}

func (p *stateful) Prepare(_ context.Context, recs []*kgo.Record) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range recs {
		p.prepared[r.Partition] = true
	}
	return nil
}

func (p *stateful) PartitionsLost(m map[string][]int32) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m == nil {
		p.lostAll++
	}
}

func (p *stateful) Process(_ context.Context, _ pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
	var res stage.Result[[]byte]
	for _, in := range batch {
		// Another key than the input's: hashed, it would land elsewhere.
		res.Outputs = append(res.Outputs, stage.Out[[]byte]{Key: "log " + string(in.Record.Key), Encoded: in.Value,
			Topic: p.topic, Partition: in.Record.Partition})
	}
	res.OnStored = func() { p.mu.Lock(); p.stored++; p.mu.Unlock() }
	return res, nil
}

// A stateful processor is prepared for each batch's partitions, told when
// the session ends, and its records for another output land at the
// partition it names (a changelog partitioned as the input).
func TestStatefulProcessor(t *testing.T) {
	r := newRig(t, 4)
	log := r.out + ".log"
	p := &stateful{topic: log, prepared: map[int32]bool{}}
	values := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	r.produce(values...)
	a, stop := r.start("stateful", stage.Config{Outputs: []kafka.TopicSpec{{Name: log}}}, decodeBytes, p)
	r.committed(len(values), a)
	testenv.Must(t, stop(), "stop")

	in := map[string]int32{}
	for _, rec := range testenv.ReadAll(t, r.kcfg, r.in) {
		in[string(rec.Key)] = rec.Partition
	}
	got := testenv.ReadAll(t, r.kcfg, log)
	if len(got) != len(values) {
		t.Fatalf("%d records in %s, want %d", len(got), log, len(values))
	}
	for _, rec := range got {
		k := strings.TrimPrefix(string(rec.Key), "log ")
		if rec.Partition != in[k] {
			t.Errorf("%s: partition %d, its input's was %d", k, rec.Partition, in[k])
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.prepared) == 0 || p.stored == 0 {
		t.Errorf("prepared for partitions %v, stored %d times", p.prepared, p.stored)
	}
	if p.lostAll != 1 {
		t.Errorf("told %d times that the session ended, want once", p.lostAll)
	}
}
