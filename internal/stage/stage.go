// Package stage is the consume -> process -> write -> produce+commit loop
// every stage shares. A stage supplies a decoder and a Processor; the loop
// owns Kafka, transactions, retries, dead letters, metrics and shutdown.
//
// One batch is one Kafka transaction:
//
//  1. poll up to MaxBatch records (read_committed);
//  2. decode each; a record that cannot be decoded is rejected;
//  3. run the processor in one PostgreSQL transaction and commit it;
//  4. produce the outputs and the dead letters, and commit the input
//     offsets, in one Kafka transaction.
//
// Writes to PostgreSQL must be idempotent: a crash between 3 and 4 replays
// the batch. A transient failure anywhere aborts the Kafka transaction,
// rewinds to the committed offsets, backs off and tries again; nothing is
// committed and nothing is dead-lettered for it.
package stage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/postgres"
	"github.com/songnodes/pipeline/internal/record"
)

// In is one decoded input record.
type In[T any] struct {
	Record   *kgo.Record
	SchemaID int
	Source   string
	Value    T
}

// Reject is an input record the processor refuses; it goes to the stage's
// dead-letter topic with its reason.
type Reject struct {
	Record   *kgo.Record
	SchemaID int
	Reason   dlq.Reason
	Err      error
}

// Out is one output of a processor. The loop writes it to the stage's
// output topic: Key is the record's key, Value its value encoded with the
// stage's schema (nil: a tombstone, which compaction keeps as the key's
// last word), Source its source header ("": none).
type Out[O any] struct {
	Key    string
	Value  *O
	Source string
	// Encoded, when set, is Value's encoding already (bronze passes on
	// the bytes it read, unchanged): the loop writes it as it is.
	Encoded []byte
	// Topic, when set, is another of the loop's output topics
	// (Config.Outputs) than its first; the record goes to Partition of
	// it, with Encoded as its value. A state's changelog is written so:
	// partitioned as the input the state follows.
	Topic     string
	Partition int32
}

// Result is what a processor makes of a batch.
type Result[O any] struct {
	// Outputs are produced in the batch's transaction.
	Outputs []Out[O]
	Rejects []Reject
	// OnStored, if set, runs once the PostgreSQL transaction Process ran
	// in has committed (at once without PostgreSQL), before the Kafka
	// transaction: the place for a processor that keeps state between
	// calls of one batch (a refused batch is processed again in halves).
	OnStored func()
	// OnCommit, if set, runs once the batch's transaction has committed:
	// the place for a stage's own counts, which a batch processed again
	// must not count twice.
	OnCommit func()
}

// Processor is a stage's logic: batches of I in, outputs of O out.
type Processor[I, O any] interface {
	// Process turns a batch into outputs and rejects, writing its rows
	// with tx. When the stage runs without PostgreSQL (benchmarks), tx is
	// a stand-in that stores nothing: Stored(tx) says so, and the
	// processor skips its writes. Process must be deterministic and its writes
	// idempotent: a batch may be processed again after a crash or a
	// rebalance. An error means "try again later" (a dependency is down,
	// or PostgreSQL refused the data: the loop then narrows the batch
	// down to the record at fault and rejects it).
	Process(ctx context.Context, tx pgx.Tx, batch []In[I]) (Result[O], error)
}

// Stateful is a processor that keeps state in memory between batches,
// per input partition (gold's pairs). The loop calls Prepare at the start
// of each batch, before PostgreSQL, with the batch's records: the
// processor drops what an uncommitted batch left and loads the state of
// partitions it does not hold yet (an error: try again later). The loop
// calls PartitionsLost when the group takes partitions away, and with nil
// when the session ends (all of them): their state may move on elsewhere.
// PartitionsLost may run while a batch does.
type Stateful interface {
	Prepare(ctx context.Context, recs []*kgo.Record) error
	PartitionsLost(m map[string][]int32)
}

// Encoder encodes a stage's outputs with its registered schema.
type Encoder interface {
	Encode(v any) ([]byte, error)
}

// DecodeFunc decodes a record's value into T and returns the writer
// schema ID. A *dlq.Error rejects the record; any other error is transient.
type DecodeFunc[T any] func(ctx context.Context, r *kgo.Record) (T, int, error)

