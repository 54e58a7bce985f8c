package ops

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Redrives is how many times the record was re-driven before this
	// letter (HeaderRedrives).
	Redrives int `json:"redrives,omitempty"`
	// HeaderError says which headers are malformed (or that the record
	// is not a dead letter); the fields above hold what did parse. Such
	// a letter is listed, but not re-driven.
	HeaderError string `json:"header_error,omitempty"`
}

// ParseDeadLetter reads the dead-letter headers of r (dlq.Parse) and its
// re-drive count.
func ParseDeadLetter(r *kgo.Record) DeadLetter {
	l, err := dlq.Parse(r.Headers)
	n, nerr := RedriveCount(r.Headers)
	d := DeadLetter{
		Partition: r.Partition, Offset: r.Offset,
		Stage: l.Stage, Reason: l.Reason, Message: l.Message, Source: l.Source,
		SourceTopic: l.Topic, SourcePartition: l.Partition, SourceOffset: l.Offset,
		SchemaID: l.SchemaID, Time: l.Time,
		Key:        string(r.Key),
		ValueBytes: len(r.Value),
		Redrives:   n,
	}
	if err = errors.Join(err, nerr); err != nil {
		d.HeaderError = strings.ReplaceAll(err.Error(), "\n", "; ")
	}
	return d
}

// RedriveCount returns the re-drive count in hs (the last HeaderRedrives),
// 0 when there is none, or an error naming the header when it is not a
// count.
func RedriveCount(hs []kgo.RecordHeader) (int, error) {
	for i := len(hs) - 1; i >= 0; i-- {
		if hs[i].Key != HeaderRedrives {
			continue
		}
		s := string(hs[i].Value)
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxRedriveCount {
			return 0, fmt.Errorf("header %s is %s, want a count from 0 to %d", HeaderRedrives, dlq.Quote(s), maxRedriveCount)
		}
		return n, nil
	}
	return 0, nil
}

// maxRedriveCount bounds a re-drive count: far above any --max-redrives,
// and small enough that adding one cannot overflow.
const maxRedriveCount = 1 << 20

