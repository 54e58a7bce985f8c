// Package dlq defines what a rejected record carries into a dead-letter topic:
// the fixed list of reason classes and the headers that say where the record
// came from and why it was rejected.
//
// A dead-letter record keeps the original key, value and headers byte for
// byte, so that an operator can re-drive it after fixing the cause; the
// headers below are appended to the original ones.
package dlq

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Reason classifies why a record was rejected. The list is fixed so that
// metrics and alerts can rely on it; the message says the specifics.
type Reason string

const (
	// BadFraming means the value is not in Confluent framing (too short, or the
	// first byte is not the magic byte 0).
	BadFraming Reason = "bad_framing"
	// UnknownSchema means the registry does not know the schema ID in the frame.
	UnknownSchema Reason = "unknown_schema"
	// IncompatibleSchema means the writer schema cannot be resolved against the
	// stage's reader schema.
	IncompatibleSchema Reason = "incompatible_schema"
	// DecodeError means the Avro payload does not decode: truncated, trailing
	// bytes, a bad length or union index, or invalid UTF-8 in a string.
	DecodeError Reason = "decode_error"
	// Oversize means the record is larger than the stage accepts.
	Oversize Reason = "oversize"
	// Invalid means the record decodes but breaks a rule of the data model
	// (duplicate track positions, a playlist with no usable track, a value
	// PostgreSQL cannot store, ...).
	Invalid Reason = "invalid"
	// Unreadable means a scraped page the site's extractor could not read
	// (the site changed its layout, a challenge page); the letter holds
	// the page, not a record (internal/scrape).
	Unreadable Reason = "unreadable"
)

// Reasons lists every reason, in a stable order.
var Reasons = []Reason{BadFraming, UnknownSchema, IncompatibleSchema, DecodeError, Oversize, Invalid, Unreadable}

// IsSchemaProblem reports whether r means the producer and the pipeline
// disagree about the wire format (the alert "schema/decode errors").
func (r Reason) IsSchemaProblem() bool {
	switch r {
	case BadFraming, UnknownSchema, IncompatibleSchema, DecodeError:
		return true
	}
	return false
}

// Error is a permanent, record-level failure: retrying cannot fix it, so the
// record goes to the dead-letter topic. Any other error a stage meets is
// treated as transient and retried.
type Error struct {
	Reason Reason
	Err    error
}

func (e *Error) Error() string { return string(e.Reason) + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a permanent *Error with the given reason.
func Errorf(r Reason, format string, args ...any) *Error {
	return &Error{Reason: r, Err: fmt.Errorf(format, args...)}
}

// Header names appended to a dead-lettered record.
const (
	HeaderStage     = "songnodes.dlq.stage"
	HeaderReason    = "songnodes.dlq.reason"
	HeaderMessage   = "songnodes.dlq.message"
	HeaderTopic     = "songnodes.dlq.source.topic"
	HeaderPartition = "songnodes.dlq.source.partition"
	HeaderOffset    = "songnodes.dlq.source.offset"
	HeaderSchemaID  = "songnodes.dlq.schema.id"
	HeaderTime      = "songnodes.dlq.time"
	HeaderTruncated = "songnodes.dlq.value.truncated"
	// HeaderSource names the scraper source the record belongs to. Ingest
	// sets it on raw records and every stage copies it to its outputs, so a
	// reject can be counted per source even when its value is unreadable.
	HeaderSource = "songnodes.source"
)

// maxMessage bounds the message header: a decode error can quote input.
const maxMessage = 1024

// MaxValueBytes bounds a dead letter's value, so that it fits a producer
// batch with its headers whatever the broker let through. A longer value
// is cut, and HeaderTruncated says its full length: the whole value is
// still in the source topic at the offset the headers name.
const MaxValueBytes = 900_000

// Rejected describes one rejected record.
type Rejected struct {
	Record   *kgo.Record
	Stage    string
	Reason   Reason
	Message  string
	SchemaID int // 0 when unknown
	Time     time.Time
}

// NewRecord builds the dead-letter record for r: the original key, value
// and headers (but for dead-letter headers, see IsHeader), plus the
// dead-letter headers, bound for topic.
func NewRecord(topic string, r Rejected) *kgo.Record {
	msg := cut(r.Message, maxMessage)
	orig := r.Record
	headers := make([]kgo.RecordHeader, 0, len(orig.Headers)+8)
	// Dead-letter headers already on the original can only be forged (a
	// re-drive drops them before sending a record back): kept, one the
	// letter does not always write (HeaderTruncated) would speak for it.
	for _, h := range orig.Headers {
		if !IsHeader(h.Key) {
			headers = append(headers, h)
		}
	}
	headers = append(headers,
		kgo.RecordHeader{Key: HeaderStage, Value: []byte(r.Stage)},
		kgo.RecordHeader{Key: HeaderReason, Value: []byte(r.Reason)},
		kgo.RecordHeader{Key: HeaderMessage, Value: []byte(msg)},
		kgo.RecordHeader{Key: HeaderTopic, Value: []byte(orig.Topic)},
		kgo.RecordHeader{Key: HeaderPartition, Value: []byte(strconv.Itoa(int(orig.Partition)))},
		kgo.RecordHeader{Key: HeaderOffset, Value: []byte(strconv.FormatInt(orig.Offset, 10))},
		kgo.RecordHeader{Key: HeaderSchemaID, Value: []byte(strconv.Itoa(r.SchemaID))},
		kgo.RecordHeader{Key: HeaderTime, Value: []byte(r.Time.UTC().Format(time.RFC3339Nano))},
	)
	value := orig.Value
	if len(value) > MaxValueBytes {
		value = value[:MaxValueBytes]
		headers = append(headers, kgo.RecordHeader{Key: HeaderTruncated, Value: []byte(strconv.Itoa(len(orig.Value)))})
	}
	return &kgo.Record{Topic: topic, Key: orig.Key, Value: value, Headers: headers}
}

// Header returns the last value of header key in r, or "".
// The last one wins, as in Parse.
func Header(r *kgo.Record, key string) string {
	for i := len(r.Headers) - 1; i >= 0; i-- {
		if r.Headers[i].Key == key {
			return string(r.Headers[i].Value)
		}
	}
	return ""
}

// HeaderPrefix begins the name of every dead-letter header.
const HeaderPrefix = "songnodes.dlq."

// IsHeader reports whether key names a dead-letter header.
func IsHeader(key string) bool { return strings.HasPrefix(key, HeaderPrefix) }

// cut returns s cut to at most n bytes, at the start of a character: a
// message cut inside one would not be valid UTF-8. (A character is at
// most utf8.UTFMax bytes, so at most three more go; in bytes that are not
// UTF-8 at all, no more than that either.)
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}

