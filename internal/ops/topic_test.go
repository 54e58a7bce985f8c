package ops_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// topic tail decodes Avro through the registry to JSON, with key, headers
// and coordinates, and shows a value it cannot decode as such; topic ls
// counts what each topic holds.
func TestTopicTailAndList(t *testing.T) {
	_, kcfg := testenv.Kafka(t, 1)
	_, regURL := testenv.Registry(t)
	reg, err := serde.NewRegistry(regURL)
	testenv.Must(t, err, "registry")
	topic := kcfg.Topics.Raw("mixesdb")
	adm, err := kcfg.NewAdmin("test", testenv.Logger(t))
	testenv.Must(t, err, "admin")
	defer adm.Close()
	testenv.Must(t, kcfg.EnsureTopics(t.Context(), adm, kafka.TopicSpec{Name: topic}), "topic")
	enc, err := serde.NewEncoder(t.Context(), reg, topic+"-value", record.ScrapedPlaylistSchema)
	testenv.Must(t, err, "encoder")
	day := time.Date(2021, 4, 3, 0, 0, 0, 0, time.UTC)
	p := record.ScrapedPlaylist{Source: "mixesdb", SourceURL: "https://www.mixesdb.com/w/x", Name: "2021-04-03 - Benny Benassi - Sputnik Club",
		DjNames: []string{"Benny Benassi"}, PlayedOn: &day, ScrapedAt: day, ParserVersion: "test/1",
		Tracks: []record.ScrapedTrack{{Position: 1, RawLine: "Benny Benassi - Satisfaction"}}}
	val, err := enc.Encode(&p)
	testenv.Must(t, err, "encode")
	cl := testenv.Client(t, kcfg)
	testenv.Must(t, cl.ProduceSync(t.Context(),
		&kgo.Record{Topic: topic, Key: []byte("mixesdb:1"), Value: val, Headers: []kgo.RecordHeader{{Key: "songnodes.source", Value: []byte("mixesdb")}}},
		&kgo.Record{Topic: topic, Key: []byte("mixesdb:2"), Value: []byte("not avro")},
	).FirstErr(), "produce")

	var out bytes.Buffer
	o := ops.TailOptions{Topic: topic, FromBeginning: true, Exit: true, Partition: -1, Offset: -1}
	testenv.Must(t, ops.Tail(t.Context(), kcfg, regURL, o, testenv.Logger(t), &out), "tail")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d records printed: %s", len(lines), out.String())
	}
	got := map[string]ops.TailRecord{}
	for _, l := range lines {
		var r ops.TailRecord
		testenv.Must(t, json.Unmarshal([]byte(l), &r), "decode %s", l)
		got[r.Key] = r
	}
	good, bad := got["mixesdb:1"], got["mixesdb:2"]
	v, _ := good.Value.(map[string]any)
	if v["name"] != p.Name || good.Headers["songnodes.source"] != "mixesdb" || good.SchemaID == 0 || good.Topic != topic || good.DecodeError != "" {
		t.Errorf("decoded record %+v", good)
	}
	if bad.DecodeError == "" || bad.Value != "not avro" {
		t.Errorf("undecodable record %+v", bad)
	}

	out.Reset()
	o.Key = "mixesdb:2"
	testenv.Must(t, ops.Tail(t.Context(), kcfg, regURL, o, testenv.Logger(t), &out), "tail --key")
	if n := strings.Count(out.String(), "\n"); n != 1 || !strings.Contains(out.String(), `"mixesdb:2"`) {
		t.Errorf("--key: %s", out.String())
	}

	topics, err := ops.ListTopics(t.Context(), kcfg, testenv.Logger(t))
	testenv.Must(t, err, "ls")
	var ends int64
	for _, o := range topics[0].EndOffsets {
		ends += o
	}
	if len(topics) != 1 || topics[0].Topic != topic || topics[0].Records != 2 || topics[0].Partitions != kcfg.Partitions || ends != 2 {
		t.Errorf("ls: %+v", topics)
	}
}
