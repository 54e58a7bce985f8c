package ops

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Fuzz target of the re-drive header parser (make fuzz runs it longer;
// a crasher lands in testdata/fuzz/FuzzRedriveHeaders/ and plain go test
// replays it):
//
//	go test -run '^$' -fuzz '^FuzzRedriveHeaders$' -fuzztime 1m ./internal/ops/

// FuzzRedriveHeaders reads arbitrary headers as a dead letter, as
// `songnodes dlq list` and `redrive` do: it never panics, and a malformed
// header is named in HeaderError. The headers a re-drive sends back
// (redriveHeaders) are the original ones in order with one re-drive count
// last and no dead-letter header; rejected again, that record's letter
// parses cleanly with that count.
func FuzzRedriveHeaders(f *testing.F) {
	now := time.Date(2026, 12, 7, 19, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte, count uint16) {
		hs := testenv.FuzzHeaders(data)
		d := ParseDeadLetter(&kgo.Record{Headers: hs, Partition: 1, Offset: 2})
		if d.HeaderError != "" {
			for part := range strings.SplitSeq(d.HeaderError, "; ") {
				if !strings.Contains(part, "songnodes.") || len(part) > 160 {
					t.Fatalf("header error %q names no header, or quotes too much", part)
				}
			}
		}
		n, err := RedriveCount(hs)
		if err != nil && !strings.Contains(d.HeaderError, HeaderRedrives) || err == nil && d.Redrives != n {
			t.Fatalf("re-drive count %d (%v), letter says %d (%q)", n, err, d.Redrives, d.HeaderError)
		}

		c := int(count)
		out := redriveHeaders(hs, c)
		var want []kgo.RecordHeader
		for _, h := range hs {
			if !dlq.IsHeader(h.Key) && h.Key != HeaderRedrives {
				want = append(want, h)
			}
		}
		if len(out) != len(want)+1 {
			t.Fatalf("%d headers sent back, want %d", len(out), len(want)+1)
		}
		for i, h := range want {
			if out[i].Key != h.Key || !bytes.Equal(out[i].Value, h.Value) {
				t.Fatalf("header %d sent back is %q=%q, want %q=%q", i, out[i].Key, out[i].Value, h.Key, h.Value)
			}
		}
		if last := out[len(out)-1]; last.Key != HeaderRedrives || string(last.Value) != strconv.Itoa(c) {
			t.Fatalf("last header sent back is %q=%q, want the count %d", last.Key, last.Value, c)
		}

		again := dlq.NewRecord("t.dlq.bronze", dlq.Rejected{Record: &kgo.Record{Topic: "t.raw.mixesdb", Partition: 3, Offset: 4, Headers: out},
			Stage: "bronze", Reason: dlq.DecodeError, Message: "again", Time: now})
		d = ParseDeadLetter(again)
		if d.HeaderError != "" || d.Redrives != c || d.SourceTopic != "t.raw.mixesdb" || d.SourceOffset != 4 || !d.Time.Equal(now) {
			t.Fatalf("the letter of a re-driven record rejected again reads %+v", d)
		}
	})
}

// TestParseDeadLetterMalformed: a letter whose headers do not parse says
// which, and keeps what did parse.
func TestParseDeadLetterMalformed(t *testing.T) {
	d := ParseDeadLetter(&kgo.Record{Headers: []kgo.RecordHeader{
		{Key: dlq.HeaderReason, Value: []byte("decode_error")},
		{Key: dlq.HeaderTopic, Value: []byte("t.raw.mixesdb")},
		{Key: dlq.HeaderOffset, Value: []byte("x")},
		{Key: HeaderRedrives, Value: []byte("-2")},
	}})
	want := `header songnodes.dlq.source.offset is "x", want a whole number from 0 to 9223372036854775807; ` +
		`header songnodes.redrive.count is "-2", want a count from 0 to 1048576`
	if d.HeaderError != want || d.Reason != "decode_error" || d.SourceTopic != "t.raw.mixesdb" || d.Redrives != 0 {
		t.Fatalf("parsed %+v\nwant header error %q", d, want)
	}
}

// TestFuzzSeeds checks (or, with SONGNODES_WRITE_FUZZ_SEEDS=1, writes) the seed corpus of FuzzRedriveHeaders
// (SONGNODES_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeeds ./internal/ops/).
func TestFuzzSeeds(t *testing.T) {
	rec := &kgo.Record{Topic: "t.raw.mixesdb", Partition: 3, Offset: 42, Headers: []kgo.RecordHeader{
		{Key: dlq.HeaderSource, Value: []byte("mixesdb")}, {Key: "trace", Value: []byte("abc")}}}
	letter := dlq.NewRecord("t.dlq.bronze", dlq.Rejected{Record: rec, Stage: "bronze", Reason: dlq.UnknownSchema,
		Message: "schema ID 9 is not in the registry", SchemaID: 9, Time: time.Date(2026, 12, 7, 19, 30, 0, 0, time.UTC)})
	text := func(hs []kgo.RecordHeader) []byte {
		var b []byte
		for _, h := range hs {
			b = append(append(append(append(b, h.Key...), '='), h.Value...), '\n')
		}
		return b
	}
	first := text(letter.Headers)
	testenv.FuzzSeed(t, "FuzzRedriveHeaders", "seed-letter", first, uint16(1))
	redriven := text(redriveHeaders(letter.Headers, 1))
	testenv.FuzzSeed(t, "FuzzRedriveHeaders", "seed-redriven-once", redriven, uint16(2))
	again := dlq.NewRecord("t.dlq.bronze", dlq.Rejected{Record: &kgo.Record{Topic: "t.raw.mixesdb", Headers: redriveHeaders(letter.Headers, 1)},
		Stage: "bronze", Reason: dlq.UnknownSchema, Message: "again", Time: time.Unix(1, 0)})
	testenv.FuzzSeed(t, "FuzzRedriveHeaders", "seed-rejected-again", text(again.Headers), uint16(3))
	for name, count := range map[string]string{"seed-count-word": "three", "seed-count-negative": "-1",
		"seed-count-huge": "99999999999999999999", "seed-count-empty": "", "seed-count-spaces": " 2 "} {
		testenv.FuzzSeed(t, "FuzzRedriveHeaders", name, append(bytes.Clone(first), HeaderRedrives+"="+count...), uint16(0))
	}
	testenv.FuzzSeed(t, "FuzzRedriveHeaders", "seed-not-a-letter", []byte("trace=abc\nsongnodes.source=x"), uint16(65535))
	testenv.FuzzSeed(t, "FuzzRedriveHeaders", "seed-bad-everything", []byte("songnodes.dlq.reason=\nsongnodes.dlq.source.partition=2147483648\n"+
		"songnodes.dlq.schema.id=-5\nsongnodes.dlq.time=\xff\nsongnodes.dlq.value.truncated=1e3\nsongnodes.redrive.count=+1"), uint16(0))
}