// Config configures a stage's loop.
type Config struct {
	Name       string   // stage name: metric label, DLQ topic suffix
	Topics     []string // input topics, or regular expressions if Regex
	Regex      bool
	Group      string
	TxnID      string // transactional ID: stable per replica, unique among live replicas
	InstanceID string // static group membership; "" for dynamic

	MaxBatch       int           // records per transaction
	MaxRecordBytes int           // larger input values are rejected as oversize
	TxnTimeout     time.Duration // broker aborts a transaction left open this long
	DBTimeout      time.Duration // statement timeout of the batch's PostgreSQL transaction
	DBDeadline     time.Duration // the client's deadline on that whole transaction (a hung server)
	StallTimeout   time.Duration // a batch running longer makes the stage unready

	// Outputs are the topics the stage produces to, created at start
	// along with its dead-letter topic.
	Outputs []kafka.TopicSpec

	// SourceOf names the source of an input record, for metrics. The
	// default reads the songnodes.source header, then the raw topic name.
	SourceOf func(*kgo.Record) string
}

// Deps are what the loop runs with.
type Deps struct {
	Kafka   kafka.Config
	DB      *pgxpool.Pool // nil: no PostgreSQL
	Log     *slog.Logger
	Metrics prometheus.Registerer
	Health  *app.Health
}

// SetSource tags an output record with its source (header songnodes.source).
func SetSource(r *kgo.Record, source string) *kgo.Record {
	r.Headers = append(r.Headers, kgo.RecordHeader{Key: dlq.HeaderSource, Value: []byte(source)})
	return r
}

// Loop runs one stage.
type Loop[I, O any] struct {
	cfg    Config
	deps   Deps
	decode DecodeFunc[I]
	enc    Encoder
	proc   Processor[I, O]
	m      *metrics
	log    *slog.Logger

	sess *kgo.GroupTransactSession

	ready      *Readiness
	batchStart atomic.Int64 // unix nanos of the batch in flight, 0 when idle
}

// New returns a loop that reads with decode, writes what proc makes of
// each batch, encoded with enc, to cfg's first output topic; Run runs it.
func New[I, O any](cfg Config, deps Deps, decode DecodeFunc[I], enc Encoder, proc Processor[I, O]) *Loop[I, O] {
	cfg = cfg.withDefaults()
	if len(cfg.Outputs) == 0 {
		panic("stage " + cfg.Name + ": no output topic") // a stage writes somewhere
	}
	if cfg.SourceOf == nil {
		topics := deps.Kafka.Topics
		cfg.SourceOf = func(r *kgo.Record) string { return DefaultSourceOf(topics, r) }
	}
	l := &Loop[I, O]{
		cfg: cfg, deps: deps, decode: decode, enc: enc, proc: proc,
		m:     newMetrics(deps.Metrics, cfg.Name),
		log:   deps.Log.With("stage", cfg.Name),
		ready: NewReadiness(),
	}
	l.ready.Parts.OnChange = func(n int64) { l.m.assigned.Set(float64(n)) }
	if deps.Health != nil {
		deps.Health.Add(cfg.Name, l.check)
	}
	return l
}

// DefaultSourceOf reads the source header, then the raw topic's name.
func DefaultSourceOf(t kafka.Topics, r *kgo.Record) string {
	s := dlq.Header(r, dlq.HeaderSource)
	if s == "" {
		s = t.SourceOfRaw(r.Topic)
	}
	if !record.ValidSource(s) {
		return "unknown" // keeps the label's values bounded
	}
	return s
}

// check is the stage's readiness: unhealthy while it retries a failure or
// a batch is stuck, degraded while it has no partitions.
func (l *Loop[I, O]) check(context.Context) (app.Status, string) {
	return l.ready.Check(func() string {
		if start := l.batchStart.Load(); start != 0 {
			if d := time.Since(time.Unix(0, start)); d > l.cfg.StallTimeout {
				return fmt.Sprintf("batch in flight for %s", d.Round(time.Second))
			}
		}
		return ""
	})
}

func (l *Loop[I, O]) setFailing(err error) {
	l.ready.Fail(err)
	if err == nil {
		l.m.ready.Set(1)
	} else {
		l.m.ready.Set(0)
	}
}

