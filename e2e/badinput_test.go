package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// One case of each kind of bad input, written straight to the raw topic
// as a misbehaving producer would: each lands in bronze's dead-letter
// topic with its original bytes and its reason, is counted, and costs no
// other record anything. SQL-looking strings are no bad input: they are
// stored byte for byte.
func TestBronzeBadInput(t *testing.T) {
	const maxRecord = 16 << 10
	s := newStack(t, stackOptions{maxRecordBytes: maxRecord})
	enc := s.encoder("mixesdb")
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 3, Now: time.Now().Add(-time.Hour)})
	good := func() *record.ScrapedPlaylist { return g.Next().Playlist }
	encode := func(p *record.ScrapedPlaylist) []byte {
		v, err := enc.Encode(p)
		testenv.Must(t, err, "encode")
		return v
	}
	base := encode(good())

	sql := good()
	sql.Name = "Robert'); DROP TABLE bronze_playlists; --"
	sql.Tracks[0].RawLine = `'; DELETE FROM bronze_tracks WHERE '1'='1`
	sql.Tracks[1].RawLine = `Tiësto - "Adagio" \x00-free \N \. COPY`
	dup := good()
	dup.Tracks[1].Position = dup.Tracks[0].Position
	other := good()
	other.Source = "1001tracklists" // written to the mixesdb topic
	nul := good()
	nul.Tracks[2].RawLine = "Artist - Title\x00"
	// The last day Avro's date can hold is past the last PostgreSQL can.
	farFuture := good()
	last := time.Unix(int64(1<<31-1)*86400, 0).UTC()
	farFuture.PlayedOn = &last

	type tc struct {
		name   string
		value  []byte
		ts     time.Time // record timestamp; zero: now
		reason dlq.Reason
		msg    string
	}
	cases := []tc{
		{"bad framing: JSON", []byte(`{"source":"mixesdb"}`), time.Time{}, dlq.BadFraming, "magic byte"},
		{"bad framing: short", gen.BadRecordValue(gen.FrameShort, base, maxRecord), time.Time{}, dlq.BadFraming, "at least 5"},
		{"unknown schema ID", gen.BadRecordValue(gen.FrameUnknownSchema, base, maxRecord), time.Time{}, dlq.UnknownSchema, "not in the registry"},
		{"truncated Avro", gen.BadRecordValue(gen.FrameTruncated, base, maxRecord), time.Time{}, dlq.DecodeError, "truncated"},
		{"trailing bytes", gen.BadRecordValue(gen.FrameTrailingBytes, base, maxRecord), time.Time{}, dlq.DecodeError, "trailing bytes"},
		{"invalid UTF-8", gen.BadRecordValue(gen.FrameInvalidUTF8, base, maxRecord), time.Time{}, dlq.DecodeError, "invalid UTF-8 in name"},
		{"oversize", gen.BadRecordValue(gen.FrameOversize, base, maxRecord), time.Time{}, dlq.Oversize, "the limit is 16384"},
		{"duplicate position", encode(dup), time.Time{}, dlq.Invalid, "appears twice"},
		{"source does not match topic", encode(other), time.Time{}, dlq.Invalid, "does not match topic"},
		{"NUL byte", encode(nul), time.Time{}, dlq.Invalid, "NUL byte"},
		// Passes every check, but PostgreSQL cannot store its date: the
		// loop narrows the batch down to it and dead-letters it alone.
		{"date PostgreSQL cannot store", encode(farFuture), time.Time{}, dlq.Invalid, "PostgreSQL refused"},
	}

	cl := testenv.Client(t, s.kcfg, kgo.ProducerBatchMaxBytes(1<<20))
	topic := s.kcfg.Topics.Raw("mixesdb")
	var goodKeys []string
	produce := func(v []byte, ts time.Time, key string) *kgo.Record {
		r := &kgo.Record{Topic: topic, Key: []byte(key), Value: v, Timestamp: ts,
			Headers: []kgo.RecordHeader{{Key: "songnodes.source", Value: []byte("mixesdb")}, {Key: "trace", Value: []byte(key)}}}
		testenv.Must(t, cl.ProduceSync(t.Context(), r).FirstErr(), "produce %s", key)
		return r
	}
	// Interleave the bad with good ones: a bad record costs its batch
	// nothing.
	sent := map[string]*kgo.Record{}
	for i, c := range cases {
		gp := good()
		gr := rawRecord(t, s.kcfg, enc, gp)
		produce(gr.Value, time.Time{}, string(gr.Key))
		goodKeys = append(goodKeys, string(gr.Key))
		sent[c.name] = produce(c.value, c.ts, "bad-"+strconv.Itoa(i))
	}
	sqlRec := rawRecord(t, s.kcfg, enc, sql)
	produce(sqlRec.Value, time.Time{}, string(sqlRec.Key))
	goodKeys = append(goodKeys, string(sqlRec.Key))

	a, _ := s.runBronze(maxRecord)
	testenv.Eventually(t, time.Minute, "bronze to commit every record", func() bool {
		return int(testenv.Metric(t, a.Metrics, "songnodes_stage_records_total")) >= len(cases)+len(goodKeys)
	})

	letters := testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.DLQ("bronze"))
	if len(letters) != len(cases) {
		t.Fatalf("%d dead letters, want %d", len(letters), len(cases))
	}
	byKey := map[string]*kgo.Record{}
	for _, r := range letters {
		byKey[string(r.Key)] = r
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := byKey["bad-"+strconv.Itoa(i)]
			if r == nil {
				t.Fatal("not in the dead-letter topic")
			}
			orig := sent[c.name]
			if !bytes.Equal(r.Value, c.value) {
				t.Fatal("dead letter's value differs from the original bytes")
			}
			h := func(k string) string { return dlq.Header(r, k) }
			if h(dlq.HeaderReason) != string(c.reason) || !strings.Contains(h(dlq.HeaderMessage), c.msg) {
				t.Fatalf("reason %q message %q, want %s mentioning %q", h(dlq.HeaderReason), h(dlq.HeaderMessage), c.reason, c.msg)
			}
			if h(dlq.HeaderStage) != "bronze" || h(dlq.HeaderTopic) != topic ||
				h(dlq.HeaderPartition) != strconv.Itoa(int(orig.Partition)) || h(dlq.HeaderOffset) != strconv.FormatInt(orig.Offset, 10) {
				t.Fatalf("source headers %s/%s/%s, want %s/%d/%d", h(dlq.HeaderTopic), h(dlq.HeaderPartition), h(dlq.HeaderOffset), topic, orig.Partition, orig.Offset)
			}
			if _, err := time.Parse(time.RFC3339Nano, h(dlq.HeaderTime)); err != nil {
				t.Fatalf("time header %q", h(dlq.HeaderTime))
			}
			if want := serde.SchemaID(c.value); c.reason != dlq.BadFraming && c.reason != dlq.Oversize && h(dlq.HeaderSchemaID) != strconv.Itoa(want) {
				t.Fatalf("schema id header %q, want %d", h(dlq.HeaderSchemaID), want)
			}
			if h("trace") != "bad-"+strconv.Itoa(i) || h(dlq.HeaderSource) != "mixesdb" {
				t.Fatal("original headers were not kept")
			}
		})
	}
	for _, reason := range []dlq.Reason{dlq.BadFraming, dlq.UnknownSchema, dlq.DecodeError, dlq.Oversize, dlq.Invalid} {
		want := 0
		for _, c := range cases {
			if c.reason == reason {
				want++
			}
		}
		if got := testenv.Metric(t, a.Metrics, "songnodes_rejects_total", "source", "mixesdb", "stage", "bronze", "reason", string(reason)); int(got) != want {
			t.Errorf("rejects_total{reason=%s} = %v, want %d", reason, got, want)
		}
	}

	// Every good record made it, the SQL-looking one byte for byte.
	if n := s.count("SELECT count(*) FROM bronze_playlists"); n != len(goodKeys) {
		t.Fatalf("%d playlists stored, want %d", n, len(goodKeys))
	}
	var name, line0, line1 string
	testenv.Must(t, s.db.QueryRow(t.Context(), `SELECT p.name, t0.raw_line, t1.raw_line FROM bronze_playlists p
		JOIN bronze_tracks t0 USING (source_topic, source_partition, source_offset)
		JOIN bronze_tracks t1 USING (source_topic, source_partition, source_offset)
		WHERE p.playlist_key = $1 AND t0.position = $2 AND t1.position = $3`,
		string(sqlRec.Key), sql.Tracks[0].Position, sql.Tracks[1].Position).Scan(&name, &line0, &line1), "read back")
	if name != sql.Name || line0 != sql.Tracks[0].RawLine || line1 != sql.Tracks[1].RawLine {
		t.Fatalf("stored %q %q %q", name, line0, line1)
	}
	if n := s.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('bronze_playlists', 'bronze_tracks')"); n != 2 {
		t.Fatal("a table is gone")
	}

	// Wrong types in JSON never reach Kafka: ingest answers 400 naming
	// the line and the field.
	resp, err := http.Post(s.ingestURL+"/v1/sources/mixesdb/playlists", "application/x-ndjson",
		strings.NewReader(`{"source_url":"https://x.y/z","name":"n","scraped_at":"2026-01-01T00:00:00Z","parser_version":"1","tracks":[{"position":1,"raw_line":"a","bpm":"fast"}]}`))
	testenv.Must(t, err, "post")
	defer resp.Body.Close()
	var answer struct {
		Items []struct{ Error string }
	}
	testenv.Must(t, json.NewDecoder(resp.Body).Decode(&answer), "decode the answer")
	if resp.StatusCode != 400 || len(answer.Items) != 1 || !strings.Contains(answer.Items[0].Error, "line 1: field tracks[0].bpm: want a number, got string") {
		t.Fatalf("HTTP %d %+v", resp.StatusCode, answer)
	}
}
