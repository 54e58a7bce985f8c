// Package dlq defines what a rejected record carries into a dead-letter topic:
// the fixed list of reason classes and the headers that say where the record
// came from and why it was rejected.
//
// A dead-letter record keeps the original key, value and headers byte for
// byte, so that an operator can re-drive it after fixing the cause; the
// headers below are appended to the original ones.
package dlq

import (
	"fmt"
	"strconv"
	"time"

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
// and headers, plus the dead-letter headers, bound for topic.
func NewRecord(topic string, r Rejected) *kgo.Record {
	msg := r.Message
	if len(msg) > maxMessage {
		msg = msg[:maxMessage]
	}
	orig := r.Record
	headers := make([]kgo.RecordHeader, 0, len(orig.Headers)+8)
	headers = append(headers, orig.Headers...)
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
// The last one wins: a record re-driven and rejected again carries the
// headers of both rejections, and the newest is the one that matters.
func Header(r *kgo.Record, key string) string {
	for i := len(r.Headers) - 1; i >= 0; i-- {
		if r.Headers[i].Key == key {
			return string(r.Headers[i].Value)
		}
	}
	return ""
}
