package dlq_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Fuzz targets (make fuzz runs them longer; a crasher lands in
// testdata/fuzz/<target>/ and plain go test replays it), e.g.
//
//	go test -run '^$' -fuzz '^FuzzHeaders$' -fuzztime 1m ./internal/dlq/

// bigValue backs the values of FuzzHeaders: a value over MaxValueBytes
// is a slice of it, not an allocation per input.
var bigValue = make([]byte, dlq.MaxValueBytes+1000)

// FuzzHeaders writes a dead letter with NewRecord and reads it back with
// Parse: every field round-trips, the message is cut at a rune boundary,
// the original headers are kept in order (but for forged dead-letter
// ones) and the value is cut, and said to be, only when too long.
func FuzzHeaders(f *testing.F) {
	f.Fuzz(func(t *testing.T, stage, reason, message, topic string, partition int32, offset int64, schemaID uint32, nanos int64, valueLen uint32, key, orig []byte) {
		partition &= math.MaxInt32
		offset &= math.MaxInt64
		n := int(valueLen % uint32(len(bigValue)+1))
		when := time.Unix(0, nanos)
		rec := &kgo.Record{Topic: topic, Partition: partition, Offset: offset, Key: key, Value: bigValue[:n], Headers: testenv.FuzzHeaders(orig)}
		letter := dlq.NewRecord("t.dlq.bronze", dlq.Rejected{Record: rec, Stage: stage, Reason: dlq.Reason(reason),
			Message: message, SchemaID: int(schemaID), Time: when})

		l, err := dlq.Parse(letter.Headers)
		if reason == "" {
			if err == nil || !strings.Contains(err.Error(), dlq.HeaderReason) {
				t.Fatalf("a letter with no reason parsed: %v", err)
			}
		} else if err != nil {
			t.Fatalf("a letter NewRecord wrote does not parse: %v", err)
		}
		if l.Stage != stage || l.Reason != reason || l.Topic != topic || l.Partition != partition ||
			l.Offset != offset || l.SchemaID != int(schemaID) || !l.Time.Equal(when) {
			t.Fatalf("parsed %+v, wrote stage %q reason %q topic %q partition %d offset %d schema %d time %s",
				l, stage, reason, topic, partition, offset, schemaID, when)
		}
		var source string
		var kept []kgo.RecordHeader
		for _, h := range rec.Headers {
			if !dlq.IsHeader(h.Key) {
				kept = append(kept, h)
			}
			if h.Key == dlq.HeaderSource {
				source = string(h.Value)
			}
		}
		if l.Source != source {
			t.Fatalf("source %q, want %q", l.Source, source)
		}
		for i, h := range kept {
			if g := letter.Headers[i]; g.Key != h.Key || !bytes.Equal(g.Value, h.Value) {
				t.Fatalf("header %d is %q=%q, want the original %q=%q", i, g.Key, g.Value, h.Key, h.Value)
			}
		}
		for _, h := range letter.Headers[len(kept):] {
			if !dlq.IsHeader(h.Key) {
				t.Fatalf("header %q after the original ones", h.Key)
			}
		}

		switch m := l.Message; {
		case len(message) <= 1024 && m != message,
			!strings.HasPrefix(message, m),
			len(m) > 1024 || len(m) < min(len(message), 1024-utf8.UTFMax+1),
			utf8.ValidString(message) && !utf8.ValidString(m):
			t.Fatalf("message %.80q... (%d bytes) from %d bytes", m, len(m), len(message))
		}
		if want := min(n, dlq.MaxValueBytes); len(letter.Value) != want || !bytes.Equal(letter.Key, key) {
			t.Fatalf("value of %d bytes, want %d", len(letter.Value), want)
		}
		if want := n * bool2int(n > dlq.MaxValueBytes); l.Truncated != want {
			t.Fatalf("truncated %d, want %d (value of %d bytes)", l.Truncated, want, n)
		}
	})
}

func bool2int(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzParse reads arbitrary headers: Parse never panics, an error names
// the header it is about (and quotes at most a few dozen bytes of what a
// producer wrote), and what parses is written again by NewRecord to the
// same letter.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		hs := testenv.FuzzHeaders(data)
		l, err := dlq.Parse(hs)
		if err != nil {
			for line := range strings.SplitSeq(err.Error(), "\n") {
				if !strings.Contains(line, "songnodes.dlq.") || len(line) > 160 {
					t.Fatalf("error line %q names no header, or quotes too much", line)
				}
			}
			return
		}
		var orig []kgo.RecordHeader
		if l.Source != "" {
			orig = []kgo.RecordHeader{{Key: dlq.HeaderSource, Value: []byte(l.Source)}}
		}
		rec := &kgo.Record{Topic: l.Topic, Partition: l.Partition, Offset: l.Offset, Headers: orig}
		again, err := dlq.Parse(dlq.NewRecord("t.dlq.x", dlq.Rejected{Record: rec, Stage: l.Stage, Reason: dlq.Reason(l.Reason),
			Message: l.Message, SchemaID: l.SchemaID, Time: l.Time}).Headers)
		if err != nil {
			t.Fatalf("%+v written again does not parse: %v", l, err)
		}
		again.Message, l.Message = "", ""
		again.Truncated, l.Truncated = 0, 0
		if !again.Time.Equal(l.Time) {
			t.Fatalf("time %s written again is %s", l.Time, again.Time)
		}
		again.Time, l.Time = time.Time{}, time.Time{}
		if again != l {
			t.Fatalf("%+v written again is %+v", l, again)
		}
	})
}

