package stage

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// metrics are the loop's own view. They count only what a committed
// transaction made final, so a replayed batch is never counted twice.
type metrics struct {
	records      *prometheus.CounterVec
	outputs      *prometheus.CounterVec
	rejects      *prometheus.CounterVec
	committed    prometheus.Counter
	aborted      prometheus.Counter
	retries      prometheus.Counter
	batchSeconds prometheus.Observer
	phase        phaseSeconds
	lastCommit   prometheus.Gauge
	ready        prometheus.Gauge
	assigned     prometheus.Gauge
}

// Metric names shared with the rest of the pipeline.
const (
	RejectsTotal = "songnodes_rejects_total"
)

// NewRejectsCounter returns the counter of rejected records by source,
// stage and reason; ingest and every stage count into it.
func NewRejectsCounter(reg prometheus.Registerer) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: RejectsTotal,
		Help: "Records rejected, by source, stage and reason: refused by ingest, or sent to a stage's dead-letter topic.",
	}, []string{"source", "stage", "reason"})
	if err := reg.Register(c); err != nil {
		if are, ok := err.(prometheus.AlreadyRegisteredError); ok {
			return are.ExistingCollector.(*prometheus.CounterVec)
		}
		panic(err)
	}
	return c
}

func newMetrics(reg prometheus.Registerer, stage string) *metrics {
	f := promauto.With(reg)
	l := prometheus.Labels{"stage": stage}
	return &metrics{
		records: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_stage_records_total", ConstLabels: l,
			Help: "Input records a stage consumed and committed (outputs or rejects), by source.",
		}, []string{"source"}),
		outputs: f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_stage_output_records_total", ConstLabels: l,
			Help: "Records a stage produced to its output topics in committed transactions, by source.",
		}, []string{"source"}),
		rejects: NewRejectsCounter(reg).MustCurryWith(l),
		committed: f.NewCounter(prometheus.CounterOpts{
			Name: "songnodes_stage_transactions_total", ConstLabels: l,
			Help: "Kafka transactions a stage committed.",
		}),
		aborted: f.NewCounter(prometheus.CounterOpts{
			Name: "songnodes_stage_transaction_aborts_total", ConstLabels: l,
			Help: "Kafka transactions a stage aborted (rebalance, transient failure or shutdown); the batch is processed again.",
		}),
		retries: f.NewCounter(prometheus.CounterOpts{
			Name: "songnodes_stage_retries_total", ConstLabels: l,
			Help: "Transient failures (PostgreSQL, registry or broker unreachable) a stage backed off from and retried.",
		}),
		batchSeconds: f.NewHistogram(prometheus.HistogramOpts{
			Name: "songnodes_stage_batch_duration_seconds", ConstLabels: l,
			Help:    "Time from polling a batch to committing its transaction.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
		}),
		phase: newPhaseSeconds(f.NewCounterVec(prometheus.CounterOpts{
			Name: "songnodes_stage_phase_seconds_total", ConstLabels: l,
			Help: "Wall time a stage's loop spent in each phase of its batches: waiting for records (poll), decoding, processing (PostgreSQL included), encoding, producing (until the broker has every record) and committing the transaction.",
		}, []string{"phase"})),
		lastCommit: f.NewGauge(prometheus.GaugeOpts{
			Name: "songnodes_stage_last_commit_timestamp_seconds", ConstLabels: l,
			Help: "Unix time of the last committed transaction.",
		}),
		ready: f.NewGauge(prometheus.GaugeOpts{
			Name: "songnodes_stage_ready", ConstLabels: l,
			Help: "1 while the stage's loop is making progress, 0 while it retries a transient failure.",
		}),
		assigned: f.NewGauge(prometheus.GaugeOpts{
			Name: "songnodes_stage_assigned_partitions", ConstLabels: l,
			Help: "Input partitions assigned to this replica.",
		}),
	}
}

// The phases of a batch, in the order the loop runs them.
const (
	PhasePoll = iota
	PhaseDecode
	PhaseProcess
	PhaseEncode
	PhaseProduce
	PhaseCommit
	numPhases
)

// PhaseNames are the phase label's values, by phase.
var PhaseNames = [numPhases]string{"poll", "decode", "process", "encode", "produce", "commit"}

// phaseSeconds holds one counter per phase, looked up once.
type phaseSeconds [numPhases]prometheus.Counter

func newPhaseSeconds(v *prometheus.CounterVec) phaseSeconds {
	var p phaseSeconds
	for i, name := range PhaseNames {
		p[i] = v.WithLabelValues(name)
	}
	return p
}

// since adds the time since *t to phase's counter and moves *t to now.
func (p *phaseSeconds) since(phase int, t *time.Time) {
	now := time.Now()
	p[phase].Add(now.Sub(*t).Seconds())
	*t = now
}
