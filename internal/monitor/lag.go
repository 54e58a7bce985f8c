package monitor

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/record"
)

// Lag is how far a consumer group is behind its input.
type Lag struct {
	Records int64 `json:"records"`
	// Seconds is the age of the oldest record the group has not consumed
	// (by the monitor's clock), 0 when it has consumed everything.
	Seconds float64 `json:"seconds"`
}

// lagReport is the last measurement of every group's lag.
type lagReport struct {
	at      time.Time
	stages  map[string]Lag // bronze, silver, gold, monitor
	sources map[string]Lag // bronze's lag on each source's raw topic
	err     string
}

// runLag measures the lag every LagInterval until ctx ends.
func (m *Monitor) runLag(ctx context.Context) {
	adm, err := m.s.Kafka.NewAdmin(m.s.Group+"-lag", m.log)
	if err != nil {
		m.log.Error("cannot measure lag", "err", err)
		return
	}
	defer adm.Close()
	t := time.NewTicker(m.s.LagInterval)
	defer t.Stop()
	for {
		rep, err := m.measureLag(ctx, adm)
		if ctx.Err() != nil {
			return
		}
		m.lagMu.Lock()
		if err != nil {
			m.lag.err = err.Error()
			m.log.Warn("cannot measure lag", "err", err)
		} else {
			m.lag = rep
		}
		m.lagMu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// lagNow returns the last lag measurement, or nothing when it is stale: a
// lag that is no longer measured must not look current.
func (m *Monitor) lagNow() lagReport {
	m.lagMu.Lock()
	defer m.lagMu.Unlock()
	if m.lag.at.IsZero() || time.Since(m.lag.at) > 3*m.s.LagInterval+time.Minute {
		return lagReport{err: m.lag.err}
	}
	return m.lag
}

type partitionPos struct {
	topic     string
	partition int32
}

// measureLag computes each group's lag from its committed offsets (the
// monitor's own from the offsets it has counted) and the last stable
// offsets of its input, which is what a read_committed consumer can
// reach. The lag in seconds comes from the timestamp of the first record
// a group has not consumed, read from the topic.
func (m *Monitor) measureLag(ctx context.Context, adm *kadm.Client) (lagReport, error) {
	ctx, cancel := context.WithTimeout(ctx, m.s.LagInterval+10*time.Second)
	defer cancel()
	t := m.s.Kafka.Topics
	details, err := adm.ListTopics(ctx)
	if err != nil {
		return lagReport{}, fmt.Errorf("list topics: %w", err)
	}
	var pats []*regexp.Regexp
	for _, p := range Patterns(t) {
		pats = append(pats, regexp.MustCompile(p))
	}
	// The stages' groups, with the topics each reads (the monitor's own
	// group reads them all).
	loops := pipeline.Loops()
	stageInputs := make([]*regexp.Regexp, len(loops))
	for i, sp := range loops {
		stageInputs[i] = regexp.MustCompile(sp.Input(t))
	}
	inputs := map[string][]string{}
	var monitored []string
	for name := range details {
		for _, p := range pats {
			if p.MatchString(name) {
				monitored = append(monitored, name)
				break
			}
		}
		for i, re := range stageInputs {
			if re.MatchString(name) {
				inputs[loops[i].Name] = append(inputs[loops[i].Name], name)
			}
		}
	}
	sort.Strings(monitored)
	rep := lagReport{at: time.Now(), stages: map[string]Lag{}, sources: map[string]Lag{}}
	if len(monitored) == 0 {
		return rep, nil
	}
	ends, err := adm.ListCommittedOffsets(ctx, monitored...)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return lagReport{}, fmt.Errorf("list last stable offsets: %w", err)
	}
	starts, err := adm.ListStartOffsets(ctx, monitored...)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return lagReport{}, fmt.Errorf("list start offsets: %w", err)
	}

	// Each group's position in each partition of its input, and what it
	// has left to read.
	type behind struct {
		stage string
		pos   partitionPos
		from  int64
		n     int64
	}
	var lagging []behind
	note := func(stage, topic string, pos func(p int32) (int64, bool)) {
		for p, end := range ends[topic] {
			from, ok := pos(p)
			if !ok {
				from = starts[topic][p].Offset // a group with no commit starts at the beginning
			}
			if n := end.Offset - from; n > 0 {
				lagging = append(lagging, behind{stage, partitionPos{topic, p}, from, n})
			}
		}
	}
	for _, l := range loops {
		stage := l.Name
		committed, err := adm.FetchOffsets(ctx, t.Group(stage))
		if err != nil && !errors.Is(err, kerr.GroupIDNotFound) {
			return lagReport{}, fmt.Errorf("fetch offsets of group %s: %w", t.Group(stage), err)
		}
		if len(inputs[stage]) > 0 {
			rep.stages[stage] = Lag{}
		}
		for _, topic := range inputs[stage] {
			if src := t.SourceOfRaw(topic); src != "" {
				rep.sources[sourceLabel(src)] = Lag{} // a raw topic: its source's lag
			}
			note(stage, topic, func(p int32) (int64, bool) {
				o, ok := committed.Lookup(topic, p)
				if !ok || o.Err != nil || o.At < 0 {
					return 0, false
				}
				return o.At, true
			})
		}
	}
	rep.stages[Name] = Lag{}
	for _, topic := range monitored {
		note(Name, topic, func(p int32) (int64, bool) { return m.state.Offset(topic, p) })
	}

	// The first record each group has yet to consume. A client reads a
	// partition at one offset, so groups standing at different offsets of
	// one partition are peeked in separate rounds.
	type at struct {
		pos  partitionPos
		from int64
	}
	var rounds []map[partitionPos]int64
	seen := map[at]bool{}
	for _, b := range lagging {
		k := at{b.pos, b.from}
		if seen[k] {
			continue
		}
		seen[k] = true
		placed := false
		for _, r := range rounds {
			if _, taken := r[b.pos]; !taken {
				r[b.pos] = b.from
				placed = true
				break
			}
		}
		if !placed {
			rounds = append(rounds, map[partitionPos]int64{b.pos: b.from})
		}
	}
	firsts := map[at]int64{}
	for _, r := range rounds {
		ts, err := m.peek(ctx, r)
		if err != nil {
			return lagReport{}, err
		}
		for pos, t := range ts {
			firsts[at{pos, r[pos]}] = t
		}
	}
	now := m.s.Now()
	for _, b := range lagging {
		ts, ok := firsts[at{b.pos, b.from}]
		if !ok {
			// Nothing readable left: what remains are transaction
			// markers or aborted records, which no consumer reads.
			continue
		}
		age := max(0, now.Sub(time.UnixMilli(ts)).Seconds())
		add := func(m map[string]Lag, k string) {
			l := m[k]
			l.Records += b.n
			l.Seconds = max(l.Seconds, age)
			m[k] = l
		}
		add(rep.stages, b.stage)
		if src := t.SourceOfRaw(b.pos.topic); src != "" && b.stage != Name {
			add(rep.sources, sourceLabel(src)) // the lag of the stage that reads raw topics
		}
	}
	return rep, nil
}