// Run consumes until ctx ends. On cancellation it stops fetching, lets the
// batch in flight finish (or abort), and leaves the group.
//
// Everything the loop runs, its Kafka client's goroutines included, is
// labelled stage=<name> in CPU profiles: one process running several
// stages (songnodes dev, the benchmark) can tell their costs apart.
func (l *Loop[I, O]) Run(ctx context.Context) (err error) {
	pprof.Do(ctx, pprof.Labels("stage", l.cfg.Name), func(ctx context.Context) { err = l.runSessions(ctx) })
	return err
}

func (l *Loop[I, O]) runSessions(ctx context.Context) error {
	if err := l.ensureTopics(ctx); err != nil {
		return err
	}
	bo := Backoff{}
	for ctx.Err() == nil {
		err := l.session(ctx)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		// The session is broken (the producer ID was fenced, the broker
		// kept failing); start a new one.
		l.setFailing(err)
		l.m.retries.Inc()
		l.log.Error("kafka session failed; restarting it", "err", err)
		bo.Sleep(ctx)
	}
	return nil
}

func (l *Loop[I, O]) ensureTopics(ctx context.Context) error {
	adm, err := l.deps.Kafka.NewAdmin(l.cfg.Name+"-admin", l.deps.Log)
	if err != nil {
		return err
	}
	defer adm.Close()
	specs := append([]kafka.TopicSpec{{Name: l.deps.Kafka.Topics.DLQ(l.cfg.Name)}}, l.cfg.Outputs...)
	bo := Backoff{}
	for {
		err := l.deps.Kafka.EnsureTopics(ctx, adm, specs...)
		if err == nil || ctx.Err() != nil {
			return ctx.Err()
		}
		l.setFailing(err)
		l.log.Warn("cannot create topics yet; retrying", "err", err)
		bo.Sleep(ctx)
	}
}

func (l *Loop[I, O]) newSession() (*kgo.GroupTransactSession, error) {
	opts, err := l.deps.Kafka.Opts(l.cfg.Name+"-"+l.cfg.TxnID, l.deps.Log)
	if err != nil {
		return nil, err
	}
	var lost func(map[string][]int32)
	if st, ok := l.proc.(Stateful); ok {
		lost = st.PartitionsLost
	}
	opts = append(opts, ConsumerOpts(l.cfg.Group, &l.ready.Parts, lost)...)
	opts = append(opts,
		kgo.RecordPartitioner(outputPartitioner(l.cfg.Outputs)),
		kgo.ConsumeTopics(l.cfg.Topics...),
		kgo.TransactionalID(l.cfg.TxnID),
		kgo.TransactionTimeout(l.cfg.TxnTimeout),
	)
	opts = append(opts, faultOpts()...) // none outside the fault suite's build
	if l.cfg.Regex {
		opts = append(opts, kgo.ConsumeRegex())
	}
	if l.cfg.InstanceID != "" {
		opts = append(opts, kgo.InstanceID(l.cfg.InstanceID))
	}
	return kgo.NewGroupTransactSession(opts...)
}

// session runs one GroupTransactSession until ctx ends (nil) or the session
// breaks (error).
func (l *Loop[I, O]) session(ctx context.Context) error {
	// The count starts before the session does: the group may assign
	// partitions before newSession returns.
	l.ready.Parts.Reset()
	sess, err := l.newSession()
	if err != nil {
		return err
	}
	l.sess = sess
	defer func() {
		// Close leaves the group (unless static membership is used),
		// so that the partitions move at once.
		sess.Close()
		l.ready.Parts.Reset()
		if st, ok := l.proc.(Stateful); ok {
			st.PartitionsLost(nil)
		}
	}()
	l.setFailing(nil)
	l.log.Info("consuming", "topics", l.cfg.Topics, "group", l.cfg.Group, "transactional_id", l.cfg.TxnID)

	// The batch in flight runs on a context that outlives ctx, so that a
	// SIGTERM finishes it rather than tearing it down half way.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stop := context.AfterFunc(ctx, func() {
		time.AfterFunc(l.cfg.StallTimeout/4, cancelWork) // the batch's grace period
	})
	defer stop()

	bo := Backoff{}
	for {
		polled := time.Now()
		fetches := sess.PollRecords(ctx, l.cfg.MaxBatch)
		l.m.phase.since(PhasePoll, &polled)
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return nil
		}
		var fetchErr error
		fetches.EachError(func(t string, p int32, err error) {
			if !errors.Is(err, context.Canceled) {
				l.log.Warn("fetch failed", "topic", t, "partition", p, "err", err)
				fetchErr = err
			}
		})
		recs := fetches.Records()
		if len(recs) == 0 {
			if fetchErr != nil {
				l.setFailing(fmt.Errorf("fetch: %w", fetchErr))
				bo.Sleep(ctx)
			}
			continue
		}
		err := l.batch(work, recs)
		var fatal *fatalError
		switch {
		case errors.As(err, &fatal):
			return fatal.err
		case err != nil:
			l.setFailing(err)
			l.m.retries.Inc()
			l.log.Warn("batch failed; will retry", "err", err, "records", len(recs))
			bo.Sleep(ctx)
		default:
			l.setFailing(nil)
			bo.Reset()
		}
	}
}

