package serde

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/hamba/avro/v2"

	"github.com/songnodes/pipeline/internal/dlq"
)

// headerLen is the Confluent framing: magic byte 0 and a 4-byte schema ID.
const headerLen = 5

// avroAPI bounds what one value may make the decoder allocate, so a corrupt
// length prefix cannot ask for gigabytes.
var avroAPI = avro.Config{
	MaxByteSliceSize:  4 << 20,
	MaxSliceAllocSize: MaxItems,
}.Freeze()

// MaxItems bounds the items of one array in a decoded value. The decoder
// makes room for all the items a block header claims before it reads
// one, so this bounds what a few bytes can make it allocate: 16,384
// silver tracks are 3.7 MB, where a bound of 1<<20 let a 20-byte value
// allocate 235 MB. A playlist has at most record.MaxTracks (2,000)
// tracks, and no list in a track comes near it. A hand-written fast
// reader (record's ReadAvro) must refuse more, as the decoder does.
const MaxItems = 1 << 14

// Decoder decodes framed values into Go values of one reader schema.
type Decoder struct {
	reg      *Registry
	reader   avro.Schema
	readerFP [32]byte
}

// NewDecoder returns a decoder into values of the reader schema.
func NewDecoder(reg *Registry, reader avro.Schema) *Decoder {
	return &Decoder{reg: reg, reader: reader, readerFP: reader.Fingerprint()}
}

// Decode decodes the framed value b into v, which must match the reader
// schema, and returns the writer schema ID. A *dlq.Error means b can never
// be decoded; any other error is transient (the registry is unreachable).
func (d *Decoder) Decode(ctx context.Context, b []byte, v any) (int, error) {
	if len(b) < headerLen {
		return 0, dlq.Errorf(dlq.BadFraming, "value has %d bytes, Confluent framing needs at least %d", len(b), headerLen)
	}
	if b[0] != 0 {
		return 0, dlq.Errorf(dlq.BadFraming, "first byte is 0x%02x, want the magic byte 0x00 (not Confluent-framed Avro)", b[0])
	}
	id := int(binary.BigEndian.Uint32(b[1:headerLen]))
	schema, err := d.reg.resolve(ctx, id, d.reader, d.readerFP)
	if err != nil {
		return id, err
	}
	if fr, ok := v.(FastReader); ok && schema == d.reader && fr.AvroFingerprint() == d.readerFP {
		if fr.ReadAvro(b[headerLen:]) == nil {
			return id, nil
		}
	}
	if err := decodeStrict(schema, b[headerLen:], v); err != nil {
		return id, dlq.Errorf(dlq.DecodeError, "schema ID %d: %v", id, err)
	}
	return id, nil
}

// FastReader is a value that decodes itself from the Avro binary
// encoding of the schema of fingerprint AvroFingerprint, faster than the
// decoder's reflection, when it can: an error of ReadAvro means only that
// the decoder must decode the value itself (and leaves it unchanged).
// ReadAvro must fail wherever the decoder would, UTF-8 checks included,
// and decode the same value where it succeeds. The decoder uses it only
// when the writer's schema is that schema.
type FastReader interface {
	AvroFingerprint() [32]byte
	ReadAvro(data []byte) error
}

// Exact reports whether values of writer schema id decode with the reader
// schema as it is, without resolution: their payload is in the reader
// schema's own encoding.
func (d *Decoder) Exact(ctx context.Context, id int) bool {
	s, err := d.reg.resolve(ctx, id, d.reader, d.readerFP)
	return err == nil && s == d.reader
}

// decodeStrict decodes exactly all of data into v.
func decodeStrict(schema avro.Schema, data []byte, v any) error {
	r := avro.NewReader(nil, 0, avro.WithReaderConfig(avroAPI)).Reset(data)
	r.ReadVal(schema, v)
	if r.Error != nil {
		// The reader reports running out of input as (unexpected) EOF:
		// with the whole value in memory that always means truncation.
		return fmt.Errorf("truncated or malformed Avro: %w", r.Error)
	}
	if r.Peek(); r.Error == nil {
		return fmt.Errorf("trailing bytes after the record")
	}
	return CheckUTF8(v)
}

