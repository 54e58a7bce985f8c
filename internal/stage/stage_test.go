package stage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// failing copies its input to its output topic, rejects values "bad", and
// fails once, on its third call.
type failing struct {
	mu    sync.Mutex
	calls int
}

func (f *failing) Process(_ context.Context, _ pgx.Tx, batch []stage.In[[]byte]) (stage.Result[[]byte], error) {
	f.mu.Lock()
	f.calls++
	call := f.calls
	f.mu.Unlock()
	if call == 3 {
		return stage.Result[[]byte]{}, errors.New("a dependency is down")
	}
	var res stage.Result[[]byte]
	for _, in := range batch {
		if string(in.Value) == "bad" {
			res.Rejects = append(res.Rejects, stage.Reject{Record: in.Record, Reason: dlq.Invalid, Err: errors.New("bad value")})
			continue
		}
		res.Outputs = append(res.Outputs, stage.Out[[]byte]{Key: string(in.Record.Key), Encoded: in.Value})
	}
	return res, nil
}

func decodeBytes(_ context.Context, r *kgo.Record) ([]byte, int, error) { return r.Value, 0, nil }

// TestTransientFailure: a processor's error aborts the batch's
// transaction and the loop tries again; every output and dead letter is
// in its topic exactly once, and the retry is counted.
func TestTransientFailure(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1)
	in, out := kcfg.Topics.Raw("flaky"), kcfg.Topics.Prefix+".out"
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: in}), "create %s", in)
	cl := testenv.Client(t, kcfg)
	const n = 1000
	var recs []*kgo.Record
	for i := range n {
		v := fmt.Sprintf("value-%d", i)
		if i%100 == 7 {
			v = "bad"
		}
		recs = append(recs, &kgo.Record{Topic: in, Key: fmt.Appendf(nil, "k%d", i), Value: []byte(v)})
	}
	testenv.Must(t, cl.ProduceSync(ctx, recs...).FirstErr(), "produce")

	a := app.New("test", testenv.Logger(t))
	cfg := stage.Config{
		Name: "flaky", Topics: []string{in}, Group: kcfg.Topics.Group("flaky"), TxnID: "flaky-test",
		MaxBatch: 100, Outputs: []kafka.TopicSpec{{Name: out}},
	}
	loop := stage.New(cfg, stage.Deps{Kafka: kcfg, Log: testenv.Logger(t), Metrics: a.Metrics, Health: a.Health},
		decodeBytes, nil, &failing{})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- loop.Run(runCtx) }()
	testenv.Eventually(t, time.Minute, "every record committed", func() bool {
		return testenv.Metric(t, a.Metrics, "songnodes_stage_records_total", "stage", "flaky") >= n
	})
	stop()
	testenv.Must(t, <-done, "loop")

	if got := testenv.Metric(t, a.Metrics, "songnodes_stage_retries_total", "stage", "flaky"); got != 1 {
		t.Errorf("retries = %v, want 1", got)
	}
	seen := map[string]int{}
	for _, r := range testenv.ReadAll(t, kcfg, out) {
		seen[string(r.Value)]++
	}
	for v, c := range seen {
		if c != 1 {
			t.Errorf("%s is in the output %d times", v, c)
		}
	}
	if len(seen) != n-n/100 {
		t.Errorf("%d outputs, want %d", len(seen), n-n/100)
	}
	if got := len(testenv.ReadAll(t, kcfg, kcfg.Topics.DLQ("flaky"))); got != n/100 {
		t.Errorf("%d dead letters, want %d", got, n/100)
	}
}
