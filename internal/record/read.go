package record

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
	"unicode/utf8"
)

// Silver decodes every bronze playlist it reads; decoding it by hand, in
// the writer's own schema, costs a fraction of the reflection-driven
// decoder's work and allocations (the strings are cut from one copy of the
// payload). ReadAvro is for that case alone and is not the whole decoder:
// it fails on anything unusual (a string over a mebibyte, a long varint
// that would be cut, a union index out of range, invalid UTF-8), and
// serde then decodes the value the general way, errors and all. So it
// must never succeed where the general decoder fails, nor decode another
// value; TestReadAvro holds it so.

// errNotFast is ReadAvro's one error: decode the general way.
var errNotFast = errors.New("record: not for the fast decoder")

// AvroFingerprint is the fingerprint of the schema ReadAvro reads:
// BronzePlaylistSchema's when this code was written.
func (*BronzePlaylist) AvroFingerprint() [32]byte {
	return [32]byte{0xf3, 0xcb, 0xdb, 0x66, 0xda, 0xe4, 0xcb, 0x7d, 0x3f, 0x07, 0x1a, 0x48, 0x0a, 0xaa, 0x76, 0x54,
		0x68, 0x17, 0xac, 0x6d, 0xcf, 0xfe, 0xa9, 0xbd, 0x35, 0x36, 0xc9, 0xd7, 0x61, 0xf2, 0xe9, 0x99}
}

// ReadAvro decodes all of data, the Avro binary encoding of a bronze
// playlist, into p; on an error p is unchanged.
func (p *BronzePlaylist) ReadAvro(data []byte) error {
	r := reader{s: string(data)}
	var v BronzePlaylist
	v.PlaylistKey = r.str()
	pl := &v.Playlist
	pl.Source = r.str()
	pl.SourceURL = r.str()
	pl.SourcePlaylistID = r.optStr()
	pl.Name = r.str()
	pl.DjNames = readArray(&r, func(r *reader, s *string) { *s = r.str() })
	pl.Event = r.optStr()
	pl.Venue = r.optStr()
	if r.union() {
		t := time.Unix(int64(r.int32())*int64(24*time.Hour/time.Second), 0).UTC()
		pl.PlayedOn = &t
	}
	pl.PlayedOnText = r.optStr()
	pl.ScrapedAt = r.millis()
	pl.ParserVersion = r.str()
	pl.SourceRevision = r.optStr()
	pl.HintsFromMarkup = r.bool()
	pl.Tracks = readArray(&r, readScrapedTrack)
	v.Lineage = r.lineage()
	if r.err || r.i != len(r.s) {
		return errNotFast
	}
	*p = v
	return nil
}

func readScrapedTrack(r *reader, t *ScrapedTrack) {
	t.Position = int(r.int32())
	t.RawLine = r.str()
	t.Artist = r.optStr()
	t.Title = r.optStr()
	t.Label = r.optStr()
	t.Catalog = r.optStr()
	if r.union() {
		bpm := r.double()
		t.Bpm = &bpm
	}
	t.Key = r.optStr()
	t.Genre = r.optStr()
	t.Cue = r.optStr()
	t.Remix = r.optStr()
	if r.union() {
		b := r.bool()
		t.WithPrevious = &b
	}
}

// reader reads an encoded value from s; a failure sets err and leaves i
// where it was, and every read after it returns zero values.
type reader struct {
	s   string
	i   int
	err bool
	// opt holds the optional strings, their pointers handed out from a
	// few allocations rather than one each (a playlist has about 100).
	opt []string
}

// Conservative bounds: beyond them the general decoder decides.
const (
	maxFastString = 1 << 20
	maxFastItems  = 1 << 14 // serde.MaxItems: the decoder refuses more
)

// varint reads a zigzag varint of at most size bytes whose value fits
// in bits bits: hamba/avro reads an int in at most 5 bytes and a long in
// at most 10, and cuts what does not fit, which is left to it.
func (r *reader) varint(size, bits int) int64 {
	if r.err {
		return 0
	}
	var u uint64
	for k := 0; k < size && r.i+k < len(r.s); k++ {
		b := r.s[r.i+k]
		if room := bits - 7*k; room < 7 && int(b&0x7f) >= 1<<room {
			break // more than bits bits
		}
		u |= uint64(b&0x7f) << (7 * k)
		if b < 0x80 {
			r.i += k + 1
			return int64(u>>1) ^ -int64(u&1)
		}
	}
	r.err = true
	return 0
}

func (r *reader) long() int64 { return r.varint(10, 64) }

func (r *reader) int32() int32 { return int32(r.varint(5, 32)) }

func (r *reader) str() string {
	n := r.long()
	if r.err || n < 0 || n > maxFastString || n > int64(len(r.s)-r.i) {
		r.err = true
		return ""
	}
	s := r.s[r.i : r.i+int(n)]
	if !utf8.ValidString(s) {
		r.err = true
		return ""
	}
	r.i += int(n)
	return s
}

// union reads the branch of a ["null", T] union: whether T follows.
func (r *reader) union() bool {
	switch r.int32() {
	case 0:
		return false
	case 1:
		return !r.err
	}
	r.err = true
	return false
}

func (r *reader) optStr() *string {
	if !r.union() {
		return nil
	}
	if len(r.opt) == cap(r.opt) {
		// A new chunk: the pointers already handed out keep the old one.
		r.opt = make([]string, 0, max(32, 2*cap(r.opt)))
	}
	r.opt = append(r.opt, r.str())
	return &r.opt[len(r.opt)-1]
}

func (r *reader) bool() bool {
	if r.err || r.i >= len(r.s) || r.s[r.i] > 1 {
		r.err = true
		return false
	}
	r.i++
	return r.s[r.i-1] == 1
}

func (r *reader) double() float64 {
	if r.err || len(r.s)-r.i < 8 {
		r.err = true
		return 0
	}
	var b [8]byte
	copy(b[:], r.s[r.i:])
	r.i += 8
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}

// millis reads a timestamp-millis as hamba/avro does.
func (r *reader) millis() time.Time {
	i := r.long()
	sec := i / 1e3
	return time.Unix(sec, (i-sec*1e3)*1e6).UTC()
}

func (r *reader) lineage() Lineage {
	var l Lineage
	l.Topic = r.str()
	l.Partition = int(r.int32())
	l.Offset = r.long()
	l.WriterSchemaID = int(r.int32())
	l.IngestedAt = r.millis()
	return l
}

// readArray reads an array's blocks. Like hamba/avro it returns an empty
// slice, not nil, for no items.
func readArray[T any](r *reader, item func(*reader, *T)) []T {
	out := []T{}
	for !r.err {
		n := r.long()
		if n < 0 {
			n = -n
			r.long() // the block's size in bytes
		}
		if n == 0 || r.err {
			break
		}
		if n < 0 || int64(len(out))+n > maxFastItems {
			r.err = true
			break
		}
		out = append(out, make([]T, n)...)
		for i := len(out) - int(n); i < len(out) && !r.err; i++ {
			item(r, &out[i])
		}
	}
	return out
}
