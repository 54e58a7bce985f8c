package serde_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/songnodes/pipeline/internal/dlq"
	"github.com/songnodes/pipeline/internal/record"
	"github.com/songnodes/pipeline/internal/serde"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Fuzz targets of the wire format the stages read: the Confluent framing
// (FuzzFraming) and the strict Avro decode of each record a stage reads
// (FuzzDecodeScraped: bronze; FuzzDecodeBronze: silver; FuzzDecodeSilver:
// gold). make fuzz runs them longer; a crasher lands in
// testdata/fuzz/<target>/ and plain go test replays it. One by hand:
//
//	go test -run '^$' -fuzz '^FuzzFraming$' -fuzztime 1m ./internal/serde/
//
// The seeds are written by TestFuzzSeeds from the project's own encoders.

// fuzzEnv is an in-memory registry holding the schemas the stages read,
// with one encoder and one decoder of each. Its IDs are the same in every
// run (srfake counts from 1), so seeds can name them.
type fuzzEnv struct {
	raw, bronze, silver    *serde.Encoder
	rawDec, bronzeDec      *serde.Decoder
	silverDec              *serde.Decoder
	evolvedID, notRecordID int
}

func newFuzzEnv(t testing.TB) *fuzzEnv {
	t.Helper()
	fake, url := testenv.Registry(t)
	reg, err := serde.NewRegistry(url)
	testenv.Must(t, err, "registry")
	ctx := context.Background()
	e := &fuzzEnv{rawDec: serde.NewDecoder(reg, record.ScrapedPlaylistSchema),
		bronzeDec: serde.NewDecoder(reg, record.BronzePlaylistSchema), silverDec: serde.NewDecoder(reg, record.SilverPlaylistSchema)}
	e.raw, err = serde.NewEncoder(ctx, reg, "f.raw.mixesdb-value", record.ScrapedPlaylistSchema)
	testenv.Must(t, err, "raw encoder")
	e.bronze, err = serde.NewEncoder(ctx, reg, "f.bronze.playlists-value", record.BronzePlaylistSchema)
	testenv.Must(t, err, "bronze encoder")
	e.silver, err = serde.NewEncoder(ctx, reg, "f.silver.playlists-value", record.SilverPlaylistSchema)
	testenv.Must(t, err, "silver encoder")
	// A raw writer the reader resolves: a field added, two with defaults
	// taken away.
	e.evolvedID, _, err = fake.RegisterSchema("f.raw.evolved-value", sr.Schema{Schema: evolvedRaw(t)})
	testenv.Must(t, err, "evolved schema")
	// A writer the reader cannot resolve.
	e.notRecordID, _, err = fake.RegisterSchema("f.raw.string-value", sr.Schema{Schema: `"string"`})
	testenv.Must(t, err, "string schema")
	return e
}

// evolvedRaw is ScrapedPlaylist's schema with a field fuzz_note added and
// source_revision and hints_from_markup (both with defaults) removed.
func evolvedRaw(t testing.TB) string {
	text, err := serde.SchemaJSON(record.ScrapedPlaylistSchema)
	testenv.Must(t, err, "schema JSON")
	var s map[string]any
	testenv.Must(t, json.Unmarshal([]byte(text), &s), "parse schema JSON")
	var fields []any
	for _, f := range s["fields"].([]any) {
		if n := f.(map[string]any)["name"]; n != "source_revision" && n != "hints_from_markup" {
			fields = append(fields, f)
		}
	}
	s["fields"] = append(fields, map[string]any{"name": "fuzz_note", "type": []any{"null", "string"}, "default": nil})
	b, err := json.Marshal(s)
	testenv.Must(t, err, "schema JSON")
	return string(b)
}

// frame returns payload in Confluent framing with schema id.
func frame(id int, payload []byte) []byte {
	b := make([]byte, 5, 5+len(payload))
	binary.BigEndian.PutUint32(b[1:], uint32(id))
	return append(b, payload...)
}