// fatalError ends the session; the loop starts a new one.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }

// batch processes recs in one transaction. A nil error means committed, or
// aborted by a rebalance (the records come again).
func (l *Loop[I, O]) batch(ctx context.Context, recs []*kgo.Record) error {
	start := time.Now()
	l.batchStart.Store(start.UnixNano())
	defer l.batchStart.Store(0)

	if err := l.sess.Begin(); err != nil {
		return &fatalError{fmt.Errorf("begin transaction: %w", err)}
	}
	t := start
	if st, ok := l.proc.(Stateful); ok {
		if err := st.Prepare(ctx, recs); err != nil {
			return l.abort(ctx, err)
		}
		l.m.phase.since(PhaseProcess, &t) // loading state is the processor's work
	}
	res, rejects, err := l.process(ctx, recs, &t)
	if err != nil {
		return l.abort(ctx, err)
	}
	fault(FaultAfterPostgres)
	outs, err := l.records(res.Outputs)
	if err != nil {
		return l.abort(ctx, err)
	}
	l.m.phase.since(PhaseEncode, &t)

	// Producing and committing get the transaction's own time at most:
	// the broker aborts a transaction open longer than
	// KAFKA_TRANSACTION_TIMEOUT anyway, and franz-go, left alone, retries
	// a produce or an EndTxn to a broker that stopped answering forever.
	kctx, cancelK := context.WithTimeoutCause(ctx, l.cfg.TxnTimeout, errKafkaTimeout)
	defer cancelK()
	var (
		mu      sync.Mutex
		prodErr error
	)
	promise := func(r *kgo.Record, err error) {
		if err != nil {
			mu.Lock()
			prodErr = errors.Join(prodErr, fmt.Errorf("produce to %s: %w", r.Topic, err))
			mu.Unlock()
		}
	}
	for _, r := range outs {
		l.sess.Produce(kctx, r, promise)
	}
	dlqTopic := l.deps.Kafka.Topics.DLQ(l.cfg.Name)
	now := time.Now()
	for _, rj := range rejects {
		l.sess.Produce(ctx, dlq.NewRecord(dlqTopic, dlq.Rejected{
			Record: rj.Record, Stage: l.cfg.Name, Reason: rj.Reason, Message: rj.Err.Error(),
			SchemaID: rj.SchemaID, Time: now,
		}), promise)
	}
	if err := l.sess.Client().Flush(kctx); err != nil {
		return l.abort(ctx, l.kafkaErr(kctx, "produce", err))
	}
	if prodErr != nil {
		return l.abort(ctx, prodErr)
	}
	fault(FaultAfterProduce)
	l.m.phase.since(PhaseProduce, &t)
	committed, err := l.sess.End(kctx, kgo.TryCommit)
	if err != nil {
		// Whether the broker committed is unknown when the deadline
		// passed: the session is dropped, and the next one's
		// InitProducerID completes or aborts what this one left open.
		l.m.aborted.Inc()
		return &fatalError{l.kafkaErr(kctx, "commit transaction", err)}
	}
	if !committed {
		// A rebalance happened: the session rewound to the committed
		// offsets and whoever owns the partitions now redoes the batch.
		l.m.aborted.Inc()
		l.log.Info("transaction aborted by a rebalance; the batch will be redone", "records", len(recs))
		return nil
	}

	fault(FaultCommitted)
	l.m.committed.Inc()
	l.m.lastCommit.SetToCurrentTime()
	l.m.batchSeconds.Observe(time.Since(start).Seconds())
	l.countBySource(l.m.records, recs)
	l.countBySource(l.m.outputs, outs)
	if res.OnCommit != nil {
		res.OnCommit()
	}
	for _, rj := range rejects {
		l.m.rejects.WithLabelValues(l.cfg.SourceOf(rj.Record), string(rj.Reason)).Inc()
		l.log.Info("record rejected", "reason", rj.Reason, "err", rj.Err,
			"topic", rj.Record.Topic, "partition", rj.Record.Partition, "offset", rj.Record.Offset)
	}
	l.m.phase.since(PhaseCommit, &t) // the transaction and what counts it
	return nil
}

