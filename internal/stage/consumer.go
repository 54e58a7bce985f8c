package stage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
)

// The parts every consume loop of the pipeline is built from: the stage
// loop and the monitor share them, so that they read, back off and report
// readiness alike.

// ConsumerOpts are the consumer settings every loop shares: its group,
// read_committed, a new group starting at the beginning (nothing is
// skipped), a bounded fetch buffer (memory stays flat however large the
// backlog), and the partition count kept in parts. lost, if not nil, is
// told of every partition the group takes away (revoked or lost).
func ConsumerOpts(group string, parts *Partitions, lost func(map[string][]int32)) []kgo.Opt {
	gone := func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
		parts.add(-count(m))
		if lost != nil {
			lost(m)
		}
	}
	return []kgo.Opt{
		kgo.ConsumerGroup(group),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.SessionTimeout(15 * time.Second),
		kgo.FetchMaxBytes(16 << 20),
		kgo.FetchMaxPartitionBytes(4 << 20),
		kgo.MaxConcurrentFetches(2),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { parts.add(count(m)) }),
		kgo.OnPartitionsRevoked(gone),
		kgo.OnPartitionsLost(gone),
	}
}

func count(m map[string][]int32) int {
	n := 0
	for _, ps := range m {
		n += len(ps)
	}
	return n
}

// Partitions counts the partitions a loop's group gave it.
type Partitions struct {
	n        atomic.Int64
	OnChange func(n int64) // a gauge's Set, if any
}

func (p *Partitions) add(d int) {
	n := p.n.Add(int64(d))
	if p.OnChange != nil {
		p.OnChange(n)
	}
}

// Reset sets the count to 0: the session that held them has closed.
func (p *Partitions) Reset() { p.add(-int(p.n.Load())) }

// Count is the number of partitions held now.
func (p *Partitions) Count() int64 { return p.n.Load() }

// Readiness is what a consume loop reports on /readyz: the failure it is
// retrying, if any, then whether it holds partitions.
type Readiness struct {
	failing atomic.Pointer[string]
	Parts   Partitions
}

// NewReadiness returns a loop's readiness, unready until it starts.
func NewReadiness() *Readiness {
	r := &Readiness{}
	r.Fail(errors.New("starting"))
	return r
}

// Fail records the failure the loop retries; nil records that it makes
// progress again.
func (r *Readiness) Fail(err error) {
	if err == nil {
		r.failing.Store(nil)
		return
	}
	msg := err.Error()
	r.failing.Store(&msg)
}

// Failing says whether the loop retries a failure now.
func (r *Readiness) Failing() bool { return r.failing.Load() != nil }

// Check is the loop's health check. stalled, if not nil, says why the loop
// is stuck though nothing failed ("" when it is not).
func (r *Readiness) Check(stalled func() string) (app.Status, string) {
	if f := r.failing.Load(); f != nil {
		return app.Unhealthy, *f
	}
	if stalled != nil {
		if why := stalled(); why != "" {
			return app.Unhealthy, why
		}
	}
	if n := r.Parts.Count(); n > 0 {
		return app.OK, fmt.Sprintf("%d partitions assigned", n)
	}
	return app.Degraded, "no partitions assigned (more replicas than partitions, or no input topic yet)"
}

// Backoff sleeps exponentially longer after each failure, from 100ms up
// to Max (30s when 0), with jitter so that replicas that failed together
// do not retry together.
type Backoff struct {
	Max time.Duration
	n   int
}

// Reset starts the next failure from 100ms again.
func (b *Backoff) Reset() { b.n = 0 }

// Retrying says whether the last call was a Sleep, not a Reset.
func (b *Backoff) Retrying() bool { return b.n > 0 }

// Sleep waits for the next delay, or until ctx ends.
func (b *Backoff) Sleep(ctx context.Context) {
	limit := b.Max
	if limit <= 0 {
		limit = 30 * time.Second
	}
	d := min(100*time.Millisecond<<min(b.n, 9), limit)
	d = d/2 + rand.N(d/2+1)
	b.n++
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