// peek returns the timestamp (unix ms) of the first committed record at or
// after each offset asked for. It reads for a short while: a partition
// with nothing readable from there (only transaction markers or aborted
// records) returns nothing.
func (m *Monitor) peek(ctx context.Context, want map[partitionPos]int64) (map[partitionPos]int64, error) {
	parts := map[string]map[int32]kgo.Offset{}
	for pos, from := range want {
		if parts[pos.topic] == nil {
			parts[pos.topic] = map[int32]kgo.Offset{}
		}
		parts[pos.topic][pos.partition] = kgo.NewOffset().At(from)
	}
	opts, err := m.s.Kafka.Opts(m.s.Group+"-lag", m.log)
	if err != nil {
		return nil, err
	}
	cl, err := kgo.NewClient(append(opts,
		kgo.ConsumePartitions(parts),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.FetchMaxPartitionBytes(1<<10), // a batch each is enough
		kgo.FetchMaxBytes(8<<20),
	)...)
	if err != nil {
		return nil, fmt.Errorf("lag client: %w", err)
	}
	defer cl.Close()
	wait := min(max(m.s.LagInterval/2, 500*time.Millisecond), 3*time.Second)
	pctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	out := make(map[partitionPos]int64, len(want))
	for len(out) < len(want) && pctx.Err() == nil {
		fs := cl.PollFetches(pctx)
		fs.EachRecord(func(r *kgo.Record) {
			pos := partitionPos{r.Topic, r.Partition}
			if _, ok := out[pos]; !ok && r.Offset >= want[pos] {
				out[pos] = r.Timestamp.UnixMilli()
			}
		})
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}

// sourceLabel keeps a raw topic's source name fit for a label: the raw
// pattern allows names longer than a source may be.
func sourceLabel(s string) string {
	if !record.ValidSource(s) {
		return unknownSource
	}
	return s
}
