package gen

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/songnodes/pipeline/internal/dlq"
)

// FrameFault is a fault in a Kafka record value, for tests that write
// straight to a raw topic rather than through ingest. BadRecordValue makes
// one from a good Confluent-framed ScrapedPlaylist value (magic byte 0,
// 4-byte big-endian schema ID, Avro binary body), as serde.Encoder.Encode
// returns it.
type FrameFault string

// The frame faults. Reason says how a consuming stage must dead-letter each.
const (
	FrameBadMagic      FrameFault = "bad_magic"      // first byte 0x01
	FrameShort         FrameFault = "short"          // fewer than 5 bytes
	FrameUnknownSchema FrameFault = "unknown_schema" // schema ID UnknownSchemaID
	FrameTruncated     FrameFault = "truncated"      // Avro body cut short
	FrameTrailingBytes FrameFault = "trailing_bytes" // a byte after the record
	FrameInvalidUTF8   FrameFault = "invalid_utf8"   // 0xFF in the name string
	FrameOversize      FrameFault = "oversize"       // a valid record of maxBytes+1 bytes or more
)

// FrameFaults lists every frame fault, in a stable order.
var FrameFaults = []FrameFault{
	FrameBadMagic, FrameShort, FrameUnknownSchema, FrameTruncated,
	FrameTrailingBytes, FrameInvalidUTF8, FrameOversize,
}

// UnknownSchemaID is the schema ID FrameUnknownSchema writes; no registry
// hands it out in practice.
const UnknownSchemaID = 1<<31 - 1

// Reason is the dead-letter reason a stage must give a value with fault f.
func (f FrameFault) Reason() dlq.Reason {
	switch f {
	case FrameBadMagic, FrameShort:
		return dlq.BadFraming
	case FrameUnknownSchema:
		return dlq.UnknownSchema
	case FrameOversize:
		return dlq.Oversize
	}
	return dlq.DecodeError
}

// BadRecordValue returns a copy of good, a framed ScrapedPlaylist value,
// with fault f. maxBytes is only used by FrameOversize: the result is a
// decodable, valid playlist longer than maxBytes (its source_url gets a
// long query string). It panics if good is not a framed ScrapedPlaylist.
func BadRecordValue(f FrameFault, good []byte, maxBytes int) []byte {
	if len(good) < 6 || good[0] != 0 {
		panic("gen: BadRecordValue needs a Confluent-framed value")
	}
	b := append([]byte(nil), good...)
	switch f {
	case FrameBadMagic:
		b[0] = 1
	case FrameShort:
		b = b[:3]
	case FrameUnknownSchema:
		binary.BigEndian.PutUint32(b[1:5], UnknownSchemaID)
	case FrameTruncated:
		// Any strict prefix fails: the record ends with the tracks
		// array's terminating 0.
		b = b[:5+(len(b)-5)*2/3]
	case FrameTrailingBytes:
		b = append(b, 0)
	case FrameInvalidUTF8:
		i := skipString(b, 5)                   // source
		i = skipString(b, i)                    // source_url
		if idx, j := readLong(b, i); idx == 1 { // source_playlist_id: [null, string]
			i = skipString(b, j)
		} else {
			i = j
		}
		n, j := readLong(b, i) // name, never empty in a valid playlist
		if n < 1 {
			panic("gen: BadRecordValue: empty name")
		}
		b[j] = 0xff
	case FrameOversize:
		return oversize(b, maxBytes)
	default:
		panic(fmt.Sprintf("gen: unknown FrameFault %q", f))
	}
	return b
}

// oversize pads source_url (the second field) so that the value is longer
// than maxBytes.
func oversize(b []byte, maxBytes int) []byte {
	if len(b) > maxBytes {
		return b
	}
	urlAt := skipString(b, 5)
	n, j := readLong(b, urlAt)
	url := string(b[j : j+int(n)])
	tail := b[j+int(n):]
	sep := "?pad="
	if strings.Contains(url, "?") {
		sep = "&pad="
	}
	build := func(k int) []byte {
		u := url + sep + strings.Repeat("x", k)
		out := make([]byte, 0, urlAt+len(u)+10+len(tail))
		out = append(out, b[:urlAt]...)
		out = appendLong(out, int64(len(u)))
		out = append(out, u...)
		return append(out, tail...)
	}
	// Aim at exactly maxBytes+1; a varint length growing by a byte may
	// make that impossible, then take the shortest longer value.
	target := maxBytes + 1
	k := max(0, target-len(b)-len(sep))
	var best []byte
	for range 8 {
		out := build(k)
		if len(out) >= target && (best == nil || len(out) < len(best)) {
			best = out
		}
		if len(out) == target {
			break
		}
		k = max(0, k+target-len(out))
	}
	for best == nil { // not reached for sane inputs
		k += target
		if out := build(k); len(out) >= target {
			best = out
		}
	}
	return best
}

// readLong reads an Avro long (zigzag varint) at i.
func readLong(b []byte, i int) (int64, int) {
	var u uint64
	for s := uint(0); ; s += 7 {
		if i >= len(b) || s > 63 {
			panic("gen: BadRecordValue: value is not a ScrapedPlaylist")
		}
		c := b[i]
		i++
		u |= uint64(c&0x7f) << s
		if c < 0x80 {
			break
		}
	}
	return int64(u>>1) ^ -int64(u&1), i
}

func skipString(b []byte, i int) int {
	n, j := readLong(b, i)
	if n < 0 || j+int(n) > len(b) {
		panic("gen: BadRecordValue: value is not a ScrapedPlaylist")
	}
	return j + int(n)
}

func appendLong(b []byte, v int64) []byte {
	u := uint64(v<<1) ^ uint64(v>>63)
	for u >= 0x80 {
		b = append(b, byte(u)|0x80)
		u >>= 7
	}
	return append(b, byte(u))
}
