package record

import (
	"encoding/binary"
	"math"
	"time"
)

// The silver playlist is the pipeline's largest record and silver encodes
// one per playlist: encoding it by hand, field by field, costs a fraction
// of the reflection-driven encoder's work. The code below is the Avro
// binary encoding of SilverPlaylistSchema as hamba/avro writes it (arrays
// in blocks of blockLength items with their byte size; a TestAppendAvro
// holds the two byte-identical), and only of that schema: serde uses it
// when the schema's fingerprint is AvroFingerprint's, the encoder of the
// schema otherwise.

// AvroFingerprint is the fingerprint of the schema AppendAvro writes:
// SilverPlaylistSchema's when this code was written. A change of the
// schema must change AppendAvro and this (the test says so).
func (*SilverPlaylist) AvroFingerprint() [32]byte {
	return [32]byte{0xb7, 0x8a, 0x51, 0xae, 0xdf, 0x27, 0xb9, 0x47, 0x63, 0x70, 0x5a, 0xc7, 0xff, 0x61, 0xe4, 0x45,
		0xa4, 0xfd, 0xc8, 0x1f, 0x62, 0x34, 0xa4, 0xf3, 0x90, 0xa3, 0xda, 0x50, 0x08, 0xbe, 0x8d, 0xb2}
}

// AppendAvro appends p's Avro binary encoding to b.
func (p *SilverPlaylist) AppendAvro(b []byte) []byte {
	b = appendString(b, p.PlaylistKey)
	b = appendString(b, p.SetID)
	b = appendString(b, p.Source)
	b = appendString(b, p.SourceURL)
	b = appendOptString(b, p.SourcePlaylistID)
	b = appendString(b, p.Name)
	b = appendArray(b, p.Djs, appendStringItem)
	if p.PlayedOn == nil {
		b = appendLong(b, 0)
	} else {
		b = appendLong(b, 1)
		b = appendInt(b, int(p.PlayedOn.Unix()/int64(24*time.Hour/time.Second))) // date: days
	}
	b = appendOptString(b, p.PlayedOnText)
	b = appendOptString(b, p.Venue)
	b = appendOptString(b, p.Event)
	b = appendMillis(b, p.ScrapedAt)
	b = appendString(b, p.ParserVersion)
	b = appendArray(b, p.Tracks, appendSilverTrack)
	b = appendLineage(b, &p.Lineage)
	b = appendLineage(b, &p.RawLineage)
	return appendString(b, p.TracklistVersion)
}

func appendSilverTrack(b []byte, t *SilverTrack) []byte {
	b = appendInt(b, t.Position)
	b = appendString(b, t.RawLine)
	b = appendOptString(b, t.Cue)
	b = appendOptString(b, t.TrackID)
	b = appendArray(b, t.Artists, appendStringItem)
	b = appendArray(b, t.Featured, appendStringItem)
	b = appendArray(b, t.Remixers, appendStringItem)
	b = appendOptString(b, t.Title)
	b = appendOptString(b, t.Version)
	b = appendOptString(b, t.Label)
	b = appendOptString(b, t.Catalog)
	b = appendOptString(b, t.Key)
	b = appendOptString(b, t.Camelot)
	if t.Bpm == nil {
		b = appendLong(b, 0)
	} else {
		b = appendLong(b, 1)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*t.Bpm))
	}
	b = appendOptString(b, t.Genre)
	b = appendString(b, t.Status)
	b = appendArray(b, t.Issues, appendStringItem)
	if t.WithPrevious {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendLineage(b []byte, l *Lineage) []byte {
	b = appendString(b, l.Topic)
	b = appendInt(b, l.Partition)
	b = appendLong(b, l.Offset)
	b = appendInt(b, l.WriterSchemaID)
	return appendMillis(b, l.IngestedAt)
}

// blockLength is how many items hamba/avro writes in one block of an
// array (its default).
const blockLength = 100

// appendArray writes items in blocks: each a negative item count, the
// block's size in bytes and the items; then an empty block.
func appendArray[T any](b []byte, items []T, appendItem func([]byte, *T) []byte) []byte {
	for len(items) > 0 {
		block := items[:min(len(items), blockLength)]
		items = items[len(block):]
		// The header's size is known only after the items: they are
		// written after room for the longest header, then moved.
		var room [2 * binary.MaxVarintLen64]byte
		at := len(b)
		b = append(b, room[:]...)
		for i := range block {
			b = appendItem(b, &block[i])
		}
		size := len(b) - at - len(room)
		header := appendLong(appendLong(room[:0], -int64(len(block))), int64(size))
		n := copy(b[at:], header)
		b = append(b[:at+n], b[at+len(room):]...)
	}
	return appendLong(b, 0)
}

// appendLong writes a long: zigzag, then varint (binary's Varint is both).
func appendLong(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

// appendInt writes an int, which Avro holds in 32 bits.
func appendInt(b []byte, v int) []byte { return binary.AppendVarint(b, int64(int32(v))) }

func appendString(b []byte, s string) []byte {
	b = appendLong(b, int64(len(s)))
	return append(b, s...)
}

func appendStringItem(b []byte, s *string) []byte { return appendString(b, *s) }

// appendOptString writes a ["null", "string"] union.
func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return appendLong(b, 0)
	}
	return appendString(appendLong(b, 1), *s)
}

// appendMillis writes a timestamp-millis.
func appendMillis(b []byte, t time.Time) []byte {
	return appendLong(b, t.UnixMilli())
}
