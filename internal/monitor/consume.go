package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/songnodes/pipeline/internal/stage"
)

// newClient returns the monitor's consumer: its own group, every monitored
// topic by pattern, read_committed, offsets committed by hand after the
// state is stored (never automatically), and each assigned partition
// started where the state says it counted up to.
func (m *Monitor) newClient() (*kgo.Client, error) {
	opts, err := m.s.Kafka.Opts(m.s.Group, m.log)
	if err != nil {
		return nil, err
	}
	opts = append(opts, stage.ConsumerOpts(m.s.Group, &m.ready.Parts, nil)...)
	opts = append(opts,
		kgo.ConsumeTopics(Patterns(m.s.Kafka.Topics)...),
		kgo.ConsumeRegex(),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.AdjustFetchOffsetsFn(m.adjustOffsets),
	)
	if m.s.MetadataMaxAge > 0 {
		opts = append(opts, kgo.MetadataMaxAge(m.s.MetadataMaxAge), kgo.MetadataMinAge(min(m.s.MetadataMaxAge, time.Second)))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka client: %w", err)
	}
	return cl, nil
}

// adjustOffsets starts each assigned partition at the offset the state
// counted up to, when it has one: the state and those offsets were stored
// together, so reading on from there counts each record once. A partition
// the state does not know was never counted: it starts at the beginning
// when the state came from Redis (a Redis that was emptied makes the
// monitor count again everything the topics still hold, rather than lose
// it), and at the group's committed offset when the monitor started
// without Redis (then the state Redis holds is merged in later).
func (m *Monitor) adjustOffsets(_ context.Context, offsets map[string]map[int32]kgo.Offset) (map[string]map[int32]kgo.Offset, error) {
	fromRedis := m.loaded.Load()
	for t, ps := range offsets {
		for p := range ps {
			if o, ok := m.state.Offset(t, p); ok {
				ps[p] = kgo.NewOffset().At(o).WithEpoch(-1)
			} else if fromRedis {
				ps[p] = kgo.NewOffset().AtStart()
			}
		}
	}
	return offsets, nil
}

// consume reads and counts until ctx ends, flushing the state every
// FlushInterval.
func (m *Monitor) consume(ctx context.Context, cl *kgo.Client, rd *reader) {
	m.ready.Fail(nil)
	m.log.Info("monitoring", "topics", Patterns(m.s.Kafka.Topics), "group", m.s.Group)
	nextFlush := time.Now().Add(m.s.FlushInterval)
	var batch []obs
	for {
		pctx, cancel := context.WithDeadline(ctx, nextFlush)
		fs := cl.PollRecords(pctx, 10000)
		cancel()
		m.lastPoll.Store(time.Now().UnixNano())
		if ctx.Err() != nil || fs.IsClientClosed() {
			cl.AllowRebalance()
			return
		}
		fs.EachError(func(t string, p int32, err error) {
			if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				m.log.Warn("fetch failed", "topic", t, "partition", p, "err", err)
			}
		})
		if recs := fs.Records(); len(recs) > 0 {
			var ok bool
			if batch, ok = m.readAll(ctx, rd, recs, batch[:0]); !ok {
				cl.AllowRebalance()
				return
			}
			m.state.apply(m.s.Now(), batch)
		}
		cl.AllowRebalance()
		if !time.Now().Before(nextFlush) {
			m.flush(ctx, cl)
			nextFlush = time.Now().Add(m.s.FlushInterval)
		}
	}
}

// readAll makes the observations of recs, in order. Decoding is most of
// the monitor's work, so it runs on every core, record by record (records
// differ in cost: a silver playlist takes longer than a raw one). A transient failure (the
// registry does not answer) is retried until it passes: skipping the
// record would lose it from the counts. ok is false when ctx ended first.
func (m *Monitor) readAll(ctx context.Context, rd *reader, recs []*kgo.Record, out []obs) ([]obs, bool) {
	out = slices.Grow(out[:0], len(recs))[:len(recs)]
	errs := make([]error, len(recs))
	stage.Parallel(len(recs), func(i int) { out[i], errs[i] = rd.read(ctx, recs[i]) })
	bo := backoff()
	for i, err := range errs {
		for err != nil {
			if ctx.Err() != nil {
				return nil, false
			}
			m.ready.Fail(err)
			m.log.Warn("cannot read a record yet; retrying", "err", err)
			bo.Sleep(ctx)
			out[i], err = rd.read(ctx, recs[i])
		}
	}
	if bo.Retrying() {
		m.ready.Fail(nil)
	}
	return out, true
}

// redisRetry is how long a flush waits after Redis failed before it tries
// again, so that a Redis that is down does not slow the counting.
func (m *Monitor) redisRetry() time.Duration {
	return max(m.s.FlushInterval, min(5*time.Second, 10*m.s.FlushInterval))
}

// flush stores the changed state with its offsets in Redis, then commits
// the same offsets to the group. The group's offsets therefore never run
// ahead of Redis', which is what lets a monitor that started without
// Redis merge its state in later without counting anything twice.
// Without Redis configured, the offsets are committed as they are.
func (m *Monitor) flush(ctx context.Context, cl *kgo.Client) {
	offsets := map[string]map[int32]int64(nil)
	if m.store == nil {
		offsets = m.state.Offsets()
	} else {
		if !m.redisUp.Load() && time.Since(time.UnixMilli(m.lastRedisTry.Load())) < m.redisRetry() {
			return
		}
		m.lastRedisTry.Store(time.Now().UnixMilli())
		if !m.loaded.Load() {
			if err := m.load(ctx, true); err != nil {
				m.flushFailed(err)
				return
			}
		}
		snap, err := m.state.dirtySnapshot()
		if err != nil {
			m.flushFailed(err)
			return
		}
		now := m.s.Now()
		if err := m.store.save(ctx, snap, now); err != nil {
			m.flushFailed(err)
			return
		}
		m.state.flushed(snap)
		m.persisted.Store(now.UnixMilli())
		if !m.redisUp.Load() {
			m.log.Info("Redis answers again; the monitor state is persisted")
		}
		m.redisOK()
		offsets = snap.offsets
	}
	m.commit(ctx, cl, offsets)
}

func (m *Monitor) flushFailed(err error) {
	m.flushErrors.Add(1)
	if m.redisUp.Load() {
		m.log.Warn("cannot persist the monitor state; counting on in memory", "err", err)
	}
	m.redisDown(err)
}

// commit commits the offsets that moved since the last commit.
func (m *Monitor) commit(ctx context.Context, cl *kgo.Client, offsets map[string]map[int32]int64) {
	todo := map[string]map[int32]kgo.EpochOffset{}
	for t, ps := range offsets {
		for p, o := range ps {
			if m.committed[t][p] == o {
				continue
			}
			if todo[t] == nil {
				todo[t] = map[int32]kgo.EpochOffset{}
			}
			todo[t][p] = kgo.EpochOffset{Epoch: -1, Offset: o}
		}
	}
	if len(todo) == 0 {
		return
	}
	cl.CommitOffsetsSync(ctx, todo, func(_ *kgo.Client, _ *kmsg.OffsetCommitRequest, resp *kmsg.OffsetCommitResponse, err error) {
		if err != nil {
			m.log.Warn("commit offsets failed; the next flush tries again", "err", err)
			return
		}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				if p.ErrorCode != 0 {
					continue
				}
				if m.committed[t.Topic] == nil {
					m.committed[t.Topic] = map[int32]int64{}
				}
				m.committed[t.Topic][p.Partition] = todo[t.Topic][p.Partition].Offset
			}
		}
	})
}