// FuzzFraming decodes arbitrary bytes as bronze does (into the raw
// reader schema): it never panics; what is not framed is bad_framing and
// says why; what is framed reports the frame's schema ID and fails only
// with a dead-letter reason (the registry is up: nothing is transient);
// and what decodes round-trips (roundTrip).
func FuzzFraming(f *testing.F) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		var p record.ScrapedPlaylist
		id, err := e.rawDec.Decode(ctx, b, &p)
		var de *dlq.Error
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("a transient error with the registry up: %v", err)
		}
		if len(b) < 5 || b[0] != 0 {
			if de == nil || de.Reason != dlq.BadFraming || !strings.Contains(err.Error(), "Confluent") || serde.SchemaID(b) != 0 {
				t.Fatalf("not framed (% x...), got id %d, %v", b[:min(len(b), 5)], id, err)
			}
			return
		}
		if want := int(binary.BigEndian.Uint32(b[1:5])); id != want || serde.SchemaID(b) != want {
			t.Fatalf("schema ID %d (SchemaID %d), the frame says %d", id, serde.SchemaID(b), want)
		}
		if err != nil {
			switch de.Reason {
			case dlq.UnknownSchema, dlq.IncompatibleSchema, dlq.DecodeError:
			default:
				t.Fatalf("reason %s for a framed value: %v", de.Reason, err)
			}
			return
		}
		roundTrip(t, e.raw, e.rawDec, &p)
	})
}

// FuzzDecodeScraped decodes arbitrary payloads of the raw schema (what
// bronze reads): no panic, and what decodes round-trips.
func FuzzDecodeScraped(f *testing.F) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var p record.ScrapedPlaylist
		if decode(t, e.rawDec, frame(e.raw.ID(), payload), &p) {
			roundTrip(t, e.raw, e.rawDec, &p)
		}
	})
}

// plainBronze is a bronze playlist without BronzePlaylist's methods, so
// that the decoder takes it the general way (no FastReader).
type plainBronze record.BronzePlaylist

// FuzzDecodeBronze decodes arbitrary payloads of the bronze schema (what
// silver reads) both ways: the hand-written fast reader
// (BronzePlaylist.ReadAvro) never succeeds where the strict decoder fails
// nor decodes another value, and what decodes round-trips.
func FuzzDecodeBronze(f *testing.F) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		b := frame(e.bronze.ID(), payload)
		var fast record.BronzePlaylist
		var slow plainBronze
		okFast := decode(t, e.bronzeDec, b, &fast)
		okSlow := decode(t, e.bronzeDec, b, &slow)
		if okFast != okSlow {
			t.Fatalf("fast reader decodes: %v, strict decoder: %v", okFast, okSlow)
		}
		if !okFast {
			return
		}
		if s := record.BronzePlaylist(slow); !same(&fast, &s) {
			t.Fatalf("the fast reader decoded\n%+v\nthe strict decoder\n%+v", fast, s)
		}
		roundTrip(t, e.bronze, e.bronzeDec, &fast)
	})
}

// FuzzDecodeSilver decodes arbitrary payloads of the silver schema (what
// gold reads): no panic, and what decodes round-trips, through the
// hand-written encoder (SilverPlaylist.AppendAvro), which must write what
// hamba/avro writes.
func FuzzDecodeSilver(f *testing.F) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var p record.SilverPlaylist
		if !decode(t, e.silverDec, frame(e.silver.ID(), payload), &p) {
			return
		}
		roundTrip(t, e.silver, e.silverDec, &p)
		want, err := avro.Marshal(record.SilverPlaylistSchema, &p)
		testenv.Must(t, err, "hamba/avro encode")
		if got := p.AppendAvro(nil); !bytes.Equal(got, want) {
			t.Fatalf("AppendAvro wrote\n%x\nhamba/avro\n%x", got, want)
		}
	})
}