// ListDLQ prints a stage's dead letters that filter keeps as JSON lines,
// oldest first, up to limit (0: all); it reads what the topic holds when
// it starts.
func ListDLQ(ctx context.Context, cfg kafka.Config, stage string, filter LetterFilter, limit int, log *slog.Logger, out io.Writer) error {
	topic := cfg.Topics.DLQ(stage)
	adm, err := cfg.NewAdmin("songnodes-dlq", log)
	if err != nil {
		return err
	}
	defer adm.Close()
	ends, err := endOffsets(ctx, adm, topic)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	printed := 0
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err = readRange(ctx, cfg, topic, ends, log, func(r *kgo.Record) {
		d := ParseDeadLetter(r)
		if limit > 0 && printed >= limit || !filter.Match(d) {
			return
		}
		_ = enc.Encode(d)
		if printed++; limit > 0 && printed >= limit {
			cancel() // enough: stop reading
		}
	})
	if limit > 0 && printed >= limit && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// HeaderRedrives counts how many times a record was re-driven. It is not
// a dead-letter header (those are dropped on the way back), so a record
// rejected again carries it into its new dead letter.
const HeaderRedrives = "songnodes.redrive.count"

// LetterFilter selects dead letters; the zero value selects all.
type LetterFilter struct {
	Reason, Source string
	Since, Until   time.Time // by when the letter was written; zero: no bound
	// Partition, when not negative, keeps that partition's letters only,
	// from FromOffset up to ToOffset (inclusive; negative: no bound).
	Partition            int32
	FromOffset, ToOffset int64
}

// AllLetters is the filter that keeps every letter.
var AllLetters = LetterFilter{Partition: -1, FromOffset: -1, ToOffset: -1}

// Match reports whether f keeps d.
func (f LetterFilter) Match(d DeadLetter) bool {
	switch {
	case f.Reason != "" && d.Reason != f.Reason,
		f.Source != "" && d.Source != f.Source,
		!f.Since.IsZero() && d.Time.Before(f.Since),
		!f.Until.IsZero() && d.Time.After(f.Until),
		f.Partition >= 0 && d.Partition != f.Partition,
		f.FromOffset >= 0 && d.Offset < f.FromOffset,
		f.ToOffset >= 0 && d.Offset > f.ToOffset:
		return false
	}
	return true
}

// RedriveOptions say which dead letters of a stage to re-drive.
type RedriveOptions struct {
	Stage  string
	Filter LetterFilter
	// MaxRedrives bounds how often one record is re-driven: a letter whose
	// record was re-driven that many times already came back each time
	// (its cause is not fixed) and is reported, not sent.
	MaxRedrives int
	DryRun      bool
}

// RedriveReport is what a re-drive did, or would do (DryRun).
type RedriveReport struct {
	Topic    string `json:"topic"`
	DryRun   bool   `json:"dry_run"`
	Letters  int    `json:"letters"`  // in the topic when the re-drive started
	Selected int    `json:"selected"` // of those, kept by the filter
	Redriven int    `json:"redriven"` // sent back (or to send, in a dry run)
	// Done were re-driven by an earlier run; OverLimit came back after
	// MaxRedrives re-drives; NoSource name no topic to go back to (a
	// scraper's page); Malformed have headers that do not parse (a
	// record no stage wrote), and are not sent anywhere.
	Done      int             `json:"already_redriven"`
	OverLimit int             `json:"over_limit"`
	NoSource  int             `json:"no_source_topic"`
	Malformed int             `json:"malformed_headers"`
	ByReason  map[string]int  `json:"by_reason"` // of the ones (to be) sent
	BySource  map[string]int  `json:"by_source"`
	First     map[int32]int64 `json:"first_offsets"` // by partition, of the ones (to be) sent
	Last      map[int32]int64 `json:"last_offsets"`
	From      *time.Time      `json:"from,omitempty"` // their time range
	To        *time.Time      `json:"to,omitempty"`
	Targets   map[string]int  `json:"targets"` // by topic they go back to
	overLimit map[string]int  // by reason, for the summary
}

// Redrive sends dead letters of a stage back to the topics they came
// from, with their original key, value and headers, once their cause is
// fixed. It is bounded and safe to run on a bad day:
//
//   - it works on the letters in the topic when it starts (end offsets
//     taken first), never on letters its own records cause;
//   - each record sent back carries a re-drive count (HeaderRedrives); a
//     letter whose record was re-driven MaxRedrives times already is not
//     sent again but reported: its cause is not fixed;
//   - what it re-drives is written, in the same Kafka transaction as the
//     records sent back, to a compacted ledger (<prefix>.dlq-redriven.<stage>):
//     a letter is re-driven once, however often Redrive runs, and letters a
//     filter leaves out stay re-drivable by a later run (nothing like a
//     consumer group's offset moves past them).
func Redrive(ctx context.Context, cfg kafka.Config, o RedriveOptions, log *slog.Logger) (RedriveReport, error) {
	topic := cfg.Topics.DLQ(o.Stage)
	ledger := cfg.Topics.Prefix + ".dlq-redriven." + o.Stage
	rep := RedriveReport{Topic: topic, DryRun: o.DryRun, ByReason: map[string]int{}, BySource: map[string]int{},
		First: map[int32]int64{}, Last: map[int32]int64{}, Targets: map[string]int{}, overLimit: map[string]int{}}
	if o.MaxRedrives <= 0 {
		o.MaxRedrives = 3
	}
	adm, err := cfg.NewAdmin("songnodes-redrive", log)
	if err != nil {
		return rep, err
	}
	defer adm.Close()
	ends, err := endOffsets(ctx, adm, topic)
	if err != nil {
		return rep, err
	}
	if err := cfg.EnsureTopics(ctx, adm, kafka.Compacted(ledger)); err != nil {
		return rep, err
	}
	done, err := readLedger(ctx, cfg, adm, ledger, log)
	if err != nil {
		return rep, err
	}

	// The letters to send, in the order they were written.
	var send []*kgo.Record
	err = readRange(ctx, cfg, topic, ends, log, func(r *kgo.Record) {
		rep.Letters++
		d := ParseDeadLetter(r)
		if !o.Filter.Match(d) {
			return
		}
		rep.Selected++
		switch {
		case done[letterKey(r)]:
			rep.Done++
		case d.HeaderError != "":
			rep.Malformed++
			log.Warn("dead letter with malformed headers: not re-driven", "partition", r.Partition, "offset", r.Offset, "error", d.HeaderError)
		case d.SourceTopic == "":
			rep.NoSource++
		case d.Redrives >= o.MaxRedrives:
			rep.OverLimit++
			rep.overLimit[d.Reason]++
		default:
			send = append(send, r)
			rep.count(d)
		}
	})
	if err != nil || o.DryRun || len(send) == 0 {
		return rep, err
	}

	opts, err := cfg.Opts("songnodes-redrive", log)
	if err != nil {
		return rep, err
	}
	// One transactional ID per stage: two re-drives of a stage at once
	// fence each other rather than both sending.
	cl, err := kgo.NewClient(append(opts, kgo.TransactionalID(cfg.Topics.Prefix+".dlq-redrive."+o.Stage))...)
	if err != nil {
		return rep, err
	}
	defer cl.Close()
	sent := 0
	for len(send) > 0 {
		batch := send[:min(len(send), 500)]
		send = send[len(batch):]
		if err := cl.BeginTransaction(); err != nil {
			return rep, err
		}
		var perr error
		var mu sync.Mutex
		for _, r := range batch {
			d := ParseDeadLetter(r)
			back := &kgo.Record{Topic: d.SourceTopic, Key: r.Key, Value: r.Value, Headers: redriveHeaders(r.Headers, d.Redrives+1)}
			mark := &kgo.Record{Topic: ledger, Key: []byte(letterKey(r)), Value: []byte(time.Now().UTC().Format(time.RFC3339))}
			for _, rec := range []*kgo.Record{back, mark} {
				cl.Produce(ctx, rec, func(_ *kgo.Record, err error) {
					if err != nil {
						mu.Lock()
						perr = errors.Join(perr, err)
						mu.Unlock()
					}
				})
			}
		}
		if err := cl.Flush(ctx); err != nil {
			perr = errors.Join(perr, err)
		}
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(perr == nil)); err != nil {
			return rep, fmt.Errorf("commit: %w (%d letters re-driven before)", err, sent)
		}
		if perr != nil {
			return rep, fmt.Errorf("re-drive: %w (%d letters re-driven before; this batch was not)", perr, sent)
		}
		sent += len(batch)
	}
	return rep, nil
}