// TestParseErrors: a malformed header gets an error naming it, with the
// rest parsed.
func TestParseErrors(t *testing.T) {
	long := strings.Repeat("9", 500)
	l, err := dlq.Parse([]kgo.RecordHeader{
		{Key: dlq.HeaderReason, Value: []byte("decode_error")},
		{Key: dlq.HeaderTopic, Value: []byte("t.raw.mixesdb")},
		{Key: dlq.HeaderPartition, Value: []byte("-1")},
		{Key: dlq.HeaderOffset, Value: []byte(long)},
		{Key: dlq.HeaderTime, Value: []byte("yesterday")},
	})
	if err == nil || l.Reason != "decode_error" || l.Topic != "t.raw.mixesdb" {
		t.Fatalf("parsed %+v, %v", l, err)
	}
	for _, want := range []string{
		`header songnodes.dlq.source.partition is "-1", want a whole number from 0 to 2147483647`,
		`header songnodes.dlq.source.offset is "` + long[:64] + `"..., want`,
		`header songnodes.dlq.time is "yesterday", want an RFC 3339 time`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := dlq.Parse(nil); err == nil || err.Error() != "no songnodes.dlq.reason header: not a dead letter" {
		t.Errorf("no headers: %v", err)
	}
}

// TestFuzzSeeds checks (or, with SONGNODES_WRITE_FUZZ_SEEDS=1, writes) the seed corpora of the targets above
// (SONGNODES_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeeds ./internal/dlq/).
func TestFuzzSeeds(t *testing.T) {
	now := time.Date(2026, 12, 7, 19, 30, 0, 123456789, time.UTC).UnixNano()
	ingest := []byte("songnodes.source=mixesdb\ntrace=abc\nsongnodes.redrive.count=1")
	long := strings.Repeat("é", 600) // 1,200 bytes: cut inside a character
	testenv.FuzzSeed(t, "FuzzHeaders", "seed-bronze-decode-error", "bronze", "decode_error", "schema ID 1: truncated or malformed Avro: unexpected EOF",
		"t.raw.mixesdb", int32(3), int64(42), uint32(1), now, uint32(120), []byte("mixesdb:https://www.mixesdb.com/w/x"), ingest)
	testenv.FuzzSeed(t, "FuzzHeaders", "seed-oversize-truncated", "bronze", "oversize", "value of 1000500 bytes", "t.raw.1001tl",
		int32(0), int64(9), uint32(0), now, uint32(dlq.MaxValueBytes+500), []byte("k"), []byte(""))
	testenv.FuzzSeed(t, "FuzzHeaders", "seed-long-message", "silver", "invalid", long, "t.bronze.playlists",
		int32(2147483647), int64(math.MaxInt64), uint32(math.MaxUint32), int64(0), uint32(0), []byte(nil), []byte(nil))
	testenv.FuzzSeed(t, "FuzzHeaders", "seed-forged-headers", "bronze", "bad_framing", "first byte is 0x7b", "t.raw.mixesdb",
		int32(1), int64(7), uint32(0), now, uint32(3), []byte("x"),
		[]byte("songnodes.dlq.value.truncated=5\nsongnodes.dlq.reason=forged\nsongnodes.source=a\nsongnodes.source=b"))
	testenv.FuzzSeed(t, "FuzzHeaders", "seed-no-reason", "", "", "", "", int32(0), int64(0), uint32(0), int64(-1), uint32(0), []byte(nil), []byte(nil))

	letter := func(extra string) []byte {
		return []byte("trace=abc\nsongnodes.source=mixesdb\nsongnodes.dlq.stage=bronze\nsongnodes.dlq.reason=decode_error\n" +
			"songnodes.dlq.message=schema ID 1: trailing bytes after the record\nsongnodes.dlq.source.topic=t.raw.mixesdb\n" +
			"songnodes.dlq.source.partition=3\nsongnodes.dlq.source.offset=42\nsongnodes.dlq.schema.id=1\n" +
			"songnodes.dlq.time=2026-12-07T19:30:00.123456789Z" + extra)
	}
	testenv.FuzzSeed(t, "FuzzParse", "seed-letter", letter(""))
	testenv.FuzzSeed(t, "FuzzParse", "seed-truncated", letter("\nsongnodes.dlq.value.truncated=1000500"))
	testenv.FuzzSeed(t, "FuzzParse", "seed-scrape-page", []byte("songnodes.source=mixesdb\nsongnodes.scrape.url=https://www.mixesdb.com/w/x\n"+
		"songnodes.dlq.stage=scrape\nsongnodes.dlq.reason=unreadable\nsongnodes.dlq.message=no tracklist\nsongnodes.dlq.time=2026-12-07T19:30:00Z"))
	testenv.FuzzSeed(t, "FuzzParse", "seed-bad-numbers", letter("\nsongnodes.dlq.source.partition=-1\nsongnodes.dlq.source.offset=99999999999999999999\n"+
		"songnodes.dlq.schema.id=4294967296\nsongnodes.dlq.time=2026-13-40T99:00:00Z\nsongnodes.dlq.value.truncated=x"))
	testenv.FuzzSeed(t, "FuzzParse", "seed-offset-time", letter("\nsongnodes.dlq.time=2026-12-07T21:30:00.5+02:00"))
	testenv.FuzzSeed(t, "FuzzParse", "seed-not-a-letter", []byte("trace=abc\n=\n\xff\xfe=\x00"))
	testenv.FuzzSeed(t, "FuzzParse", "seed-empty", []byte(nil))
}
