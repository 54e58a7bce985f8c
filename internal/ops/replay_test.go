package ops_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// base is the timestamp of each partition's first record; record i is
// i minutes later.
var base = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// replayFixture is bronze's input: two raw topics of two partitions, ten
// records in each partition, and bronze's group, which has read them all.
type replayFixture struct {
	t    *testing.T
	kcfg kafka.Config
	adm  *kadm.Client
	cl   *kgo.Client
}

func newReplayFixture(t *testing.T) *replayFixture {
	t.Helper()
	_, kcfg := testenv.Kafka(t, 1)
	kcfg.Partitions = 2
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	t.Cleanup(adm.Close)
	f := &replayFixture{t: t, kcfg: kcfg, adm: adm, cl: testenv.Client(t, kcfg, kgo.RecordPartitioner(kgo.ManualPartitioner()))}
	for _, src := range []string{"mixesdb", "1001tracklists"} {
		topic := kcfg.Topics.Raw(src)
		testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: topic}), "topic")
		for p := range int32(2) {
			for i := range 10 {
				f.produce(topic, p, base.Add(time.Duration(i)*time.Minute))
			}
		}
	}
	if got := f.consume(); len(got) != 40 {
		t.Fatalf("the group read %d records, want 40", len(got))
	}
	return f
}

func (f *replayFixture) produce(topic string, p int32, ts time.Time) {
	f.t.Helper()
	r := &kgo.Record{Topic: topic, Partition: p, Key: []byte("k"), Value: []byte("v"), Timestamp: ts}
	testenv.Must(f.t, f.cl.ProduceSync(f.t.Context(), r).FirstErr(), "produce")
}

// consume reads with bronze's group what it has not committed, commits,
// and leaves the group, as a stage does.
func (f *replayFixture) consume() []*kgo.Record {
	f.t.Helper()
	cl := testenv.Client(f.t, f.kcfg,
		kgo.ConsumerGroup(f.kcfg.Topics.Group("bronze")), kgo.ConsumeRegex(), kgo.ConsumeTopics(f.kcfg.Topics.RawPattern()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit())
	defer cl.Close()
	var out []*kgo.Record
	// Read until the group's lag is gone.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(f.t.Context(), time.Second)
		fs := cl.PollFetches(ctx)
		cancel()
		out = append(out, fs.Records()...)
		testenv.Must(f.t, cl.CommitUncommittedOffsets(f.t.Context()), "commit")
		if len(fs.Records()) == 0 && f.lag() == 0 {
			return out
		}
	}
	f.t.Fatalf("the group still lags %d after 30s", f.lag())
	return nil
}

// lag is what bronze's group has not committed yet, a partition without a
// commit counting from its log's start.
func (f *replayFixture) lag() int64 {
	f.t.Helper()
	ctx := f.t.Context()
	topics := []string{f.kcfg.Topics.Raw("mixesdb"), f.kcfg.Topics.Raw("1001tracklists")}
	starts, err := f.adm.ListStartOffsets(ctx, topics...)
	testenv.Must(f.t, err, "start offsets")
	ends, err := f.adm.ListEndOffsets(ctx, topics...)
	testenv.Must(f.t, err, "end offsets")
	committed, err := f.adm.FetchOffsets(ctx, f.kcfg.Topics.Group("bronze"))
	testenv.Must(f.t, err, "fetch offsets")
	var n int64
	ends.Each(func(e kadm.ListedOffset) {
		s, _ := starts.Lookup(e.Topic, e.Partition)
		pos := s.Offset
		if c, ok := committed.Lookup(e.Topic, e.Partition); ok {
			pos = max(pos, c.At)
		}
		n += e.Offset - pos
	})
	return n
}

func (f *replayFixture) committed() map[string]int64 {
	f.t.Helper()
	offs, err := f.adm.FetchOffsets(f.t.Context(), f.kcfg.Topics.Group("bronze"))
	testenv.Must(f.t, err, "fetch offsets")
	out := map[string]int64{}
	offs.Each(func(o kadm.OffsetResponse) { out[fmt.Sprintf("%s:%d", o.Topic, o.Partition)] = o.At })
	return out
}

