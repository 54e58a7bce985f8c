package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/stage"
)

// Monitor is one running monitor: its state, what it knows of Redis and
// of the stage groups' lag, and the handlers that show them.
type Monitor struct {
	s     Settings
	log   *slog.Logger
	state *State
	store *store                       // nil: no persistence configured
	db    atomic.Pointer[pgxpool.Pool] // nil: no scraper view (Settings.DatabaseURL)

	// loaded is true once the state was read from Redis (or Redis was
	// found empty). Until then a flush first merges what Redis holds.
	loaded atomic.Bool

	redisUp      atomic.Bool
	lastRedisTry atomic.Int64 // unix ms
	redisErr     atomic.Pointer[string]
	persisted    atomic.Int64 // unix ms of the last successful flush
	flushErrors  atomic.Uint64

	ready    stage.Readiness // the consume loop's, as a stage's
	lastPoll atomic.Int64    // unix ns the consume loop last came round
	client   atomic.Pointer[kgo.Client]

	// committed is what the group last accepted, so that a flush commits
	// only the partitions that moved. Only the consuming goroutine uses it.
	committed map[string]map[int32]int64

	lagMu sync.Mutex
	lag   lagReport
}

// Run runs the monitor on a until ctx ends: it registers its metrics on
// a.Metrics, its checks on a.Health, and its status page (/ and
// /api/status) on a.Mux.
func Run(ctx context.Context, a *app.App, s Settings) error {
	m, err := New(a, s)
	if err != nil {
		return err
	}
	return m.Run(ctx)
}

// New returns a monitor registered on a; Run runs it.
func New(a *app.App, s Settings) (*Monitor, error) {
	m := &Monitor{s: s, log: a.Log.With("component", Name), state: NewState(s.MaxSources), committed: map[string]map[int32]int64{}}
	m.ready.Fail(errStarting)
	if s.RedisURL != "" {
		st, err := newStore(s.RedisURL, s.RedisPrefix)
		if err != nil {
			return nil, err
		}
		m.store = st
	}
	if err := a.Metrics.Register(newCollector(m)); err != nil {
		return nil, fmt.Errorf("register monitor metrics: %w", err)
	}
	a.Handle("GET /{$}", http.HandlerFunc(serveStatusPage))
	a.Handle("GET /api/status", http.HandlerFunc(m.serveStatus))
	a.Health.Add("monitor.kafka", m.checkKafka)
	a.Health.Add("monitor.redis", m.checkRedis)
	a.Health.Add("monitor.assignment", m.checkLoop)
	return m, nil
}

// Run consumes until ctx ends, then writes the state a last time and
// leaves the group.
func (m *Monitor) Run(ctx context.Context) error {
	if m.store != nil {
		defer m.store.close()
	}
	if m.s.DatabaseURL != "" {
		// Connected on first use: the status page must not wait for, nor
		// the monitor fail with, a database it only reads for people.
		pool, err := pgxpool.New(ctx, m.s.DatabaseURL)
		if err != nil {
			return fmt.Errorf("DATABASE_URL: %w", err)
		}
		m.db.Store(pool)
		defer pool.Close()
	}
	reg, err := serde.NewRegistry(m.s.RegistryURL, m.s.RegistryAuth)
	if err != nil {
		return err
	}
	if m.store != nil {
		m.loadAtStart(ctx)
	}
	if ctx.Err() != nil {
		return nil
	}
	cl, err := m.newClient()
	if err != nil {
		return err
	}
	m.client.Store(cl)
	defer cl.Close() // leaves the group

	// The lag probe runs beside the consumer; Run owns it and waits for it.
	lagCtx, stopLag := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.runLag(lagCtx)
	}()
	defer func() { stopLag(); wg.Wait() }()

	m.consume(ctx, cl, newReader(m.s.Kafka.Topics, reg))

	// A last flush, on a context of its own: ctx is over.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	m.flush(fctx, cl)
	return nil
}

