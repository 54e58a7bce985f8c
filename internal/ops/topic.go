package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/pipeline"
	"github.com/songnodes/pipeline/internal/serde"
)

// TailOptions say what `songnodes topic tail` reads.
type TailOptions struct {
	RegistryAuth serde.RegistryAuth // credentials and CA of the registry
	Topic        string
	// FromBeginning reads the topic from its start; else from its end
	// (only what comes), or from Offset of Partition.
	FromBeginning bool
	Partition     int32 // -1: all
	Offset        int64 // with Partition: where to start; -1: none
	Key           string
	// Limit stops after that many records; Exit stops at the end offsets
	// taken when it starts. Neither: follow until ctx ends.
	Limit int
	Exit  bool
}

// TailRecord is one record as `topic tail` prints it: its coordinates,
// key and headers, and its value decoded through the registry (Avro to
// JSON), or the reason it could not be.
type TailRecord struct {
	Topic       string            `json:"topic"`
	Partition   int32             `json:"partition"`
	Offset      int64             `json:"offset"`
	Timestamp   time.Time         `json:"timestamp"`
	Key         string            `json:"key"`
	Headers     map[string]string `json:"headers,omitempty"`
	SchemaID    int               `json:"schema_id,omitempty"`
	Value       any               `json:"value"`
	DecodeError string            `json:"decode_error,omitempty"`
}

// Tail prints a topic's records as JSON lines, read_committed.
func Tail(ctx context.Context, cfg kafka.Config, registryURL string, o TailOptions, log *slog.Logger, out io.Writer) error {
	reg, err := serde.NewRegistry(registryURL, o.RegistryAuth)
	if err != nil {
		return err
	}
	adm, err := cfg.NewAdmin("songnodes-topic", log)
	if err != nil {
		return err
	}
	defer adm.Close()
	ends, err := endOffsets(ctx, adm, o.Topic)
	if err != nil {
		return err
	}
	start := kgo.NewOffset().AtEnd()
	if o.FromBeginning {
		start = kgo.NewOffset().AtStart()
	}
	opts := []kgo.Opt{kgo.FetchIsolationLevel(kgo.ReadCommitted())}
	switch {
	case o.Partition >= 0:
		at := start
		if o.Offset >= 0 {
			at = kgo.NewOffset().At(o.Offset)
		}
		opts = append(opts, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{o.Topic: {o.Partition: at}}))
		for p := range ends {
			if p != o.Partition {
				delete(ends, p)
			}
		}
	default:
		opts = append(opts, kgo.ConsumeTopics(o.Topic), kgo.ConsumeResetOffset(start))
	}
	if o.Exit && !o.FromBeginning && o.Offset < 0 {
		return nil // from the end to the end: nothing
	}
	cl, err := cfg.NewClient("songnodes-topic", log, opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	enc := json.NewEncoder(out)
	printed := 0
	// A new client's first fetch waits for metadata and a connection to
	// every leader, seconds on a busy cluster: until a record came, an
	// empty poll says only that, and --exit waits longer before it ends.
	wait, fetched := 10*time.Second, false
	for {
		if o.Exit && len(ends) == 0 {
			return nil
		}
		if fetched {
			wait = 2 * time.Second
		}
		fctx, cancel := context.WithTimeout(ctx, wait)
		fs := cl.PollFetches(fctx)
		cancel()
		if ctx.Err() != nil {
			return nil // Ctrl-C ends a tail
		}
		if fs.Empty() && o.Exit {
			return nil // what is left are transaction markers
		}
		fetched = fetched || fs.NumRecords() > 0
		var stop bool
		fs.EachRecord(func(r *kgo.Record) {
			if end, ok := ends[r.Partition]; ok && r.Offset+1 >= end {
				delete(ends, r.Partition)
			}
			if stop || o.Key != "" && string(r.Key) != o.Key {
				return
			}
			_ = enc.Encode(decodeRecord(ctx, reg, r))
			printed++
			stop = o.Limit > 0 && printed >= o.Limit
		})
		if stop {
			return nil
		}
	}
}

