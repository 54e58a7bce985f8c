package ops_test

import (
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// TestRedriveMalformedLetter: a record in a dead-letter topic whose
// headers do not parse (written by hand, or forged) is listed with the
// reason and not sent back; a well-formed letter beside it is.
func TestRedriveMalformedLetter(t *testing.T) {
	_, cfg := testenv.Kafka(t, 1, kfake.AllowAutoTopicCreation())
	cl := testenv.Client(t, cfg, kgo.AllowAutoTopicCreation())
	raw, dlqTopic := cfg.Topics.Raw("mixesdb"), cfg.Topics.DLQ("bronze")
	_, err := kadm.NewClient(cl).CreateTopic(t.Context(), 1, 1, nil, raw)
	testenv.Must(t, err, "create %s", raw)
	good := dlq.NewRecord(dlqTopic, dlq.Rejected{Record: &kgo.Record{Topic: raw, Partition: 0, Offset: 7, Key: []byte("k"), Value: []byte("v")},
		Stage: "bronze", Reason: dlq.UnknownSchema, Message: "schema ID 9 is not in the registry", Time: time.Now()})
	bad := &kgo.Record{Topic: dlqTopic, Key: []byte("forged"), Value: []byte("v"), Headers: []kgo.RecordHeader{
		{Key: dlq.HeaderReason, Value: []byte("unknown_schema")},
		{Key: dlq.HeaderTopic, Value: []byte(raw)},
		{Key: dlq.HeaderOffset, Value: []byte("seven")},
	}}
	testenv.Must(t, cl.ProduceSync(t.Context(), good, bad).FirstErr(), "produce letters")

	rep, err := ops.Redrive(t.Context(), cfg, ops.RedriveOptions{Stage: "bronze", Filter: ops.AllLetters}, testenv.Logger(t))
	testenv.Must(t, err, "redrive")
	if rep.Letters != 2 || rep.Redriven != 1 || rep.Malformed != 1 || !strings.Contains(rep.Summary(), "1 letters whose headers do not parse") {
		t.Fatalf("re-drive: %+v\n%s", rep, rep.Summary())
	}
	back := testenv.ReadAll(t, cfg, raw)
	if len(back) != 1 || string(back[0].Key) != "k" {
		t.Fatalf("%d records sent back, want the well-formed letter's only", len(back))
	}
	var out strings.Builder
	testenv.Must(t, ops.ListDLQ(t.Context(), cfg, "bronze", ops.AllLetters, 0, testenv.Logger(t), &out), "list")
	if !strings.Contains(out.String(), `"header_error":"header songnodes.dlq.source.offset is \"seven\", want a whole number`) {
		t.Fatalf("list does not say what is wrong:\n%s", out.String())
	}
}
