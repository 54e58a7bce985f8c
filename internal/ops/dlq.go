package ops

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/kafka"
)

// DeadLetter is one dead-lettered record, as `songnodes dlq list` prints it.
type DeadLetter struct {
	Partition       int32     `json:"partition"`
	Offset          int64     `json:"offset"`
	Stage           string    `json:"stage"`
	Reason          string    `json:"reason"`
	Message         string    `json:"message"`
	Source          string    `json:"source,omitempty"`
	SourceTopic     string    `json:"source_topic"`
	SourcePartition int32     `json:"source_partition"`
	SourceOffset    int64     `json:"source_offset"`
	SchemaID        int       `json:"schema_id"`
	Time            time.Time `json:"time"`
	Key             string    `json:"key"`
	ValueBytes      int       `json:"value_bytes"`
}

// ParseDeadLetter reads the dead-letter headers of r.
func ParseDeadLetter(r *kgo.Record) DeadLetter {
	atoi := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	t, _ := time.Parse(time.RFC3339Nano, dlq.Header(r, dlq.HeaderTime))
	return DeadLetter{
		Partition: r.Partition, Offset: r.Offset,
		Stage:           dlq.Header(r, dlq.HeaderStage),
		Reason:          dlq.Header(r, dlq.HeaderReason),
		Message:         dlq.Header(r, dlq.HeaderMessage),
		Source:          dlq.Header(r, dlq.HeaderSource),
		SourceTopic:     dlq.Header(r, dlq.HeaderTopic),
		SourcePartition: int32(atoi(dlq.Header(r, dlq.HeaderPartition))),
		SourceOffset:    atoi(dlq.Header(r, dlq.HeaderOffset)),
		SchemaID:        int(atoi(dlq.Header(r, dlq.HeaderSchemaID))),
		Time:            t,
		Key:             string(r.Key),
		ValueBytes:      len(r.Value),
	}
}

// ListDLQ prints the dead letters of a stage as JSON lines, oldest first,
// up to limit (0: all), keeping those of reason if it is not empty.
func ListDLQ(ctx context.Context, cfg kafka.Config, stage, reason string, limit int, log *slog.Logger, out io.Writer) error {
	topic := cfg.Topics.DLQ(stage)
	adm, err := cfg.NewAdmin("songnodes-dlq", log)
	if err != nil {
		return err
	}
	defer adm.Close()
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return fmt.Errorf("list offsets of %s: %w", topic, err)
	}
	if err := ends.Error(); err != nil {
		return fmt.Errorf("list offsets of %s: %w", topic, err)
	}
	cl, err := cfg.NewClient("songnodes-dlq", log,
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
	)
	if err != nil {
		return err
	}
	defer cl.Close()
	enc := json.NewEncoder(out)
	remaining := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			remaining[o.Partition] = o.Offset
		}
	})
	printed := 0
	for len(remaining) > 0 {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		fs := cl.PollFetches(pctx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if fs.Empty() {
			break // the rest are aborted records or transaction markers
		}
		var stop bool
		fs.EachRecord(func(r *kgo.Record) {
			if r.Offset+1 >= remaining[r.Partition] {
				delete(remaining, r.Partition)
			}
			if stop {
				return
			}
			d := ParseDeadLetter(r)
			if reason != "" && d.Reason != reason {
				return
			}
			_ = enc.Encode(d)
			printed++
			stop = limit > 0 && printed >= limit
		})
		if stop {
			break
		}
	}
	return nil
}

// Redrive sends a stage's dead letters back to the topics they came from,
// with their original key, value and headers, once the cause is fixed. It
// consumes the dead-letter topic in its own consumer group and produces and
// commits in transactions, so running it twice re-drives nothing twice.
// reason, if not empty, re-drives only those; the others are passed over
// for this group. It stops when it has caught up.
func Redrive(ctx context.Context, cfg kafka.Config, stage, reason, group string, log *slog.Logger, out io.Writer) error {
	topic := cfg.Topics.DLQ(stage)
	group = cmp.Or(group, cfg.Topics.Prefix+".dlq-redrive."+stage)
	opts, err := cfg.Opts("songnodes-redrive", log)
	if err != nil {
		return err
	}
	sess, err := kgo.NewGroupTransactSession(append(opts,
		kgo.ConsumerGroup(group),
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.TransactionalID(group),
	)...)
	if err != nil {
		return err
	}
	defer sess.Close()
	redriven, skipped := 0, 0
	idle := 0
	for idle < 3 {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		fs := sess.PollFetches(pctx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		recs := fs.Records()
		if len(recs) == 0 {
			idle++
			continue
		}
		idle = 0
		if err := sess.Begin(); err != nil {
			return err
		}
		n, s := 0, 0
		var perr error
		for _, r := range recs {
			d := ParseDeadLetter(r)
			if (reason != "" && d.Reason != reason) || d.SourceTopic == "" {
				s++
				continue
			}
			back := &kgo.Record{Topic: d.SourceTopic, Key: r.Key, Value: r.Value, Headers: originalHeaders(r.Headers)}
			sess.Produce(ctx, back, func(_ *kgo.Record, err error) {
				if err != nil {
					perr = errors.Join(perr, err)
				}
			})
			n++
		}
		if err := sess.Client().Flush(ctx); err != nil {
			perr = errors.Join(perr, err)
		}
		committed, err := sess.End(ctx, kgo.TransactionEndTry(perr == nil))
		if err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		if perr != nil {
			return fmt.Errorf("re-drive: %w", perr)
		}
		if committed {
			redriven += n
			skipped += s
		}
	}
	fmt.Fprintf(out, "re-drove %d dead letters of %s (passed over %d)\n", redriven, topic, skipped)
	return nil
}

// originalHeaders drops the dead-letter headers, keeping what the record
// carried when it was first written.
func originalHeaders(hs []kgo.RecordHeader) []kgo.RecordHeader {
	out := make([]kgo.RecordHeader, 0, len(hs))
	for _, h := range hs {
		if !strings.HasPrefix(h.Key, "songnodes.dlq.") {
			out = append(out, h)
		}
	}
	return out
}