func (f *replayFixture) replay(o ops.ReplayOptions) *ops.ReplayPlan {
	f.t.Helper()
	o.Stage = "bronze"
	plan, err := ops.ReplayWith(f.t.Context(), f.adm, f.kcfg.Topics, o)
	testenv.Must(f.t, err, "replay %+v", o)
	return plan
}

// Each target moves the group where it says, a dry run moves nothing, and
// the group then reads again exactly what the plan counted.
func TestReplayTargets(t *testing.T) {
	f := newReplayFixture(t)
	mixes, tl := f.kcfg.Topics.Raw("mixesdb"), f.kcfg.Topics.Raw("1001tracklists")
	before := f.committed()

	plan := f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{Start: true}, DryRun: true})
	if len(plan.Partitions) != 4 || plan.Reprocess != 40 || plan.Moved || plan.LiveMembers != 0 {
		t.Fatalf("dry run to the start: %+v", plan)
	}
	for _, m := range plan.Partitions {
		if m.Committed == nil || *m.Committed != 10 || m.New != 0 || m.Reprocess != 10 || m.Skip != 0 || m.LogStart != 0 || m.LogEnd != 10 {
			t.Fatalf("dry run to the start, %s[%d]: %+v", m.Topic, m.Partition, m)
		}
	}
	if after := f.committed(); len(after) != 4 || !equal(after, before) {
		t.Fatalf("a dry run moved the group: %v, was %v", after, before)
	}

	// --to-time: the records at or after the time, in every partition.
	at := base.Add(6 * time.Minute)
	plan = f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{Time: at}})
	if !plan.Moved || plan.Reprocess != 16 {
		t.Fatalf("to time: %+v", plan)
	}
	got := f.consume()
	if len(got) != 16 {
		t.Fatalf("after --to-time the stage read %d records, want 16", len(got))
	}
	for _, r := range got {
		if r.Timestamp.Before(at) {
			t.Fatalf("after --to-time, a record of %s", r.Timestamp)
		}
	}

	// --to-offset: that partition only; the others keep their offsets.
	plan = f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{Offsets: []ops.PartitionOffset{{Topic: mixes, Partition: 0, Offset: 3}}}})
	if len(plan.Partitions) != 1 || plan.Reprocess != 7 {
		t.Fatalf("to offset: %+v", plan)
	}
	got = f.consume()
	if len(got) != 7 || got[0].Topic != mixes || got[0].Partition != 0 || got[0].Offset != 3 {
		t.Fatalf("after --to-offset the stage read %d records, from %s[%d]@%d", len(got), got[0].Topic, got[0].Partition, got[0].Offset)
	}

	// --topic and --source: those topics only.
	for _, o := range []ops.ReplayOptions{{Topics: []string{tl}}, {Sources: []string{"mixesdb"}}} {
		o.Target.Start = true
		plan = f.replay(o)
		want := tl
		if len(o.Sources) > 0 {
			want = mixes
		}
		if len(plan.Partitions) != 2 || plan.Partitions[0].Topic != want || plan.Reprocess != 20 {
			t.Fatalf("%+v: %+v", o, plan)
		}
		got = f.consume()
		if len(got) != 20 {
			t.Fatalf("%+v: the stage read %d records, want 20", o, len(got))
		}
		for _, r := range got {
			if r.Topic != want {
				t.Fatalf("%+v: the stage read a record of %s", o, r.Topic)
			}
		}
	}

	// --to-end skips what is not processed yet.
	f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{Start: true}})
	plan = f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{End: true}})
	if plan.Skip != 40 || plan.Reprocess != 0 {
		t.Fatalf("to the end: %+v", plan)
	}
	f.produce(mixes, 1, base)
	if got = f.consume(); len(got) != 1 || got[0].Offset != 10 {
		t.Fatalf("after --to-end the stage read %d records, want only the new one", len(got))
	}
}