// countBySource adds recs to c by source: one counter lookup per source
// rather than per record, on the loop's one goroutine.
func (l *Loop[I, O]) countBySource(c *prometheus.CounterVec, recs []*kgo.Record) {
	n := map[string]int{}
	for _, r := range recs {
		n[l.cfg.SourceOf(r)]++
	}
	for src, k := range n {
		c.WithLabelValues(src).Add(float64(k))
	}
}

// records makes the output records: the stage's output topic, the key,
// the value encoded (on every core: encoding is much of a stage's work),
// the source header.
func (l *Loop[I, O]) records(outs []Out[O]) ([]*kgo.Record, error) {
	if len(outs) == 0 {
		return nil, nil
	}
	topic := l.cfg.Outputs[0].Name
	recs := make([]*kgo.Record, len(outs))
	errs := make([]error, len(outs))
	Parallel(len(outs), func(i int) {
		o := &outs[i]
		r := &kgo.Record{Topic: topic, Key: []byte(o.Key), Value: o.Encoded}
		if o.Topic != "" {
			r.Topic, r.Partition = o.Topic, o.Partition
		}
		if r.Value == nil && o.Value != nil {
			r.Value, errs[i] = l.enc.Encode(o.Value)
		}
		if o.Source != "" {
			SetSource(r, o.Source)
		}
		recs[i] = r
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("encode outputs: %w", err)
	}
	return recs, nil
}

// outputPartitioner partitions records to the first output by key, as
// franz-go does by default, and to the others by their Partition.
func outputPartitioner(outputs []kafka.TopicSpec) kgo.Partitioner {
	p := partitioner{byKey: kgo.UniformBytesPartitioner(64<<10, true, true, nil), manual: map[string]bool{}}
	for _, o := range outputs[1:] {
		p.manual[o.Name] = true
	}
	return p
}

type partitioner struct {
	byKey  kgo.Partitioner
	manual map[string]bool
}

func (p partitioner) ForTopic(t string) kgo.TopicPartitioner {
	if p.manual[t] {
		return kgo.ManualPartitioner().ForTopic(t)
	}
	return p.byKey.ForTopic(t)
}

// abort ends the transaction without committing; the session rewinds to the
// committed offsets so that the batch comes again. cause is returned as a
// transient error.
func (l *Loop[I, O]) abort(ctx context.Context, cause error) error {
	l.m.aborted.Inc()
	actx, cancel := context.WithTimeoutCause(ctx, l.cfg.TxnTimeout, errKafkaTimeout)
	defer cancel()
	if _, err := l.sess.End(actx, kgo.TryAbort); err != nil {
		return &fatalError{fmt.Errorf("%w; then %w", cause, l.kafkaErr(actx, "abort transaction", err))}
	}
	return cause
}

// errKafkaTimeout is the cause of a transaction's context whose
// KAFKA_TRANSACTION_TIMEOUT passed.
var errKafkaTimeout = errors.New("the Kafka brokers did not answer")

// kafkaErr names Kafka and what was being done in err; when kctx's own
// deadline passed (not the caller's), it says so with the setting.
func (l *Loop[I, O]) kafkaErr(kctx context.Context, what string, err error) error {
	if errors.Is(context.Cause(kctx), errKafkaTimeout) {
		return fmt.Errorf("kafka: %s: %w within KAFKA_TRANSACTION_TIMEOUT (%s): %w", what, errKafkaTimeout, l.cfg.TxnTimeout, err)
	}
	return fmt.Errorf("kafka: %s: %w", what, err)
}

// process decodes the batch and runs the processor, adding the time of each
// to its phase from *t. Rejects cover both records that did not decode
// and those the processor refused.
func (l *Loop[I, O]) process(ctx context.Context, recs []*kgo.Record, t *time.Time) (Result[O], []Reject, error) {
	type decoded struct {
		v   I
		id  int
		err error
	}
	ds := make([]decoded, len(recs))
	Parallel(len(recs), func(i int) {
		r := recs[i]
		if len(r.Value) > l.cfg.MaxRecordBytes {
			ds[i].err = &dlq.Error{Reason: dlq.Oversize, Err: fmt.Errorf("value is %d bytes, the limit is %d", len(r.Value), l.cfg.MaxRecordBytes)}
			return
		}
		ds[i].v, ds[i].id, ds[i].err = l.decode(ctx, r)
	})
	var rejects []Reject
	ins := make([]In[I], 0, len(recs))
	for i, r := range recs {
		d := &ds[i]
		if d.err != nil {
			var de *dlq.Error
			if errors.As(d.err, &de) {
				rejects = append(rejects, Reject{Record: r, SchemaID: d.id, Reason: de.Reason, Err: de.Err})
				continue
			}
			return Result[O]{}, nil, fmt.Errorf("decode %s/%d@%d: %w", r.Topic, r.Partition, r.Offset, d.err)
		}
		ins = append(ins, In[I]{Record: r, SchemaID: d.id, Source: l.cfg.SourceOf(r), Value: d.v})
	}
	l.m.phase.since(PhaseDecode, t)
	if len(ins) == 0 {
		return Result[O]{}, rejects, nil
	}
	res, err := l.run(ctx, ins)
	l.m.phase.since(PhaseProcess, t)
	if err != nil {
		return Result[O]{}, nil, err
	}
	return res, append(rejects, res.Rejects...), nil
}

// run runs the processor in a PostgreSQL transaction. When PostgreSQL
// refuses the data itself, retrying the batch would fail forever and stall
// the stage, so run splits the batch in halves until the records at fault
// are alone, rejects those, and keeps the rest.
func (l *Loop[I, O]) run(ctx context.Context, ins []In[I]) (Result[O], error) {
	res, err := l.inTx(ctx, ins)
	if err == nil {
		return res, nil
	}
	if !postgres.IsDataError(err) {
		return Result[O]{}, fmt.Errorf("postgres: %w", err)
	}
	if len(ins) == 1 {
		return Result[O]{Rejects: []Reject{{Record: ins[0].Record, SchemaID: ins[0].SchemaID, Reason: dlq.Invalid,
			Err: fmt.Errorf("PostgreSQL refused the record: %w", err)}}}, nil
	}
	mid := len(ins) / 2
	a, err := l.run(ctx, ins[:mid])
	if err != nil {
		return Result[O]{}, err
	}
	b, err := l.run(ctx, ins[mid:])
	if err != nil {
		return Result[O]{}, err
	}
	return Result[O]{
		Outputs:  append(a.Outputs, b.Outputs...),
		Rejects:  append(a.Rejects, b.Rejects...),
		OnCommit: func() { callBoth(a.OnCommit, b.OnCommit) },
	}, nil
}

// inTx runs the processor in one PostgreSQL transaction, or with the
// stand-in when the loop has no PostgreSQL.
func (l *Loop[I, O]) inTx(ctx context.Context, ins []In[I]) (Result[O], error) {
	fault(FaultBeforePostgres)
	var res Result[O]
	var err error
	if l.deps.DB == nil {
		res, err = l.proc.Process(ctx, noDB{}, ins)
	} else {
		lim := postgres.Limits{Statement: l.cfg.DBTimeout, Deadline: l.cfg.DBDeadline}
		err = postgres.TxWithin(ctx, l.deps.DB, lim, func(ctx context.Context, tx pgx.Tx) error {
			var err error
			res, err = l.proc.Process(ctx, tx, ins)
			return err
		})
	}
	if err == nil && res.OnStored != nil {
		res.OnStored()
		res.OnStored = nil
	}
	return res, err
}

func callBoth(a, b func()) {
	if a != nil {
		a()
	}
	if b != nil {
		b()
	}
}

// TxnID returns the default transactional ID of a replica: the group and
// the host name, which is stable across restarts of a pod and unique
// among live ones.
func TxnID(group, hostname string) string {
	return group + "-" + strings.ReplaceAll(hostname, ".", "-")
}