// decode decodes b into v and reports whether it did; a failure must be
// a decode error naming the schema ID.
func decode(t *testing.T, dec *serde.Decoder, b []byte, v any) bool {
	t.Helper()
	_, err := dec.Decode(context.Background(), b, v)
	if err == nil {
		return true
	}
	var de *dlq.Error
	if !errors.As(err, &de) || de.Reason != dlq.DecodeError || !strings.Contains(err.Error(), "schema ID ") {
		t.Fatalf("a payload that does not decode gave %v, want a decode_error naming the schema ID", err)
	}
	return false
}

// roundTrip holds the property of whatever decoded: v encodes, the bytes
// decode to the same value, and that value encodes to the same bytes.
func roundTrip[T any](t *testing.T, enc *serde.Encoder, dec *serde.Decoder, v *T) {
	t.Helper()
	b, err := enc.Encode(v)
	if err != nil {
		t.Fatalf("a value that decoded does not encode: %v\n%+v", err, *v)
	}
	var again T
	if _, err := dec.Decode(context.Background(), b, &again); err != nil {
		t.Fatalf("a value that decoded, encoded, does not decode: %v\n%+v", err, *v)
	}
	if !same(v, &again) {
		t.Fatalf("decoded\n%+v\nencoded and decoded again\n%+v", *v, again)
	}
	b2, err := enc.Encode(&again)
	testenv.Must(t, err, "encode again")
	if !bytes.Equal(b, b2) {
		t.Fatalf("encoded %x\nagain   %x", b, b2)
	}
}

// same is reflect.DeepEqual but for floats, equal when their bits are
// (a NaN is itself), and times, equal when the instant and zone are.
func same(a, b any) bool { return sameValue(reflect.ValueOf(a), reflect.ValueOf(b)) }

var timeType = reflect.TypeFor[time.Time]()

