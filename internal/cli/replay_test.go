package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// replayEnv is bronze's input on an in-process Kafka, named by the
// environment as the command reads it: one raw topic, five records in
// each of its two partitions, bronze's group committed at the end.
func replayEnv(t *testing.T) (kafka.Config, *kadm.Client) {
	t.Helper()
	_, kcfg := testenv.Kafka(t, 1)
	kcfg.Partitions = 2
	t.Setenv("KAFKA_BROKERS", strings.Join(kcfg.Brokers, ","))
	t.Setenv("TOPIC_PREFIX", kcfg.Topics.Prefix)
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	t.Cleanup(adm.Close)
	topic := kcfg.Topics.Raw("mixesdb")
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: topic}), "topic")
	cl := testenv.Client(t, kcfg, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	offs := kadm.Offsets{}
	for p := range int32(2) {
		for range 5 {
			testenv.Must(t, cl.ProduceSync(t.Context(), &kgo.Record{Topic: topic, Partition: p, Value: []byte("v")}).FirstErr(), "produce")
		}
		offs.AddOffset(topic, p, 5, -1)
	}
	resp, err := adm.CommitOffsets(t.Context(), kcfg.Topics.Group("bronze"), offs)
	testenv.Must(t, err, "commit")
	testenv.Must(t, resp.Error(), "commit")
	return kcfg, adm
}

func runCLI(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := Main(args, &out, &errs)
	return code, out.String(), errs.String()
}

// The plan in text and in JSON; a replay that moves; bad input exits 2
// naming the flag, a group with members exits 1, and neither moves it.
func TestReplayCommand(t *testing.T) {
	kcfg, adm := replayEnv(t)
	topic := kcfg.Topics.Raw("mixesdb")
	committed := func() map[int32]int64 {
		offs, err := adm.FetchOffsets(t.Context(), kcfg.Topics.Group("bronze"))
		testenv.Must(t, err, "fetch offsets")
		m := map[int32]int64{}
		offs.Each(func(o kadm.OffsetResponse) { m[o.Partition] = o.At })
		return m
	}

	code, out, errs := runCLI("replay", "--stage", "bronze", "--to-start", "--dry-run")
	t.Logf("the dry run's plan:\n%s", out)
	if code != 0 || !strings.Contains(out, "committed") || !strings.Contains(out, "reprocess") ||
		!strings.Contains(out, "records to reprocess: 10") || !strings.Contains(out, "dry run: nothing changed") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	for p := range 2 {
		// topic, partition, committed, new, reprocess, skip
		if want := []string{topic, string(rune('0' + p)), "5", "0", "5", "0"}; !hasRow(out, want) {
			t.Fatalf("dry run: no line %v in\n%s", want, out)
		}
	}

	code, out, errs = runCLI("replay", "--stage", "bronze", "--to-offset", topic+":1=2", "--json")
	var plan ops.ReplayPlan
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil {
		t.Fatalf("--to-offset --json: exit %d\n%s%s", code, out, errs)
	}
	if !plan.Moved || plan.DryRun || len(plan.Partitions) != 1 || plan.Reprocess != 3 ||
		plan.Partitions[0].New != 2 || *plan.Partitions[0].Committed != 5 {
		t.Fatalf("--to-offset --json: %s", out)
	}
	if c := committed(); c[0] != 5 || c[1] != 2 {
		t.Fatalf("after --to-offset %s:1=2 the group is at %v", topic, c)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--to-start"}, "--stage is required"},
		{[]string{"--stage", "platinum", "--to-start"}, "--stage: unknown stage"},
		{[]string{"--stage", "bronze"}, "exactly one of --to-start"},
		{[]string{"--stage", "bronze", "--to-start", "--to-end"}, "exactly one of --to-start"},
		{[]string{"--stage", "bronze", "--to-time", "yesterday"}, "--to-time"},
		{[]string{"--stage", "bronze", "--to-offset", "nonsense"}, "-to-offset"},
		{[]string{"--stage", "bronze", "--to-offset", topic + ":0=-1"}, "-to-offset"},
		{[]string{"--stage", "bronze", "--to-offset", topic + ":0=6"}, "--to-offset " + topic + ":0=6: beyond the log's end 5"},
		{[]string{"--stage", "bronze", "--to-start", "--source", "Mixes DB"}, "-source"},
		{[]string{"--stage", "bronze", "--to-start", "--source", "beatport"}, "--source beatport"},
		{[]string{"--stage", "silver", "--to-start", "--source", "mixesdb"}, "--source mixesdb: stage silver reads"},
		{[]string{"--stage", "bronze", "--to-start", "--topic", kcfg.Topics.Silver()}, "--topic " + kcfg.Topics.Silver()},
		{[]string{"--stage", "bronze", "--to-start", "now"}, "unexpected argument"},
	} {
		code, out, errs := runCLI(append([]string{"replay"}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want 2 and %q); stdout %q", c.args, code, errs, c.want, out)
		}
	}

	// A live member: refused, exit 1, nothing moved.
	member := testenv.Client(t, kcfg, kgo.ConsumerGroup(kcfg.Topics.Group("bronze")), kgo.ConsumeTopics(topic), kgo.DisableAutoCommit())
	testenv.Eventually(t, 30*time.Second, "the member to join", func() bool {
		member.PollFetches(shortCtx(t))
		g, err := adm.DescribeGroups(t.Context(), kcfg.Topics.Group("bronze"))
		return err == nil && len(g[kcfg.Topics.Group("bronze")].Members) == 1
	})
	code, _, errs = runCLI("replay", "--stage", "bronze", "--to-start")
	if code != 1 || !strings.Contains(errs, "1 live members") || !strings.Contains(errs, "stop every bronze replica") {
		t.Fatalf("with a live member: exit %d, %q", code, errs)
	}
	if c := committed(); c[0] != 5 || c[1] != 2 {
		t.Fatalf("refusals moved the group to %v", c)
	}

	// --dev with no dev process in that data directory.
	code, _, errs = runCLI("replay", "--stage", "bronze", "--to-start", "--dev", "--data-dir", t.TempDir())
	if code != 1 || !strings.Contains(errs, "no running songnodes dev found") {
		t.Fatalf("--dev without a dev process: exit %d, %q", code, errs)
	}
}

// hasRow reports whether a line of out has exactly these fields.
func hasRow(out string, fields []string) bool {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) == len(fields) {
			same := true
			for i := range f {
				same = same && f[i] == fields[i]
			}
			if same {
				return true
			}
		}
	}
	return false
}

func shortCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}