// CheckUTF8 returns an error naming the first string field of v (a struct,
// pointer, slice or map of them) that is not valid UTF-8.
func CheckUTF8(v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || checkerFor(rv.Type())(rv) { // the common case, without building paths
		return nil
	}
	path, _ := firstInvalidUTF8(rv, "")
	return fmt.Errorf("invalid UTF-8 in %s", path)
}

// A checker reports whether every string in a value of its type is valid
// UTF-8. Each type's checker is built once and visits only what can hold
// strings: the check runs on every decoded record, and most fields
// (numbers, times) hold none.
type checker func(reflect.Value) bool

var checkers sync.Map // reflect.Type -> checker

func checkerFor(t reflect.Type) checker {
	if c, ok := checkers.Load(t); ok {
		return c.(checker)
	}
	c := compileChecker(t)
	if c == nil {
		c = func(reflect.Value) bool { return true }
	}
	checkers.Store(t, c)
	return c
}

// compileChecker returns the checker of t, or nil when values of t hold no
// strings. (t must not be recursive; no record of the pipeline is.)
func compileChecker(t reflect.Type) checker {
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value) bool { return utf8.ValidString(v.String()) }
	case reflect.Interface:
		return func(v reflect.Value) bool { return v.IsNil() || checkerFor(v.Elem().Type())(v.Elem()) }
	case reflect.Pointer:
		if elem := compileChecker(t.Elem()); elem != nil {
			return func(v reflect.Value) bool { return v.IsNil() || elem(v.Elem()) }
		}
	case reflect.Slice, reflect.Array:
		if elem := compileChecker(t.Elem()); elem != nil {
			return func(v reflect.Value) bool {
				for i := range v.Len() {
					if !elem(v.Index(i)) {
						return false
					}
				}
				return true
			}
		}
	case reflect.Map:
		key, elem := compileChecker(t.Key()), compileChecker(t.Elem())
		if key != nil || elem != nil {
			return func(v reflect.Value) bool {
				for it := v.MapRange(); it.Next(); {
					if key != nil && !key(it.Key()) || elem != nil && !elem(it.Value()) {
						return false
					}
				}
				return true
			}
		}
	case reflect.Struct:
		type field struct {
			i     int
			check checker
		}
		var fs []field
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if c := compileChecker(f.Type); c != nil {
					fs = append(fs, field{i, c})
				}
			}
		}
		if len(fs) > 0 {
			return func(v reflect.Value) bool {
				for _, f := range fs {
					if !f.check(v.Field(f.i)) {
						return false
					}
				}
				return true
			}
		}
	}
	return nil
}

func firstInvalidUTF8(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path, false
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return firstInvalidUTF8(v.Elem(), path)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := cmp.Or(f.Tag.Get("avro"), f.Name)
			if path != "" {
				name = path + "." + name
			}
			if p, ok := firstInvalidUTF8(v.Field(i), name); !ok {
				return p, false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", true // bytes carry no encoding
		}
		for i := range v.Len() {
			if p, ok := firstInvalidUTF8(v.Index(i), path+"["+strconv.Itoa(i)+"]"); !ok {
				return p, false
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			k := fmt.Sprint(it.Key().Interface())
			if p, ok := firstInvalidUTF8(it.Key(), path+"{key}"); !ok {
				return p, false
			}
			if p, ok := firstInvalidUTF8(it.Value(), path+"["+strconv.Quote(k)+"]"); !ok {
				return p, false
			}
		}
	}
	return "", true
}

// Encoder encodes values of one registered schema in Confluent framing.
type Encoder struct {
	id     int
	schema avro.Schema
	fp     [32]byte // the schema's fingerprint
}

// Appender is a value that writes its own Avro binary encoding, in the
// schema of fingerprint AvroFingerprint: faster than the encoder's
// reflection for a large record encoded often. Encode uses it only for
// that schema.
type Appender interface {
	AvroFingerprint() [32]byte
	AppendAvro(b []byte) []byte
}