func (rep *RedriveReport) count(d DeadLetter) {
	rep.Redriven++
	rep.ByReason[d.Reason]++
	rep.BySource[cmp.Or(d.Source, "(none)")]++
	rep.Targets[d.SourceTopic]++
	if _, ok := rep.First[d.Partition]; !ok {
		rep.First[d.Partition] = d.Offset
	}
	rep.Last[d.Partition] = d.Offset
	if t := d.Time; !t.IsZero() {
		if rep.From == nil || t.Before(*rep.From) {
			rep.From = &t
		}
		if rep.To == nil || t.After(*rep.To) {
			rep.To = &t
		}
	}
}

// Summary says in a few lines what the re-drive did.
func (rep RedriveReport) Summary() string {
	var b strings.Builder
	verb := "re-drove"
	if rep.DryRun {
		verb = "would re-drive"
	}
	fmt.Fprintf(&b, "%s %d of the %d dead letters in %s (%d selected; %d re-driven before, %d with no topic to go back to)\n",
		verb, rep.Redriven, rep.Letters, rep.Topic, rep.Selected, rep.Done, rep.NoSource)
	if rep.Malformed > 0 {
		fmt.Fprintf(&b, "NOT re-driven: %d letters whose headers do not parse (songnodes dlq list shows why in header_error)\n", rep.Malformed)
	}
	if rep.Redriven > 0 {
		fmt.Fprintf(&b, "  by reason %s; by source %s; to %s\n", counts(rep.ByReason), counts(rep.BySource), counts(rep.Targets))
		var parts []string
		for _, p := range slices.Sorted(maps.Keys(rep.First)) {
			parts = append(parts, fmt.Sprintf("%d:%d-%d", p, rep.First[p], rep.Last[p]))
		}
		fmt.Fprintf(&b, "  offsets %s", strings.Join(parts, " "))
		if rep.From != nil {
			fmt.Fprintf(&b, "; written %s to %s", rep.From.Format(time.RFC3339), rep.To.Format(time.RFC3339))
		}
		b.WriteString("\n")
	}
	if rep.OverLimit > 0 {
		fmt.Fprintf(&b, "NOT re-driven: %d letters whose records were re-driven before and were rejected again each time (%s): their cause is not fixed. Fix it first (songnodes dlq list shows why), or raise --max-redrives.\n",
			rep.OverLimit, counts(rep.overLimit))
	}
	return b.String()
}