// decodeRecord is a record with its value decoded by its writer schema.
func decodeRecord(ctx context.Context, reg *serde.Registry, r *kgo.Record) TailRecord {
	t := TailRecord{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset, Timestamp: r.Timestamp.UTC(), Key: text(r.Key)}
	if len(r.Headers) > 0 {
		t.Headers = map[string]string{}
		for _, h := range r.Headers {
			t.Headers[h.Key] = text(h.Value)
		}
	}
	if r.Value == nil {
		return t // a tombstone
	}
	if len(r.Value) < 5 || r.Value[0] != 0 {
		t.Value, t.DecodeError = text(r.Value), "not Confluent-framed Avro"
		return t
	}
	t.SchemaID = serde.SchemaID(r.Value)
	schema, err := reg.Writer(ctx, t.SchemaID)
	if err != nil {
		t.DecodeError = err.Error()
		return t
	}
	var v any
	if err := avro.Unmarshal(schema, r.Value[5:], &v); err != nil {
		t.DecodeError = err.Error()
		return t
	}
	t.Value = v
	return t
}

// text is b as a string when it is UTF-8 text, else a note of its size.
func text(b []byte) string {
	if utf8.Valid(b) && !bytes.ContainsRune(b, 0) {
		return string(b)
	}
	return fmt.Sprintf("(%d bytes of binary)", len(b))
}

// TopicInfo is one topic as `topic ls` shows it.
type TopicInfo struct {
	Topic      string `json:"topic"`
	Partitions int    `json:"partitions"`
	// Records is the sum of the partitions' end offsets minus their start
	// offsets: what the topic holds (transaction markers included).
	Records int64 `json:"records"`
	// EndOffsets are the partitions' end offsets, by partition.
	EndOffsets map[int32]int64  `json:"end_offsets"`
	Lag        map[string]int64 `json:"lag,omitempty"` // by stage group consuming it
}

// ListTopics returns the pipeline's topics (those of the prefix) with
// their partitions, records held and each stage group's lag on them.
func ListTopics(ctx context.Context, cfg kafka.Config, log *slog.Logger) ([]TopicInfo, error) {
	adm, err := cfg.NewAdmin("songnodes-topic", log)
	if err != nil {
		return nil, err
	}
	defer adm.Close()
	details, err := adm.ListTopics(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range details {
		if strings.HasPrefix(d.Topic, cfg.Topics.Prefix+".") && d.Err == nil {
			names = append(names, d.Topic)
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, nil
	}
	starts, err := adm.ListStartOffsets(ctx, names...)
	if err != nil {
		return nil, err
	}
	ends, err := adm.ListEndOffsets(ctx, names...)
	if err != nil {
		return nil, err
	}
	groups := []string{cfg.Topics.Group("monitor")}
	for _, sp := range pipeline.Stages {
		groups = append(groups, cfg.Topics.Group(sp.Name))
	}
	lags, err := adm.Lag(ctx, groups...)
	if err != nil {
		return nil, err
	}
	out := make([]TopicInfo, 0, len(names))
	for _, name := range names {
		ti := TopicInfo{Topic: name, Partitions: len(details[name].Partitions), EndOffsets: map[int32]int64{}}
		ends.Each(func(o kadm.ListedOffset) {
			if o.Topic == name && o.Err == nil {
				ti.Records += o.Offset
				ti.EndOffsets[o.Partition] = o.Offset
			}
		})
		starts.Each(func(o kadm.ListedOffset) {
			if o.Topic == name && o.Err == nil {
				ti.Records -= o.Offset
			}
		})
		for _, g := range groups {
			gl, ok := lags[g]
			if !ok || gl.Error() != nil {
				continue
			}
			if tl, ok := gl.Lag.TotalByTopic()[name]; ok {
				if ti.Lag == nil {
					ti.Lag = map[string]int64{}
				}
				ti.Lag[strings.TrimPrefix(g, cfg.Topics.Prefix+".")] = tl.Lag
			}
		}
		out = append(out, ti)
	}
	return out, nil
}