func sameValue(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() || a.IsValid() && a.Type() != b.Type() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() == timeType {
		x, y := a.Interface().(time.Time), b.Interface().(time.Time)
		return x.Equal(y) && x.Location().String() == y.Location().String()
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// zz is an Avro long: zig-zag, then a varint (Go's varint is zig-zag).
func zz(n int64) []byte { return binary.AppendVarint(nil, n) }

// TestFuzzSeeds checks (or, with SONGNODES_WRITE_FUZZ_SEEDS=1, writes) the seed corpora of the targets above from the
// project's encoders: valid values, then cut, wrongly framed and with
// huge lengths (SONGNODES_WRITE_FUZZ_SEEDS=1 go test -run TestFuzzSeeds
// ./internal/serde/).
func TestFuzzSeeds(t *testing.T) {
	e := newFuzzEnv(t)
	must := func(b []byte, err error) []byte {
		t.Helper()
		testenv.Must(t, err, "encode")
		return b
	}
	seed := func(target, name string, b []byte) { testenv.FuzzSeed(t, target, name, b) }

	// Raw (what bronze reads).
	p := playlist()
	rawFrame := must(e.raw.Encode(p))
	full := fullScraped()
	fullFrame := must(e.raw.Encode(full))
	empty := must(e.raw.Encode(&record.ScrapedPlaylist{ScrapedAt: time.UnixMilli(0).UTC()}))
	evolvedSchema, err := avro.Parse(evolvedRaw(t))
	testenv.Must(t, err, "parse evolved")
	evolved := frame(e.evolvedID, must(avro.Marshal(evolvedSchema, map[string]any{
		"source": "mixesdb", "source_url": "https://www.mixesdb.com/w/x", "source_playlist_id": nil, "name": "evolved",
		"dj_names": []any{"A"}, "event": nil, "venue": nil, "played_on": nil, "played_on_text": nil,
		"scraped_at": time.UnixMilli(1700000000000).UTC(), "parser_version": "t/1", "tracks": []any{},
		"fuzz_note": map[string]any{"string": "a note the reader skips"}})))
	hugeTracks := append(bytes.Clone(empty[:len(empty)-1]), zz(1<<20-1)...) // 1,048,575 tracks claimed in a few bytes
	seed("FuzzFraming", "seed-valid", rawFrame)
	seed("FuzzFraming", "seed-valid-full", fullFrame)
	seed("FuzzFraming", "seed-evolved-writer", evolved)
	seed("FuzzFraming", "seed-not-a-record-writer", frame(e.notRecordID, zz(2)[:1]))
	seed("FuzzFraming", "seed-unknown-id", frame(999, rawFrame[5:]))
	seed("FuzzFraming", "seed-id-max", frame(math.MaxUint32, rawFrame[5:]))
	seed("FuzzFraming", "seed-wrong-magic", append([]byte{1}, rawFrame[1:]...))
	seed("FuzzFraming", "seed-json", []byte(`{"source":"mixesdb","tracks":[]}`))
	seed("FuzzFraming", "seed-empty", nil)
	seed("FuzzFraming", "seed-header-only", rawFrame[:5])
	seed("FuzzFraming", "seed-short-header", rawFrame[:4])
	seed("FuzzFraming", "seed-truncated", rawFrame[:len(rawFrame)/2])
	seed("FuzzFraming", "seed-trailing-byte", append(bytes.Clone(rawFrame), 0))
	seed("FuzzFraming", "seed-huge-tracks", hugeTracks)

	seed("FuzzDecodeScraped", "seed-valid", rawFrame[5:])
	seed("FuzzDecodeScraped", "seed-valid-full", fullFrame[5:])
	seed("FuzzDecodeScraped", "seed-empty-playlist", empty[5:])
	seed("FuzzDecodeScraped", "seed-truncated", fullFrame[5:len(fullFrame)-3])
	seed("FuzzDecodeScraped", "seed-trailing-bytes", append(bytes.Clone(rawFrame[5:]), 2, 0))
	seed("FuzzDecodeScraped", "seed-huge-tracks", hugeTracks[5:])
	seed("FuzzDecodeScraped", "seed-huge-tracks-over-cap", append(bytes.Clone(empty[5:len(empty)-1]), zz(1<<40)...))
	seed("FuzzDecodeScraped", "seed-string-at-cap", append(zz(4<<20), "mixesdb"...))
	seed("FuzzDecodeScraped", "seed-string-over-cap", append(zz(4<<20+1), "mixesdb"...))
	seed("FuzzDecodeScraped", "seed-string-huge", append(zz(1<<40), "mixesdb"...))
	seed("FuzzDecodeScraped", "seed-string-negative", append(zz(-3), "mixesdb"...))
	seed("FuzzDecodeScraped", "seed-invalid-utf8", bytes.Replace(rawFrame[5:], []byte("Tiësto"), []byte("Ti\xff\xfesto"), 1))
	// The tracks in one block of a positive count without its byte size:
	// valid Avro that hamba/avro does not write (it writes a negative
	// count and the size), so it encodes back to other bytes of the same
	// value.
	tracks := must(avro.Marshal(record.ScrapedPlaylistSchema, &record.ScrapedPlaylist{ScrapedAt: time.UnixMilli(0).UTC(), Tracks: full.Tracks}))
	arr := tracks[len(empty)-5-1:] // the tracks array: block header, items, end
	count, n := binary.Varint(arr)
	if arr = arr[n:]; count < 0 {
		_, n = binary.Varint(arr)
		arr = arr[n:]
	}
	posBlock := append(append(bytes.Clone(empty[5:len(empty)-1]), zz(int64(len(full.Tracks)))...), arr...)
	seed("FuzzDecodeScraped", "seed-positive-block", posBlock)
	bad := bytes.Clone(empty[5:])
	bad[2] = zz(7)[0] // source_playlist_id: union index 7 of 2
	seed("FuzzDecodeScraped", "seed-bad-union-index", bad)

	// Bronze (what silver reads).
	bronze := &record.BronzePlaylist{PlaylistKey: "mixesdb:https://www.mixesdb.com/w/x", Playlist: *full,
		Lineage: record.Lineage{Topic: "t.raw.mixesdb", Partition: 3, Offset: 42, WriterSchemaID: e.raw.ID(), IngestedAt: time.UnixMilli(1700000000123).UTC()}}
	bronzeFrame := must(e.bronze.Encode(bronze))
	seed("FuzzDecodeBronze", "seed-valid", bronzeFrame[5:])
	seed("FuzzDecodeBronze", "seed-valid-small", must(e.bronze.Encode(&record.BronzePlaylist{PlaylistKey: "k", Playlist: *p}))[5:])
	seed("FuzzDecodeBronze", "seed-truncated", bronzeFrame[5:len(bronzeFrame)-7])
	seed("FuzzDecodeBronze", "seed-trailing-byte", append(bytes.Clone(bronzeFrame[5:]), 0))
	seed("FuzzDecodeBronze", "seed-invalid-utf8", bytes.Replace(bronzeFrame[5:], []byte("Tiësto"), []byte("Ti\xc3\x28sto"), 1))
	seed("FuzzDecodeBronze", "seed-huge-key", append(zz(1<<40), 'k'))
	// (Arrays of MaxItems items and one more are TestItemsBounded's: as
	// seeds, 16 kB inputs slow the fuzzer down by the hundred.)

	// Silver (what gold reads).
	silver := fullSilver()
	silverFrame := must(e.silver.Encode(silver))
	seed("FuzzDecodeSilver", "seed-valid", silverFrame[5:])
	seed("FuzzDecodeSilver", "seed-empty", must(e.silver.Encode(&record.SilverPlaylist{ScrapedAt: time.UnixMilli(0).UTC()}))[5:])
	seed("FuzzDecodeSilver", "seed-truncated", silverFrame[5:len(silverFrame)/2])
	seed("FuzzDecodeSilver", "seed-trailing-byte", append(bytes.Clone(silverFrame[5:]), 0))
	seed("FuzzDecodeSilver", "seed-huge-tracks", append(make([]byte, 13), zz(1<<20-1)...))
	seed("FuzzDecodeSilver", "seed-huge-string", append(zz(1<<40), 's'))
}

func fullScraped() *record.ScrapedPlaylist {
	s := strp
	bpm, yes := 128.5, true
	day := time.Date(2021, 4, 3, 0, 0, 0, 0, time.UTC)
	return &record.ScrapedPlaylist{Source: "mixesdb", SourceURL: "https://www.mixesdb.com/w/2021-04-03", SourcePlaylistID: s("12345"),
		Name: "2021-04-03 - Benny Benassi @ Sputnik", DjNames: []string{"Benny Benassi", "Ållan ✓"}, Event: s("Sputnik"), Venue: s("Club"),
		PlayedOn: &day, PlayedOnText: s("2021-04-03"), ScrapedAt: time.UnixMilli(-1700000000000).UTC(), ParserVersion: "t/1",
		SourceRevision: s("sha256:abc"), HintsFromMarkup: true,
		Tracks: []record.ScrapedTrack{
			{Position: 1, RawLine: "[00:00] Tiësto - Adagio (Remix) [Label - CAT1]", Artist: s("Tiësto"), Title: s("Adagio"), Label: s("Label"),
				Catalog: s("CAT1"), Bpm: &bpm, Key: s("Am"), Genre: s("Trance"), Cue: s("00:00"), Remix: s("Remix"), WithPrevious: &yes},
			{Position: 2, RawLine: "ID - ID 🎧"},
		}}
}

func fullSilver() *record.SilverPlaylist {
	s := strp
	nan, bpm := math.NaN(), math.Copysign(0, -1) // a NaN and a negative zero: equal by their bits only
	day := time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)
	lin := record.Lineage{Topic: "t.bronze.playlists", Partition: 1, Offset: 9, WriterSchemaID: 2, IngestedAt: time.UnixMilli(1700000000123).UTC()}
	return &record.SilverPlaylist{PlaylistKey: "mixesdb:x", SetID: "set-1", Source: "mixesdb", SourceURL: "https://www.mixesdb.com/w/x",
		SourcePlaylistID: s("1"), Name: "n", Djs: []string{"A", "B"}, PlayedOn: &day, PlayedOnText: s("1969-12-31"), Venue: s("v"), Event: s("e"),
		ScrapedAt: time.UnixMilli(1700000000000).UTC(), ParserVersion: "t/1",
		Tracks: []record.SilverTrack{
			{Position: 1, RawLine: "A ft. C - T (B Remix)", Cue: s("1:00"), TrackID: s("tid"), Artists: []string{"A"}, Featured: []string{"C"},
				Remixers: []string{"B"}, Title: s("T"), Version: s("B Remix"), Label: s("L"), Catalog: s("C1"), Key: s("8A"), Camelot: s("8A"),
				Bpm: &nan, Genre: s("g"), Status: "parsed", Issues: []string{"doubt"}, WithPrevious: true},
			{Position: 2, RawLine: "ID", Bpm: &bpm, Status: "unknown"},
		},
		Lineage: lin, RawLineage: lin, TracklistVersion: "tl/1"}
}

// hostileTracks is a silver value of 14 bytes whose tracks array claims
// n items.
func hostileTracks(silverID int, n int64) []byte {
	return frame(silverID, append(make([]byte, 13), zz(n)...))
}

// TestItemsBounded: an array claiming more than MaxItems items is refused
// before room is made for them, by the strict decoder and by the fast
// reader alike; one of MaxItems items decodes.
func TestItemsBounded(t *testing.T) {
	e := newFuzzEnv(t)
	ctx := t.Context()
	var s record.SilverPlaylist
	_, err := e.silverDec.Decode(ctx, hostileTracks(e.silver.ID(), serde.MaxItems+1), &s)
	if err == nil || !strings.Contains(err.Error(), "MaxSliceAllocSize") {
		t.Fatalf("silver claiming %d tracks: %v", serde.MaxItems+1, err)
	}
	p := playlist()
	p.DjNames = make([]string, serde.MaxItems)
	b, err := e.bronze.Encode(&record.BronzePlaylist{PlaylistKey: "k", Playlist: *p})
	testenv.Must(t, err, "encode")
	var fast record.BronzePlaylist
	var slow plainBronze
	if _, err := e.bronzeDec.Decode(ctx, b, &fast); err != nil || len(fast.Playlist.DjNames) != serde.MaxItems {
		t.Fatalf("%d DJs: %v", serde.MaxItems, err)
	}
	if err := fast.ReadAvro(b[5:]); err != nil {
		t.Fatalf("the fast reader refuses %d DJs: %v", serde.MaxItems, err)
	}
	p.DjNames = append(p.DjNames, "one more")
	b, err = e.bronze.Encode(&record.BronzePlaylist{PlaylistKey: "k", Playlist: *p})
	testenv.Must(t, err, "encode")
	if fast.ReadAvro(b[5:]) == nil {
		t.Fatalf("the fast reader takes %d DJs", serde.MaxItems+1)
	}
	if _, err := e.bronzeDec.Decode(ctx, b, &slow); err == nil || !strings.Contains(err.Error(), "MaxSliceAllocSize") {
		t.Fatalf("%d DJs: %v", serde.MaxItems+1, err)
	}
}

// BenchmarkHostileTracks measures what decoding a 19-byte silver value
// claiming MaxItems tracks allocates (B/op): the most a few bytes can
// make a stage allocate.
func BenchmarkHostileTracks(b *testing.B) {
	e := newFuzzEnv(b)
	v := hostileTracks(e.silver.ID(), serde.MaxItems)
	b.ReportAllocs()
	for b.Loop() {
		var s record.SilverPlaylist
		if _, err := e.silverDec.Decode(b.Context(), v, &s); err == nil {
			b.Fatal("decoded")
		}
	}
}