// loadAtStart reads the state from Redis, waiting up to RedisWait for it
// to answer. If it does not, the monitor starts from the group's
// committed offsets with an empty state, and merges Redis' state in when
// it answers (see flush): the two count disjoint records, because the
// group's offsets are committed only after Redis has stored them.
func (m *Monitor) loadAtStart(ctx context.Context) {
	deadline := time.Now().Add(m.s.RedisWait)
	bo := backoff()
	for {
		err := m.load(ctx, false)
		if err == nil {
			return
		}
		m.redisDown(err)
		if ctx.Err() != nil || time.Now().After(deadline) {
			m.log.Warn("Redis does not answer: starting without the persisted state; it is merged in when Redis answers", "err", err)
			return
		}
		m.log.Warn("Redis does not answer; waiting for it to load the persisted state", "err", err)
		bo.Sleep(ctx)
	}
}

// load reads the persisted state: it replaces the empty state at start,
// and is merged into the state counted since when the start went on
// without Redis.
func (m *Monitor) load(ctx context.Context, merge bool) error {
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	snap, ok, err := m.store.load(lctx)
	if err != nil {
		return err
	}
	if ok {
		if merge {
			err = m.state.merge(snap)
		} else {
			err = m.state.restore(snap)
		}
		if err != nil {
			// A state that cannot be read would stop the monitor
			// for good; start afresh instead, and say so.
			m.log.Error("the persisted monitor state cannot be read; starting afresh", "err", err)
		} else {
			m.log.Info("loaded the persisted monitor state", "sources", len(snap.sources), "merged", merge)
		}
	}
	m.loaded.Store(true)
	m.redisOK()
	return nil
}

func (m *Monitor) redisOK() {
	m.redisUp.Store(true)
	m.redisErr.Store(nil)
}

func (m *Monitor) redisDown(err error) {
	m.redisUp.Store(false)
	msg := err.Error()
	m.redisErr.Store(&msg)
}

func (m *Monitor) checkKafka(ctx context.Context) (app.Status, string) {
	cl := m.client.Load()
	if cl == nil {
		return app.Unhealthy, "not connected yet"
	}
	if err := cl.Ping(ctx); err != nil {
		return app.Unhealthy, err.Error()
	}
	return app.OK, ""
}

// checkRedis is degraded, never unhealthy: without Redis the monitor
// keeps counting and serving; only persistence is lost.
func (m *Monitor) checkRedis(ctx context.Context) (app.Status, string) {
	if m.store == nil {
		return app.Degraded, "REDIS_URL is not set: the monitor's counts and last-seen times do not survive a restart"
	}
	if err := m.store.ping(ctx); err != nil {
		return app.Degraded, "Redis does not answer (" + err.Error() + "); serving the state in memory, not persisting it"
	}
	if e := m.redisErr.Load(); e != nil {
		return app.Degraded, "the last state flush failed: " + *e
	}
	if !m.loaded.Load() {
		return app.Degraded, "the persisted state is not loaded yet"
	}
	if p := m.persisted.Load(); p != 0 {
		return app.OK, fmt.Sprintf("state persisted %s ago", m.s.Now().Sub(time.UnixMilli(p)).Round(time.Second))
	}
	return app.OK, "state loaded"
}

// checkLoop is unhealthy while the consume loop is stuck or cannot decode
// (the registry does not answer), degraded while it has no partitions.
func (m *Monitor) checkLoop(context.Context) (app.Status, string) {
	return m.ready.Check(func() string {
		if last := m.lastPoll.Load(); last != 0 {
			if d := time.Since(time.Unix(0, last)); d > 2*time.Minute+m.s.FlushInterval {
				return fmt.Sprintf("the consume loop has not come round for %s", d.Round(time.Second))
			}
		}
		return ""
	})
}

var errStarting = errors.New("starting")

// backoff is the monitor's: a stage's, but never waiting more than 10s,
// so that the counts catch up soon after a dependency is back.
func backoff() stage.Backoff { return stage.Backoff{Max: 10 * time.Second} }