// Letter is what a dead letter's headers say.
type Letter struct {
	Stage, Reason, Message string
	// Source is the scraper source (HeaderSource); Topic, Partition and
	// Offset say where the record was read (none for a scraper's page).
	Source    string
	Topic     string
	Partition int32
	Offset    int64
	SchemaID  int // 0 when unknown
	Time      time.Time
	// Truncated is the value's full length when the letter holds it cut
	// (MaxValueBytes), 0 when whole.
	Truncated int
}

// Parse reads the dead-letter headers in hs; the last of each wins. A
// header that is absent leaves its field zero (a scraper's page names no
// source topic), but a letter must say its reason. A header present with
// a malformed value gives an error naming the header and quoting the
// value, with the fields that did parse: `songnodes dlq` reads whatever a
// topic holds, including records no stage wrote.
func Parse(hs []kgo.RecordHeader) (Letter, error) {
	last := func(key string) (string, bool) {
		for i := len(hs) - 1; i >= 0; i-- {
			if hs[i].Key == key {
				return string(hs[i].Value), true
			}
		}
		return "", false
	}
	var l Letter
	var errs []error
	num := func(key string, max int64) int64 {
		s, ok := last(key)
		if !ok {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > max {
			errs = append(errs, fmt.Errorf("header %s is %s, want a whole number from 0 to %d", key, Quote(s), max))
			return 0
		}
		return n
	}
	l.Stage, _ = last(HeaderStage)
	reason, ok := last(HeaderReason)
	if !ok || reason == "" {
		errs = append(errs, fmt.Errorf("no %s header: not a dead letter", HeaderReason))
	}
	l.Reason = reason
	l.Message, _ = last(HeaderMessage)
	l.Source, _ = last(HeaderSource)
	l.Topic, _ = last(HeaderTopic)
	l.Partition = int32(num(HeaderPartition, math.MaxInt32))
	l.Offset = num(HeaderOffset, math.MaxInt64)
	l.SchemaID = int(num(HeaderSchemaID, math.MaxUint32))
	if s, ok := last(HeaderTime); ok {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			errs = append(errs, fmt.Errorf("header %s is %s, want an RFC 3339 time", HeaderTime, Quote(s)))
		}
		l.Time = t
	}
	l.Truncated = int(num(HeaderTruncated, math.MaxInt32))
	return l, errors.Join(errs...)
}

// maxQuoted bounds the length of a quoted header value in an error.
const maxQuoted = 64

// Quote quotes a header value for an error message, cut to a few dozen
// characters of quoted text: a value can be anything a producer wrote,
// and a byte that is not printable takes four characters to quote.
func Quote(s string) string {
	q := strconv.Quote(s)
	if len(q) <= maxQuoted+2 {
		return q
	}
	// The longest prefix, cut between characters, that quotes short
	// enough: a character quotes to at most ten bytes, so this stops
	// within a few dozen steps.
	q = `""`
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		next := strconv.Quote(s[:i+size])
		if len(next) > maxQuoted+2 {
			break
		}
		q, i = next, i+size
	}
	return q + "..."
}