// writers are the encoders' scratch writers. A value is encoded into one
// and copied out at its exact size: a writer of its own would be sized by
// guess, grow by doubling as it fills, and be handed on with its spare
// capacity, which was much of a stage's allocation (and so of its garbage
// collection).
var writers = sync.Pool{New: func() any { return avro.NewWriter(nil, 4096, avro.WithWriterConfig(avroAPI)) }}

// maxPooledWriter bounds the buffer a writer may keep in the pool: a rare
// large value should not pin its buffer.
const maxPooledWriter = 256 << 10

// writer returns an empty writer holding the framing header.
func (e *Encoder) writer() *avro.Writer {
	w := writers.Get().(*avro.Writer)
	w.Reset(nil)
	w.Error = nil
	var header [headerLen]byte
	binary.BigEndian.PutUint32(header[1:], uint32(e.id))
	_, _ = w.Write(header[:]) // into memory: it cannot fail
	return w
}

// done returns a copy of w's value, or its error, and releases w.
func (e *Encoder) done(w *avro.Writer) ([]byte, error) {
	defer func() {
		if cap(w.Buffer()) <= maxPooledWriter {
			writers.Put(w)
		}
	}()
	if w.Error != nil {
		return nil, fmt.Errorf("encode %s: %w", schemaName(e.schema), w.Error)
	}
	return bytes.Clone(w.Buffer()), nil
}

// NewEncoder registers schema under subject (see Registry.Register) and
// returns an encoder for it.
func NewEncoder(ctx context.Context, reg *Registry, subject string, schema avro.Schema) (*Encoder, error) {
	id, err := reg.Register(ctx, subject, schema)
	if err != nil {
		return nil, err
	}
	return &Encoder{id: id, schema: schema, fp: schema.Fingerprint()}, nil
}

// ID returns the registry ID of the encoder's schema.
func (e *Encoder) ID() int { return e.id }

// Schema returns the encoder's schema.
func (e *Encoder) Schema() avro.Schema { return e.schema }

// Encode returns v framed and encoded.
func (e *Encoder) Encode(v any) ([]byte, error) {
	if a, ok := v.(Appender); ok && a.AvroFingerprint() == e.fp {
		return e.appended(a), nil
	}
	w := e.writer()
	w.WriteVal(e.schema, v)
	return e.done(w)
}

// scratch are buffers for Appenders to write into: the value is copied
// out at its size, as from a writer.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

func (e *Encoder) appended(a Appender) []byte {
	buf := scratch.Get().(*[]byte)
	b := append((*buf)[:0], 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint32(b[1:headerLen], uint32(e.id))
	b = a.AppendAvro(b)
	out := bytes.Clone(b)
	if cap(b) <= maxPooledWriter {
		*buf = b
		scratch.Put(buf)
	}
	return out
}

// Raw is a field's value already encoded with the field's schema.
type Raw []byte

// Payload returns the Avro payload of a framed value, as Raw.
func Payload(framed []byte) Raw { return Raw(framed[headerLen:]) }

// EncodeFields returns a record of the encoder's (record) schema framed and
// encoded from its fields' values, in order. A Raw value is copied as it
// is: a stage passing a record it has just decoded on to a larger one
// need not encode it again.
func (e *Encoder) EncodeFields(values ...any) ([]byte, error) {
	rs, ok := e.schema.(*avro.RecordSchema)
	if !ok || len(rs.Fields()) != len(values) {
		return nil, fmt.Errorf("encode %s: %d field values for the schema's fields", schemaName(e.schema), len(values))
	}
	w := e.writer()
	for i, v := range values {
		if raw, ok := v.(Raw); ok {
			_, _ = w.Write(raw) // into memory: it cannot fail
			continue
		}
		w.WriteVal(rs.Fields()[i].Type(), v)
	}
	return e.done(w)
}

// SchemaID returns the schema ID in a framed value, or 0 if b is not framed.
func SchemaID(b []byte) int {
	if len(b) < headerLen || b[0] != 0 {
		return 0
	}
	return int(binary.BigEndian.Uint32(b[1:headerLen]))
}