func equal(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A replay asked wrongly is an InputError naming what is wrong, and
// changes nothing; a group with live members is not moved.
func TestReplayRefusals(t *testing.T) {
	f := newReplayFixture(t)
	mixes := f.kcfg.Topics.Raw("mixesdb")
	// The log of mixesdb's partition 1 starts at 2 now.
	del, err := f.adm.DeleteRecords(t.Context(), kadm.Offsets{mixes: {1: {Topic: mixes, Partition: 1, At: 2}}})
	testenv.Must(t, err, "delete records")
	testenv.Must(t, del.Error(), "delete records")
	before := f.committed()

	for _, c := range []struct {
		o    ops.ReplayOptions
		want string
	}{
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Offsets: []ops.PartitionOffset{{Topic: mixes, Partition: 0, Offset: 11}}}}, mixes + ":0=11: beyond the log's end 10"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Offsets: []ops.PartitionOffset{{Topic: mixes, Partition: 1, Offset: 1}}}}, mixes + ":1=1: before the log's start 2"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Offsets: []ops.PartitionOffset{{Topic: mixes, Partition: 5, Offset: 0}}}}, "has no partition 5"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Offsets: []ops.PartitionOffset{{Topic: "other", Partition: 0, Offset: 0}}}}, "--to-offset other:0=0"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Start: true}, Topics: []string{f.kcfg.Topics.Silver()}}, "--topic " + f.kcfg.Topics.Silver() + ": not an input topic"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Start: true}, Sources: []string{"beatport"}}, "--source beatport: there is no topic"},
		{ops.ReplayOptions{Stage: "silver", Target: ops.ReplayTarget{Start: true}, Sources: []string{"mixesdb"}}, "replay bronze with --source mixesdb"},
		{ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Start: true, End: true}}, "exactly one of"},
		{ops.ReplayOptions{Stage: "platinum", Target: ops.ReplayTarget{Start: true}}, "--stage"},
	} {
		_, err := ops.ReplayWith(t.Context(), f.adm, f.kcfg.Topics, c.o)
		var inErr *ops.InputError
		if !errors.As(err, &inErr) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an InputError saying %q", c.o, err, c.want)
		}
	}
	if after := f.committed(); !equal(after, before) {
		t.Fatalf("a refused replay moved the group: %v, was %v", after, before)
	}

	// A live member: refused, but a dry run plans and says so.
	member := testenv.Client(t, f.kcfg, kgo.ConsumerGroup(f.kcfg.Topics.Group("bronze")), kgo.ConsumeRegex(), kgo.ConsumeTopics(f.kcfg.Topics.RawPattern()), kgo.DisableAutoCommit())
	testenv.Eventually(t, 30*time.Second, "the member to join", func() bool {
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		member.PollFetches(ctx)
		g, err := f.adm.DescribeGroups(t.Context(), f.kcfg.Topics.Group("bronze"))
		return err == nil && len(g[f.kcfg.Topics.Group("bronze")].Members) == 1
	})
	_, err = ops.ReplayWith(t.Context(), f.adm, f.kcfg.Topics, ops.ReplayOptions{Stage: "bronze", Target: ops.ReplayTarget{Start: true}})
	var live *ops.LiveMembersError
	if !errors.As(err, &live) || live.Members != 1 || !strings.Contains(err.Error(), "stop every bronze replica") {
		t.Fatalf("with a live member: %v", err)
	}
	plan := f.replay(ops.ReplayOptions{Target: ops.ReplayTarget{Start: true}, DryRun: true})
	if plan.LiveMembers != 1 || plan.Moved || plan.Reprocess != 38 {
		t.Fatalf("dry run with a live member: %+v", plan)
	}
	if after := f.committed(); !equal(after, before) {
		t.Fatalf("a refused replay moved the group: %v, was %v", after, before)
	}
}
