package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// TestStageConformance holds every stage of internal/pipeline to the same
// contract, so that a new stage is tested as the others are by adding it
// to the list:
//
//   - replaying it from the start leaves its tables as they were
//     (idempotent writes);
//   - the replay writes, for every key, the same value again
//     (deterministic);
//   - a record it cannot read is a dead letter with its reason, and the
//     stage goes on (rejects, never stalls).
func TestStageConformance(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1})
	stops := map[string]func(){}
	for _, sp := range pipeline.Stages {
		_, stops[sp.Name] = s.runStage(sp, s.settings(sp, 1<<20, ""))
	}
	s.feed(150, 90)
	s.settled(3 * time.Minute)

	// Last stage first: a stage's replay feeds the stages after it, which
	// have been tested by then, and each stage is idle when its test
	// starts.
	for _, sp := range backward(pipeline.Stages) {
		t.Run(sp.Name, func(t *testing.T) {
			tables := s.tablesOf(sp.Name)
			if len(tables) == 0 {
				t.Fatalf("no table named %s_*: the contract reads a stage's tables by their prefix", sp.Name)
			}
			sums := map[string]string{}
			for _, tb := range tables {
				sums[tb] = s.checksum(tb, "t::text")
			}
			out := sp.Output(s.kcfg.Topics).Name
			before := latestByKey(testenv.ReadAll(t, s.kcfg, out))
			in := s.inputRecords(sp)

			stops[sp.Name]()
			s.replay(sp.Name)
			a, stop := s.runStage(sp, s.settings(sp, 1<<20, ""))
			stops[sp.Name] = stop
			testenv.Eventually(t, 2*time.Minute, "the replay to go through the input", func() bool {
				return int(testenv.Metric(t, a.Metrics, "songnodes_stage_records_total")) >= in
			})
			for _, tb := range tables {
				if got := s.checksum(tb, "t::text"); got != sums[tb] {
					t.Errorf("replaying %s changed %s", sp.Name, tb)
				}
			}
			after := latestByKey(testenv.ReadAll(t, s.kcfg, out))
			for k, v := range before {
				if after[k] != v {
					t.Errorf("key %q: the replay wrote another value", k)
					break
				}
			}

			// A record that is not Avro in Confluent framing.
			topic := s.inputTopics(sp)[0]
			cl := testenv.Client(t, s.kcfg)
			garbage := fmt.Sprintf("not a %s input", sp.Name)
			testenv.Must(t, cl.ProduceSync(t.Context(), &kgo.Record{Topic: topic, Key: []byte("garbage"), Value: []byte(garbage)}).FirstErr(), "produce garbage")
			testenv.Eventually(t, time.Minute, "the garbage to be a dead letter", func() bool {
				for _, r := range testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ(sp.Name)) {
					if string(r.Value) == garbage {
						if reason := dlq.Header(r, dlq.HeaderReason); reason != string(dlq.BadFraming) {
							t.Fatalf("the garbage is a dead letter for %q, want %s", reason, dlq.BadFraming)
						}
						return true
					}
				}
				return false
			})
			testenv.Eventually(t, time.Minute, sp.Name+" ready after the reject", func() bool {
				return a.Health.Check(t.Context()).Checks[sp.Name].Status == app.OK
			})
		})
	}
}

func backward[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// tablesOf lists the tables of a stage: those named <stage>_*, but
// gold_pair_owners (leases, not data: see snapshot).
func (s *stack) tablesOf(name string) []string {
	s.t.Helper()
	rows, err := s.db.Query(s.t.Context(),
		`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE $1
			AND table_name <> 'gold_pair_owners' ORDER BY 1`,
		name+`\_%`)
	testenv.Must(s.t, err, "list tables")
	defer rows.Close()
	var out []string
	for rows.Next() {
		var tb string
		testenv.Must(s.t, rows.Scan(&tb), "scan")
		out = append(out, tb)
	}
	testenv.Must(s.t, rows.Err(), "list tables")
	return out
}

// inputTopics are the topics the stage reads that exist now.
func (s *stack) inputTopics(sp stage.Spec) []string {
	s.t.Helper()
	re := regexp.MustCompile(sp.Input(s.kcfg.Topics))
	adm, err := s.kcfg.NewAdmin("test", testenv.Logger(s.t))
	testenv.Must(s.t, err, "admin")
	defer adm.Close()
	topics, err := adm.ListTopics(s.t.Context())
	testenv.Must(s.t, err, "list topics")
	var out []string
	for _, name := range topics.Names() {
		if re.MatchString(name) && !strings.HasPrefix(name, "__") {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		s.t.Fatalf("%s has no input topic", sp.Name)
	}
	return out
}

// inputRecords counts the records in every topic the stage reads.
func (s *stack) inputRecords(sp stage.Spec) int {
	n := 0
	for _, name := range s.inputTopics(sp) {
		n += len(testenv.ReadAll(s.t, s.kcfg, name))
	}
	return n
}

// latestByKey is the last value of each key, as a compacted topic keeps it.
func latestByKey(recs []*kgo.Record) map[string]string {
	m := map[string]string{}
	for _, r := range recs {
		m[string(r.Key)] = string(r.Value)
	}
	return m
}