func counts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// letterKey names a dead letter in the ledger.
func letterKey(r *kgo.Record) string {
	return strconv.Itoa(int(r.Partition)) + ":" + strconv.FormatInt(r.Offset, 10)
}

// redriveHeaders are a letter's original headers, with the re-drive count.
func redriveHeaders(hs []kgo.RecordHeader, n int) []kgo.RecordHeader {
	out := make([]kgo.RecordHeader, 0, len(hs)+1)
	for _, h := range originalHeaders(hs) {
		if h.Key != HeaderRedrives {
			out = append(out, h)
		}
	}
	return append(out, kgo.RecordHeader{Key: HeaderRedrives, Value: []byte(strconv.Itoa(n))})
}

func endOffsets(ctx context.Context, adm *kadm.Client, topic string) (map[int32]int64, error) {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", topic, err)
	}
	out := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			out[o.Partition] = o.Offset
		}
	})
	return out, nil
}

// readRange reads topic from its start up to the end offsets given,
// read_committed, calling fn for each record.
func readRange(ctx context.Context, cfg kafka.Config, topic string, ends map[int32]int64, log *slog.Logger, fn func(*kgo.Record)) error {
	if len(ends) == 0 {
		return nil
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
	remaining := maps.Clone(ends)
	for len(remaining) > 0 {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		fs := cl.PollFetches(pctx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fs.Err0(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("read %s: %w", topic, err)
		}
		if fs.Empty() {
			break // the rest are aborted records or transaction markers
		}
		fs.EachRecord(func(r *kgo.Record) {
			end, ok := remaining[r.Partition]
			if !ok || r.Offset >= end {
				return // past where the topic ended when we started
			}
			if r.Offset+1 >= end {
				delete(remaining, r.Partition)
			}
			fn(r)
		})
	}
	return nil
}

// readLedger reads which letters were re-driven already.
func readLedger(ctx context.Context, cfg kafka.Config, adm *kadm.Client, ledger string, log *slog.Logger) (map[string]bool, error) {
	ends, err := endOffsets(ctx, adm, ledger)
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	err = readRange(ctx, cfg, ledger, ends, log, func(r *kgo.Record) { done[string(r.Key)] = true })
	return done, err
}

// originalHeaders drops the dead-letter headers, keeping what the record
// carried when it was first written.
func originalHeaders(hs []kgo.RecordHeader) []kgo.RecordHeader {
	out := make([]kgo.RecordHeader, 0, len(hs))
	for _, h := range hs {
		if !dlq.IsHeader(h.Key) {
			out = append(out, h)
		}
	}
	return out
}
